"""Intake at the window: applicants, drafts held by one clerk, and the four decisions.

A service starts a draft (from a called ticket or a walk-in). The clerk's changes are
saved as they work (``save_draft``), so a crash loses nothing and ``my_open_drafts``
offers the draft again. A decision (``accept``, ``defer``, ``notify_missing``,
``refuse``) is one transaction: the case with its hall-wide number, its materials, its
documents and, for a "no", the refusal register entry are stored together or not at
all. The caller passes a ``key`` per decision pressed; repeating the call with the
same key after an error (the database went away mid-decision) returns the case
stored the first time or completes it now, never twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk.documents import render
from clerk.documents.data import DocumentData, DocumentKind, kind_of
from clerk.domain.catalogue import Catalogue, Checklist
from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.halltime import hall_date
from clerk.domain.ids import mask_id
from clerk.domain.intake import (
    REFUSAL_CATEGORY_NAMES,
    ApplicantInput,
    ApplicantKind,
    Assessment,
    Decision,
    MaterialEntry,
    MaterialState,
    RefusalCategory,
    assess,
    case_number,
    parse_case_number,
    with_agent_letter,
)
from clerk.domain.refusals import FilingKind
from clerk.domain.workdays import Deadline, WorkCalendar
from clerk.services import intake_documents
from clerk.services.accounts import Actor, Role, require
from clerk.services.catalogue import load_catalogue
from clerk.services.refusals import RefusalFiling, file_refusal
from clerk.services.workdays import hall_calendar
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now, sql_of
from clerk.storage.models.accounts import Account
from clerk.storage.models.catalogue import CatalogueVersion
from clerk.storage.models.intake import (
    Applicant,
    Case,
    CaseDocument,
    CaseMaterial,
    CaseNumberCounter,
    IntakeDraft,
)
from clerk.storage.models.queue import QueueTicket

log = logging.getLogger(__name__)

WINDOW_ROLES = (Role.CLERK, Role.MANAGER)
# A draft nobody has saved for this long may be taken over by another clerk.
HOLD_LEASE = timedelta(minutes=30)
# A deferrable material whose catalogue entry names no period is due in this many working days.
DEFAULT_CORRECTION_DAYS = 5
OPEN, NOTIFIED, DECIDED = "open", "notified", "decided"


# ---------------------------------------------------------------- views


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


# ---------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Subject:
    """A matter or a bundle as a case records it, with its checklist."""

    kind: str
    code: str
    name: str
    department: str
    listed: Checklist  # as the catalogue lists it
    matter_names: tuple[str, ...]
    on_the_spot: bool
    legal_basis: str
    conditions: str
    fee: str
    agent: bool = False  # through an agent (代办人): the authorisation letter is asked for

    @cached_property
    def checklist(self) -> Checklist:
        """What the window asks for: the catalogue's list, and the agent's letter."""
        return with_agent_letter(self.listed) if self.agent else self.listed

    def through_agent(self, agent: bool) -> Subject:
        return self if agent == self.agent else replace(self, agent=agent)


_versions: dict[tuple[str, int], int] = {}  # (database, version id) -> version number


def catalogue_for(db: Database, version_id: int | None = None) -> tuple[int, Catalogue]:
    """A catalogue version by id (the newest when None), with its id."""
    if version_id is None:
        with db.session() as s:
            version_id = s.scalar(
                select(CatalogueVersion.id).order_by(CatalogueVersion.number.desc()).limit(1)
            )
        if version_id is None:
            raise NotFound("尚未导入材料目录，请系统管理员先导入目录（clerk catalogue import）。")
    where = (db.url.render_as_string(hide_password=True), version_id)
    number = _versions.get(where)
    if number is None:  # versions never change: one look-up per database and version
        with db.session() as s:
            number = s.scalar(
                select(CatalogueVersion.number).where(CatalogueVersion.id == version_id)
            )
        if number is None:
            raise NotFound("目录版本不存在。", f"catalogue_version {version_id}")
        _versions[where] = number
    return version_id, load_catalogue(db, number)


def subject_of(catalogue: Catalogue, kind: str, code: str, agent: bool = False) -> Subject:
    return _listed_subject(catalogue, kind, code).through_agent(agent)


def _listed_subject(catalogue: Catalogue, kind: str, code: str) -> Subject:
    if kind == "matter" and code in catalogue.matters:
        m = catalogue.matters[code]
        return Subject(
            kind,
            code,
            m.name,
            m.department,
            catalogue.checklist_for_matter(code),
            (m.name,),
            m.on_the_spot,
            m.legal_basis,
            m.conditions,
            m.fee,
        )
    if kind == "bundle" and code in catalogue.bundles:
        b = catalogue.bundles[code]
        members = [catalogue.matters[c] for c in b.matter_codes]
        departments = dict.fromkeys(m.department for m in members)
        return Subject(
            kind,
            code,
            b.name,
            "、".join(departments),
            catalogue.checklist_for_bundle(code),
            tuple(m.name for m in members),
            all(m.on_the_spot for m in members),
            "\n".join(m.legal_basis for m in members if m.legal_basis),
            "\n".join(m.conditions for m in members if m.conditions),
            "；".join(dict.fromkeys(m.fee for m in members)),
        )
    raise NotFound("目录中没有该事项或一件事，请重新选择。", f"{kind} {code}")


# ---------------------------------------------------------------- applicants


def _applicant_view(row: Applicant | None) -> ApplicantView | None:
    if row is None:
        return None
    return ApplicantView(
        row.id,
        ApplicantKind(row.kind),
        row.name,
        row.id_number,
        row.phone,
        row.legal_representative,
        row.address,
    )


def find_applicant(db: Database, actor: Actor, id_number: str) -> ApplicantView | None:
    """A returning applicant, by resident ID number or USCC."""
    require(actor, *WINDOW_ROLES)
    code = id_number.strip().upper()
    with db.session() as s:
        return _applicant_view(s.scalar(select(Applicant).where(Applicant.id_number == code)))


def _upsert_applicant(s: Session, given: ApplicantInput) -> Applicant:
    data = given.validated()
    query = select(Applicant).where(
        Applicant.kind == data.kind.value, Applicant.id_number == data.id_number
    )
    row = s.scalar(query)
    if row is None:
        try:
            with s.begin_nested():
                row = Applicant(kind=data.kind.value, id_number=data.id_number, name=data.name)
                s.add(row)
        except IntegrityError:  # another window added the same applicant just now
            row = s.scalars(query).one()
    row.name = data.name
    # Keep what is known when this visit did not repeat it.
    row.phone = data.phone or row.phone
    row.legal_representative = data.legal_representative or row.legal_representative
    row.address = data.address or row.address
    return row


# ---------------------------------------------------------------- drafts


def _names(s: Session, *account_ids: int | None) -> dict[int, Account]:
    ids = [i for i in account_ids if i is not None]
    return {a.id: a for a in s.scalars(select(Account).where(Account.id.in_(ids)))}


def _draft_view(s: Session, draft: IntakeDraft) -> DraftView:
    first = s.get_one(Account, draft.first_clerk_id)
    return DraftView(
        id=draft.id,
        status=draft.status,
        applicant=_applicant_view(
            s.get(Applicant, draft.applicant_id) if draft.applicant_id else None
        ),
        agent=_applicant_view(s.get(Applicant, draft.agent_id) if draft.agent_id else None),
        subject_kind=draft.subject_kind,
        subject_code=draft.subject_code,
        catalogue_version_id=draft.catalogue_version_id,
        entries={code: MaterialEntry.from_json(raw) for code, raw in draft.materials.items()},
        first_clerk=first.display_name,
        window_no=draft.window_no,
        ticket_id=draft.ticket_id,
        visits=draft.visits,
        service_started_at=draft.service_started_at,
        updated_at=draft.updated_at,
    )


def start_service(db: Database, actor: Actor, ticket_id: int | None = None) -> DraftView:
    """A new application: from the called ticket, or a walk-in without one (首问负责)."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        now = database_now(s)
        if ticket_id is not None:
            existing = s.scalar(
                select(IntakeDraft).where(
                    IntakeDraft.ticket_id == ticket_id, IntakeDraft.status == OPEN
                )
            )
            if existing is not None:  # the same ticket again (after a restart): same draft
                _take_hold(s, actor, existing, now)
                return _draft_view(s, existing)
        draft = IntakeDraft(
            status=OPEN,
            materials={},
            first_clerk_id=actor.account_id,
            window_no=actor.window_no,
            ticket_id=ticket_id,
            holder_id=actor.account_id,
            held_at=now,
            visits=1,
            service_started_at=now,
            created_at=now,
            updated_at=now,
        )
        s.add(draft)
        s.flush()
        log.info("draft %s started by %s (ticket %s)", draft.id, actor.username, ticket_id)
        return _draft_view(s, draft)


