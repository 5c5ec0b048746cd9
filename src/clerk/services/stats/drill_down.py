"""What is behind a figure: the tickets, cases, materials, ratings or register entries it counts.

The list reads the same source subquery and the same condition as the figure (the
figure's source module), so its length is the figure's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from clerk.domain.halltime import HALL_TZ
from clerk.domain.stats import Dimension, Period, Source, figure, hall_day
from clerk.services.accounts import Actor
from clerk.services.stats.scope import Focus, Scope, own_scope
from clerk.services.stats.sources import BY_SOURCE
from clerk.storage.db import Database
from clerk.storage.dialect import database_now

LIMIT = 1000
WHOLE = Focus()  # no narrower slice than the figure's own


@dataclass(frozen=True)
class DrillList:
    title: str
    source: Source
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    total: int  # rows may stop at the limit

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def drill(
    db: Database,
    actor: Actor,
    period: Period,
    figure_name: str,
    dimension: Dimension = Dimension.HALL,
    *,
    key: str | None = None,
    focus: Focus = WHOLE,
    alert_minutes: int = 15,
    today: date | None = None,
    limit: int = LIMIT,
) -> DrillList:
    """The rows behind ``figure_name`` for the period (and ``key``, and ``focus``)."""
    definition = figure(figure_name)
    scope = own_scope(actor, Scope(period, dimension, key, alert_minutes, today))
    d = db.sql
    with db.session() as s:
        d.analytic(s)
        today = scope.today or hall_day(database_now(s))
        scope = Scope(scope.period, scope.dimension, scope.key, alert_minutes, today)
        source = BY_SOURCE[definition.source]
        condition = source.drilled.get(figure_name, figure_name)
        query, columns = source.drill(d, scope, condition, focus)
        total = int(
            s.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        )
        rows = [tuple(_text(v) for v in row) for row in s.execute(query.limit(limit))]
    return DrillList(definition.label, definition.source, columns, rows, total)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
