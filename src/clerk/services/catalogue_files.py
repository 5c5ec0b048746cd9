"""Catalogue files: JSON and XLSX read into a checked Catalogue, and written back.

Reading collects every problem of the file (sheet, row, column, what is wrong, in
Chinese) before giving up, so an administrator fixes the file in one pass. Both
formats become the same rows (事项, 材料, 条码规则, 一件事) and go through one checker.
The file format is described in docs/catalogue.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from clerk.domain.catalogue import (
    FORM_NAMES,
    NECESSITY_NAMES,
    SOURCE_NAMES,
    BarcodeRule,
    BundleSpec,
    Catalogue,
    Form,
    MaterialSpec,
    MatterSpec,
    Necessity,
    SourceChannel,
)
from clerk.domain.errors import ClerkError

FORMAT = "clerk-catalogue"
FORMAT_VERSION = 1
# A real city's whole list (5,000 matters, 17,414 materials) is about 16 MB of JSON.
MAX_FILE_BYTES = 50 * 1024 * 1024
_MAX_PROBLEMS_IN_MESSAGE = 10

MATTERS_SHEET = "事项"
MATERIALS_SHEET = "材料"
RULES_SHEET = "条码规则"
BUNDLES_SHEET = "一件事"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue file, where it is and what is wrong."""

    sheet: str  # XLSX sheet; for JSON the list the item is in ("事项", "事项第3项的材料" …)
    row: int | None  # XLSX row number; for JSON the item's number in its list, from 1
    column: str  # XLSX column header or JSON key; "" when it is about the whole row
    message: str
    json: bool = False

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        unit = "项" if self.json else "行"
        place = self.sheet if self.json else f"工作表“{self.sheet}”"
        if self.row is not None:
            place += f"第{self.row}{unit}"
        if self.column:
            place += f"“{self.column}”" + ("" if self.json else "列")
        return f"{place}：{self.message}"


