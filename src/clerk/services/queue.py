"""Queue calling (排队叫号): the kiosk, the window's buttons, the board, the 15-minute rule.

Times come from the database (``database_now``), so a workstation with a wrong clock
cannot reorder the queue. Two windows never call one ticket: PostgreSQL hands each
caller a different row (``FOR UPDATE SKIP LOCKED``); SQLite has one writer at a time
(``BEGIN IMMEDIATE``). Every call is a ``queue_call`` row, announced on PostgreSQL with
``NOTIFY`` (see ``clerk.services.call_feed``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, joinedload

from clerk.domain import queue as rules
from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.services import queue_statements as statements
from clerk.services.accounts import Actor, Role, require
from clerk.services.queue_statements import oldest_in, pick_steps
from clerk.settings import Settings
from clerk.storage.clock import begin_write, database_now, is_sqlite
from clerk.storage.db import Database, explain
from clerk.storage.models.queue import (
    QueueAppointment,
    QueueCall,
    QueueCategory,
    QueueSequence,
    QueueTicket,
    QueueWindow,
    QueueWindowCategory,
    is_active,
    is_waiting,
)

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "clerk_queue_call"
# Finished tickets of the day that the estimate of service time looks at.
SERVICE_SAMPLE = 20


def load_rules(settings: Settings) -> rules.QueueRules:
    return rules.QueueRules(
        alert_minutes=settings.get_int("queue.wait_alert_minutes"),
        max_recalls=settings.get_int("queue.max_recalls"),
    )


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    prefix: str
    name: str
    matter_codes: tuple[str, ...]


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: str
    name: str
    state: str
    categories: tuple[str, ...]  # prefixes, in order of preference


@dataclass(frozen=True)
class TicketInfo:
    id: int
    number: str
    category: str
    category_name: str
    state: str
    issued_at: datetime
    priority_reason: str | None
    appointment: bool
    called_at: datetime | None
    window_number: str | None
    target_window_number: str | None
    recall_count: int
    transfer_note: str
    clerk_id: int | None

    @property
    def state_name(self) -> str:
        return rules.STATE_NAMES[self.state]


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk shows and prints."""

    ticket: TicketInfo
    waiting_ahead: int
    estimated_wait_minutes: int
    repeated: bool  # the same tap (or booking) again: the ticket was already issued


@dataclass(frozen=True)
class CallInfo:
    """One call or recall, as the hall display shows and speaks it."""

    id: int
    ticket_id: int
    ticket_number: str
    window_number: str
    kind: str  # call | recall
    called_at: datetime

    @property
    def spoken(self) -> str:
        return rules.spoken_call(self.ticket_number, self.window_number)


@dataclass(frozen=True)
class RecallResult:
    call: CallInfo | None
    no_show: bool  # the recall limit was reached: the ticket is now 过号


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


# ---------------------------------------------------------------- helpers


def _category(session: Session, prefix: str) -> QueueCategory:
    category = session.scalar(
        select(QueueCategory).where(QueueCategory.prefix == rules.normalise_prefix(prefix))
    )
    if category is None or not category.active:
        raise NotFound(f"没有“{prefix}”类业务，请检查排队设置。")
    return category


def _no_window(number: str) -> NotFound:
    return NotFound(f"未设置 {number} 号窗口，请系统管理员在排队设置中添加。")


def _window(session: Session, number: str) -> QueueWindow:
    window = session.scalar(select(QueueWindow).where(QueueWindow.number == number.strip()))
    if window is None or not window.active:
        raise _no_window(number)
    return window


def _info(session: Session, ticket: QueueTicket) -> TicketInfo:
    # Many-to-one loads come from the session's identity map when already read.
    window, target = ticket.window, ticket.target_window
    return _ticket_info(
        ticket,
        ticket.category,
        window.number if window else None,
        target.number if target else None,
    )


