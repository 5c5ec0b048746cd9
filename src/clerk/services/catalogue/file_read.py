"""Reading a catalogue file: JSON or XLSX into rows, then checked into a Catalogue."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from clerk.domain.catalogue import (
    Catalogue,
)
from clerk.services.catalogue.columns import (
    BUNDLE_FIELDS,
    BUNDLES_SHEET,
    FORMAT,
    MATERIAL_FIELDS,
    MATERIALS_SHEET,
    MATTER_FIELDS,
    MATTERS_SHEET,
    MAX_FILE_BYTES,
    RULE_FIELDS,
    RULES_SHEET,
    SHEETS,
    CatalogueFileError,
    Field,
    Problem,
    Row,
    Tables,
    file_error,
    header_key,
)
from clerk.services.catalogue.file_check import build

# --- JSON -------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_error("文件是 UTF-16 编码，请用 UTF-8 编码另存后再导入。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            guess = ""
        else:
            guess = "（看起来是 GBK/GB18030 编码）"
        raise file_error(
            f"文件不是 UTF-8 编码{guess}，第{exc.start + 1}个字节无法识别。"
            "请用 UTF-8 编码另存后再导入。"
        ) from None


def _json_rows(
    items: Any, sheet: str, fields: Iterable[Field], problems: list[Problem]
) -> Iterator[tuple[Row, dict[str, Any]]]:
    """Each object of a JSON list as a row; unknown keys are problems."""
    if not isinstance(items, list):
        problems.append(Problem(sheet, None, "", "应为列表", True))
        return
    known = {f.key for f in fields}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(sheet, number, "", "应为对象（{…}）", True))
            continue
        row = Row(sheet, number, {k: v for k, v in item.items() if k in known}, {}, True)
        for key in item:
            if key not in known:
                problems.append(row.problem(key, "不认识的字段"))
        yield row, item


def _tables_from_json(data: bytes) -> tuple[Tables, list[Problem]]:
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(f"JSON 格式有误：第{exc.lineno}行第{exc.colno}列（{exc.msg}）。") from None
    if not isinstance(document, dict):
        raise file_error("JSON 文件的最外层应为对象（{…}），含 matters 和 bundles。")
    problems: list[Problem] = []
    for key in document:
        if key not in ("format", "format_version", "version", "matters", "bundles"):
            problems.append(Problem("", None, "", f"不认识的顶层字段“{key}”"))
    if document.get("format", FORMAT) != FORMAT:
        problems.append(Problem("", None, "", f"format 应为“{FORMAT}”"))
    if "matters" not in document:
        problems.append(Problem("", None, "", "缺少 matters（事项列表）"))
    tables = Tables()
    material_keys = (*MATERIAL_FIELDS, Field("barcode_rules", "", "rules"))
    matter_keys = (*MATTER_FIELDS, Field("materials", "", "materials"))
    for matter, item in _json_rows(document.get("matters", []), "事项", matter_keys, problems):
        matter.cells.pop("materials", None)
        tables.matters.append(matter)
        sheet = f"事项第{matter.number}项的材料"
        for material, raw in _json_rows(item.get("materials", []), sheet, material_keys, problems):
            material.cells.pop("barcode_rules", None)
            material.cells["matter_code"] = item.get("code")
            material.owner = matter
            tables.materials.append(material)
            rules_sheet = f"{sheet}第{material.number}项的条码规则"
            for rule, _ in _json_rows(
                raw.get("barcode_rules", []), rules_sheet, RULE_FIELDS, problems
            ):
                material.nested_rules.append(rule)
    bundles = document.get("bundles", [])
    for bundle, _ in _json_rows(bundles, "一件事", BUNDLE_FIELDS, problems):
        tables.bundles.append(bundle)
    return tables, problems


# --- XLSX -------------------------------------------------------------------------------


def _tables_from_xlsx(path: Path) -> tuple[Tables, list[Problem]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise file_error("文件不是有效的 XLSX 工作簿（已损坏或不是 Excel 文件）。") from None
    if unpacked > 4 * MAX_FILE_BYTES:
        raise file_error(f"工作簿解压后过大（{unpacked / 2**20:.0f} MB），拒绝导入。")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise file_error(f"无法读取 XLSX 工作簿（{type(exc).__name__}）。") from None
    problems: list[Problem] = []
    tables = Tables()
    targets = {
        MATTERS_SHEET: tables.matters,
        MATERIALS_SHEET: tables.materials,
        RULES_SHEET: tables.rules,
        BUNDLES_SHEET: tables.bundles,
    }
    try:
        missing = [
            n for n, (_, required) in SHEETS.items() if required and n not in workbook.sheetnames
        ]
        if missing:  # without its matters a workbook's other sheets cannot be checked
            names = "、".join(f"“{n}”" for n in missing)
            raise file_error(f"缺少工作表{names}（现有：{'、'.join(workbook.sheetnames)}）")
        for name, (fields, _) in SHEETS.items():
            if name in workbook.sheetnames:
                targets[name].extend(_sheet_rows(workbook[name], name, fields, problems))
    finally:
        workbook.close()
    return tables, problems


def _sheet_rows(
    sheet: Any, name: str, fields: tuple[Field, ...], problems: list[Problem]
) -> Iterator[Row]:
    rows = sheet.iter_rows()
    header = next(rows, None)
    by_header = {header_key(f.header): f for f in fields}
    columns: dict[int, Field] = {}
    labels: dict[str, str] = {}
    for cell in header or ():
        if cell.value is None or str(cell.value).strip() == "":
            continue
        label = str(cell.value).strip()
        spec = by_header.get(header_key(label))
        if spec is None:
            problems.append(Problem(name, 1, label, "不认识的列名"))
        elif spec.key in labels:
            problems.append(Problem(name, 1, label, "列名重复"))
        else:
            columns[cell.column] = spec
            labels[spec.key] = label
    for spec in fields:
        if spec.required and spec.key not in labels:
            problems.append(Problem(name, 1, spec.header, "缺少这一列"))
    for cells in rows:
        row = Row(name, 0, {}, labels, False)
        for cell in cells:
            spec = columns.get(getattr(cell, "column", 0))
            if spec is None or cell.value is None:
                continue
            row.number = cell.row
            if cell.data_type == "f":
                problems.append(row.problem(spec.key, "单元格含公式，请改为粘贴数值后再导入"))
                row.reported.add(spec.key)
            elif cell.data_type == "e":
                problems.append(row.problem(spec.key, f"单元格是错误值 {cell.value}"))
                row.reported.add(spec.key)
            else:
                row.cells[spec.key] = cell.value
        if row.number:  # a row with no value in any known column is a blank line
            yield row


# --- public -----------------------------------------------------------------------------


def read_catalogue_file(path: Path) -> Catalogue:
    """The checked catalogue in ``path`` (version 0); CatalogueFileError lists every problem."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise file_error(
                f"文件过大（{size / 2**20:.0f} MB），目录文件不能超过"
                f" {MAX_FILE_BYTES // 2**20} MB，请确认选对了文件。"
            )
        if size == 0:
            raise file_error("文件是空的。")
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(b"PK\x03\x04"):
            tables, problems = _tables_from_xlsx(path)
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise file_error("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            raise file_error("文件不是有效的 XLSX 工作簿（已损坏或不是 Excel 文件）。")
        else:
            tables, problems = _tables_from_json(path.read_bytes())
    except FileNotFoundError:
        raise file_error(f"找不到文件：{path.name}") from None
    except PermissionError:
        raise file_error(f"没有权限读取文件：{path.name}") from None
    except IsADirectoryError:
        raise file_error(f"这是一个文件夹，不是目录文件：{path.name}") from None
    catalogue = build(tables, problems)
    if not problems and not catalogue.matters:
        problems.append(Problem("", None, "", "文件中没有任何事项"))
    if problems:
        raise CatalogueFileError(problems, str(path))
    return catalogue
