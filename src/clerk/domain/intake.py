"""Rules of intake at the window: material states, which decision they allow, case numbers,
and telling a barcode gun's burst of keystrokes from a person typing.

Pure values and functions: the services layer stores what these decide.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from clerk.domain.catalogue import Checklist, ChecklistLine, Form, MaterialSpec, Necessity
from clerk.domain.errors import ClerkError
from clerk.domain.ids import validate_resident_id, validate_uscc


class MaterialState(StrEnum):
    MISSING = "missing"  # 缺
    RECEIVED = "received"  # 已收
    DEFERRED = "deferred"  # 容缺
    EXEMPT = "exempt"  # 免提交


STATE_NAMES = {
    MaterialState.MISSING: "缺",
    MaterialState.RECEIVED: "已收",
    MaterialState.DEFERRED: "容缺",
    MaterialState.EXEMPT: "免提交",
}


class Decision(StrEnum):
    ACCEPTED = "accepted"  # 受理
    ACCEPTED_DEFERRED = "accepted_deferred"  # 容缺受理
    NOTIFIED = "notified"  # 一次性告知
    REFUSED = "refused"  # 不予受理
    COMPLETED_ON_THE_SPOT = "completed_on_the_spot"  # 即办件, done at the window


DECISION_NAMES = {
    Decision.ACCEPTED: "受理",
    Decision.ACCEPTED_DEFERRED: "容缺受理",
    Decision.NOTIFIED: "一次性告知",
    Decision.REFUSED: "不予受理",
    Decision.COMPLETED_ON_THE_SPOT: "即办办结",
}


class RefusalCategory(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    CONDITIONS_NOT_MET = "conditions_not_met"
    PROHIBITED = "prohibited"
    OTHER = "other"


REFUSAL_CATEGORY_NAMES = {
    RefusalCategory.OUT_OF_SCOPE: "不属于本大厅受理范围",
    RefusalCategory.CONDITIONS_NOT_MET: "不符合受理条件",
    RefusalCategory.PROHIBITED: "属于法律法规禁止的情形",
    RefusalCategory.OTHER: "其他",
}


class ApplicantKind(StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class ApplicantInput:
    """What the clerk typed (or the licence QR filled) about an applicant or an agent."""

    kind: ApplicantKind
    name: str
    id_number: str  # resident ID for a person, USCC for an enterprise
    phone: str = ""
    legal_representative: str = ""
    address: str = ""

    def validated(self) -> ApplicantInput:
        """The same input with its code normalised, or a ClerkError saying what is wrong."""
        kind = ApplicantKind(self.kind)
        name = self.name.strip()
        if not name:
            raise ClerkError(
                "请填写申请人名称。" if kind is ApplicantKind.ENTERPRISE else "请填写申请人姓名。"
            )
        try:
            code = (
                validate_resident_id(self.id_number)
                if kind is ApplicantKind.PERSON
                else validate_uscc(self.id_number)
            )
        except ValueError as exc:
            raise ClerkError(str(exc)) from exc
        phone = self.phone.strip()
        if phone and not re.fullmatch(r"1\d{10}|0\d{2,3}-?\d{7,8}", phone):
            raise ClerkError("联系电话格式不正确：请填写11位手机号码或带区号的固定电话。")
        if kind is ApplicantKind.ENTERPRISE and not self.legal_representative.strip():
            raise ClerkError("企业申请人请填写法定代表人。")
        return replace(
            self,
            kind=kind,
            name=name,
            id_number=code,
            phone=phone,
            legal_representative=self.legal_representative.strip(),
            address=self.address.strip(),
        )


@dataclass(frozen=True)
class MaterialEntry:
    """What the clerk recorded for one checklist line."""

    state: MaterialState = MaterialState.MISSING
    form: str = ""  # the Form received: original seen and returned, copy kept …
    copies: int = 0
    elicence_type: str = ""
    elicence_number: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "form": self.form,
            "copies": self.copies,
            "elicence_type": self.elicence_type,
            "elicence_number": self.elicence_number,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> MaterialEntry:
        return cls(
            state=MaterialState(raw.get("state", MaterialState.MISSING)),
            form=str(raw.get("form", "")),
            copies=int(raw.get("copies", 0)),
            elicence_type=str(raw.get("elicence_type", "")),
            elicence_number=str(raw.get("elicence_number", "")),
        )


def received(line: ChecklistLine) -> MaterialEntry:
    """The entry for a paper handed over as the catalogue asks for it."""
    material = line.material
    copies = 0 if material.form in (Form.ORIGINAL, Form.ELECTRONIC) else material.copies
    return MaterialEntry(MaterialState.RECEIVED, material.form.value, copies)


def check_entry(line: ChecklistLine, entry: MaterialEntry) -> None:
    """Raise ClerkError if the state is not allowed for this material."""
    material = line.material
    if entry.state is MaterialState.DEFERRED and not material.deferrable:
        raise ClerkError(f"“{material.name}”不允许容缺后补。")
    if entry.state is MaterialState.EXEMPT:
        if not material.elicence_type:
            raise ClerkError(f"“{material.name}”没有可替代的电子证照，不能免提交。")
        if not entry.elicence_number.strip():
            raise ClerkError(f"“{material.name}”免提交时须记录电子证照编号。")
    if entry.state is MaterialState.RECEIVED and entry.copies < 0:
        raise ClerkError(f"“{material.name}”的份数不能为负数。")


# 授权委托书: asked for whenever the applicant comes through an agent (代办人). A
# catalogue line with this code or name is the letter (catalogues often list it as
# optional, "由代理人办理时提供"); a matter that does not list it gets this one.
AGENT_LETTER = MaterialSpec(
    code="M-AGENT-AUTH",
    name="授权委托书",
    form=Form.ORIGINAL,
    copies=1,
    necessity=Necessity.REQUIRED,
    source_note="申请人自备，可参照窗口样本",
    acceptance_standard="委托事项、权限、期限明确，委托人签字或盖章",
)


def is_agent_letter(material: MaterialSpec) -> bool:
    return material.code == AGENT_LETTER.code or material.name == AGENT_LETTER.name


def with_agent_letter(checklist: Checklist) -> Checklist:
    """The checklist of an application made through an agent: the letter is required.

    The catalogue's own letter line becomes required (unless the catalogue lets it be
    deferred); a checklist without one gets ``AGENT_LETTER`` last, serving every matter.
    """
    lines = list(checklist.lines)
    for n, line in enumerate(lines):
        if is_agent_letter(line.material):
            if line.material.necessity is Necessity.OPTIONAL:
                lines[n] = replace(
                    line, material=replace(line.material, necessity=Necessity.REQUIRED)
                )
            return replace(checklist, lines=tuple(lines))
    matters = tuple(dict.fromkeys(c for line in lines for c in line.matter_codes))
    departments = tuple(dict.fromkeys(d for line in lines for d in line.departments))
    lines.append(ChecklistLine(AGENT_LETTER, matters, departments))
    return replace(checklist, lines=tuple(lines), original_count=checklist.original_count + 1)


@dataclass(frozen=True)
class Assessment:
    """The checklist as it stands and the decisions it allows."""

    asked: int
    received: int
    exempt: int
    deferred: tuple[ChecklistLine, ...]
    missing_required: tuple[ChecklistLine, ...]
    missing_optional: tuple[ChecklistLine, ...]
    allowed: frozenset[Decision] = field(default_factory=frozenset)

    @property
    def missing(self) -> tuple[ChecklistLine, ...]:
        """Everything a notification slip must list (deferred papers too: all at once)."""
        return self.missing_required + self.deferred

    def refusal_for(self, decision: Decision) -> str:
        """Why ``decision`` is not allowed now, in the clerk's words ("" when it is)."""
        if decision in self.allowed:
            return ""
        names = "、".join(line.material.name for line in self.missing_required)
        if decision in (Decision.ACCEPTED, Decision.COMPLETED_ON_THE_SPOT):
            if self.missing_required:
                return f"还缺必要材料：{names}，不能受理。"
            return "有容缺材料，请选择容缺受理。"
        if decision is Decision.ACCEPTED_DEFERRED:
            if self.missing_required:
                return f"还缺不可容缺的材料：{names}，只能一次性告知。"
            return "没有容缺材料，请直接受理。"
        if decision is Decision.NOTIFIED:
            return "材料已齐全，无需一次性告知。"
        return ""