class CatalogueFileError(ClerkError):
    """The file cannot be imported; ``problems`` lists every reason, nothing was imported."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:_MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - _MAX_PROBLEMS_IN_MESSAGE
        if more > 0:
            shown += f"\n……另有{more}处问题"
        super().__init__(
            f"目录文件有{len(problems)}处问题，未导入任何内容：\n{shown}",
            f"{source}: " + "; ".join(str(p) for p in problems),
        )


def _file_error(message: str) -> CatalogueFileError:
    return CatalogueFileError([Problem("", None, "", message)])


# --- columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    key: str  # JSON key and spec attribute
    header: str  # XLSX column header
    kind: str  # how the value is read: see _convert
    required: bool = False
    max_len: int | None = None
    default: Any = None


_MATTER_FIELDS = (
    _Field("code", "事项编码", "code", True, 64),
    _Field("name", "事项名称", "text", True, 255),
    _Field("department", "实施主体", "text", True, 128),
    _Field("department_code", "实施主体编码", "code", False, 64, ""),
    _Field("legal_days", "法定办结时限（工作日）", "days", True),
    _Field("promised_days", "承诺办结时限（工作日）", "days", True),
    _Field("fee", "收费标准", "text", False, 255, "不收费"),
    _Field("legal_basis", "设定依据", "text", False, None, ""),
    _Field("conditions", "受理条件", "text", False, None, ""),
    _Field("on_the_spot", "即办件", "bool", False, None, False),
)
_MATTER_CODE = _Field("matter_code", "事项编码", "code", True, 64)
_MATERIAL_FIELDS = (
    _Field("code", "材料编码", "code", True, 64),
    _Field("name", "材料名称", "text", True, 255),
    _Field("form", "材料形式", "form", True),
    _Field("copies", "份数", "copies", False, None, 1),
    _Field("necessity", "必要性", "necessity", True),
    _Field("correction_days", "补正期限（工作日）", "optdays"),
    _Field("source_channel", "来源渠道", "source", False, None, SourceChannel.APPLICANT),
    _Field("source_note", "来源说明", "text", False, None, ""),
    _Field("acceptance_standard", "受理标准", "text", False, None, ""),
    _Field("legal_basis", "设定依据", "text", False, None, ""),
    _Field("sight_only", "仅验原件", "bool", False, None, False),
    _Field("elicence_type", "电子证照类型", "text", False, 64, ""),
    _Field("paper_size", "纸张规格", "text", False, 16, "A4"),
    _Field("filling_notes", "填报须知", "text", False, None, ""),
)
_MATERIAL_CODE = _Field("material_code", "材料编码", "code", True, 64)
_RULE_FIELDS = (
    _Field("format", "码制", "symbology", False, None, ""),
    _Field("pattern", "匹配规则", "pattern", True),
)
_BUNDLE_FIELDS = (
    _Field("code", "一件事编码", "code", True, 64),
    _Field("name", "一件事名称", "text", True, 255),
    _Field("promised_days", "承诺办结时限（工作日）", "days", True),
    _Field("description", "说明", "text", False, None, ""),
    _Field("matters", "包含事项", "codes", True),
)

_SHEETS = {
    MATTERS_SHEET: (_MATTER_FIELDS, True),
    MATERIALS_SHEET: ((_MATTER_CODE, *_MATERIAL_FIELDS), True),
    RULES_SHEET: ((_MATTER_CODE, _MATERIAL_CODE, *_RULE_FIELDS), False),
    BUNDLES_SHEET: (_BUNDLE_FIELDS, False),
}


def _header_key(header: str) -> str:
    """Headers match without spaces and without a bracketed unit: 份数 = 份数（份）."""
    text = unicodedata.normalize("NFKC", header)
    return re.sub(r"\s+|\(.*?\)", "", text)


_ENUMS: dict[str, dict[str, Any]] = {
    "form": {**{f.value: f for f in Form}, **{n: f for f, n in FORM_NAMES.items()}},
    "necessity": {
        **{n.value: n for n in Necessity},
        **{name: n for n, name in NECESSITY_NAMES.items()},
        "容缺": Necessity.DEFERRABLE,
    },
    "source": {
        **{s.value: s for s in SourceChannel},
        **{name: s for s, name in SOURCE_NAMES.items()},
    },
}
_ENUM_NAMES: dict[str, dict[Any, str]] = {
    "form": FORM_NAMES,
    "necessity": NECESSITY_NAMES,
    "source": SOURCE_NAMES,
}
# The symbologies a scanned code can be reported as (zxing-cpp's names); "" = any.
SYMBOLOGIES = (
    "QRCode",
    "MicroQRCode",
    "DataMatrix",
    "PDF417",
    "Aztec",
    "MaxiCode",
    "Code128",
    "Code39",
    "Code93",
    "Codabar",
    "EAN13",
    "EAN8",
    "UPCA",
    "UPCE",
    "ITF",
    "DataBar",
    "DataBarExpanded",
)
_TRUE = {"是", "true", "yes", "y", "1"}
_FALSE = {"否", "false", "no", "n", "0", ""}


class _Invalid(Exception):
    """A value that cannot be read; the message says why, in Chinese."""


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid(f"应为整数，实为“{value}”")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value.strip())
    raise _Invalid(f"应为整数，实为“{value}”")


def _convert(spec: _Field, value: Any) -> Any:
    """The cell's value read as ``spec.kind``; raises _Invalid."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if spec.required:
            raise _Invalid("不能为空")
        return spec.default
    kind = spec.kind
    if kind == "code":
        if not isinstance(value, str):
            raise _Invalid("编码须为文本（数字格式会丢掉开头的 0，请把单元格设为文本格式）")
        if re.search(r"\s", value):
            raise _Invalid(f"编码不能含空格：“{value}”")
    elif kind in ("text", "pattern"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Invalid(f"应为文本，实为“{value}”")
        value = str(value)
        if kind == "pattern":
            try:
                re.compile(value)
            except re.error as exc:
                raise _Invalid(f"不是有效的正则表达式（{exc}）") from None
    elif kind in ("days", "optdays"):
        value = _integer(value)
        if value < 0:
            raise _Invalid(f"天数不能为负数：{value}")
    elif kind == "copies":
        value = _integer(value)
        if value < 1:
            raise _Invalid(f"份数至少为 1，实为 {value}")
    elif kind == "bool":
        word = str(value).strip().lower()
        if isinstance(value, bool):
            return value
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise _Invalid(f"应填“是”或“否”，实为“{value}”")
    elif kind == "symbology":
        canonical = {name.lower(): name for name in SYMBOLOGIES}.get(str(value).lower())
        if canonical is None:
            raise _Invalid(
                f"“{value}”不是可识别的码制，应为：{'、'.join(SYMBOLOGIES)}（留空表示任意）"
            )
        return canonical
    elif kind in _ENUMS:
        found = _ENUMS[kind].get(str(value))
        if found is None:
            allowed = "、".join(_ENUM_NAMES[kind].values())
            raise _Invalid(f"“{value}”不是可选值，应为：{allowed}")
        return found
    elif kind == "codes":
        if isinstance(value, list):
            codes = [str(v).strip() for v in value]
        elif isinstance(value, str):
            codes = [c for c in re.split(r"[\s,，、;；]+", value) if c]
        else:
            raise _Invalid(f"应为事项编码列表，实为“{value}”")
        return tuple(codes)
    if spec.max_len is not None and len(value) > spec.max_len:
        raise _Invalid(f"不能超过{spec.max_len}个字符（现有{len(value)}个）")
    return value


# --- rows: what both formats become -----------------------------------------------------


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Any]  # field key -> raw value
    labels: dict[str, str]  # field key -> column label as the file names it
    json: bool
    nested_rules: list[_Row] = field(default_factory=list)  # JSON: a material's rules
    owner: _Row | None = None  # JSON: the matter a material is nested in
    reported: set[str] = field(default_factory=set)  # keys whose cell already has a problem

    def problem(self, key: str, message: str) -> Problem:
        return Problem(self.sheet, self.number, self.labels.get(key, key), message, self.json)


