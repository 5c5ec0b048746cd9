"""Reading the refusal register: lists, one entry with its reviews, counts, filter choices.

A clerk sees only the entries they filed; a manager (or admin) sees the whole hall.
Lists show the applicant's ID and phone masked; the full numbers stay in the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from clerk.domain.errors import NotFound
from clerk.domain.halltime import HALL_TZ
from clerk.domain.ids import mask_id, mask_phone
from clerk.domain.refusals import (
    KIND_NAMES,
    REVIEW_NAMES,
    STATE_NAMES,
    FilingKind,
    ReviewKind,
    ReviewState,
    overdue_before,
)
from clerk.domain.workdays import WorkCalendar
from clerk.services.accounts import Actor
from clerk.services.refusals.filing import review_state
from clerk.storage.db import Database
from clerk.storage.holidays import hall_calendar
from clerk.storage.models.base import utcnow
from clerk.storage.models.refusals import RefusalEntry, RefusalReview

LIST_LIMIT = 500


@dataclass(frozen=True)
class RegisterFilter:
    """What a manager narrows the register to; empty fields do not filter."""

    date_from: date | None = None  # hall dates, both ends included
    date_to: date | None = None
    window_no: str = ""
    clerk_id: int | None = None
    matter: str = ""  # a code, or part of a matter's name
    category: str = ""
    kind: str = ""
    state: ReviewState | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class ReviewRow:
    id: int
    recorded_at: datetime
    kind: ReviewKind
    manager_name: str
    comment: str
    resolved: bool

    @property
    def kind_name(self) -> str:
        return REVIEW_NAMES[self.kind]


@dataclass(frozen=True)
class EntryRow:
    """One entry as lists, exports and the detail view show it (ID and phone masked)."""

    id: int
    filed_at: datetime
    window_no: str
    clerk_id: int
    clerk_name: str
    kind: FilingKind
    category: str
    reason: str
    legal_basis: str
    facts: str
    applicant_name: str
    applicant_id_masked: str
    applicant_phone_masked: str
    applicant_address: str
    matter_code: str
    matter_name: str
    missing_materials: tuple[str, ...]
    ticket_no: str
    draft_id: int | None
    case_id: int | None
    state: ReviewState
    overdue: bool
    reviews: tuple[ReviewRow, ...] = field(default=())

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


@dataclass(frozen=True)
class Counts:
    total: int
    overdue: int
    by_state: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    by_matter: list[tuple[str, int]]
    by_clerk: list[tuple[str, int]]


@dataclass(frozen=True)
class Choices:
    """What the filter boxes offer: only values that occur in what the actor may see."""

    windows: list[str]
    clerks: list[tuple[int, str]]  # (clerk id, name)
    categories: list[str]
    matters: list[tuple[str, str]]  # (code, name)


def _has(kind: ReviewKind, *more: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(
        RefusalReview.entry_id == RefusalEntry.id, RefusalReview.kind == kind.value, *more
    )


def _state_is(state: ReviewState) -> ColumnElement[bool]:
    agreed, disagreed = _has(ReviewKind.AGREE), _has(ReviewKind.DISAGREE)
    resolved = _has(ReviewKind.FOLLOW_UP, RefusalReview.resolved == 1)
    return {
        ReviewState.PENDING: and_(not_(agreed), not_(disagreed)),
        ReviewState.AGREED: agreed,
        ReviewState.REOPENED: and_(not_(agreed), disagreed, not_(resolved)),
        ReviewState.RESOLVED: and_(not_(agreed), disagreed, resolved),
    }[state]


def _hall_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), HALL_TZ)


def _conditions(actor: Actor, flt: RegisterFilter, cutoff: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not actor.is_manager:
        where.append(RefusalEntry.clerk_id == actor.account_id)
    if flt.date_from:
        where.append(RefusalEntry.filed_at >= _hall_midnight(flt.date_from))
    if flt.date_to:
        where.append(RefusalEntry.filed_at < _hall_midnight(flt.date_to + timedelta(days=1)))
    if flt.window_no:
        where.append(RefusalEntry.window_no == flt.window_no)
    if flt.clerk_id is not None:
        where.append(RefusalEntry.clerk_id == flt.clerk_id)
    if flt.matter.strip():
        text = flt.matter.strip()
        where.append(
            or_(
                RefusalEntry.matter_code == text,
                RefusalEntry.matter_name.contains(text, autoescape=True),
            )
        )
    if flt.category:
        where.append(RefusalEntry.category == flt.category)
    if flt.kind:
        where.append(RefusalEntry.kind == flt.kind)
    if flt.state is not None:
        where.append(_state_is(flt.state))
    if flt.overdue_only:
        where.append(and_(_state_is(ReviewState.PENDING), RefusalEntry.filed_at < cutoff))
    return where


def _row(
    entry: RefusalEntry, reviews: Sequence[RefusalReview], cutoff: datetime, full: bool
) -> EntryRow:
    state = review_state(reviews)
    return EntryRow(
        id=entry.id,
        filed_at=entry.filed_at,
        window_no=entry.window_no,
        clerk_id=entry.clerk_id,
        clerk_name=entry.clerk_name,
        kind=FilingKind(entry.kind),
        category=entry.category,
        reason=entry.reason,
        legal_basis=entry.legal_basis,
        facts=entry.facts,
        applicant_name=entry.applicant_name,
        applicant_id_masked=mask_id(entry.applicant_id_no) if entry.applicant_id_no else "",
        applicant_phone_masked=mask_phone(entry.applicant_phone) if entry.applicant_phone else "",
        applicant_address=entry.applicant_address,
        matter_code=entry.matter_code,
        matter_name=entry.matter_name,
        missing_materials=tuple(json.loads(entry.missing_materials)),
        ticket_no=entry.ticket_no,
        draft_id=entry.draft_id,
        case_id=entry.case_id,
        state=state,
        overdue=state is ReviewState.PENDING and entry.filed_at < cutoff,
        reviews=tuple(
            ReviewRow(
                r.id, r.recorded_at, ReviewKind(r.kind), r.manager_name, r.comment, bool(r.resolved)
            )
            for r in reviews
        )
        if full
        else (),
    )


def _reviews_by_entry(s: Session, ids: Sequence[int]) -> dict[int, list[RefusalReview]]:
    grouped: dict[int, list[RefusalReview]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):  # keeps IN lists short on both engines
        chunk = ids[start : start + 500]
        query = select(RefusalReview).where(RefusalReview.entry_id.in_(chunk))
        for review in s.scalars(query.order_by(RefusalReview.id)):
            grouped[review.entry_id].append(review)
    return grouped


def _now_and_cutoff(now: datetime | None, calendar: WorkCalendar | None) -> datetime:
    return overdue_before(now or utcnow(), calendar or hall_calendar())


def list_entries(
    db: Database,
    actor: Actor,
    flt: RegisterFilter | None = None,
    *,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
    limit: int | None = LIST_LIMIT,
    with_reviews: bool = False,
) -> list[EntryRow]:
    """Newest first; a clerk gets their own entries whatever the filter says."""
    cutoff = _now_and_cutoff(now, calendar)
    where = _conditions(actor, flt or RegisterFilter(), cutoff)
    query = select(RefusalEntry).where(*where).order_by(RefusalEntry.id.desc()).limit(limit)
    with db.session() as s:
        entries = list(s.scalars(query))
        reviews = _reviews_by_entry(s, [e.id for e in entries])
        return [_row(e, reviews[e.id], cutoff, with_reviews) for e in entries]


def entry_detail(
    db: Database,
    actor: Actor,
    entry_id: int,
    *,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> EntryRow:
    """One entry with its reviews and follow-ups; another clerk's entry is "not found"."""
    cutoff = _now_and_cutoff(now, calendar)
    with db.session() as s:
        entry = s.get(RefusalEntry, entry_id)
        if entry is None or (not actor.is_manager and entry.clerk_id != actor.account_id):
            raise NotFound(f"没有第{entry_id}号否定备案，或您无权查看。")
        return _row(entry, _reviews_by_entry(s, [entry_id])[entry_id], cutoff, True)