def _ticket_info(
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


def _call_info(call: QueueCall) -> CallInfo:
    return CallInfo(
        id=call.id,
        ticket_id=call.ticket_id,
        ticket_number=call.ticket_number,
        window_number=call.window_number,
        kind=call.kind,
        called_at=call.called_at,
    )


def _next_sequence(session: Session, day: object, category_id: int) -> int:
    """The day's next number of a category; the counter row serialises two kiosks."""
    insert = sqlite_insert if is_sqlite(session) else pg_insert
    stmt = (
        insert(QueueSequence)
        .values(service_day=day, category_id=category_id, last=1)
        .on_conflict_do_update(
            index_elements=["service_day", "category_id"],
            set_={"last": QueueSequence.last + 1},
        )
        .returning(QueueSequence.last)
    )
    return int(session.execute(stmt).scalar_one())


def _announce(
    session: Session,
    window: QueueWindow,
    ticket: QueueTicket,
    kind: str,
    actor: Actor,
    now: datetime,
) -> CallInfo:
    call = QueueCall(
        ticket_id=ticket.id,
        window_id=window.id,
        ticket_number=ticket.number,
        window_number=window.number,
        kind=kind,
        called_at=now,
        clerk_id=actor.account_id,
    )
    session.add(call)
    # On PostgreSQL the row's trigger NOTIFYs the displays when this transaction commits.
    session.flush()
    return _call_info(call)


def _waiting_ahead(session: Session, ticket: QueueTicket) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(QueueTicket)
            .where(
                QueueTicket.service_day == ticket.service_day,
                QueueTicket.category_id == ticket.category_id,
                is_waiting(),
                QueueTicket.id < ticket.id,
            )
        )
        or 0
    )


def _service_minutes(session: Session, category_id: int, day: object, default: float) -> float:
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


def _open_windows(session: Session, category_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(QueueWindowCategory)
            .join(QueueWindow, QueueWindow.id == QueueWindowCategory.window_id)
            .where(QueueWindowCategory.category_id == category_id, QueueWindow.state == rules.OPEN)
        )
        or 0
    )


def _estimate(session: Session, ticket: QueueTicket, settings: rules.QueueRules) -> IssuedTicket:
    ahead = _waiting_ahead(session, ticket)
    minutes = rules.estimated_wait_minutes(
        ahead,
        _service_minutes(
            session, ticket.category_id, ticket.service_day, settings.default_service_minutes
        ),
        _open_windows(session, ticket.category_id),
    )
    return IssuedTicket(_info(session, ticket), ahead, minutes, repeated=False)


# ---------------------------------------------------------------- set-up (admin)


def save_category(
    db: Database,
    actor: Actor,
    prefix: str,
    name: str,
    matter_codes: list[str],
    position: int = 0,
) -> None:
    """Add or change a service category (its letter stays; numbers are per letter)."""
    require(actor, Role.ADMIN)
    with db.session() as s:
        put_category(s, prefix, name, matter_codes, position)


def save_window(
    db: Database, actor: Actor, number: str, category_prefixes: list[str], name: str = ""
) -> None:
    """Add or change a window and the categories it serves, in order of preference."""
    require(actor, Role.ADMIN)
    with db.session() as s:
        put_window(s, number, category_prefixes, name)


def add_appointment(
    db: Database,
    actor: Actor,
    booking_code: str,
    category_prefix: str,
    slot_start: datetime,
    slot_end: datetime,
    applicant_name: str = "",
) -> None:
    require(actor, Role.ADMIN, Role.MANAGER)
    with db.session() as s:
        put_appointment(s, booking_code, category_prefix, slot_start, slot_end, applicant_name)


def put_category(
    s: Session, prefix: str, name: str, matter_codes: list[str], position: int
) -> None:
    """save_category inside the caller's transaction (the set-up file writes all or nothing)."""
    prefix = rules.normalise_prefix(prefix)
    if not name.strip():
        raise ClerkError(f"类别 {prefix} 缺少名称。")
    category = s.scalar(select(QueueCategory).where(QueueCategory.prefix == prefix))
    if category is None:
        category = QueueCategory(prefix=prefix)
        s.add(category)
    category.name = name.strip()
    category.matter_codes = [c.strip() for c in matter_codes if c.strip()]
    category.position = position
    category.active = True
    s.flush()


