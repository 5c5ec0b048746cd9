"""What the intake use cases take and give back: applicants, drafts, decisions, cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from clerk.documents.data import DocumentData, DocumentKind
from clerk.domain.ids import mask_id
from clerk.domain.intake import (
    ApplicantInput,
    ApplicantKind,
    Decision,
    MaterialEntry,
    RefusalCategory,
)
from clerk.services.accounts import Actor, Role

# Who works at the window (receives applications and decides them).
WINDOW_ROLES = (Role.CLERK, Role.MANAGER)


def masked_code(kind: str, id_number: str) -> str:
    """A USCC is public and shown whole; a resident ID number is personal data."""
    return id_number if kind == ApplicantKind.ENTERPRISE else mask_id(id_number)


@dataclass(frozen=True)
class ApplicantView:
    id: int
    kind: ApplicantKind
    name: str
    id_number: str
    phone: str
    legal_representative: str
    address: str

    @property
    def masked_id(self) -> str:
        return masked_code(self.kind, self.id_number)

    def as_input(self) -> ApplicantInput:
        return ApplicantInput(
            self.kind,
            self.name,
            self.id_number,
            self.phone,
            self.legal_representative,
            self.address,
        )


@dataclass(frozen=True)
class DraftView:
    id: int
    status: str
    applicant: ApplicantView | None
    agent: ApplicantView | None
    subject_kind: str  # matter | bundle | ""
    subject_code: str
    catalogue_version_id: int | None
    entries: dict[str, MaterialEntry]
    first_clerk: str
    window_no: str
    ticket_id: int | None
    visits: int
    service_started_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class DraftChanges:
    """What the clerk changed; None leaves a part as it is."""

    applicant: ApplicantInput | None = None
    agent: ApplicantInput | None = None
    remove_agent: bool = False
    subject: tuple[str, str] | None = None  # ("matter" | "bundle", code); resets the checklist
    entries: dict[str, MaterialEntry] | None = None  # merged into the draft's entries


@dataclass(frozen=True)
class RefusalInput:
    category: RefusalCategory
    reason: str
    legal_basis: str
    request: str = ""  # what was asked, when it is no matter of the catalogue


@dataclass(frozen=True)
class RecordedDocument:
    kind: DocumentKind
    sha256: str
    pdf: bytes
    data: DocumentData | None = None  # None when read back from the database


@dataclass(frozen=True)
class DecisionOutcome:
    case_id: int
    number: str
    decision: Decision
    promised_date: date | None
    warning: str  # the working-day calendar was estimated: tell the clerk
    documents: tuple[RecordedDocument, ...]
    correction_due: date | None = None
    repeated: bool = False  # the key had already been decided: nothing new was stored


@dataclass(frozen=True)
class CaseSummary:
    id: int
    number: str
    decision: Decision
    applicant_name: str
    applicant_masked_id: str
    subject_name: str
    clerk_name: str
    window_no: str
    decided_at: datetime
    promised_date: date | None
    visits: int
    pending_corrections: int


class Printer(Protocol):
    """Where documents go after the decision is stored (``clerk.services.printing.PrintService``)."""

    def submit_pdf(self, actor: Actor, kind: DocumentKind, reference: str, pdf: bytes) -> Any: ...
