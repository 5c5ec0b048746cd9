"""Cases: the history of decisions, searched by number, ID number or name."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clerk.domain.errors import NotFound
from clerk.domain.intake import Decision, parse_case_number
from clerk.services.accounts import Actor, Role, require
from clerk.services.intake.views import WINDOW_ROLES, CaseSummary, masked_code
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Applicant, Case


def case_summaries(s: Session, cases: Sequence[Case]) -> list[CaseSummary]:
    clerk_ids = {c.clerk_id for c in cases}
    clerks = {a.id: a for a in s.scalars(select(Account).where(Account.id.in_(clerk_ids)))}
    applicants = {
        a.id: a
        for a in s.scalars(
            select(Applicant).where(Applicant.id.in_([c.applicant_id for c in cases]))
        )
    }
    out = []
    for c in cases:
        a = applicants[c.applicant_id]
        pending = sum(
            1 for m in c.materials if m.correction_due is not None and m.received_later_at is None
        )
        out.append(
            CaseSummary(
                id=c.id,
                number=c.number,
                decision=Decision(c.decision),
                applicant_name=a.name,
                applicant_masked_id=masked_code(a.kind, a.id_number),
                subject_name=c.subject_name,
                clerk_name=clerks[c.clerk_id].display_name,
                window_no=c.window_no,
                decided_at=c.decided_at,
                promised_date=c.promised_date,
                visits=c.visits,
                pending_corrections=pending,
            )
        )
    return out


def search_cases(
    db: Database,
    actor: Actor,
    text: str = "",
    decision: Decision | None = None,
    limit: int = 200,
) -> list[CaseSummary]:
    """Case history: a clerk sees their own cases, a manager all of them.

    ``text`` is a case number, a resident ID number / USCC, or part of a name.
    """
    require(actor, *WINDOW_ROLES, Role.ADMIN)
    query = select(Case).join(Applicant, Applicant.id == Case.applicant_id)
    if not actor.is_manager:
        query = query.where(Case.clerk_id == actor.account_id)
    if decision is not None:
        query = query.where(Case.decision == decision.value)
    words = text.strip()
    if words:
        number = parse_case_number(words)
        if number is not None:
            query = query.where(Case.number == number)
        else:
            query = query.where(
                or_(Applicant.id_number == words.upper(), Applicant.name.contains(words))
            )
    with db.session() as s:
        cases = s.scalars(query.order_by(Case.decided_at.desc(), Case.id.desc()).limit(limit)).all()
        return case_summaries(s, cases)


def draft_of_case(db: Database, actor: Actor, number: str) -> int:
    """The draft behind a case number (a notification slip's code reopens its draft)."""
    require(actor, *WINDOW_ROLES)
    parsed = parse_case_number(number)
    if parsed is None:
        raise NotFound("编号有误（校验位不符），请核对后重试。")
    with db.session() as s:
        draft_id = s.scalar(select(Case.draft_id).where(Case.number == parsed))
    if draft_id is None:
        raise NotFound(f"没有编号为 {parsed} 的办件。")
    return draft_id
