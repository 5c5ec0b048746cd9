"""好差评: rate a finished service; a poor rating opens a follow-up for the manager.

一次一评、一事一评: each case of a visit is rated once; a visit that made no case (a
question answered, a ticket transferred on) is rated once as the visit. A rating
carries ticket, case, clerk, window and matter.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk.domain import ratings as rules
from clerk.domain.errors import ClerkError, Conflict, NotFound, PermissionDenied
from clerk.domain.queue import DONE, service_day
from clerk.domain.workdays import WorkCalendar
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.dialect import database_now
from clerk.storage.holidays import hall_calendar
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case
from clerk.storage.models.queue import QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating, RatingFollowUp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RatingSubject:
    """What the evaluator asks about: one case of the visit, or the visit itself."""

    ticket_id: int
    ticket_number: str
    case_id: int | None
    case_number: str
    matter_code: str
    matter_name: str


@dataclass(frozen=True)
class RatingResult:
    rating_id: int
    follow_up_due: date | None  # set when the rating was poor
    due_warning: str


@dataclass(frozen=True)
class FollowUpInfo:
    id: int
    due_date: date
    due_estimated: bool
    state: str
    result: str
    level: str
    reasons: tuple[str, ...]
    comment: str
    ticket_number: str
    matter_name: str
    clerk_name: str
    window_no: str
    rated_at: datetime

    @property
    def level_name(self) -> str:
        return rules.LEVELS[self.level]


def _finished_ticket(s: Session, actor: Actor, ticket_id: int) -> QueueTicket:
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    ticket = s.get(QueueTicket, ticket_id)
    if ticket is None:
        raise NotFound("该号不存在。")
    if ticket.state != DONE:
        raise Conflict(f"{ticket.number} 号尚未办结，办结后再请申请人评价。")
    if ticket.clerk_id != actor.account_id and not actor.is_manager:
        raise PermissionDenied(f"{ticket.number} 号不是由您办理的。")
    return ticket


def _subjects(s: Session, ticket: QueueTicket) -> list[RatingSubject]:
    rated_cases = set(s.scalars(select(Rating.case_id).where(Rating.ticket_id == ticket.id)))
    cases = s.scalars(select(Case).where(Case.ticket_id == ticket.id).order_by(Case.id)).all()
    if cases:
        return [
            RatingSubject(ticket.id, ticket.number, c.id, c.number, c.subject_code, c.subject_name)
            for c in cases
            if c.id not in rated_cases
        ]
    if rated_cases:  # the visit itself was rated already
        return []
    return [RatingSubject(ticket.id, ticket.number, None, "", "", ticket.category.name)]


def rating_subjects(db: Database, actor: Actor, ticket_id: int) -> list[RatingSubject]:
    """What is left to rate for a finished ticket, in order."""
    with db.session() as s:
        return _subjects(s, _finished_ticket(s, actor, ticket_id))


def rate(
    db: Database,
    actor: Actor,
    ticket_id: int,
    level: str,
    reasons: Sequence[str] = (),
    *,
    case_id: int | None = None,
    comment: str = "",
    calendar: WorkCalendar | None = None,
    follow_up_days: int = rules.FOLLOW_UP_WORKING_DAYS,
) -> RatingResult:
    """Store the applicant's rating; 不满意 or worse opens a follow-up due in working days."""
    if level not in rules.LEVELS:
        raise ClerkError("请选择一个评价等级。", f"unknown level {level!r}")
    unknown = set(reasons) - set(rules.GOOD_REASONS) - set(rules.POOR_REASONS)
    if unknown:
        raise ClerkError("评价原因无效。", f"unknown reasons {sorted(unknown)}")
    with db.session() as s:
        ticket = _finished_ticket(s, actor, ticket_id)
        subject = next((x for x in _subjects(s, ticket) if x.case_id == case_id), None)
        if subject is None:
            raise Conflict(f"{ticket.number} 号的这项服务已评价过（一次一评、一事一评）。")
        now = database_now(s)
        window_no = s.scalar(select(QueueWindow.number).where(QueueWindow.id == ticket.window_id))
        rating = Rating(
            ticket_id=ticket.id,
            case_id=case_id,
            clerk_id=ticket.clerk_id or actor.account_id,
            window_no=window_no or actor.window_no,
            matter_code=subject.matter_code,
            matter_name=subject.matter_name,
            level=level,
            reasons=list(reasons),
            comment=comment.strip(),
            channel="evaluator",
            rated_at=now,
        )
        s.add(rating)
        due, warning = None, ""
        if rules.is_poor(level):
            deadline = (calendar or hall_calendar()).add_workdays(service_day(now), follow_up_days)
            due, warning = deadline.date, deadline.warning()
            s.add(
                RatingFollowUp(
                    rating=rating,
                    opened_at=now,
                    due_date=deadline.date,
                    due_estimated=deadline.estimated,
                    state="open",
                )
            )
            log.info("poor rating on %s: follow-up due %s", ticket.number, due)
        s.flush()
        return RatingResult(rating.id, due, warning)


def follow_ups(db: Database, actor: Actor, *, open_only: bool = True) -> list[FollowUpInfo]:
    """The manager's list of poor ratings to follow up, the earliest due first."""
    require(actor, Role.MANAGER, Role.ADMIN)
    with db.session() as s:
        query = (
            select(RatingFollowUp, Rating, QueueTicket.number, Account.display_name)
            .join(Rating, Rating.id == RatingFollowUp.rating_id)
            .join(QueueTicket, QueueTicket.id == Rating.ticket_id)
            .join(Account, Account.id == Rating.clerk_id)
            .order_by(RatingFollowUp.due_date, RatingFollowUp.id)
        )
        if open_only:
            query = query.where(RatingFollowUp.state == "open")
        return [
            FollowUpInfo(
                f.id,
                f.due_date,
                f.due_estimated,
                f.state,
                f.result,
                r.level,
                tuple(r.reasons),
                r.comment,
                number,
                r.matter_name,
                name,
                r.window_no,
                r.rated_at,
            )
            for f, r, number, name in s.execute(query)
        ]


def close_follow_up(db: Database, actor: Actor, follow_up_id: int, result: str) -> None:
    """The applicant was called back and the cause put right: write down how."""
    require(actor, Role.MANAGER, Role.ADMIN)
    if not result.strip():
        raise ClerkError("请填写整改结果。")
    with db.session() as s:
        follow_up = s.get(RatingFollowUp, follow_up_id)
        if follow_up is None:
            raise NotFound("该整改事项不存在。")
        if follow_up.state == "closed":
            raise Conflict("该整改事项已办结。")
        follow_up.state = "closed"
        follow_up.result = result.strip()
        follow_up.closed_at = database_now(s)
        follow_up.closed_by = actor.account_id