def _held_elsewhere(s: Session, actor: Actor, draft: IntakeDraft, now: datetime) -> str:
    """Who else has the draft open, in the clerk's words ("" if nobody)."""
    if draft.holder_id in (None, actor.account_id):
        return ""
    if draft.held_at is not None and now - draft.held_at > HOLD_LEASE:
        return ""
    holder = s.get_one(Account, draft.holder_id)
    return f"该申请正由{holder.display_name}（工号{holder.staff_no}）办理中，请稍后再试或联系对方。"


def _take_hold(s: Session, actor: Actor, draft: IntakeDraft, now: datetime) -> None:
    """Hold the draft for the actor; the conditional UPDATE makes two clerks' tries exclusive."""
    free = or_(
        IntakeDraft.holder_id.is_(None),
        IntakeDraft.holder_id == actor.account_id,
        IntakeDraft.held_at < now - HOLD_LEASE,
    )
    taken = s.execute(
        update(IntakeDraft)
        .where(IntakeDraft.id == draft.id, free)
        .values(holder_id=actor.account_id, held_at=now)
        .returning(IntakeDraft.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    s.refresh(draft)
    if taken is None:
        raise Conflict(_held_elsewhere(s, actor, draft, now) or "该申请正由其他人员办理中。")


def open_draft(
    db: Database, actor: Actor, draft_id: int, ticket_id: int | None = None
) -> DraftView:
    """Open a draft to work on. A notified draft opens again for the applicant's next visit."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        begin_write(s)
        now = database_now(s)
        draft = s.get(IntakeDraft, draft_id)
        if draft is None:
            raise NotFound("该申请不存在。")
        if draft.status == DECIDED:
            raise Conflict("该申请已作出决定，请在办件查询中查看。")
        _take_hold(s, actor, draft, now)
        if draft.status == NOTIFIED:  # the applicant is back with what was missing
            draft.status = OPEN
            draft.visits += 1
            draft.window_no = actor.window_no
            draft.ticket_id = ticket_id
            draft.service_started_at = now
            log.info("draft %s reopened (visit %s) by %s", draft.id, draft.visits, actor.username)
        draft.updated_at = now
        return _draft_view(s, draft)


def release_draft(db: Database, actor: Actor, draft_id: int) -> None:
    """Let go of a draft (another clerk may continue it)."""
    with db.session() as s:
        s.execute(
            update(IntakeDraft)
            .where(IntakeDraft.id == draft_id, IntakeDraft.holder_id == actor.account_id)
            .values(holder_id=None, held_at=None)
        )


def abandon_draft(db: Database, actor: Actor, draft_id: int) -> None:
    """The applicant left before any decision (nothing to keep)."""
    with db.session() as s:
        begin_write(s)
        draft = _held_draft(s, actor, draft_id, database_now(s))
        draft.status = "abandoned"
        draft.holder_id = None


def _held_draft(s: Session, actor: Actor, draft_id: int, now: datetime) -> IntakeDraft:
    """The draft the actor holds, locked for writing (``begin_write`` already ran)."""
    draft = sql_of(s).lock(s, IntakeDraft, draft_id)
    if draft is None:
        raise NotFound("该申请不存在。")
    if draft.status != OPEN:
        raise Conflict("该申请已作出决定，不能再修改。")
    if draft.holder_id != actor.account_id:
        raise Conflict(
            _held_elsewhere(s, actor, draft, now) or "该申请已不在您手中，请重新打开。",
            f"draft {draft_id} held by {draft.holder_id}",
        )
    return draft


def save_draft(db: Database, actor: Actor, draft_id: int, changes: DraftChanges) -> DraftView:
    """Store what the clerk changed; bad input is refused with nothing else lost."""
    require(actor, *WINDOW_ROLES)
    catalogue: Catalogue | None = None
    agent_changed = changes.remove_agent or changes.agent is not None
    if changes.subject is not None or changes.entries or agent_changed:
        # Read before the write transaction: one connection per window at a time.
        with db.session() as s:
            version_id, subject_code = s.execute(
                select(IntakeDraft.catalogue_version_id, IntakeDraft.subject_code).where(
                    IntakeDraft.id == draft_id
                )
            ).one_or_none() or (None, "")
        if changes.subject is not None or subject_code:
            version_id, catalogue = catalogue_for(db, version_id)
    with db.session() as s:
        begin_write(s)
        now = database_now(s)
        draft = _held_draft(s, actor, draft_id, now)
        if changes.applicant is not None:
            draft.applicant_id = _upsert_applicant(s, changes.applicant).id
        if changes.remove_agent:
            draft.agent_id = None
        elif changes.agent is not None:
            draft.agent_id = _upsert_applicant(s, changes.agent).id
        if changes.subject is not None:
            kind, code = changes.subject
            assert catalogue is not None
            subject_of(catalogue, kind, code)  # must exist
            if (kind, code) != (draft.subject_kind, draft.subject_code):
                draft.subject_kind, draft.subject_code = kind, code
                draft.catalogue_version_id = version_id
                draft.materials = {}
        if changes.entries and not draft.subject_code:
            raise ClerkError("请先选择事项或一件事。")
        if draft.subject_code and (changes.entries or agent_changed):
            assert catalogue is not None
            checklist = draft_subject(catalogue, draft).checklist
            known = {line.material.code for line in checklist.lines}
            unknown = set(changes.entries or {}) - known
            if unknown:
                raise ClerkError("材料不在本事项的清单中。", f"unknown codes {sorted(unknown)}")
            merged = {c: MaterialEntry.from_json(raw) for c, raw in draft.materials.items()}
            merged.update(changes.entries or {})
            # The agent's letter leaves with the agent (unless the catalogue lists it).
            merged = {c: e for c, e in merged.items() if c in known}
            assess(checklist, merged, on_the_spot=False)  # each state allowed for its material
            draft.materials = {c: e.to_json() for c, e in merged.items()}
        draft.held_at = draft.updated_at = now
        return _draft_view(s, draft)


def draft_subject(catalogue: Catalogue, draft: IntakeDraft) -> Subject:
    """The draft's matter or bundle, its checklist asking for the agent's letter if any."""
    return subject_of(
        catalogue, draft.subject_kind, draft.subject_code, agent=draft.agent_id is not None
    )


def get_draft(db: Database, actor: Actor, draft_id: int) -> DraftView:
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        draft = s.get(IntakeDraft, draft_id)
        if draft is None:
            raise NotFound("该申请不存在。")
        return _draft_view(s, draft)


def my_open_drafts(db: Database, actor: Actor) -> list[DraftView]:
    """Drafts the actor was working on (offered again after a crash or power cut)."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        rows = s.scalars(
            select(IntakeDraft)
            .where(IntakeDraft.status == OPEN, IntakeDraft.holder_id == actor.account_id)
            .order_by(IntakeDraft.updated_at.desc())
        )
        return [_draft_view(s, d) for d in rows]


def waiting_drafts(db: Database, actor: Actor, id_number: str) -> list[DraftView]:
    """Notified drafts of an applicant who came back (by resident ID number or USCC)."""
    require(actor, *WINDOW_ROLES)
    code = id_number.strip().upper()
    with db.session() as s:
        rows = s.scalars(
            select(IntakeDraft)
            .join(Applicant, Applicant.id == IntakeDraft.applicant_id)
            .where(IntakeDraft.status == NOTIFIED, Applicant.id_number == code)
            .order_by(IntakeDraft.updated_at.desc())
        )
        return [_draft_view(s, d) for d in rows]


def notified_drafts(db: Database, actor: Actor, limit: int = 100) -> list[DraftView]:
    """Applications waiting for the applicant's return after a one-time notification."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        rows = s.scalars(
            select(IntakeDraft)
            .where(IntakeDraft.status == NOTIFIED)
            .order_by(IntakeDraft.updated_at)
            .limit(limit)
        )
        return [_draft_view(s, d) for d in rows]


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


def assessment(db: Database, draft: DraftView) -> tuple[Subject, Assessment] | None:
    """The checklist of a draft as it stands, and the decisions it allows."""
    if not draft.subject_code:
        return None
    _, catalogue = catalogue_for(db, draft.catalogue_version_id)
    subject = subject_of(
        catalogue, draft.subject_kind, draft.subject_code, agent=draft.agent is not None
    )
    return subject, assess(subject.checklist, draft.entries, subject.on_the_spot)


# ---------------------------------------------------------------- decisions


def accept(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """受理: everything required received or exempt; an on-the-spot matter is completed now."""
    return _decide(db, actor, draft_id, key, Decision.ACCEPTED, None, calendar, printer)


def defer(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """容缺受理: only deferrable materials missing; the commitment records what and by when."""
    return _decide(db, actor, draft_id, key, Decision.ACCEPTED_DEFERRED, None, calendar, printer)


def notify_missing(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> DecisionOutcome:
    """一次性告知: everything missing on one slip; the draft waits for the applicant's return."""
    return _decide(db, actor, draft_id, key, Decision.NOTIFIED, None, calendar, printer)


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
    return _decide(db, actor, draft_id, key, Decision.REFUSED, refusal, calendar, printer)


def _decide(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    asked: Decision,
    refusal: RefusalInput | None,
    calendar: WorkCalendar | None,
    printer: Printer | None,
) -> DecisionOutcome:
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
            number = _next_number(s, hall_date(now))
    try:
        with db.session() as s:
            begin_write(s)
            done = _case_by_key(s, key)
            if done is not None:
                return done
            outcome = _store_decision(
                s, actor, draft_id, key, asked, refusal, catalogue, calendar, number
            )
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
    due = [m.correction_due for m in case.materials if m.correction_due is not None]
    return DecisionOutcome(
        case_id=case.id,
        number=case.number,
        decision=Decision(case.decision),
        promised_date=case.promised_date,
        warning="",
        documents=tuple(
            RecordedDocument(DocumentKind(d.kind), d.sha256, d.pdf) for d in case.documents
        ),
        correction_due=max(due) if due else None,
        repeated=True,
    )


def _next_number(s: Session, day: date) -> str:
    """The next case number of the day, unique hall-wide.

    The counter row's UPDATE locks it until the transaction ends (PostgreSQL), or runs
    under SQLite's single writer lock taken by ``begin_write``: a second window waits
    and then reads the incremented value.
    """
    bump = (
        update(CaseNumberCounter)
        .where(CaseNumberCounter.day == day)
        .values(last_sequence=CaseNumberCounter.last_sequence + 1)
        .returning(CaseNumberCounter.last_sequence)
        .execution_options(synchronize_session=False)
    )
    sequence = s.execute(bump).scalar_one_or_none()
    if sequence is None:
        insert = sql_of(s).insert
        s.execute(
            insert(CaseNumberCounter).values(day=day, last_sequence=0).on_conflict_do_nothing()
        )
        sequence = s.execute(bump).scalar_one()
    return case_number(day, sequence)


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
    draft = _held_draft(s, actor, draft_id, now)
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
    if result is not None:
        if asked is Decision.ACCEPTED and subject is not None and subject.on_the_spot:
            decision = Decision.COMPLETED_ON_THE_SPOT
        why = result.refusal_for(decision)
        if why:
            raise Conflict(why)
    return _Checked(draft, applicant, agent, subject, entries, result, decision)


def _store_decision(
    s: Session,
    actor: Actor,
    draft_id: int,
    key: str,
    asked: Decision,
    refusal: RefusalInput | None,
    catalogue: Catalogue | None,
    calendar: WorkCalendar,
    number: str | None,
) -> DecisionOutcome:
    now = database_now(s)
    checked = _checked(s, actor, draft_id, asked, refusal, catalogue, now)
    draft, applicant, agent = checked.draft, checked.applicant, checked.agent
    subject, entries, result, decision = (
        checked.subject,
        checked.entries,
        checked.result,
        checked.decision,
    )
    today = hall_date(now)
    promised: Deadline | None = None
    if decision in (Decision.ACCEPTED, Decision.ACCEPTED_DEFERRED) and subject is not None:
        promised = calendar.add_workdays(today, subject.checklist.promised_days)
    elif decision is Decision.COMPLETED_ON_THE_SPOT:
        promised = Deadline(today, False)
    ticket = s.get(QueueTicket, draft.ticket_id) if draft.ticket_id else None

    case = Case(
        number=number or _next_number(s, today),
        decision_key=key,
        draft_id=draft.id,
        decision=decision.value,
        applicant_id=applicant.id,
        agent_id=agent.id if agent else None,
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
        completed_at=now if decision is Decision.COMPLETED_ON_THE_SPOT else None,
        visits=draft.visits,
        refusal_category=refusal.category.value if refusal else "",
        reason=refusal.reason.strip() if refusal else "",
        legal_basis=refusal.legal_basis.strip() if refusal else "",
    )
    warnings = [promised.warning()] if promised and promised.estimated else []
    if subject is not None and result is not None:
        case.materials_asked = result.asked
        case.materials_received = result.received
        case.materials_exempt = result.exempt
        case.materials_deferred = (
            len(result.deferred) if decision is Decision.ACCEPTED_DEFERRED else 0
        )
        case.materials_missing = len(result.missing_required) + (
            len(result.deferred) if decision is not Decision.ACCEPTED_DEFERRED else 0
        )
        for position, line in enumerate(subject.checklist.lines):
            entry = entries.get(line.material.code, MaterialEntry())
            due: Deadline | None = None
            if entry.state is MaterialState.DEFERRED and decision is Decision.ACCEPTED_DEFERRED:
                days = line.material.correction_days or DEFAULT_CORRECTION_DAYS
                due = calendar.add_workdays(today, days)
                if due.estimated and not warnings:
                    warnings.append(due.warning())
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
    s.add(case)
    s.flush()

    clerk = s.get_one(Account, actor.account_id)
    documents = intake_documents.for_case(case, subject, applicant, agent, clerk, actor, result)
    recorded = []
    for data in documents:
        pdf = render(data)
        kind = kind_of(data)
        digest = hashlib.sha256(pdf).hexdigest()
        case.documents.append(CaseDocument(kind=kind.value, sha256=digest, pdf=pdf, created_at=now))
        recorded.append(RecordedDocument(kind, digest, pdf, data))

    if decision in (Decision.NOTIFIED, Decision.REFUSED):
        _file(s, actor, case, applicant, subject, result, refusal, ticket)
    draft.status = NOTIFIED if decision is Decision.NOTIFIED else DECIDED
    draft.holder_id = None
    draft.held_at = None
    draft.updated_at = now
    s.flush()
    due_dates = [m.correction_due for m in case.materials if m.correction_due is not None]
    outcome = DecisionOutcome(
        case_id=case.id,
        number=case.number,
        decision=decision,
        promised_date=case.promised_date,
        warning=warnings[0] if warnings else "",
        documents=tuple(recorded),
        correction_due=max(due_dates) if due_dates else None,
    )
    return outcome


def _file(
    s: Session,
    actor: Actor,
    case: Case,
    applicant: Applicant,
    subject: Subject | None,
    result: Assessment | None,
    refusal: RefusalInput | None,
    ticket: QueueTicket | None,
) -> None:
    """The refusal register entry of a 一次性告知 or 不予受理, in the decision's transaction."""
    if refusal is not None:
        filing = RefusalFiling(
            kind=FilingKind.REFUSAL,
            category=REFUSAL_CATEGORY_NAMES[refusal.category],
            reason=refusal.reason.strip(),
            legal_basis=refusal.legal_basis.strip(),
            facts=f"申请：{case.subject_name}",
        )
    else:
        missing = result.missing if result else ()
        filing = RefusalFiling(
            kind=FilingKind.NOTIFICATION,
            category="材料不齐全",
            reason="申请材料不齐全，已一次性告知需补齐的全部材料。",
            legal_basis=(subject.legal_basis if subject else "")
            or "《中华人民共和国行政许可法》第三十二条",
            missing_materials=[line.material.name for line in missing],
        )
    file_refusal(
        s,
        actor,
        RefusalFiling(
            kind=filing.kind,
            category=filing.category,
            reason=filing.reason,
            legal_basis=filing.legal_basis,
            facts=filing.facts,
            missing_materials=filing.missing_materials,
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


# ---------------------------------------------------------------- cases


def case_summaries(s: Session, cases: Sequence[Case]) -> list[CaseSummary]:
    clerks = _names(s, *(c.clerk_id for c in cases))
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