@dataclass
class _Tables:
    matters: list[_Row] = field(default_factory=list)
    materials: list[_Row] = field(default_factory=list)
    rules: list[_Row] = field(default_factory=list)
    bundles: list[_Row] = field(default_factory=list)


def _read_row(row: _Row, fields: Iterable[_Field], problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.key in row.reported:
            values[spec.key] = None
            continue
        try:
            values[spec.key] = _convert(spec, row.cells.get(spec.key))
        except _Invalid as exc:
            problems.append(row.problem(spec.key, str(exc)))
            values[spec.key] = None
    return values


# --- JSON -------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_error("文件是 UTF-16 编码，请用 UTF-8 编码另存后再导入。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            guess = ""
        else:
            guess = "（看起来是 GBK/GB18030 编码）"
        raise _file_error(
            f"文件不是 UTF-8 编码{guess}，第{exc.start + 1}个字节无法识别。"
            "请用 UTF-8 编码另存后再导入。"
        ) from None


def _json_rows(
    items: Any, sheet: str, fields: Iterable[_Field], problems: list[Problem]
) -> Iterator[tuple[_Row, dict[str, Any]]]:
    """Each object of a JSON list as a row; unknown keys are problems."""
    if not isinstance(items, list):
        problems.append(Problem(sheet, None, "", "应为列表", True))
        return
    known = {f.key for f in fields}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(sheet, number, "", "应为对象（{…}）", True))
            continue
        row = _Row(sheet, number, {k: v for k, v in item.items() if k in known}, {}, True)
        for key in item:
            if key not in known:
                problems.append(row.problem(key, "不认识的字段"))
        yield row, item


def _tables_from_json(data: bytes) -> tuple[_Tables, list[Problem]]:
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _file_error(
            f"JSON 格式有误：第{exc.lineno}行第{exc.colno}列（{exc.msg}）。"
        ) from None
    if not isinstance(document, dict):
        raise _file_error("JSON 文件的最外层应为对象（{…}），含 matters 和 bundles。")
    problems: list[Problem] = []
    for key in document:
        if key not in ("format", "format_version", "version", "matters", "bundles"):
            problems.append(Problem("", None, "", f"不认识的顶层字段“{key}”"))
    if document.get("format", FORMAT) != FORMAT:
        problems.append(Problem("", None, "", f"format 应为“{FORMAT}”"))
    if "matters" not in document:
        problems.append(Problem("", None, "", "缺少 matters（事项列表）"))
    tables = _Tables()
    material_keys = (*_MATERIAL_FIELDS, _Field("barcode_rules", "", "rules"))
    matter_keys = (*_MATTER_FIELDS, _Field("materials", "", "materials"))
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
                raw.get("barcode_rules", []), rules_sheet, _RULE_FIELDS, problems
            ):
                material.nested_rules.append(rule)
    bundles = document.get("bundles", [])
    for bundle, _ in _json_rows(bundles, "一件事", _BUNDLE_FIELDS, problems):
        tables.bundles.append(bundle)
    return tables, problems


