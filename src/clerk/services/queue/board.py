"""The calls the hall display shows and speaks: the latest, and those after one seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.storage.db import Database
from clerk.storage.models.queue import QueueCall


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


def call_info(call: QueueCall) -> CallInfo:
    return CallInfo(
        id=call.id,
        ticket_id=call.ticket_id,
        ticket_number=call.ticket_number,
        window_number=call.window_number,
        kind=call.kind,
        called_at=call.called_at,
    )


def recent_calls(db: Database, limit: int = 8) -> list[CallInfo]:
    with db.session() as s:
        rows = s.scalars(select(QueueCall).order_by(QueueCall.id.desc()).limit(limit))
        return [call_info(c) for c in rows]


def calls_after(session: Session, after_id: int, limit: int | None = 500) -> list[CallInfo]:
    """Calls with an id above ``after_id``, in id order."""
    rows = session.scalars(
        select(QueueCall).where(QueueCall.id > after_id).order_by(QueueCall.id).limit(limit)
    )
    return [call_info(c) for c in rows]


def calls_by_id(session: Session, ids: list[int]) -> list[CallInfo]:
    """The calls named, in the order named (the order their NOTIFYs arrived)."""
    rows = {c.id: c for c in session.scalars(select(QueueCall).where(QueueCall.id.in_(ids)))}
    return [call_info(rows[i]) for i in ids if i in rows]
