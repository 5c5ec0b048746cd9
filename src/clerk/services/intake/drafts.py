"""Drafts: an application as the clerk works on it, held by one clerk at a time.

The clerk's changes are saved as they work (``save_draft``), so a crash loses nothing
and ``my_open_drafts`` offers the draft again. A draft told what is missing (一次性告知)
waits, notified, for the applicant's next visit.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.intake import Assessment, MaterialEntry, assess
from clerk.domain.subject import Subject, subject_of
from clerk.services.accounts import Actor, require
from clerk.services.intake.applicants import applicant_view, upsert_applicant
from clerk.services.intake.catalogues import catalogue_for, draft_subject
from clerk.services.intake.views import WINDOW_ROLES, DraftChanges, DraftView
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now, sql_of
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Applicant, IntakeDraft

log = logging.getLogger(__name__)

# A draft nobody has saved for this long may be taken over by another clerk.
HOLD_LEASE = timedelta(minutes=30)
OPEN, NOTIFIED, DECIDED = "open", "notified", "decided"


def draft_view(s: Session, draft: IntakeDraft) -> DraftView:
    first = s.get_one(Account, draft.first_clerk_id)
    return DraftView(
        id=draft.id,
        status=draft.status,
        applicant=applicant_view(
            s.get(Applicant, draft.applicant_id) if draft.applicant_id else None
        ),
        agent=applicant_view(s.get(Applicant, draft.agent_id) if draft.agent_id else None),
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


def new_draft_in(s: Session, actor: Actor, ticket_id: int | None) -> DraftView:
    """A new application (首问负责): for the called ticket, or a walk-in without one.

    The same ticket again (after a restart) gives its open draft back.
    """
    now = database_now(s)
    if ticket_id is not None:
        existing = s.scalar(
            select(IntakeDraft).where(
                IntakeDraft.ticket_id == ticket_id, IntakeDraft.status == OPEN
            )
        )
        if existing is not None:
            _take_hold(s, actor, existing, now)
            return draft_view(s, existing)
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
    return draft_view(s, draft)


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
        return open_draft_in(s, actor, draft_id, ticket_id)


def open_draft_in(s: Session, actor: Actor, draft_id: int, ticket_id: int | None) -> DraftView:
    """``open_draft`` within the caller's unit of work (``begin_write`` already ran)."""
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
    return draft_view(s, draft)


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
        draft = held_draft(s, actor, draft_id, database_now(s))
        draft.status = "abandoned"
        draft.holder_id = None


def held_draft(s: Session, actor: Actor, draft_id: int, now: datetime) -> IntakeDraft:
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
    version_id: int | None = None
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
        draft = held_draft(s, actor, draft_id, now)
        if changes.applicant is not None:
            draft.applicant_id = upsert_applicant(s, changes.applicant).id
        if changes.remove_agent:
            draft.agent_id = None
        elif changes.agent is not None:
            draft.agent_id = upsert_applicant(s, changes.agent).id
        if changes.subject is not None:
            assert catalogue is not None
            _choose_subject(draft, catalogue, version_id, *changes.subject)
        if changes.entries and not draft.subject_code:
            raise ClerkError("请先选择事项或一件事。")
        if draft.subject_code and (changes.entries or agent_changed):
            assert catalogue is not None
            _merge_entries(draft, catalogue, changes.entries or {})
        draft.held_at = draft.updated_at = now
        return draft_view(s, draft)


def _choose_subject(
    draft: IntakeDraft, catalogue: Catalogue, version_id: int | None, kind: str, code: str
) -> None:
    """The matter or bundle chosen (it must exist); a new one starts an empty checklist."""
    subject_of(catalogue, kind, code)
    if (kind, code) != (draft.subject_kind, draft.subject_code):
        draft.subject_kind, draft.subject_code = kind, code
        draft.catalogue_version_id = version_id
        draft.materials = {}


def _merge_entries(
    draft: IntakeDraft, catalogue: Catalogue, entries: dict[str, MaterialEntry]
) -> None:
    """The materials marked, merged into the draft's, each state allowed for its material."""
    checklist = draft_subject(catalogue, draft).checklist
    known = {line.material.code for line in checklist.lines}
    unknown = set(entries) - known
    if unknown:
        raise ClerkError("材料不在本事项的清单中。", f"unknown codes {sorted(unknown)}")
    merged = {c: MaterialEntry.from_json(raw) for c, raw in draft.materials.items()}
    merged.update(entries)
    # The agent's letter leaves with the agent (unless the catalogue lists it).
    merged = {c: e for c, e in merged.items() if c in known}
    assess(checklist, merged, on_the_spot=False)
    draft.materials = {c: e.to_json() for c, e in merged.items()}


def get_draft(db: Database, actor: Actor, draft_id: int) -> DraftView:
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        draft = s.get(IntakeDraft, draft_id)
        if draft is None:
            raise NotFound("该申请不存在。")
        return draft_view(s, draft)


def my_open_drafts(db: Database, actor: Actor) -> list[DraftView]:
    """Drafts the actor was working on (offered again after a crash or power cut)."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        rows = s.scalars(
            select(IntakeDraft)
            .where(IntakeDraft.status == OPEN, IntakeDraft.holder_id == actor.account_id)
            .order_by(IntakeDraft.updated_at.desc())
        )
        return [draft_view(s, d) for d in rows]


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
        return [draft_view(s, d) for d in rows]


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
        return [draft_view(s, d) for d in rows]


def assessment(db: Database, draft: DraftView) -> tuple[Subject, Assessment] | None:
    """The checklist of a draft as it stands, and the decisions it allows."""
    if not draft.subject_code:
        return None
    _, catalogue = catalogue_for(db, draft.catalogue_version_id)
    subject = subject_of(
        catalogue, draft.subject_kind, draft.subject_code, agent=draft.agent is not None
    )
    return subject, assess(subject.checklist, draft.entries, subject.on_the_spot)