# --- XLSX -------------------------------------------------------------------------------


def _tables_from_xlsx(path: Path) -> tuple[_Tables, list[Problem]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _file_error("文件不是有效的 XLSX 工作簿（已损坏或不是 Excel 文件）。") from None
    if unpacked > 4 * MAX_FILE_BYTES:
        raise _file_error(f"工作簿解压后过大（{unpacked / 2**20:.0f} MB），拒绝导入。")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _file_error(f"无法读取 XLSX 工作簿（{type(exc).__name__}）。") from None
    problems: list[Problem] = []
    tables = _Tables()
    targets = {
        MATTERS_SHEET: tables.matters,
        MATERIALS_SHEET: tables.materials,
        RULES_SHEET: tables.rules,
        BUNDLES_SHEET: tables.bundles,
    }
    try:
        missing = [
            n for n, (_, required) in _SHEETS.items() if required and n not in workbook.sheetnames
        ]
        if missing:  # without its matters a workbook's other sheets cannot be checked
            names = "、".join(f"“{n}”" for n in missing)
            raise _file_error(f"缺少工作表{names}（现有：{'、'.join(workbook.sheetnames)}）")
        for name, (fields, _) in _SHEETS.items():
            if name in workbook.sheetnames:
                targets[name].extend(_sheet_rows(workbook[name], name, fields, problems))
    finally:
        workbook.close()
    return tables, problems


def _sheet_rows(
    sheet: Any, name: str, fields: tuple[_Field, ...], problems: list[Problem]
) -> Iterator[_Row]:
    rows = sheet.iter_rows()
    header = next(rows, None)
    by_header = {_header_key(f.header): f for f in fields}
    columns: dict[int, _Field] = {}
    labels: dict[str, str] = {}
    for cell in header or ():
        if cell.value is None or str(cell.value).strip() == "":
            continue
        label = str(cell.value).strip()
        spec = by_header.get(_header_key(label))
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
        row = _Row(name, 0, {}, labels, False)
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


# --- checking ---------------------------------------------------------------------------


def _check_duplicates(rows: list[_Row], key: str, what: str, problems: list[Problem]) -> None:
    seen: dict[Any, _Row] = {}
    for row in rows:
        code = row.cells.get(key)
        if not isinstance(code, str) or not code.strip():
            continue
        first = seen.setdefault(code.strip(), row)
        if first is not row:
            problems.append(
                row.problem(
                    key, f"{what}“{code.strip()}”重复（第{first.number}{_unit(first)}已有）"
                )
            )


def _unit(row: _Row) -> str:
    return "项" if row.json else "行"


def _build(tables: _Tables, problems: list[Problem]) -> Catalogue:
    matters, first_rows = _read_matters(tables.matters, problems)
    materials = _read_materials(tables.materials, matters, first_rows, problems)
    _attach_rules(tables.rules, materials, problems)
    by_matter: dict[str, list[MaterialSpec]] = {code: [] for code in matters}
    for (matter_code, _), values in materials.items():
        if any(v is None for k, v in values.items() if k != "correction_days"):
            continue
        rules = tuple(
            BarcodeRule(pattern=r["pattern"], format=r["format"])
            for r in values["barcode_rules"]
            if r["pattern"] is not None and r["format"] is not None
        )
        fields = {f.key: values[f.key] for f in _MATERIAL_FIELDS}
        fields["elicence_type"] = fields["elicence_type"] or None
        by_matter[matter_code].append(MaterialSpec(**fields, barcode_rules=rules))
    catalogue = Catalogue(version=0)
    for code, values in matters.items():
        if None not in values.values():
            catalogue.matters[code] = MatterSpec(**values, materials=tuple(by_matter[code]))
    catalogue.bundles.update(_read_bundles(tables.bundles, set(matters), problems))
    return catalogue


def _read_matters(
    rows: list[_Row], problems: list[Problem]
) -> tuple[dict[str, dict[str, Any]], dict[str, _Row]]:
    """Each matter code's values, and the row that first gave the code."""
    matters: dict[str, dict[str, Any]] = {}
    first_rows: dict[str, _Row] = {}
    _check_duplicates(rows, "code", "事项编码", problems)
    for row in rows:
        values = _read_row(row, _MATTER_FIELDS, problems)
        code = values["code"]
        legal, promised = values["legal_days"], values["promised_days"]
        if legal is not None and promised is not None and promised > legal:
            problems.append(
                row.problem("promised_days", f"承诺时限{promised}天不能超过法定时限{legal}天")
            )
        if code is not None and code not in matters:
            matters[code] = values
            first_rows[code] = row
    return matters, first_rows


def _read_materials(
    rows: list[_Row],
    matters: dict[str, dict[str, Any]],
    first_rows: dict[str, _Row],
    problems: list[Problem],
) -> dict[tuple[str, str], dict[str, Any]]:
    """Each (matter code, material code)'s values, in file order."""
    names: dict[str, tuple[str, _Row]] = {}  # material code -> its name, the row that named it
    materials: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        values = _read_row(row, (_MATTER_CODE, *_MATERIAL_FIELDS), problems)
        matter_code, code, name = values["matter_code"], values["code"], values["name"]
        if row.owner is not None and first_rows.get(matter_code) is not row.owner:
            continue  # nested in a broken or repeated matter, whose own problem says why
        if matter_code is not None and matter_code not in matters:
            problems.append(row.problem("matter_code", f"事项“{matter_code}”不在事项表中"))
            continue
        _check_material(row, values, problems)
        repeated = (matter_code, code) in materials
        if repeated:
            problems.append(row.problem("code", f"事项“{matter_code}”中材料编码“{code}”重复"))
        if code is not None and name is not None:
            first_name, first = names.setdefault(code, (name, row))
            if first_name != name:
                where = f"{first.sheet}第{first.number}{_unit(first)}"
                message = f"材料编码“{code}”在{where}名为“{first_name}”，同一编码须是同一种材料"
                problems.append(row.problem("name", message))
        if matter_code is not None and code is not None and not repeated:
            nested = [_read_row(r, _RULE_FIELDS, problems) for r in row.nested_rules]
            materials[(matter_code, code)] = {**values, "barcode_rules": nested}
    return materials


def _attach_rules(
    rows: list[_Row], materials: dict[tuple[str, str], dict[str, Any]], problems: list[Problem]
) -> None:
    """The 条码规则 sheet's rows, added to the materials they name."""
    for row in rows:
        values = _read_row(row, (_MATTER_CODE, _MATERIAL_CODE, *_RULE_FIELDS), problems)
        matter_code, code = values["matter_code"], values["material_code"]
        target = materials.get((matter_code, code))
        if target is not None:
            target["barcode_rules"].append(values)
        elif matter_code is not None and code is not None:
            problems.append(row.problem("material_code", f"事项“{matter_code}”没有材料“{code}”"))


def _read_bundles(
    rows: list[_Row], matter_codes: set[str], problems: list[Problem]
) -> dict[str, BundleSpec]:
    bundles: dict[str, BundleSpec] = {}
    _check_duplicates(rows, "code", "一件事编码", problems)
    for row in rows:
        values = _read_row(row, _BUNDLE_FIELDS, problems)
        codes = values.pop("matters")
        if codes is None:
            continue
        for code in codes:
            if code not in matter_codes:
                problems.append(row.problem("matters", f"事项“{code}”不在事项表中"))
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            problems.append(row.problem("matters", f"事项“{'、'.join(repeated)}”重复列出"))
        if len(set(codes)) < 2:
            problems.append(row.problem("matters", "一件事至少要包含两个事项"))
        if values["code"] not in bundles and None not in values.values():
            bundles[values["code"]] = BundleSpec(**values, matter_codes=codes)
    return bundles


def _check_material(row: _Row, values: dict[str, Any], problems: list[Problem]) -> None:
    necessity, days = values["necessity"], values["correction_days"]
    if necessity is Necessity.DEFERRABLE and days is None:
        problems.append(row.problem("correction_days", "容缺材料须填写补正期限（工作日）"))
    elif necessity is Necessity.DEFERRABLE and days == 0:
        problems.append(row.problem("correction_days", "补正期限至少为 1 个工作日"))
    elif necessity not in (Necessity.DEFERRABLE, None) and days is not None:
        problems.append(row.problem("correction_days", "只有容缺材料才有补正期限"))


# --- public -----------------------------------------------------------------------------


def read_catalogue_file(path: Path) -> Catalogue:
    """The checked catalogue in ``path`` (version 0); CatalogueFileError lists every problem."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _file_error(
                f"文件过大（{size / 2**20:.0f} MB），目录文件不能超过"
                f" {MAX_FILE_BYTES // 2**20} MB，请确认选对了文件。"
            )
        if size == 0:
            raise _file_error("文件是空的。")
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(b"PK\x03\x04"):
            tables, problems = _tables_from_xlsx(path)
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise _file_error("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            raise _file_error("文件不是有效的 XLSX 工作簿（已损坏或不是 Excel 文件）。")
        else:
            tables, problems = _tables_from_json(path.read_bytes())
    except FileNotFoundError:
        raise _file_error(f"找不到文件：{path.name}") from None
    except PermissionError:
        raise _file_error(f"没有权限读取文件：{path.name}") from None
    except IsADirectoryError:
        raise _file_error(f"这是一个文件夹，不是目录文件：{path.name}") from None
    catalogue = _build(tables, problems)
    if not problems and not catalogue.matters:
        problems.append(Problem("", None, "", "文件中没有任何事项"))
    if problems:
        raise CatalogueFileError(problems, str(path))
    return catalogue


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as the JSON file holds it: matters and bundles in code order."""
    matters = []
    for code in sorted(catalogue.matters):
        matter = catalogue.matters[code]
        item: dict[str, Any] = {f.key: getattr(matter, f.key) for f in _MATTER_FIELDS}
        item["materials"] = [
            {
                **{f.key: getattr(m, f.key) for f in _MATERIAL_FIELDS},
                "barcode_rules": [
                    {"pattern": r.pattern, "format": r.format} for r in m.barcode_rules
                ],
            }
            for m in matter.materials
        ]
        matters.append(item)
    bundles = [
        {
            "code": b.code,
            "name": b.name,
            "promised_days": b.promised_days,
            "description": b.description,
            "matters": list(b.matter_codes),
        }
        for b in (catalogue.bundles[c] for c in sorted(catalogue.bundles))
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "matters": matters,
        "bundles": bundles,
    }


def content_sha256(catalogue: Catalogue) -> str:
    """A fingerprint of the content: the same catalogue in any file format or order gives the same."""
    text = json.dumps(catalogue_document(catalogue), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_catalogue_file(catalogue: Catalogue, path: Path) -> None:
    """Write JSON or XLSX by the file's extension; the file appears whole or not at all."""
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[Catalogue, Path], None]] = {
        ".json": _write_json,
        ".xlsx": _write_xlsx,
    }
    writer = writers.get(suffix)
    if writer is None:
        raise ClerkError(f"不支持的文件类型“{suffix or path.name}”：请用 .json 或 .xlsx。")
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".clerk-export-", suffix=suffix, dir=folder)
    os.close(handle)
    try:
        writer(catalogue, Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_json(catalogue: Catalogue, path: Path) -> None:
    document = {"version": catalogue.version, **catalogue_document(catalogue)}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _cell_value(spec: _Field, value: Any) -> Any:
    if spec.kind in _ENUM_NAMES:
        return _ENUM_NAMES[spec.kind][value]
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "codes":
        return "\n".join(value)
    return value


def _write_xlsx(catalogue: Catalogue, path: Path) -> None:
    document = catalogue_document(catalogue)
    sheets: dict[str, list[dict[str, Any]]] = {name: [] for name in _SHEETS}
    for matter in document["matters"]:
        sheets[MATTERS_SHEET].append(matter)
        for material in matter["materials"]:
            sheets[MATERIALS_SHEET].append({**material, "matter_code": matter["code"]})
            for rule in material["barcode_rules"]:
                sheets[RULES_SHEET].append(
                    {**rule, "matter_code": matter["code"], "material_code": material["code"]}
                )
    sheets[BUNDLES_SHEET] = document["bundles"]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, (fields, _) in _SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([f.header for f in fields])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for item in sheets[name]:
            sheet.append([_cell_value(f, item[f.key]) for f in fields])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # Text that starts with "=" is text, not a formula (and never runs as one).
                if cell.data_type == "f":
                    cell.data_type = "s"
        for column, spec in enumerate(fields, start=1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = 28 if spec.kind in ("text", "pattern") else 14
    workbook.save(path)
