"""The four decisions at the window: 受理, 容缺受理, 一次性告知, 不予受理.

A decision is one transaction: the case with its hall-wide number, its materials, its
documents and, for a "no", the refusal register entry are stored together or not at
all. The caller passes a ``key`` per decision pressed; repeating the call with the
same key after an error (the database went away mid-decision) returns the case
stored the first time or completes it now, never twice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk.documents import render
from clerk.documents.data import DocumentKind, kind_of
from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import ClerkError, Conflict
from clerk.domain.halltime import hall_date
from clerk.domain.intake import Assessment, Decision, MaterialEntry, MaterialState, assess
from clerk.domain.subject import Subject
from clerk.domain.workdays import Deadline, WorkCalendar
from clerk.services.accounts import Actor, require
from clerk.services.intake.catalogues import catalogue_for, draft_subject
from clerk.services.intake.documents import for_case
from clerk.services.intake.drafts import DECIDED, NOTIFIED, held_draft
from clerk.services.intake.numbers import next_number
from clerk.services.intake.register import Filing, file_decision
from clerk.services.intake.views import (
    WINDOW_ROLES,
    DecisionOutcome,
    Printer,
    RecordedDocument,
    RefusalInput,
)
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now
from clerk.storage.holidays import hall_calendar
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Applicant, Case, CaseDocument, CaseMaterial, IntakeDraft
from clerk.storage.models.queue import QueueTicket

log = logging.getLogger(__name__)

# A deferrable material whose catalogue entry names no period is due in this many working days.
DEFAULT_CORRECTION_DAYS = 5


def accept(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """受理: everything required received or exempt; an on-the-spot matter is completed now."""
    return decide(db, actor, draft_id, key, Decision.ACCEPTED, None, calendar, printer)


def defer(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """容缺受理: only deferrable materials missing; the commitment records what and by when."""
    return decide(db, actor, draft_id, key, Decision.ACCEPTED_DEFERRED, None, calendar, printer)


def notify_missing(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """一次性告知: everything missing on one slip; the draft waits for the applicant's return."""
    return decide(db, actor, draft_id, key, Decision.NOTIFIED, None, calendar, printer)


