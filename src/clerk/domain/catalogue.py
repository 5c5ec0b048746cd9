"""The catalogue as the window uses it: immutable specs and a matter's or bundle's checklist.

A bundle (一件事) asks for each kind of paper once: materials with the same code in
several of its matters merge into one checklist line that names every matter and
department it serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Form(StrEnum):
    ELECTRONIC = "electronic"
    COPY = "copy"
    ORIGINAL = "original"
    ORIGINAL_AND_COPY = "original_and_copy"


class Necessity(StrEnum):
    OPTIONAL = "optional"
    DEFERRABLE = "deferrable"  # 容缺: may be brought later, within correction_days
    REQUIRED = "required"


class SourceChannel(StrEnum):
    APPLICANT = "applicant"  # 申请人自备
    GOVERNMENT = "government"  # 政府部门核发
    OTHER = "other"


FORM_NAMES = {
    Form.ELECTRONIC: "电子",
    Form.COPY: "复印件",
    Form.ORIGINAL: "原件",
    Form.ORIGINAL_AND_COPY: "原件和复印件",
}
NECESSITY_NAMES = {
    Necessity.OPTIONAL: "非必要",
    Necessity.DEFERRABLE: "容缺可后补",
    Necessity.REQUIRED: "必要",
}
SOURCE_NAMES = {
    SourceChannel.APPLICANT: "申请人自备",
    SourceChannel.GOVERNMENT: "政府部门核发",
    SourceChannel.OTHER: "其他",
}

# Strictness order used when a bundle merges the same material of several matters.
_FORM_RANK = {Form.ELECTRONIC: 0, Form.COPY: 1, Form.ORIGINAL: 2, Form.ORIGINAL_AND_COPY: 3}
_NECESSITY_RANK = {Necessity.OPTIONAL: 0, Necessity.DEFERRABLE: 1, Necessity.REQUIRED: 2}


@dataclass(frozen=True)
class BarcodeRule:
    """A code printed on the paper that identifies the material.

    ``pattern`` is a regular expression the decoded text must match in full; its
    named group ``uscc`` (or ``id_number``) carries the applicant's code when present.
    """

    pattern: str
    format: str = ""  # "" = any symbology; else e.g. "QRCode", "Code128"


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    form: Form
    copies: int
    necessity: Necessity
    correction_days: int | None = None
    source_channel: SourceChannel = SourceChannel.APPLICANT
    source_note: str = ""
    acceptance_standard: str = ""
    legal_basis: str = ""
    sight_only: bool = False  # 验: original shown and returned; else 收: kept
    elicence_type: str | None = None  # an e-licence of this type makes it exempt
    paper_size: str = "A4"
    filling_notes: str = ""
    barcode_rules: tuple[BarcodeRule, ...] = ()

    @property
    def deferrable(self) -> bool:
        return self.necessity is Necessity.DEFERRABLE

    @property
    def required(self) -> bool:
        """Must be received, exempted or (if deferrable) deferred before acceptance."""
        return self.necessity is not Necessity.OPTIONAL


@dataclass(frozen=True)
class MatterSpec:
    code: str
    name: str
    department: str
    legal_days: int
    promised_days: int
    materials: tuple[MaterialSpec, ...]
    department_code: str = ""
    fee: str = "不收费"
    legal_basis: str = ""
    conditions: str = ""
    on_the_spot: bool = False


@dataclass(frozen=True)
class BundleSpec:
    code: str
    name: str
    promised_days: int
    matter_codes: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class ChecklistLine:
    """One paper to ask for, and the matters (and their departments) that need it."""

    material: MaterialSpec
    matter_codes: tuple[str, ...]
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    title: str
    lines: tuple[ChecklistLine, ...]
    original_count: int  # materials the matters ask for one by one, before merging
    promised_days: int

    @property
    def saving(self) -> str:
        """The figure the window shows, e.g. "31 份材料，原需 53 份"."""
        if self.original_count == len(self.lines):
            return f"{len(self.lines)} 份材料"
        return f"{len(self.lines)} 份材料，原需 {self.original_count} 份"


def _merged_form(first: MaterialSpec, other: MaterialSpec) -> tuple[Form, bool]:
    """The stricter form wins, and what is kept stays kept.

    One matter only sighting the original and another keeping a copy become 原件和复印件,
    original sighted: a window never keeps an ID card because a copy was asked for.
    """
    both = (first, other)
    originals = [m for m in both if m.form in (Form.ORIGINAL, Form.ORIGINAL_AND_COPY)]
    if (
        originals
        and all(m.sight_only for m in originals)
        and any(m.form is Form.COPY for m in both)
    ):
        return Form.ORIGINAL_AND_COPY, True
    form = max(first.form, other.form, key=_FORM_RANK.__getitem__)
    return form, first.sight_only and other.sight_only


def _merge(first: MaterialSpec, other: MaterialSpec) -> MaterialSpec:
    necessity = max(first.necessity, other.necessity, key=_NECESSITY_RANK.__getitem__)
    deferral_days = [
        m.correction_days
        for m in (first, other)
        if m.necessity is Necessity.DEFERRABLE and m.correction_days is not None
    ]
    rules = first.barcode_rules + tuple(
        r for r in other.barcode_rules if r not in first.barcode_rules
    )
    form, sight_only = _merged_form(first, other)
    return replace(
        first,
        form=form,
        copies=max(first.copies, other.copies),
        necessity=necessity,
        correction_days=min(deferral_days)
        if necessity is Necessity.DEFERRABLE and deferral_days
        else None,
        sight_only=sight_only,
        # Exempt only if every matter accepts the same e-licence.
        elicence_type=first.elicence_type if first.elicence_type == other.elicence_type else None,
        barcode_rules=rules,
    )


@dataclass
class Catalogue:
    """One version of the hall's catalogue, in memory."""

    version: int
    matters: dict[str, MatterSpec] = field(default_factory=dict)
    bundles: dict[str, BundleSpec] = field(default_factory=dict)

    def checklist_for_matter(self, code: str) -> Checklist:
        matter = self.matters[code]
        lines = tuple(
            ChecklistLine(m, (matter.code,), (matter.department,)) for m in matter.materials
        )
        return Checklist(matter.name, lines, len(lines), matter.promised_days)

    def checklist_for_bundle(self, code: str) -> Checklist:
        bundle = self.bundles[code]
        merged: dict[str, ChecklistLine] = {}
        original = 0
        for matter_code in bundle.matter_codes:
            matter = self.matters[matter_code]
            for material in matter.materials:
                original += 1
                line = merged.get(material.code)
                if line is None:
                    merged[material.code] = ChecklistLine(
                        material, (matter.code,), (matter.department,)
                    )
                    continue
                departments = line.departments
                if matter.department not in departments:
                    departments += (matter.department,)
                merged[material.code] = ChecklistLine(
                    _merge(line.material, material), (*line.matter_codes, matter.code), departments
                )
        return Checklist(bundle.name, tuple(merged.values()), original, bundle.promised_days)
