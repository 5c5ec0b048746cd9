"""Queue calling (排队叫号): categories, windows, tickets, calls, appointments.

Every time on a ticket or a call comes from the database's clock, never from the
workstation's, so a workstation whose clock is off cannot reorder the queue.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from clerk.storage.models.base import Base, Timestamp

# States in which a ticket waits to be called (a transferred ticket waits again).
WAITING_STATES = ("waiting", "transferred")
_WAITING_SQL = "state IN ('waiting', 'transferred')"
# States in which a ticket is at a window (one per window at most).
ACTIVE_STATES = ("called", "serving")
_ACTIVE_SQL = "state IN ('called', 'serving')"
# Waiting tickets that go first: sent to one window, priority channel, appointments.
FIRST_SQL = (
    f"{_WAITING_SQL} AND (target_window_id IS NOT NULL OR priority_reason IS NOT NULL"
    " OR due_at IS NOT NULL)"
)


class QueueCategory(Base):
    """A service category: the letter on the ticket and the matters it covers."""

    __tablename__ = "queue_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    matter_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class QueueWindow(Base):
    """A window of the hall, the categories it serves, and whether it calls now."""

    __tablename__ = "queue_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(8), default="closed")  # open | paused | closed
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
    active: Mapped[bool] = mapped_column(default=True)

    categories: Mapped[list[QueueWindowCategory]] = relationship(
        order_by="QueueWindowCategory.position", cascade="all, delete-orphan"
    )


class QueueWindowCategory(Base):
    """One category a window serves; lower position = called first."""

    __tablename__ = "queue_window_category"

    window_id: Mapped[int] = mapped_column(ForeignKey("queue_window.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("queue_category.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class QueueAppointment(Base):
    """A booking: checked in at the kiosk, its ticket goes first from the slot's start."""

    __tablename__ = "queue_appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_code: Mapped[str] = mapped_column(String(32), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("queue_category.id"))
    slot_start: Mapped[datetime] = mapped_column(Timestamp)
    slot_end: Mapped[datetime] = mapped_column(Timestamp)
    applicant_name: Mapped[str] = mapped_column(String(64), default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)


class QueueSequence(Base):
    """The last ticket number given per category and day (numbers restart each day)."""

    __tablename__ = "queue_sequence"

    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("queue_category.id"), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class QueueTicket(Base):
    """One ticket: from the kiosk to the end of its service."""

    __tablename__ = "queue_ticket"
    __table_args__ = (
        UniqueConstraint("service_day", "number"),
        # Partial indexes (small on a busy day), each read in order by call_next: a
        # category's longest wait; the overdue of all categories; the few that go first.
        Index(
            "ix_queue_ticket_waiting",
            "service_day",
            "category_id",
            "issued_at",
            "id",
            sqlite_where=text(_WAITING_SQL),
            postgresql_where=text(_WAITING_SQL),
        ),
        Index(
            "ix_queue_ticket_waiting_since",
            "service_day",
            "issued_at",
            "id",
            sqlite_where=text(_WAITING_SQL),
            postgresql_where=text(_WAITING_SQL),
        ),
        Index(
            "ix_queue_ticket_first",
            "service_day",
            "issued_at",
            "id",
            sqlite_where=text(FIRST_SQL),
            postgresql_where=text(FIRST_SQL),
        ),
        # "Is this window busy?" without reading the window's whole history.
        Index(
            "ix_queue_ticket_active",
            "window_id",
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_day: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(8))  # A012
    category_id: Mapped[int] = mapped_column(ForeignKey("queue_category.id"))
    priority_reason: Mapped[str | None] = mapped_column(String(32), default=None)  # 绿色通道
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_appointment.id"), default=None
    )
    # From this time the ticket goes first (an appointment's slot start).
    due_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    # The kiosk's key for one tap: a second tap with the same key gets the same ticket.
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    issued_at: Mapped[datetime] = mapped_column(Timestamp)
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    # waiting | called | serving | no_show | transferred | done
    called_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    window_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_window.id"), default=None, index=True
    )
    # A transfer to one window: only that window calls it (cleared when it closes).
    target_window_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_window.id"), default=None
    )
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transfer_note: Mapped[str] = mapped_column(Text, default="")
    service_started_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    service_ended_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
    # Set once when the wait first passed the alert limit; counts in the statistics.
    overdue_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)

    category: Mapped[QueueCategory] = relationship()
    window: Mapped[QueueWindow | None] = relationship(foreign_keys=[window_id])
    target_window: Mapped[QueueWindow | None] = relationship(foreign_keys=[target_window_id])


def is_waiting() -> ColumnElement[bool]:
    """state IN ('waiting', 'transferred') with the values written into the SQL.

    As bound parameters PostgreSQL's prepared (generic) plan could not prove the partial
    index's condition and would read every ticket of the day.
    """
    return QueueTicket.state.in_(
        bindparam("waiting_states", WAITING_STATES, expanding=True, literal_execute=True)
    )


def is_active() -> ColumnElement[bool]:
    """state IN ('called', 'serving'), written into the SQL like ``is_waiting``."""
    return QueueTicket.state.in_(
        bindparam("active_states", ACTIVE_STATES, expanding=True, literal_execute=True)
    )


class QueueCall(Base):
    """Each call or recall of a ticket to a window: what the hall display shows and speaks."""

    __tablename__ = "queue_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("queue_ticket.id"), index=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("queue_window.id"))
    # Copied so the display needs no join and shows what was said even after a rename.
    ticket_number: Mapped[str] = mapped_column(String(8))
    window_number: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(8))  # call | recall
    called_at: Mapped[datetime] = mapped_column(Timestamp)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