def put_window(s: Session, number: str, category_prefixes: list[str], name: str) -> None:
    number = number.strip()
    if not number:
        raise ClerkError("窗口号不能为空。")
    if not category_prefixes:
        raise ClerkError(f"{number} 号窗口至少要办理一类业务。")
    categories = [_category(s, p) for p in category_prefixes]
    if len({c.id for c in categories}) != len(categories):
        raise ClerkError(f"{number} 号窗口的业务类别有重复。")
    window = s.scalar(select(QueueWindow).where(QueueWindow.number == number))
    if window is None:
        window = QueueWindow(number=number, state=rules.CLOSED)
        s.add(window)
    window.name = name.strip()
    window.active = True
    window.categories.clear()
    s.flush()
    for position, category in enumerate(categories):
        window.categories.append(QueueWindowCategory(category_id=category.id, position=position))
    s.flush()


def put_appointment(
    s: Session,
    booking_code: str,
    category_prefix: str,
    slot_start: datetime,
    slot_end: datetime,
    applicant_name: str,
) -> None:
    code = booking_code.strip().upper()
    if not code:
        raise ClerkError("预约码不能为空。")
    if slot_end <= slot_start:
        raise ClerkError(f"预约 {code} 的时段结束早于开始。")
    if s.scalar(select(QueueAppointment).where(QueueAppointment.booking_code == code)):
        raise Conflict(f"预约码 {code} 已存在。")
    s.add(
        QueueAppointment(
            booking_code=code,
            category_id=_category(s, category_prefix).id,
            slot_start=slot_start,
            slot_end=slot_end,
            applicant_name=applicant_name.strip(),
        )
    )


def categories(db: Database) -> list[CategoryInfo]:
    with db.session() as s:
        rows = s.scalars(
            select(QueueCategory)
            .where(QueueCategory.active)
            .order_by(QueueCategory.position, QueueCategory.prefix)
        )
        return [CategoryInfo(c.id, c.prefix, c.name, tuple(c.matter_codes)) for c in rows]


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


# ---------------------------------------------------------------- kiosk


def _repeat(db: Database, request_key: str, settings: rules.QueueRules) -> IssuedTicket | None:
    with db.session() as s:
        ticket = s.scalar(select(QueueTicket).where(QueueTicket.request_key == request_key))
        if ticket is None:
            return None
        issued = _estimate(s, ticket, settings)
        return IssuedTicket(
            issued.ticket, issued.waiting_ahead, issued.estimated_wait_minutes, repeated=True
        )


def issue_ticket(
    db: Database,
    category_prefix: str,
    *,
    priority_reason: str | None = None,
    request_key: str | None = None,
    settings: rules.QueueRules | None = None,
) -> IssuedTicket:
    """The kiosk gives a ticket. The same ``request_key`` (a double tap) gives the same one.

    The kiosk is a machine nobody signs in to, so no role is checked.
    """
    settings = settings or rules.QueueRules()
    if priority_reason is not None and priority_reason not in rules.PRIORITY_REASONS:
        raise ClerkError(f"绿色通道类别“{priority_reason}”无效。")
    if request_key and (earlier := _repeat(db, request_key, settings)):
        return earlier
    try:
        with db.session() as s:
            begin_write(s)
            category = _category(s, category_prefix)
            ticket = _new_ticket(s, category, request_key)
            ticket.priority_reason = priority_reason
            s.flush()
            issued = _estimate(s, ticket, settings)
    except IntegrityError:
        # Two taps raced on PostgreSQL: the other one's ticket is the answer.
        if request_key and (earlier := _repeat(db, request_key, settings)):
            return earlier
        raise
    log.info("ticket %s issued (%s ahead)", issued.ticket.number, issued.waiting_ahead)
    return issued


