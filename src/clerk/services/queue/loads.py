"""How the queue stands: waiting tickets per category and the wait a new ticket can expect;
the waiting list a window sees and the tickets past the alert limit (the 15-minute rule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.queue import TicketInfo
from clerk.services.accounts import Actor, Role, require
from clerk.services.queue.hall import window_numbered
from clerk.storage.db import Database
from clerk.storage.dialect import database_now
from clerk.storage.models.queue import (
    QueueCategory,
    QueueTicket,
    QueueWindow,
    QueueWindowCategory,
    is_waiting,
)
from clerk.storage.queue_sql import info_of

# Finished tickets of the day that the estimate of service time looks at.
SERVICE_SAMPLE = 20


@dataclass(frozen=True)
class CategoryLoad:
    prefix: str
    name: str
    waiting: int
    estimated_wait_minutes: int


@dataclass(frozen=True)
class WaitingTicket:
    ticket: TicketInfo
    waited_minutes: int
    overdue: bool


def service_minutes(session: Session, category_id: int, day: object, default: float) -> float:
    """The average service time of the day's last finished tickets of a category."""
    rows = session.execute(
        select(QueueTicket.service_started_at, QueueTicket.service_ended_at)
        .where(
            QueueTicket.service_day == day,
            QueueTicket.category_id == category_id,
            QueueTicket.state == rules.DONE,
            QueueTicket.service_started_at.is_not(None),
            QueueTicket.service_ended_at.is_not(None),
        )
        .order_by(QueueTicket.service_ended_at.desc())
        .limit(SERVICE_SAMPLE)
    ).all()
    spans = [rules.minutes_between(s, e) for s, e in rows if s is not None and e is not None]
    return sum(spans) / len(spans) if spans else default


def open_windows(session: Session, category_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(QueueWindowCategory)
            .join(QueueWindow, QueueWindow.id == QueueWindowCategory.window_id)
            .where(QueueWindowCategory.category_id == category_id, QueueWindow.state == rules.OPEN)
        )
        or 0
    )


def category_loads(db: Database, settings: rules.QueueRules | None = None) -> list[CategoryLoad]:
    """Waiting tickets and the estimated wait of a new ticket, per category."""
    settings = settings or rules.QueueRules()
    with db.session() as s:
        day = rules.service_day(database_now(s))
        counts = dict(
            s.execute(
                select(QueueTicket.category_id, func.count())
                .where(QueueTicket.service_day == day, is_waiting())
                .group_by(QueueTicket.category_id)
            ).all()
        )
        loads = []
        for c in s.scalars(
            select(QueueCategory)
            .where(QueueCategory.active)
            .order_by(QueueCategory.position, QueueCategory.prefix)
        ):
            waiting = counts.get(c.id, 0)
            minutes = rules.estimated_wait_minutes(
                waiting,
                service_minutes(s, c.id, day, settings.default_service_minutes),
                open_windows(s, c.id),
            )
            loads.append(CategoryLoad(c.prefix, c.name, waiting, minutes))
        return loads


def waiting_tickets(
    db: Database, actor: Actor, settings: rules.QueueRules | None = None
) -> list[WaitingTicket]:
    """The waiting list a window sees (a manager sees the whole hall), oldest first.

    A ticket past the alert limit is ``overdue``; the first time it is seen so it is
    marked (``overdue_at``) and counts in the statistics.
    """
    settings = settings or rules.QueueRules()
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    with db.session() as s:
        now = database_now(s)
        query = select(QueueTicket).where(
            QueueTicket.service_day == rules.service_day(now),
            is_waiting(),
        )
        if not actor.is_manager:
            window = window_numbered(s, actor.window_no)
            query = query.where(
                or_(
                    QueueTicket.target_window_id == window.id,
                    and_(
                        QueueTicket.target_window_id.is_(None),
                        QueueTicket.category_id.in_([wc.category_id for wc in window.categories]),
                    ),
                )
            )
        limit = timedelta(minutes=settings.alert_minutes)
        result = []
        for ticket in s.scalars(query.order_by(QueueTicket.issued_at, QueueTicket.id)):
            overdue = now - ticket.issued_at > limit
            if overdue and ticket.overdue_at is None:
                ticket.overdue_at = ticket.issued_at + limit
            waited = int(rules.minutes_between(ticket.issued_at, now))
            result.append(WaitingTicket(info_of(ticket), waited, overdue))
        return result


def overdue_alerts(
    db: Database, actor: Actor, settings: rules.QueueRules | None = None
) -> list[WaitingTicket]:
    """Tickets waiting past the limit that this actor's window could serve (manager: all)."""
    return [w for w in waiting_tickets(db, actor, settings) if w.overdue]
