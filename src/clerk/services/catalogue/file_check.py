"""Checking the rows of a catalogue file and building the Catalogue from them."""

from __future__ import annotations

from typing import Any

from clerk.domain.catalogue import (
    BarcodeRule,
    BundleSpec,
    Catalogue,
    MaterialSpec,
    MatterSpec,
    Necessity,
)
from clerk.services.catalogue.columns import (
    BUNDLE_FIELDS,
    MATERIAL_CODE,
    MATERIAL_FIELDS,
    MATTER_CODE,
    MATTER_FIELDS,
    RULE_FIELDS,
    Problem,
    Row,
    Tables,
    read_row,
)

# --- checking ---------------------------------------------------------------------------


def _check_duplicates(rows: list[Row], key: str, what: str, problems: list[Problem]) -> None:
    seen: dict[Any, Row] = {}
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


def _unit(row: Row) -> str:
    return "项" if row.json else "行"


def build(tables: Tables, problems: list[Problem]) -> Catalogue:
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
        fields = {f.key: values[f.key] for f in MATERIAL_FIELDS}
        fields["elicence_type"] = fields["elicence_type"] or None
        by_matter[matter_code].append(MaterialSpec(**fields, barcode_rules=rules))
    catalogue = Catalogue(version=0)
    for code, values in matters.items():
        if None not in values.values():
            catalogue.matters[code] = MatterSpec(**values, materials=tuple(by_matter[code]))
    catalogue.bundles.update(_read_bundles(tables.bundles, set(matters), problems))
    return catalogue


def _read_matters(
    rows: list[Row], problems: list[Problem]
) -> tuple[dict[str, dict[str, Any]], dict[str, Row]]:
    """Each matter code's values, and the row that first gave the code."""
    matters: dict[str, dict[str, Any]] = {}
    first_rows: dict[str, Row] = {}
    _check_duplicates(rows, "code", "事项编码", problems)
    for row in rows:
        values = read_row(row, MATTER_FIELDS, problems)
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
    rows: list[Row],
    matters: dict[str, dict[str, Any]],
    first_rows: dict[str, Row],
    problems: list[Problem],
) -> dict[tuple[str, str], dict[str, Any]]:
    """Each (matter code, material code)'s values, in file order."""
    names: dict[str, tuple[str, Row]] = {}  # material code -> its name, the row that named it
    materials: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        values = read_row(row, (MATTER_CODE, *MATERIAL_FIELDS), problems)
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
            nested = [read_row(r, RULE_FIELDS, problems) for r in row.nested_rules]
            materials[(matter_code, code)] = {**values, "barcode_rules": nested}
    return materials


def _attach_rules(
    rows: list[Row], materials: dict[tuple[str, str], dict[str, Any]], problems: list[Problem]
) -> None:
    """The 条码规则 sheet's rows, added to the materials they name."""
    for row in rows:
        values = read_row(row, (MATTER_CODE, MATERIAL_CODE, *RULE_FIELDS), problems)
        matter_code, code = values["matter_code"], values["material_code"]
        target = materials.get((matter_code, code))
        if target is not None:
            target["barcode_rules"].append(values)
        elif matter_code is not None and code is not None:
            problems.append(row.problem("material_code", f"事项“{matter_code}”没有材料“{code}”"))


def _read_bundles(
    rows: list[Row], matter_codes: set[str], problems: list[Problem]
) -> dict[str, BundleSpec]:
    bundles: dict[str, BundleSpec] = {}
    _check_duplicates(rows, "code", "一件事编码", problems)
    for row in rows:
        values = read_row(row, BUNDLE_FIELDS, problems)
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


def _check_material(row: Row, values: dict[str, Any], problems: list[Problem]) -> None:
    necessity, days = values["necessity"], values["correction_days"]
    if necessity is Necessity.DEFERRABLE and days is None:
        problems.append(row.problem("correction_days", "容缺材料须填写补正期限（工作日）"))
    elif necessity is Necessity.DEFERRABLE and days == 0:
        problems.append(row.problem("correction_days", "补正期限至少为 1 个工作日"))
    elif necessity not in (Necessity.DEFERRABLE, None) and days is not None:
        problems.append(row.problem("correction_days", "只有容缺材料才有补正期限"))