def _new_ticket(s: Session, category: QueueCategory, request_key: str | None) -> QueueTicket:
    now = database_now(s)
    day = rules.service_day(now)
    sequence = _next_sequence(s, day, category.id)
    ticket = QueueTicket(
        service_day=day,
        number=rules.ticket_number(category.prefix, sequence),
        category=category,
        category_id=category.id,
        request_key=request_key or None,
        issued_at=now,
        state=rules.WAITING,
        recall_count=0,
        transfer_note="",
    )
    s.add(ticket)
    return ticket


def check_in(
    db: Database, booking_code: str, settings: rules.QueueRules | None = None
) -> IssuedTicket:
    """An appointment is checked in at the kiosk: its ticket goes first from the slot's start.

    Checking in again shows the same ticket.
    """
    settings = settings or rules.QueueRules()
    code = booking_code.strip().upper()
    with db.session() as s:
        begin_write(s)
        appointment = s.scalar(
            select(QueueAppointment).where(QueueAppointment.booking_code == code)
        )
        if appointment is None:
            raise NotFound(f"未找到预约码 {code}，请核对或取普通号。")
        ticket = s.scalar(select(QueueTicket).where(QueueTicket.appointment_id == appointment.id))
        if ticket is not None:
            issued = _estimate(s, ticket, settings)
            return IssuedTicket(
                issued.ticket, issued.waiting_ahead, issued.estimated_wait_minutes, repeated=True
            )
        now = database_now(s)
        if rules.service_day(appointment.slot_start) != rules.service_day(now):
            raise ClerkError(f"预约 {code} 不是今天的预约，请取普通号。")
        if now > appointment.slot_end:
            raise ClerkError(f"预约 {code} 的时段已过，请取普通号。")
        category = s.get_one(QueueCategory, appointment.category_id)
        ticket = _new_ticket(s, category, None)
        ticket.appointment_id = appointment.id
        ticket.due_at = appointment.slot_start
        appointment.checked_in_at = now
        s.flush()
        return _estimate(s, ticket, settings)


# ---------------------------------------------------------------- at the window


def _my_window(s: Session, actor: Actor) -> QueueWindow:
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    window = s.scalar(select(QueueWindow).where(QueueWindow.number == actor.window_no.strip()))
    if window is None or not window.active:
        raise _no_window(actor.window_no)
    return window


def _set_window_state(db: Database, actor: Actor, state: str) -> WindowInfo:
    with db.session() as s:
        window = _my_window(s, actor)
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
        window = _my_window(s, actor)
        ticket = s.scalar(
            select(QueueTicket).where(QueueTicket.window_id == window.id, is_active())
        )
        return _info(s, ticket) if ticket else None


def call_next(
    db: Database, actor: Actor, settings: rules.QueueRules | None = None
) -> TicketInfo | None:
    """Call the next ticket to the actor's window; None when nobody waits for it.

    Order: tickets transferred to this window, priority channel and appointments due
    now; then tickets already waiting past the alert limit; then the window's categories
    in order of preference; within each, the longest wait.

    On PostgreSQL this is one statement, committed on its own: it locks the window
    (``queue_window_for_call``), picks and claims the ticket (``SKIP LOCKED``: windows
    calling at once each get a different one) and inserts the call, whose trigger
    NOTIFYs the displays. On SQLite it is one short ``BEGIN IMMEDIATE`` transaction.
    """
    settings = settings or rules.QueueRules()
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    if db.is_embedded:
        return _call_next_sqlite(db, actor, settings)
    with _autocommit(db) as conn:
        params = statements.call_next_params(actor.window_no, actor.account_id, settings)
        row = conn.execute(statements.call_next_statement(), params).one_or_none()
    _check_window(actor, row)
    assert row is not None
    if row.id is None:
        return None
    log.info("%s called to window %s (call %s)", row.number, row.window_number, row.call_id)
    return _ticket_info(row, row, row.window_number, row.target_window_number)


@contextmanager
def _autocommit(db: Database) -> Iterator[Connection]:
    """A connection whose every statement commits on its own (one round trip each)."""
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            yield conn
    except OperationalError as exc:
        raise explain(exc) from exc


