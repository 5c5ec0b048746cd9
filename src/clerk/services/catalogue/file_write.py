"""Writing a catalogue back to a JSON or XLSX file, and its content fingerprint."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from clerk.domain.catalogue import (
    Catalogue,
)
from clerk.domain.errors import ClerkError
from clerk.services.catalogue.columns import (
    BUNDLES_SHEET,
    ENUM_NAMES,
    FORMAT,
    FORMAT_VERSION,
    MATERIAL_FIELDS,
    MATERIALS_SHEET,
    MATTER_FIELDS,
    MATTERS_SHEET,
    RULES_SHEET,
    SHEETS,
    Field,
)


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as the JSON file holds it: matters and bundles in code order."""
    matters = []
    for code in sorted(catalogue.matters):
        matter = catalogue.matters[code]
        item: dict[str, Any] = {f.key: getattr(matter, f.key) for f in MATTER_FIELDS}
        item["materials"] = [
            {
                **{f.key: getattr(m, f.key) for f in MATERIAL_FIELDS},
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


def _cell_value(spec: Field, value: Any) -> Any:
    if spec.kind in ENUM_NAMES:
        return ENUM_NAMES[spec.kind][value]
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "codes":
        return "\n".join(value)
    return value


def _write_xlsx(catalogue: Catalogue, path: Path) -> None:
    document = catalogue_document(catalogue)
    sheets: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
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
    for name, (fields, _) in SHEETS.items():
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