def register_counts(
    db: Database,
    actor: Actor,
    flt: RegisterFilter | None = None,
    *,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> Counts:
    """How many entries, and where they come from: category, reason, matter, clerk, state."""
    cutoff = _now_and_cutoff(now, calendar)
    where = _conditions(actor, flt or RegisterFilter(), cutoff)
    with db.session() as s:

        def grouped(*columns: Any) -> list[tuple[str, int]]:
            number = func.count(RefusalEntry.id)
            query = select(*columns, number).where(*where).group_by(*columns)
            rows = s.execute(query.order_by(number.desc(), *columns)).all()
            return [(" ".join(str(v) for v in row[:-1] if v), int(row[-1])) for row in rows]

        def count(*more: ColumnElement[bool]) -> int:
            query = select(func.count(RefusalEntry.id)).where(*where, *more)
            return s.scalar(query) or 0

        return Counts(
            total=count(),
            overdue=count(_state_is(ReviewState.PENDING), RefusalEntry.filed_at < cutoff),
            by_state=[(STATE_NAMES[st], count(_state_is(st))) for st in ReviewState],
            by_category=grouped(RefusalEntry.category),
            by_reason=grouped(RefusalEntry.reason),
            by_matter=grouped(RefusalEntry.matter_code, RefusalEntry.matter_name),
            by_clerk=grouped(RefusalEntry.clerk_name, RefusalEntry.clerk_staff_no),
        )


def register_choices(db: Database, actor: Actor) -> Choices:
    own = [] if actor.is_manager else [RefusalEntry.clerk_id == actor.account_id]
    with db.session() as s:

        def distinct(*columns: Any) -> list[tuple[Any, ...]]:
            query = select(*columns).where(*own).distinct().order_by(*columns)
            return [tuple(row) for row in s.execute(query)]

        return Choices(
            windows=[w for (w,) in distinct(RefusalEntry.window_no) if w],
            clerks=[(i, n) for i, n in distinct(RefusalEntry.clerk_id, RefusalEntry.clerk_name)],
            categories=[c for (c,) in distinct(RefusalEntry.category)],
            matters=[
                (c, n) for c, n in distinct(RefusalEntry.matter_code, RefusalEntry.matter_name) if c
            ],
        )
