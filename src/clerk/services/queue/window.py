"""The window's day: open, pause for a break, close; the ticket at it now."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.errors import Conflict
from clerk.domain.queue import TicketInfo
from clerk.services.accounts import Actor
from clerk.services.queue.hall import my_window
from clerk.storage.db import Database
from clerk.storage.models.queue import (
    QueueCategory,
    QueueTicket,
    QueueWindow,
    is_active,
    is_waiting,
)
from clerk.storage.queue_sql import info_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: str
    name: str
    state: str
    categories: tuple[str, ...]  # prefixes, in order of preference


def windows(db: Database) -> list[WindowInfo]:
    with db.session() as s:
        prefixes = dict(s.execute(select(QueueCategory.id, QueueCategory.prefix)).all())
        rows = s.scalars(select(QueueWindow).where(QueueWindow.active).order_by(QueueWindow.id))
        return [
            WindowInfo(
                w.id,
                w.number,
                w.name,
                w.state,
                tuple(prefixes[wc.category_id] for wc in w.categories),
            )
            for w in rows
        ]


def _set_window_state(db: Database, actor: Actor, state: str) -> WindowInfo:
    with db.session() as s:
        window = my_window(s, actor)
        if state == rules.CLOSED:
            _leave_tickets_for_others(s, window)
        window.state = state
        window.clerk_id = actor.account_id if state != rules.CLOSED else None
        log.info("window %s %s by %s", window.number, state, actor.username)
    return next(w for w in windows(db) if w.number == window.number)


def open_window(db: Database, actor: Actor) -> WindowInfo:
    """Open (or resume after a break) the actor's window: it calls again."""
    return _set_window_state(db, actor, rules.OPEN)


def pause_window(db: Database, actor: Actor) -> WindowInfo:
    """A break: the window calls nobody; the tickets it would serve wait for others."""
    return _set_window_state(db, actor, rules.PAUSED)


def close_window(db: Database, actor: Actor) -> WindowInfo:
    """Close the window. Tickets transferred to it, or called and not yet served, go back
    to the queue for the other windows; a ticket being served must be finished first."""
    return _set_window_state(db, actor, rules.CLOSED)


def _leave_tickets_for_others(s: Session, window: QueueWindow) -> None:
    serving = s.scalar(
        select(QueueTicket.number).where(
            QueueTicket.window_id == window.id, QueueTicket.state == rules.SERVING
        )
    )
    if serving:
        raise Conflict(f"{serving} 号正在办理，请先办结或转办再关闭窗口。")
    for ticket in s.scalars(
        select(QueueTicket).where(
            or_(
                and_(QueueTicket.window_id == window.id, QueueTicket.state == rules.CALLED),
                and_(
                    QueueTicket.target_window_id == window.id,
                    is_waiting(),
                ),
            )
        )
    ):
        ticket.target_window_id = None
        if ticket.state == rules.CALLED:
            ticket.state = rules.WAITING
            ticket.window_id = None
            ticket.called_at = None


def current_ticket(db: Database, actor: Actor) -> TicketInfo | None:
    """The ticket called to or served at the actor's window, if any."""
    with db.session() as s:
        window = my_window(s, actor)
        ticket = s.scalar(
            select(QueueTicket).where(QueueTicket.window_id == window.id, is_active())
        )
        return info_of(ticket) if ticket else None
