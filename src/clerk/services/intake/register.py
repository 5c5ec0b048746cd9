"""The refusal register entry of a 一次性告知 or 不予受理, in the decision's transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from clerk.domain.intake import REFUSAL_CATEGORY_NAMES, Assessment
from clerk.domain.refusals import FilingKind
from clerk.domain.subject import Subject
from clerk.services.accounts import Actor
from clerk.services.intake.views import RefusalInput
from clerk.services.refusals import RefusalFiling, file_refusal
from clerk.storage.models.intake import Applicant, Case
from clerk.storage.models.queue import QueueTicket

# What a notification rests on when the matter names no legal basis of its own.
NOTIFICATION_BASIS = "《中华人民共和国行政许可法》第三十二条"


@dataclass(frozen=True)
class Filing:
    """What the register entry of a decided case tells besides the case itself."""

    applicant: Applicant
    subject: Subject | None
    result: Assessment | None
    refusal: RefusalInput | None  # None: a notification of missing materials
    ticket: QueueTicket | None


def file_decision(s: Session, actor: Actor, case: Case, filing: Filing) -> None:
    """File the case's 一次性告知 or 不予受理 in the refusal register."""
    entry = _refusal(case, filing.refusal) if filing.refusal else _notification(filing)
    applicant, ticket = filing.applicant, filing.ticket
    file_refusal(
        s,
        actor,
        replace(
            entry,
            applicant_name=applicant.name,
            applicant_id_no=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            matter_code=case.subject_code,
            matter_name=case.subject_name,
            ticket_no=ticket.number if ticket else "",
            draft_id=case.draft_id,
            case_id=case.id,
        ),
    )


def _refusal(case: Case, refusal: RefusalInput) -> RefusalFiling:
    return RefusalFiling(
        kind=FilingKind.REFUSAL,
        category=REFUSAL_CATEGORY_NAMES[refusal.category],
        reason=refusal.reason.strip(),
        legal_basis=refusal.legal_basis.strip(),
        facts=f"申请：{case.subject_name}",
    )


def _notification(filing: Filing) -> RefusalFiling:
    missing = filing.result.missing if filing.result else ()
    return RefusalFiling(
        kind=FilingKind.NOTIFICATION,
        category="材料不齐全",
        reason="申请材料不齐全，已一次性告知需补齐的全部材料。",
        legal_basis=(filing.subject.legal_basis if filing.subject else "") or NOTIFICATION_BASIS,
        missing_materials=[line.material.name for line in missing],
    )
