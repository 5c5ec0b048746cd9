"""The live board for the hall manager: who waits now, which windows work, today's counts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, func, select

from clerk.domain import queue as queue_rules
from clerk.domain.stats import Alert, LiveBoard, WaitingCategory, WindowNow
from clerk.services.auth import Actor, Role, require
from clerk.storage.clock import database_now
from clerk.storage.db import Database
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
        now = database_now(s)
        day = queue_rules.service_day(now)
        midnight = datetime.combine(day, time(), queue_rules.HALL_TZ).astimezone(UTC)
        t = QueueTicket
        waiting_today = and_(t.category_id == QueueCategory.id, t.service_day == day, is_waiting())
        categories = [
            WaitingCategory(prefix, name, int(n), _minutes(now - oldest) if oldest else None)
            for prefix, name, n, oldest in s.execute(
                select(
                    QueueCategory.prefix,
                    QueueCategory.name,
                    func.count(t.id),
                    func.min(t.issued_at),
                )
                .outerjoin(t, waiting_today)
                .where(QueueCategory.active)
                .group_by(QueueCategory.id, QueueCategory.prefix, QueueCategory.name)
                .order_by(QueueCategory.position, QueueCategory.prefix)
            )
        ]
        # One row per window (the services keep one active ticket per window; a second
        # one would be a fault elsewhere, and must not count the window twice).
        now_at: dict[str, WindowNow] = {}
        for number, state, name, ticket, ticket_state in s.execute(
            select(QueueWindow.number, QueueWindow.state, Account.display_name, t.number, t.state)
            .outerjoin(Account, Account.id == QueueWindow.clerk_id)
            .outerjoin(t, and_(t.window_id == QueueWindow.id, t.state.in_(ACTIVE)))
            .where(QueueWindow.active)
            .order_by(QueueWindow.id, t.state.desc(), t.number)
        ):
            now_at.setdefault(
                number,
                WindowNow(
                    number, state, name or "", ticket or "", ticket_state == queue_rules.SERVING
                ),
            )
        windows = sorted(now_at.values(), key=_window_order)
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
        decisions = dict(
            s.execute(
                select(Case.decision, func.count())
                .where(Case.decided_at >= midnight)
                .group_by(Case.decision)
            ).all()
        )
        for decision in (
            "accepted",
            "accepted_deferred",
            "completed_on_the_spot",
            "notified",
            "refused",
        ):
            today[decision] = int(decisions.get(decision, 0))
        today["rated"] = int(s.scalar(select(func.count()).where(Rating.rated_at >= midnight)) or 0)
        return LiveBoard(now, alert_minutes, categories, windows, alerts, today)


def _window_order(window: WindowNow) -> tuple[bool, int, str]:
    digits = window.number.isdigit()
    return (not digits, int(window.number) if digits else 0, window.number)


def _minutes(span: timedelta) -> float:
    return span.total_seconds() / 60
