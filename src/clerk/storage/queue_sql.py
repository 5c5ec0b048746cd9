"""The queue's hot writes, once per engine: calling the next ticket and finishing one.

``ticket_desk(db.sql)`` is the engine's ``TicketDesk``. On PostgreSQL (a hall: 60 windows
call and finish at once) each action is one statement sent in autocommit, so a window
holds its row locks for one statement only and the server does not wait on the client
between statements. On SQLite (one workstation, one writer) each is one short
``BEGIN IMMEDIATE`` transaction through the ORM, picking with the same steps.

The PostgreSQL statements are built once (``cache``); SQLAlchemy compiles them once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    CTE,
    Column,
    ColumnElement,
    Connection,
    Date,
    Integer,
    Interval,
    Row,
    Select,
    String,
    Table,
    and_,
    any_,
    bindparam,
    case,
    cast,
    column,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from clerk.domain import queue as rules
from clerk.domain.halltime import HALL_TZ
from clerk.domain.queue import TicketInfo
from clerk.storage.db import Database, explain
from clerk.storage.dialect import PostgresSql, SqliteSql
from clerk.storage.models.queue import (
    QueueCall,
    QueueCategory,
    QueueTicket,
    QueueWindow,
    is_active,
    is_waiting,
)

# What call_next's statement writes into queue_call, in this order.
CALL_COLUMNS = "ticket_id window_id ticket_number window_number kind called_at clerk_id"
# The ticket's columns the statements return: what TicketInfo shows, and the keys to
# its category and target window. (Every column returned costs the client time.)
TICKET_COLUMNS = [
    "id",
    "number",
    "state",
    "issued_at",
    "priority_reason",
    "appointment_id",
    "called_at",
    "recall_count",
    "transfer_note",
    "clerk_id",
    "category_id",
    "target_window_id",
    "window_id",
]


# LIMIT 1 written into the SQL, not sent as a parameter. In a generic plan a LIMIT
# parameter counts as a tenth of the rows, so once queue_ticket has a long day's
# statistics the server judged the one plan dearer than planning each call for its
# values, and planned every call afresh: 0.3-0.4 ms more server CPU per call.
ONE: ColumnElement[int] = literal_column("1", Integer)


def _returned(t: Table) -> list[Column[Any]]:
    return [t.c[name] for name in TICKET_COLUMNS]


def _window_for_call() -> CTE:
    """PostgreSQL: the caller's window (``:window_number``), locked, with the ticket still
    at it (busy) and its categories in order of preference (migration 0009_queue_calling)."""
    found = func.queue_window_for_call(bindparam("window_number", type_=String)).table_valued(
        column("window_id", Integer),
        column("window_number", String),
        column("window_state", String),
        column("busy_number", String),
        column("categories", ARRAY(Integer)),
    )
    return select(found).cte("win")


def _oldest(day: Any, *where: ColumnElement[bool]) -> Select[int]:
    """The longest-waiting ticket of the day that matches and no other window holds.

    Each step of call_next reads one partial index in (issue time, id) order and stops
    at the first ticket it can lock: no sort of the whole waiting list.
    """
    t = QueueTicket
    return (
        select(t.id)
        .where(t.service_day == day, is_waiting(), *where)
        .order_by(t.issued_at, t.id)
        .limit(ONE)
        .with_for_update(skip_locked=True)
    )


def pick_steps(
    window_id: Any, serves: ColumnElement[bool], now: Any, overdue_since: Any, day: Any
) -> tuple[Select[int], Select[int]]:
    """The first two steps of call_next; the third is ``oldest_in`` per category.

    1. sent to this window, the priority channel, appointments whose slot has begun;
    2. tickets of the window's categories (``serves``) waiting past the alert limit.
    """
    t = QueueTicket
    goes_first = _oldest(
        day,
        # The partial index's condition, so the planner uses ix_queue_ticket_first.
        or_(t.target_window_id.is_not(None), t.priority_reason.is_not(None), t.due_at.is_not(None)),
        or_(
            t.target_window_id == window_id,
            and_(
                t.target_window_id.is_(None),
                serves,
                or_(t.priority_reason.is_not(None), t.due_at <= now),
            ),
        ),
    )
    overdue = _oldest(day, t.target_window_id.is_(None), serves, t.issued_at <= overdue_since)
    return goes_first, overdue


def oldest_in(day: Any, category_id: Any) -> Select[int]:
    """3. the longest wait of one category (the window's, in order of preference)."""
    t = QueueTicket
    return _oldest(day, t.target_window_id.is_(None), t.category_id == category_id)


def call_next_params(
    window_number: str, clerk_id: int, settings: rules.QueueRules
) -> dict[str, Any]:
    return {
        "window_number": window_number.strip(),
        "clerk_id": clerk_id,
        "alert": timedelta(minutes=settings.alert_minutes),
    }


@cache
def call_next_statement() -> Select[Any]:
    """call_next on PostgreSQL: lock the window, pick, claim, insert the call; one statement.

    Parameters: ``call_next_params``; the bench sends it from a lean client too. Times
    are the database's: ``now()``, the statement's start.
    """
    t = QueueTicket.__table__
    assert isinstance(t, Table)
    now = func.now()
    alert = bindparam("alert", type_=Interval)
    clerk = bindparam("clerk_id", type_=Integer)
    hours = int((HALL_TZ.utcoffset(None) or timedelta()).total_seconds() // 3600)
    day = cast(func.timezone(literal_column(f"INTERVAL '{hours:+03d}:00'"), now), Date)
    win = _window_for_call()
    serves = QueueTicket.category_id == any_(win.c.categories)
    goes_first, overdue_first = pick_steps(win.c.window_id, serves, now, now - alert, day)
    categories = func.unnest(win.c.categories).table_valued("category_id").render_derived(name="c")
    oldest = oldest_in(day, categories.c.category_id).subquery().lateral("x")
    # unnest gives the categories in order and LIMIT 1 stops the nested loop at the
    # first category with a ticket: later categories are not read (nor locked). COALESCE
    # evaluates its arguments in turn and stops at the first found.
    by_preference = select(oldest.c.id).select_from(categories.join(oldest, true())).limit(ONE)
    picked = (
        select(
            func.coalesce(
                goes_first.scalar_subquery(),
                overdue_first.scalar_subquery(),
                by_preference.scalar_subquery(),
            ).label("id"),
            win.c.window_id,
        )
        .where(win.c.window_state == rules.OPEN, win.c.busy_number.is_(None))
        .cte("pick")
    )
    overdue = and_(t.c.overdue_at.is_(None), t.c.issued_at < now - alert)
    called = (
        update(t)
        .where(t.c.id == picked.c.id)
        .values(
            state=rules.CALLED,
            called_at=now,
            window_id=picked.c.window_id,
            clerk_id=clerk,
            recall_count=0,
            overdue_at=case((overdue, t.c.issued_at + alert), else_=t.c.overdue_at),
        )
        .returning(*_returned(t))
        .cte("called")
    )
    announced = (
        insert(QueueCall)
        .from_select(
            [getattr(QueueCall, name) for name in CALL_COLUMNS.split()],
            select(called.c.id, win.c.window_id, called.c.number, win.c.window_number)
            .add_columns(literal("call"), now, clerk)
            .where(win.c.window_id == called.c.window_id),
        )
        .returning(QueueCall.id)
        .cte("announced")
    )
    category, target = QueueCategory, aliased(QueueWindow)
    return select(
        win.c.window_number,
        win.c.window_state,
        win.c.busy_number,
        *called.c,
        category.prefix,
        category.name,
        target.number.label("target_window_number"),
        announced.c.id.label("call_id"),
    ).select_from(
        win.outerjoin(called, true())
        .outerjoin(announced, true())
        .outerjoin(category, category.id == called.c.category_id)
        .outerjoin(target, target.id == called.c.target_window_id)
    )


def finish_params(ticket_id: int, window_number: str, clerk_id: int) -> dict[str, Any]:
    return {"ticket_id": ticket_id, "window_number": window_number.strip(), "clerk_id": clerk_id}


@cache
def finish_statement() -> Select[Any]:
    """finish on PostgreSQL: the ticket called to or served at the caller's window is done.

    Parameters: ``finish_params``. Returns the ticket with its category and window, or
    no row when the ticket is not active at this window (the caller then finds out why).
    """
    t = QueueTicket.__table__
    assert isinstance(t, Table)
    now = func.now()
    window_id = (
        select(QueueWindow.id)
        .where(QueueWindow.number == bindparam("window_number", type_=String), QueueWindow.active)
        .scalar_subquery()
    )
    done = (
        update(t)
        .where(t.c.id == bindparam("ticket_id", type_=Integer), t.c.window_id == window_id)
        .where(is_active())
        .values(
            state=rules.DONE,
            service_started_at=func.coalesce(t.c.service_started_at, now),
            service_ended_at=now,
            clerk_id=bindparam("clerk_id", type_=Integer),
        )
        .returning(*_returned(t))
        .cte("done")
    )
    category, window, target = QueueCategory, aliased(QueueWindow), aliased(QueueWindow)
    return select(
        done,
        category.prefix,
        category.name,
        window.number.label("window_number"),
        target.number.label("target_window_number"),
    ).select_from(
        done.join(category, category.id == done.c.category_id)
        .join(window, window.id == done.c.window_id)
        .outerjoin(target, target.id == done.c.target_window_id)
    )


# ---------------------------------------------------------------- what the desks answer


def ticket_info(
    ticket: QueueTicket | Row[Any],
    category: QueueCategory | Row[Any],
    window_number: str | None,
    target_window_number: str | None,
) -> TicketInfo:
    """From a ticket and its category, as ORM objects or as rows of a statement."""
    return TicketInfo(
        id=ticket.id,
        number=ticket.number,
        category=category.prefix,
        category_name=category.name,
        state=ticket.state,
        issued_at=ticket.issued_at,
        priority_reason=ticket.priority_reason,
        appointment=ticket.appointment_id is not None,
        called_at=ticket.called_at,
        window_number=window_number,
        target_window_number=target_window_number,
        recall_count=ticket.recall_count,
        transfer_note=ticket.transfer_note,
        clerk_id=ticket.clerk_id,
    )


def info_of(ticket: QueueTicket) -> TicketInfo:
    """A ticket read through the ORM, with its category and windows."""
    # Many-to-one loads come from the session's identity map when already read.
    window, target = ticket.window, ticket.target_window
    return ticket_info(
        ticket,
        ticket.category,
        window.number if window else None,
        target.number if target else None,
    )


def announce(
    session: Session,
    window: QueueWindow,
    ticket: QueueTicket,
    kind: str,
    clerk_id: int,
    now: datetime,
) -> QueueCall:
    """A call or recall row; on PostgreSQL its trigger NOTIFYs the displays at commit."""
    call = QueueCall(
        ticket_id=ticket.id,
        window_id=window.id,
        ticket_number=ticket.number,
        window_number=window.number,
        kind=kind,
        called_at=now,
        clerk_id=clerk_id,
    )
    session.add(call)
    session.flush()
    return call


@dataclass(frozen=True)
class Called:
    """call-next's answer: the caller's window as found, and the ticket it called.

    ``ticket`` is None when the window is not open, is still busy with ``busy_number``,
    or nobody waits for it.
    """

    window_number: str
    window_state: str
    busy_number: str | None
    ticket: TicketInfo | None
    call_id: int | None


# ---------------------------------------------------------------- the desks


class TicketDesk:
    """Calling and finishing tickets, written once for each engine."""

    def call_next(
        self, db: Database, window_number: str, clerk_id: int, settings: rules.QueueRules
    ) -> Called | None:
        """Claim the next ticket for an open, free window and record the call (``pick_steps``
        then ``oldest_in`` by the window's categories); None when the window does not exist."""
        raise NotImplementedError

    def finish(
        self, db: Database, ticket_id: int, window_number: str, clerk_id: int
    ) -> TicketInfo | None:
        """The ticket called to or served at the window is done; None when it is not
        active at that window (the caller finds out why)."""
        raise NotImplementedError


class SqliteDesk(TicketDesk):
    """One workstation: ``BEGIN IMMEDIATE`` holds the only write lock throughout."""

    def call_next(
        self, db: Database, window_number: str, clerk_id: int, settings: rules.QueueRules
    ) -> Called | None:
        with db.session() as s:
            db.sql.begin_write(s)
            w = QueueWindow
            busy = select(QueueTicket.number).where(QueueTicket.window_id == w.id, is_active())
            row = s.execute(
                select(
                    w.id.label("window_id"),
                    w.number.label("window_number"),
                    w.state.label("window_state"),
                    busy.limit(1).scalar_subquery().label("busy_number"),
                ).where(w.number == window_number.strip(), w.active)
            ).one_or_none()
            if row is None:
                return None
            found = Called(row.window_number, row.window_state, row.busy_number, None, None)
            if row.window_state != rules.OPEN or row.busy_number:
                return found
            window = s.get_one(QueueWindow, row.window_id)
            categories = [wc.category_id for wc in window.categories]
            now = db.sql.now(s)
            limit = timedelta(minutes=settings.alert_minutes)
            day = rules.service_day(now)
            serves = QueueTicket.category_id.in_(categories)
            steps = pick_steps(window.id, serves, now, now - limit, day)
            for step in (*steps, *(oldest_in(day, c) for c in categories)):
                if (ticket_id := s.scalar(step)) is not None:
                    break
            else:
                return found
            ticket = s.get_one(QueueTicket, ticket_id, options=[joinedload(QueueTicket.category)])
            ticket.state = rules.CALLED
            ticket.called_at = now
            ticket.window_id = window.id
            ticket.clerk_id = clerk_id
            ticket.recall_count = 0
            if now - ticket.issued_at > limit:
                ticket.overdue_at = ticket.overdue_at or ticket.issued_at + limit
            call = announce(s, window, ticket, "call", clerk_id, now)
            return Called(window.number, window.state, None, info_of(ticket), call.id)

    def finish(
        self, db: Database, ticket_id: int, window_number: str, clerk_id: int
    ) -> TicketInfo | None:
        with db.session() as s:
            db.sql.begin_write(s)
            ticket = s.scalar(
                select(QueueTicket)
                .join(QueueTicket.window)
                .where(
                    QueueTicket.id == ticket_id,
                    QueueWindow.number == window_number.strip(),
                    QueueWindow.active,
                    is_active(),
                )
                .options(contains_eager(QueueTicket.window), joinedload(QueueTicket.category))
            )
            if ticket is None:
                return None
            now = db.sql.now(s)
            ticket.service_started_at = ticket.service_started_at or now
            ticket.service_ended_at = now
            ticket.state = rules.DONE
            ticket.clerk_id = clerk_id
            return info_of(ticket)


class PostgresDesk(TicketDesk):
    """A hall: each action one statement, committed on its own (one round trip)."""

    def call_next(
        self, db: Database, window_number: str, clerk_id: int, settings: rules.QueueRules
    ) -> Called | None:
        with _autocommit(db) as conn:
            params = call_next_params(window_number, clerk_id, settings)
            row = conn.execute(call_next_statement(), params).one_or_none()
        if row is None:
            return None
        ticket = None
        if row.id is not None:
            ticket = ticket_info(row, row, row.window_number, row.target_window_number)
        return Called(row.window_number, row.window_state, row.busy_number, ticket, row.call_id)

    def finish(
        self, db: Database, ticket_id: int, window_number: str, clerk_id: int
    ) -> TicketInfo | None:
        with _autocommit(db) as conn:
            params = finish_params(ticket_id, window_number, clerk_id)
            row = conn.execute(finish_statement(), params).one_or_none()
        if row is None:
            return None
        return ticket_info(row, row, row.window_number, row.target_window_number)


@contextmanager
def _autocommit(db: Database) -> Iterator[Connection]:
    """A connection whose every statement commits on its own (one round trip each)."""
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            yield conn
    except OperationalError as exc:
        raise explain(exc) from exc


DESKS: dict[str, TicketDesk] = {SqliteSql.name: SqliteDesk(), PostgresSql.name: PostgresDesk()}


def ticket_desk(db: Database) -> TicketDesk:
    """The desk of a database's engine (``db.sql``)."""
    return DESKS[db.sql.name]
