"""The live board for the hall manager: who waits now, which windows work, today's counts."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from clerk.domain import queue as queue_rules
from clerk.domain.halltime import day_start
from clerk.domain.stats import TODAY_DECISIONS, Alert, LiveBoard, WaitingCategory, WindowNow
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.dialect import database_now
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case
from clerk.storage.models.queue import QueueCategory, QueueTicket, QueueWindow, is_waiting
from clerk.storage.models.ratings import Rating

ACTIVE = (queue_rules.CALLED, queue_rules.SERVING)
# The board lists the longest waits first; a hall with more alerts than this has bigger news.
ALERT_LIMIT = 50


def live_board(db: Database, actor: Actor, alert_minutes: int = 15) -> LiveBoard:
    """The hall now. For managers and admins (a clerk's queue page shows their own queue)."""
    require(actor, Role.MANAGER, Role.ADMIN)
    with db.session() as s:
        db.sql.analytic(s)
        now = database_now(s)
        day = queue_rules.service_day(now)
        midnight = day_start(day)
        t = QueueTicket
        # Today's waiting and active tickets are read on their own (the service day's
        # index, the partial index of waiting tickets), then put beside the categories
        # and windows: an outer join would walk every ticket a window ever called.
        waiting = {
            category_id: (int(n), oldest)
            for category_id, n, oldest in s.execute(
                select(t.category_id, func.count(), func.min(t.issued_at))
                .where(t.service_day == day, is_waiting())
                .group_by(t.category_id)
            )
        }
        categories = []
        for category_id, prefix, name in s.execute(
            select(QueueCategory.id, QueueCategory.prefix, QueueCategory.name)
            .where(QueueCategory.active)
            .order_by(QueueCategory.position, QueueCategory.prefix)
        ):
            n, oldest = waiting.get(category_id, (0, None))
            categories.append(
                WaitingCategory(prefix, name, n, _minutes(now - oldest) if oldest else None)
            )
        active: dict[int, tuple[str, bool]] = {}
        for window_id, number, state in s.execute(
            select(t.window_id, t.number, t.state)
            .where(t.service_day == day, t.state.in_(ACTIVE))
            .order_by(t.state.desc(), t.number)
        ):
            # One per window (the services keep it so; a second must not count twice).
            if window_id is not None:
                active.setdefault(window_id, (number, state == queue_rules.SERVING))
        windows = sorted(
            (
                WindowNow(number, state, name or "", *active.get(window_id, ("", False)))
                for window_id, number, state, name in s.execute(
                    select(
                        QueueWindow.id, QueueWindow.number, QueueWindow.state, Account.display_name
                    )
                    .outerjoin(Account, Account.id == QueueWindow.clerk_id)
                    .where(QueueWindow.active)
                )
            ),
            key=_window_order,
        )
        alerts = [
            Alert(ticket_id, number, name, _minutes(now - issued))
            for ticket_id, number, name, issued in s.execute(
                select(t.id, t.number, QueueCategory.name, t.issued_at)
                .join(QueueCategory, QueueCategory.id == t.category_id)
                .where(
                    t.service_day == day,
                    is_waiting(),
                    t.issued_at < now - timedelta(minutes=alert_minutes),
                )
                .order_by(t.issued_at, t.id)
                .limit(ALERT_LIMIT)
            )
        ]
        today: dict[str, int] = {
            "tickets": int(s.scalar(select(func.count()).where(t.service_day == day)) or 0),
            "served": int(
                s.scalar(
                    select(func.count()).where(t.service_day == day, t.state == queue_rules.DONE)
                )
                or 0
            ),
        }
        # Counted here: grouped in SQL, SQLite walked the whole decision index (170 ms on
        # a hall's year) instead of the day's few thousand cases by their time.
        decisions = Counter(s.scalars(select(Case.decision).where(Case.decided_at >= midnight)))
        for decision in TODAY_DECISIONS:
            today[decision.value] = int(decisions.get(decision, 0))
        today["rated"] = int(s.scalar(select(func.count()).where(Rating.rated_at >= midnight)) or 0)
        return LiveBoard(now, alert_minutes, categories, windows, alerts, today)


def _window_order(window: WindowNow) -> tuple[bool, int, str]:
    digits = window.number.isdigit()
    return (not digits, int(window.number) if digits else 0, window.number)


def _minutes(span: timedelta) -> float:
    return span.total_seconds() / 60
