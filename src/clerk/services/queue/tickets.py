"""The kiosk: a ticket for a category (绿色通道 too), or the ticket of an appointment."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.errors import ClerkError, NotFound
from clerk.domain.queue import TicketInfo
from clerk.services.queue.hall import category_named
from clerk.services.queue.loads import open_windows, service_minutes
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now, sql_of
from clerk.storage.models.queue import (
    QueueAppointment,
    QueueCategory,
    QueueSequence,
    QueueTicket,
    is_waiting,
)
from clerk.storage.queue_sql import info_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk shows and prints."""

    ticket: TicketInfo
    waiting_ahead: int
    estimated_wait_minutes: int
    repeated: bool  # the same tap (or booking) again: the ticket was already issued


def _next_sequence(session: Session, day: object, category_id: int) -> int:
    """The day's next number of a category; the counter row serialises two kiosks."""
    insert = sql_of(session).insert
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


def _estimate(session: Session, ticket: QueueTicket, settings: rules.QueueRules) -> IssuedTicket:
    ahead = _waiting_ahead(session, ticket)
    minutes = rules.estimated_wait_minutes(
        ahead,
        service_minutes(
            session, ticket.category_id, ticket.service_day, settings.default_service_minutes
        ),
        open_windows(session, ticket.category_id),
    )
    return IssuedTicket(info_of(ticket), ahead, minutes, repeated=False)


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
            category = category_named(s, category_prefix)
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
