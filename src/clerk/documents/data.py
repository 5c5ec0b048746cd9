"""What each printed document holds: plain frozen values that the services fill from a case.

Identity and phone numbers are masked before they get here (``ApplicantLine.person`` and
``ApplicantLine.enterprise`` do it); a document never sees an unmasked resident ID number.
Times are timezone-aware and printed in the workstation's local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from clerk.domain.ids import mask_id, mask_phone


class Paper(StrEnum):
    """Page formats: A4 and A5 sheets, an 80 mm thermal roll (72 mm printable)."""

    A4 = "a4"
    A5 = "a5"
    ROLL80 = "roll80"


class DocumentKind(StrEnum):
    """The kinds of printed document; also the suffix of the ``printers.<kind>`` setting."""

    RECEIPT = "receipt"
    NOTIFICATION = "notification"
    COMMITMENT = "commitment"
    REFUSAL = "refusal"
    TICKET = "ticket"
    REGISTER = "register"  # a titled table, e.g. the refusal register


KIND_NAMES: dict[DocumentKind, str] = {
    DocumentKind.RECEIPT: "受理回执",
    DocumentKind.NOTIFICATION: "一次性告知单",
    DocumentKind.COMMITMENT: "容缺受理承诺书",
    DocumentKind.REFUSAL: "不予受理告知书",
    DocumentKind.TICKET: "排队号票",
    DocumentKind.REGISTER: "登记表",
}


@dataclass(frozen=True)
class ApplicantLine:
    """The applicant as printed: name, masked identity number and phone, agent if any."""

    name: str
    id_label: str = "身份证号码"
    id_masked: str = ""
    phone_masked: str = ""
    agent: str = ""

    @classmethod
    def person(
        cls, name: str, id_number: str = "", phone: str = "", agent: str = ""
    ) -> ApplicantLine:
        return cls(
            name, "身份证号码", mask_id(id_number) if id_number else "", _phone(phone), agent
        )

    @classmethod
    def enterprise(
        cls, name: str, uscc: str = "", phone: str = "", agent: str = ""
    ) -> ApplicantLine:
        """A unit: its USCC is public and printed whole; the contact phone is masked."""
        return cls(name, "统一社会信用代码", uscc, _phone(phone), agent)


def _phone(phone: str) -> str:
    return mask_phone(phone) if phone else ""


@dataclass(frozen=True)
class ClerkLine:
    """The clerk who issues the document (name, staff number, window)."""

    name: str
    staff_no: str = ""
    window_no: str = ""


@dataclass(frozen=True)
class MaterialLine:
    """One material as a document lists it.

    ``form``: 原件 / 复印件 / 原件和复印件 / 电子. ``source``: how it was received, or where
    and how to obtain it (申请人自备, 政府部门核发 …). ``standard``: the acceptance standard.
    ``deadline``: for a deferred material, the correction deadline. ``note``: anything else
    (the e-licence reference of an exempt material, "验原件后退回" …).
    """

    name: str
    form: str = "原件"
    copies: int = 1
    source: str = ""
    standard: str = ""
    deadline: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ReceiptData:
    """受理回执: the proof that a case was accepted."""

    case_no: str
    applicant: ApplicantLine
    matters: tuple[str, ...]
    clerk: ClerkLine
    issued_at: datetime
    promised_date: date | None = None
    bundle: str = ""
    department: str = ""
    received: tuple[MaterialLine, ...] = ()
    exempt: tuple[MaterialLine, ...] = ()
    deferred: tuple[MaterialLine, ...] = ()

    @property
    def reference(self) -> str:
        return self.case_no


@dataclass(frozen=True)
class NotificationSlipData:
    """一次性告知单: everything missing, at once; its QR code carries ``reopen_code``."""

    applicant: ApplicantLine
    matter: str
    missing: tuple[MaterialLine, ...]
    reopen_code: str
    clerk: ClerkLine
    issued_at: datetime
    doc_no: str = ""
    legal_basis: str = ""
    conditions: str = ""
    promised_days: int | None = None
    fees: str = ""

    @property
    def reference(self) -> str:
        return self.doc_no or self.reopen_code


@dataclass(frozen=True)
class CommitmentData:
    """容缺受理承诺书: the applicant's promise to bring the deferred materials in time."""

    case_no: str
    applicant: ApplicantLine
    matter: str
    deferred: tuple[MaterialLine, ...]
    deadline: date
    clerk: ClerkLine
    issued_at: datetime

    @property
    def reference(self) -> str:
        return self.case_no


@dataclass(frozen=True)
class RefusalNoticeData:
    """不予受理告知书: reason, legal basis and the applicant's rights."""

    doc_no: str
    applicant: ApplicantLine
    matter: str
    request: str
    reason: str
    legal_basis: str
    clerk: ClerkLine
    issued_at: datetime
    returned_materials: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        return self.doc_no


@dataclass(frozen=True)
class TicketData:
    """A queue ticket on the 80 mm roll."""

    number: str
    category: str
    waiting_ahead: int
    issued_at: datetime
    priority: str = ""  # e.g. 绿色通道

    @property
    def reference(self) -> str:
        return self.number


DocumentData = ReceiptData | NotificationSlipData | CommitmentData | RefusalNoticeData | TicketData

KIND_OF: dict[type, DocumentKind] = {
    ReceiptData: DocumentKind.RECEIPT,
    NotificationSlipData: DocumentKind.NOTIFICATION,
    CommitmentData: DocumentKind.COMMITMENT,
    RefusalNoticeData: DocumentKind.REFUSAL,
    TicketData: DocumentKind.TICKET,
}


def kind_of(data: DocumentData) -> DocumentKind:
    return KIND_OF[type(data)]