def refuse(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    refusal: RefusalInput,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """不予受理: category, reason and legal basis; filed in the refusal register with the case."""
    return decide(db, actor, draft_id, key, Decision.REFUSED, refusal, calendar, printer)


def decide(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    asked: Decision,
    refusal: RefusalInput | None,
    calendar: WorkCalendar | None,
    printer: Printer | None,
) -> DecisionOutcome:
    """The decision ``asked`` (a refusal with its ``refusal``), stored once per ``key``."""
    require(actor, *WINDOW_ROLES)
    key = key.strip()
    if not key:
        raise ValueError("a decision needs its idempotency key")
    if refusal is not None:
        _check_refusal(refusal)
    with db.session() as s:
        version_id = s.scalar(
            select(IntakeDraft.catalogue_version_id).where(IntakeDraft.id == draft_id)
        )
    catalogue = catalogue_for(db, version_id)[1] if version_id is not None else None
    calendar = calendar or hall_calendar()
    number = None
    if not db.is_embedded:
        # A short transaction of its own checks the decision and takes the number, so
        # the counter row is not locked while the documents are rendered. A decision
        # that fails after this leaves a gap in the day's sequence, never a number
        # used twice.
        with db.session() as s:
            done = _case_by_key(s, key)
            if done is not None:
                return done
            now = database_now(s)
            _checked(s, actor, draft_id, asked, refusal, catalogue, now)
            number = next_number(s, hall_date(now))
    try:
        with db.session() as s:
            begin_write(s)
            done = _case_by_key(s, key)
            if done is not None:
                return done
            asking = _Asking(actor, draft_id, key, asked, refusal, catalogue, calendar, number)
            outcome = _store_decision(s, asking)
    except IntegrityError:
        # The same key committed by a concurrent retry: report that one.
        with db.session() as s:
            done = _case_by_key(s, key)
        if done is None:
            raise
        return done
    log.info(
        "case %s %s by %s at window %s",
        outcome.number,
        outcome.decision.value,
        actor.username,
        actor.window_no,
    )
    if printer is not None:  # after the commit: a print never holds up or undoes a decision
        for document in outcome.documents:
            printer.submit_pdf(actor, document.kind, outcome.number, document.pdf)
    return outcome


def _check_refusal(refusal: RefusalInput) -> None:
    if not refusal.reason.strip():
        raise ClerkError("不予受理必须写明理由。")
    if not refusal.legal_basis.strip():
        raise ClerkError("不予受理必须写明法律依据。")


def _case_by_key(s: Session, key: str) -> DecisionOutcome | None:
    case = s.scalar(select(Case).where(Case.decision_key == key))
    if case is None:
        return None
    return DecisionOutcome(
        case_id=case.id,
        number=case.number,
        decision=Decision(case.decision),
        promised_date=case.promised_date,
        warning="",
        documents=tuple(
            RecordedDocument(DocumentKind(d.kind), d.sha256, d.pdf) for d in case.documents
        ),
        correction_due=_latest_due(case),
        repeated=True,
    )


def _latest_due(case: Case) -> date | None:
    due = [m.correction_due for m in case.materials if m.correction_due is not None]
    return max(due) if due else None


@dataclass(frozen=True)
class _Asking:
    """A decision as the clerk asked for it, with what storing it needs."""

    actor: Actor
    draft_id: int
    key: str
    asked: Decision
    refusal: RefusalInput | None
    catalogue: Catalogue | None
    calendar: WorkCalendar
    number: str | None  # taken beforehand (a hall's server), else taken with the case


@dataclass(frozen=True)
class _Checked:
    """A draft that may be decided as asked, with what the decision needs."""

    draft: IntakeDraft
    applicant: Applicant
    agent: Applicant | None
    subject: Subject | None
    entries: dict[str, MaterialEntry]
    result: Assessment | None
    decision: Decision


def _checked(
    s: Session,
    actor: Actor,
    draft_id: int,
    asked: Decision,
    refusal: RefusalInput | None,
    catalogue: Catalogue | None,
    now: datetime,
) -> _Checked:
    draft = held_draft(s, actor, draft_id, now)
    applicant = s.get(Applicant, draft.applicant_id) if draft.applicant_id else None
    if applicant is None:
        raise ClerkError("请先填写申请人信息。")
    agent = s.get(Applicant, draft.agent_id) if draft.agent_id else None
    subject = (
        draft_subject(catalogue, draft) if catalogue is not None and draft.subject_code else None
    )
    if subject is None and asked is not Decision.REFUSED:
        raise ClerkError("请先选择事项或一件事。")
    if subject is None and refusal is not None and not refusal.request.strip():
        raise ClerkError("未选择事项时，请写明申请人所申请的事项。")
    entries = {c: MaterialEntry.from_json(raw) for c, raw in draft.materials.items()}
    result = assess(subject.checklist, entries, subject.on_the_spot) if subject else None
    decision = asked
    if subject is not None and result is not None:
        decision = subject.decision_for(asked)
        why = result.refusal_for(decision)
        if why:
            raise Conflict(why)
    return _Checked(draft, applicant, agent, subject, entries, result, decision)


def _store_decision(s: Session, asking: _Asking) -> DecisionOutcome:
    """The case, its materials and documents, the register entry and the draft closed."""
    now = database_now(s)
    checked = _checked(
        s, asking.actor, asking.draft_id, asking.asked, asking.refusal, asking.catalogue, now
    )
    today = hall_date(now)
    promised = _promised(checked, asking.calendar, today)
    ticket = s.get(QueueTicket, checked.draft.ticket_id) if checked.draft.ticket_id else None
    number = asking.number or next_number(s, today)
    case = _new_case(asking, checked, number, ticket, promised, now)
    due_warning = _record_materials(case, checked, asking.calendar, today)
    s.add(case)
    s.flush()
    recorded = _record_documents(s, case, checked, asking.actor, now)
    if checked.decision in (Decision.NOTIFIED, Decision.REFUSED):
        filing = Filing(checked.applicant, checked.subject, checked.result, asking.refusal, ticket)
        file_decision(s, asking.actor, case, filing)
    _close_draft(checked.draft, checked.decision, now)
    s.flush()
    return DecisionOutcome(
        case_id=case.id,
        number=case.number,
        decision=checked.decision,
        promised_date=case.promised_date,
        warning=(promised.warning() if promised else "") or due_warning,
        documents=tuple(recorded),
        correction_due=_latest_due(case),
    )


def _promised(checked: _Checked, calendar: WorkCalendar, today: date) -> Deadline | None:
    """The promised completion date of an accepted case (today for an on-the-spot one)."""
    if checked.decision is Decision.COMPLETED_ON_THE_SPOT:
        return Deadline(today, False)
    accepted = checked.decision in (Decision.ACCEPTED, Decision.ACCEPTED_DEFERRED)
    if accepted and checked.subject is not None:
        return calendar.add_workdays(today, checked.subject.checklist.promised_days)
    return None


def _new_case(
    asking: _Asking,
    checked: _Checked,
    number: str,
    ticket: QueueTicket | None,
    promised: Deadline | None,
    now: datetime,
) -> Case:
    draft, subject, refusal, actor = checked.draft, checked.subject, asking.refusal, asking.actor
    return Case(
        number=number,
        decision_key=asking.key,
        draft_id=draft.id,
        decision=checked.decision.value,
        applicant_id=checked.applicant.id,
        agent_id=checked.agent.id if checked.agent else None,
        subject_kind=subject.kind if subject else "",
        subject_code=subject.code if subject else "",
        subject_name=subject.name if subject else refusal.request.strip() if refusal else "",
        department=subject.department if subject else "",
        catalogue_version_id=draft.catalogue_version_id if subject else None,
        clerk_id=actor.account_id,
        first_clerk_id=draft.first_clerk_id,
        window_no=actor.window_no,
        ticket_id=draft.ticket_id,
        ticket_issued_at=ticket.issued_at if ticket else None,
        ticket_called_at=ticket.called_at if ticket else None,
        service_started_at=draft.service_started_at,
        decided_at=now,
        promised_date=promised.date if promised else None,
        promised_estimated=bool(promised and promised.estimated),
        completed_at=now if checked.decision is Decision.COMPLETED_ON_THE_SPOT else None,
        visits=draft.visits,
        refusal_category=refusal.category.value if refusal else "",
        reason=refusal.reason.strip() if refusal else "",
        legal_basis=refusal.legal_basis.strip() if refusal else "",
    )


def _record_materials(case: Case, checked: _Checked, calendar: WorkCalendar, today: date) -> str:
    """The checklist's counts and lines on the case, each deferred paper with its due date.

    Returns the warning of the first due date the calendar had to estimate ("" if none).
    """
    subject, result, decision = checked.subject, checked.result, checked.decision
    if subject is None or result is None:
        return ""
    deferring = decision is Decision.ACCEPTED_DEFERRED
    case.materials_asked = result.asked
    case.materials_received = result.received
    case.materials_exempt = result.exempt
    case.materials_deferred = len(result.deferred) if deferring else 0
    case.materials_missing = len(result.missing_required) + (
        0 if deferring else len(result.deferred)
    )
    warning = ""
    for position, line in enumerate(subject.checklist.lines):
        entry = checked.entries.get(line.material.code, MaterialEntry())
        due: Deadline | None = None
        if entry.state is MaterialState.DEFERRED and deferring:
            days = line.material.correction_days or DEFAULT_CORRECTION_DAYS
            due = calendar.add_workdays(today, days)
            warning = warning or due.warning()
        case.materials.append(
            CaseMaterial(
                position=position,
                code=line.material.code,
                name=line.material.name,
                necessity=line.material.necessity.value,
                state=entry.state.value,
                form_received=entry.form,
                copies=entry.copies,
                elicence_type=entry.elicence_type,
                elicence_number=entry.elicence_number,
                correction_due=due.date if due else None,
            )
        )
    return warning


def _record_documents(
    s: Session, case: Case, checked: _Checked, actor: Actor, now: datetime
) -> list[RecordedDocument]:
    """The decision's documents rendered and stored with the case."""
    clerk = s.get_one(Account, actor.account_id)
    recorded = []
    for data in for_case(
        case, checked.subject, checked.applicant, checked.agent, clerk, actor, checked.result
    ):
        pdf = render(data)
        kind = kind_of(data)
        digest = hashlib.sha256(pdf).hexdigest()
        case.documents.append(CaseDocument(kind=kind.value, sha256=digest, pdf=pdf, created_at=now))
        recorded.append(RecordedDocument(kind, digest, pdf, data))
    return recorded


def _close_draft(draft: IntakeDraft, decision: Decision, now: datetime) -> None:
    """A notified draft waits for the applicant's return; any other is done. Nobody holds it."""
    draft.status = NOTIFIED if decision is Decision.NOTIFIED else DECIDED
    draft.holder_id = None
    draft.held_at = None
    draft.updated_at = now