def assess(
    checklist: Checklist, entries: dict[str, MaterialEntry], on_the_spot: bool
) -> Assessment:
    """Count the states and decide which decisions the material states allow."""
    received_count = exempt = 0
    deferred: list[ChecklistLine] = []
    missing_required: list[ChecklistLine] = []
    missing_optional: list[ChecklistLine] = []
    for line in checklist.lines:
        entry = entries.get(line.material.code, MaterialEntry())
        check_entry(line, entry)
        if entry.state is MaterialState.RECEIVED:
            received_count += 1
        elif entry.state is MaterialState.EXEMPT:
            exempt += 1
        elif entry.state is MaterialState.DEFERRED:
            deferred.append(line)
        elif line.material.required:
            missing_required.append(line)
        else:
            missing_optional.append(line)
    allowed = {Decision.REFUSED}
    if missing_required:
        allowed.add(Decision.NOTIFIED)
    elif deferred:
        allowed |= {Decision.ACCEPTED_DEFERRED, Decision.NOTIFIED}
    else:
        allowed.add(Decision.COMPLETED_ON_THE_SPOT if on_the_spot else Decision.ACCEPTED)
    return Assessment(
        asked=len(checklist.lines),
        received=received_count,
        exempt=exempt,
        deferred=tuple(deferred),
        missing_required=tuple(missing_required),
        missing_optional=tuple(missing_optional),
        allowed=frozenset(allowed),
    )