def _check_window(actor: Actor, row: Row[Any] | None) -> None:
    if row is None:
        raise _no_window(actor.window_no)
    if row.window_state != rules.OPEN:
        state = rules.WINDOW_STATE_NAMES[row.window_state]
        raise Conflict(f"{row.window_number} 号窗口处于{state}状态，请先开放窗口。")
    if row.busy_number:
        raise Conflict(f"{row.busy_number} 号尚未处理完：请先办结、转办或记为过号。")


def _call_next_sqlite(db: Database, actor: Actor, settings: rules.QueueRules) -> TicketInfo | None:
    """call_next on one workstation: BEGIN IMMEDIATE holds the only write lock throughout."""
    with db.session() as s:
        begin_write(s)
        w = QueueWindow
        busy = select(QueueTicket.number).where(QueueTicket.window_id == w.id, is_active())
        row = s.execute(
            select(
                w.id.label("window_id"),
                w.number.label("window_number"),
                w.state.label("window_state"),
                busy.limit(1).scalar_subquery().label("busy_number"),
            ).where(w.number == actor.window_no.strip(), w.active)
        ).one_or_none()
        _check_window(actor, row)
        assert row is not None
        window = s.get_one(QueueWindow, row.window_id)
        categories = [wc.category_id for wc in window.categories]
        now = database_now(s)
        limit = timedelta(minutes=settings.alert_minutes)
        day = rules.service_day(now)
        serves = QueueTicket.category_id.in_(categories)
        steps = pick_steps(window.id, serves, now, now - limit, day)
        ticket_id = None
        for step in (*steps, *(oldest_in(day, c) for c in categories)):
            if (ticket_id := s.scalar(step)) is not None:
                break
        else:
            return None
        ticket = s.get_one(QueueTicket, ticket_id, options=[joinedload(QueueTicket.category)])
        ticket.state = rules.CALLED
        ticket.called_at = now
        ticket.window_id = window.id
        ticket.clerk_id = actor.account_id
        ticket.recall_count = 0
        if now - ticket.issued_at > limit:
            ticket.overdue_at = ticket.overdue_at or ticket.issued_at + limit
        _announce(s, window, ticket, "call", actor, now)
        log.info("%s called to window %s", ticket.number, window.number)
        return _info(s, ticket)


def _active_ticket(
    s: Session, actor: Actor, ticket_id: int, *states: str
) -> tuple[QueueWindow, QueueTicket]:
    window = _my_window(s, actor)
    ticket = s.get(QueueTicket, ticket_id, with_for_update=True)
    if ticket is None:
        raise NotFound("该号不存在。")
    if ticket.window_id != window.id or ticket.state not in (rules.CALLED, rules.SERVING):
        raise Conflict(f"{ticket.number} 号不在本窗口办理。")
    if ticket.state not in states:
        raise Conflict(f"{ticket.number} 号{rules.STATE_NAMES[ticket.state]}，不能这样操作。")
    return window, ticket


def recall(
    db: Database, actor: Actor, ticket_id: int, settings: rules.QueueRules | None = None
) -> RecallResult:
    """Call the same ticket again; past the recall limit it becomes a no-show (过号)."""
    settings = settings or rules.QueueRules()
    with db.session() as s:
        begin_write(s)
        window, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED)
        if ticket.recall_count >= settings.max_recalls:
            ticket.state = rules.NO_SHOW
            log.info("%s no-show after %d recalls", ticket.number, ticket.recall_count)
            return RecallResult(None, no_show=True)
        ticket.recall_count += 1
        call = _announce(s, window, ticket, "recall", actor, database_now(s))
        return RecallResult(call, no_show=False)


def mark_no_show(db: Database, actor: Actor, ticket_id: int) -> None:
    with db.session() as s:
        begin_write(s)
        _, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED)
        ticket.state = rules.NO_SHOW


