"""Queue rules without a database: ticket numbers, the service day, waits, what is spoken."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from clerk.domain.errors import ClerkError
from clerk.domain.halltime import HALL_TZ

_PREFIX = re.compile(r"^[A-Z]{1,2}$")

# Ticket states (the English names are stored; the console shows the Chinese).
WAITING = "waiting"
CALLED = "called"
SERVING = "serving"
NO_SHOW = "no_show"
TRANSFERRED = "transferred"
DONE = "done"
STATE_NAMES = {
    WAITING: "等候中",
    CALLED: "已呼叫",
    SERVING: "办理中",
    NO_SHOW: "过号",
    TRANSFERRED: "已转办",
    DONE: "已办结",
}

# The window's states.
OPEN = "open"
PAUSED = "paused"
CLOSED = "closed"
WINDOW_STATE_NAMES = {OPEN: "开放", PAUSED: "暂停", CLOSED: "关闭"}

# 绿色通道: who may take a priority ticket (the kiosk offers these).
PRIORITY_REASONS = ("老年人", "残疾人", "孕妇", "军人", "其他")


@dataclass(frozen=True)
class QueueRules:
    """The hall's queue settings (queue.* keys)."""

    alert_minutes: int = 15
    max_recalls: int = 2
    # Assumed service time per ticket until the day has finished tickets to measure.
    default_service_minutes: float = 5.0


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as the window, the kiosk and the intake see it."""

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
        return STATE_NAMES[self.state]


def normalise_prefix(text: str) -> str:
    prefix = text.strip().upper()
    if not _PREFIX.match(prefix):
        raise ClerkError(f"类别字母“{text}”无效：应为一到两个英文字母，如 A。")
    return prefix


def ticket_number(prefix: str, sequence: int) -> str:
    """A012: the category's letter and the day's sequence, at least three digits."""
    return f"{prefix}{sequence:03d}"


def service_day(now: datetime) -> date:
    """The hall's calendar day of a moment: ticket numbers restart on it."""
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    return now.astimezone(HALL_TZ).date()


def estimated_wait_minutes(ahead: int, service_minutes: float, windows: int) -> int:
    """Minutes until a ticket with ``ahead`` tickets before it is called.

    ``windows`` open windows serve the category in parallel; with none open the
    estimate assumes one, so the kiosk never promises "no wait" to an empty hall.
    """
    if ahead <= 0:
        return 0
    return math.ceil(ahead * service_minutes / max(1, windows))


def spoken_call(ticket: str, window: str) -> str:
    """What the hall display says: 请 A012 号到 3 号窗口办理."""
    return f"请 {ticket} 号到 {window} 号窗口办理"


def minutes_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60