# Case numbers: YYYYMMDD, a five-digit sequence of the day, and an ISO 7064 MOD 11-2
# check character (the resident ID's scheme), e.g. 20250314000071.
_CASE_RE = re.compile(r"(\d{8})(\d{5})([0-9X])")


def case_number_check(body: str) -> str:
    product = 0
    for char in body:
        product = (product + int(char)) * 2 % 11
    return "0123456789X"[(12 - product) % 11]


def case_number(day: date, sequence: int) -> str:
    if not 0 < sequence < 100_000:
        raise ClerkError("今日受理编号已用尽，请联系信息技术人员。", f"sequence {sequence}")
    body = f"{day:%Y%m%d}{sequence:05d}"
    return body + case_number_check(body)


def parse_case_number(text: str) -> str | None:
    """The case number in ``text`` if it is one with a correct check character."""
    match = _CASE_RE.fullmatch(text.strip().upper())
    if match is None:
        return None
    body = match.group(1) + match.group(2)
    try:
        date(int(body[:4]), int(body[4:6]), int(body[6:8]))
    except ValueError:
        return None
    return match.group(0) if case_number_check(body) == match.group(3) else None


class BurstDetector:
    """Tells a barcode gun from a person: the gun types a whole code in a few milliseconds
    per key and ends it with Enter; a person, even a fast one, leaves gaps of 60 ms and more
    between most keys. A burst is ``min_length`` keys or more, every gap (Enter included)
    at most ``max_gap_ms``.
    """

    def __init__(self, max_gap_ms: float = 35.0, min_length: int = 4) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._chars: list[str] = []
        self._last_ms: float | None = None

    def key(self, char: str, at_ms: float) -> None:
        if self._last_ms is not None and at_ms - self._last_ms > self.max_gap_ms:
            self._chars.clear()
        self._chars.append(char)
        self._last_ms = at_ms

    def pending(self) -> str:
        """The keys of the run in progress (a burst so far, or the tail of typing)."""
        return "".join(self._chars)

    def enter(self, at_ms: float) -> str | None:
        """The scanned text if the keys before this Enter were a burst, else None."""
        text = "".join(self._chars)
        fast = self._last_ms is not None and at_ms - self._last_ms <= self.max_gap_ms
        self.reset()
        return text if fast and len(text) >= self.min_length else None

    def reset(self) -> None:
        self._chars.clear()
        self._last_ms = None


class ScanKind(StrEnum):
    TICKET = "ticket"
    CASE = "case"
    LICENCE = "licence"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ScanRoute:
    kind: ScanKind
    value: str
    applicant: ApplicantInput | None = None


_TICKET_RE = re.compile(r"[A-Z]{1,2}\d{3,4}")
_PAIR_RE = re.compile(r"([A-Za-z_]+)\s*[=:]\s*([^&;|,\n]+)")
_TOKEN_RE = re.compile(r"[0-9A-Za-z]{18}")


def _licence_fields(text: str) -> dict[str, str]:
    """Fields of a licence QR: JSON or key=value pairs; else just the 18-character codes."""
    try:
        raw = json.loads(text)
        if isinstance(raw, dict):
            return {str(k).lower(): str(v) for k, v in raw.items()}
    except ValueError:
        pass
    return {k.lower(): v.strip() for k, v in _PAIR_RE.findall(text)}


def _licence_applicant(text: str) -> ApplicantInput | None:
    fields = _licence_fields(text)
    candidates = [fields.get(k, "") for k in ("uscc", "id_number", "code", "id")]
    candidates += _TOKEN_RE.findall(text)
    name = fields.get("name", "")
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return ApplicantInput(
                ApplicantKind.ENTERPRISE,
                name,
                validate_uscc(candidate),
                legal_representative=fields.get("legal_representative", ""),
            )
        except ValueError:
            pass
        try:
            return ApplicantInput(ApplicantKind.PERSON, name, validate_resident_id(candidate))
        except ValueError:
            pass
    return None


def route_scan(text: str) -> ScanRoute:
    """Where a scanned code goes: a ticket to call, a case to open, a licence to fill in."""
    clean = text.strip()
    if _TICKET_RE.fullmatch(clean.upper()):
        return ScanRoute(ScanKind.TICKET, clean.upper())
    number = parse_case_number(clean)
    if number is not None:
        return ScanRoute(ScanKind.CASE, number)
    applicant = _licence_applicant(clean)
    if applicant is not None:
        return ScanRoute(ScanKind.LICENCE, applicant.id_number, applicant)
    return ScanRoute(ScanKind.UNKNOWN, clean)