def start_service(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    """The applicant has come to the window: service starts (the intake opens)."""
    with db.session() as s:
        begin_write(s)
        _, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)
        if ticket.state == rules.CALLED:
            ticket.state = rules.SERVING
            ticket.service_started_at = database_now(s)
            ticket.clerk_id = actor.account_id
        return _info(s, ticket)


def finish(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    """Service ended (办结 at the window); the rating may follow.

    On PostgreSQL one statement, committed on its own; on SQLite one short ``BEGIN
    IMMEDIATE`` transaction.
    """
    if db.is_embedded:
        return _finish_sqlite(db, actor, ticket_id)
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    with _autocommit(db) as conn:
        params = statements.finish_params(ticket_id, actor.window_no, actor.account_id)
        row = conn.execute(statements.finish_statement(), params).one_or_none()
    if row is None:
        with db.session() as s:
            _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)  # says why not
        raise Conflict("该号的状态刚刚改变，请刷新后再试。")
    return _ticket_info(row, row, row.window_number, row.target_window_number)


def _finish_sqlite(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    with db.session() as s:
        begin_write(s)
        _, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)
        now = database_now(s)
        ticket.service_started_at = ticket.service_started_at or now
        ticket.service_ended_at = now
        ticket.state = rules.DONE
        ticket.clerk_id = actor.account_id
        return _info(s, ticket)


def transfer(
    db: Database,
    actor: Actor,
    ticket_id: int,
    note: str,
    *,
    category_prefix: str | None = None,
    window_number: str | None = None,
) -> TicketInfo:
    """Send the applicant on to another category or one window, with a note for it.

    The ticket keeps its number and its time of issue, so it does not queue from the
    back again.
    """
    if (category_prefix is None) == (window_number is None):
        raise ClerkError("转办请选择一个业务类别或一个窗口。")
    if not note.strip():
        raise ClerkError("转办请填写说明，告诉下一个窗口申请人要办什么。")
    with db.session() as s:
        begin_write(s)
        window, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)
        if window_number is not None:
            target = _window(s, window_number)
            if target.id == window.id:
                raise ClerkError("不能转办给本窗口。")
            if target.state == rules.CLOSED:
                raise Conflict(f"{target.number} 号窗口已关闭，请选择其他窗口或类别。")
            ticket.target_window_id = target.id
        else:
            category = _category(s, category_prefix or "")
            ticket.category_id = category.id
            ticket.category = category
            ticket.target_window_id = None
        ticket.state = rules.TRANSFERRED
        ticket.transfer_note = note.strip()
        ticket.window_id = None
        ticket.called_at = None
        ticket.recall_count = 0
        return _info(s, ticket)


# ---------------------------------------------------------------- the board and alerts


def recent_calls(db: Database, limit: int = 8) -> list[CallInfo]:
    with db.session() as s:
        rows = s.scalars(select(QueueCall).order_by(QueueCall.id.desc()).limit(limit))
        return [_call_info(c) for c in rows]


def calls_after(session: Session, after_id: int, limit: int | None = 500) -> list[CallInfo]:
    """Calls with an id above ``after_id``, in id order."""
    rows = session.scalars(
        select(QueueCall).where(QueueCall.id > after_id).order_by(QueueCall.id).limit(limit)
    )
    return [_call_info(c) for c in rows]


def calls_by_id(session: Session, ids: list[int]) -> list[CallInfo]:
    """The calls named, in the order named (the order their NOTIFYs arrived)."""
    rows = {c.id: c for c in session.scalars(select(QueueCall).where(QueueCall.id.in_(ids)))}
    return [_call_info(rows[i]) for i in ids if i in rows]


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
                _service_minutes(s, c.id, day, settings.default_service_minutes),
                _open_windows(s, c.id),
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
            window = _window(s, actor.window_no)
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
            result.append(WaitingTicket(_info(s, ticket), waited, overdue))
        return result


def overdue_alerts(
    db: Database, actor: Actor, settings: rules.QueueRules | None = None
) -> list[WaitingTicket]:
    """Tickets waiting past the limit that this actor's window could serve (manager: all)."""
    return [w for w in waiting_tickets(db, actor, settings) if w.overdue]
