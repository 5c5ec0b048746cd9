"""The queue's hot statements on PostgreSQL: call-next and finish, one round trip each.

60 windows call and finish at once in a busy hall; each action is one statement sent in
autocommit, so a window holds its row locks for one statement only and the server does
not wait on the client between statements. ``clerk.services.queue`` runs them and, on
SQLite (one workstation, one writer), runs the same rules through the ORM.

The statements are built once (``cache``); SQLAlchemy compiles them once per dialect.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    CTE,
    Column,
    ColumnElement,
    Date,
    Integer,
    Interval,
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
from sqlalchemy.orm import aliased

from clerk.domain import queue as rules
from clerk.domain.halltime import HALL_TZ
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
