"""Hall statistics for managers: any period's figures, by hall, window, clerk, matter or bundle.

A period's closed days are read from per-day (and per-month) summaries and today is
computed live (``clerk.services.stats.summary``). The live path aggregates every raw row
of the period in SQL (each source module holds its rows and conditions; the 90th
percentile is PostgreSQL's ``percentile_cont`` and the same interpolation from ranked
rows on SQLite): it is the reference the summaries are tested against. Statistics are
for managers and admins; a clerk may read the same figures of their own work only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk.domain.stats import (
    OUTCOMES,
    Count,
    Dimension,
    Figures,
    Period,
    PeriodReport,
    hall_day,
)
from clerk.services.accounts import Actor
from clerk.services.stats import refresh, tickets
from clerk.services.stats.scope import Scope, own_scope
from clerk.services.stats.sources import SOURCES
from clerk.services.stats.summary import Reader
from clerk.storage.db import Database
from clerk.storage.dialect import Sql, database_now
from clerk.storage.models.accounts import Account
from clerk.storage.models.catalogue import Bundle, Matter

UNASSIGNED = "（未分配）"


def period_report(
    db: Database,
    actor: Actor,
    period: Period,
    dimension: Dimension = Dimension.HALL,
    *,
    key: str | None = None,
    alert_minutes: int = 15,
    today: date | None = None,
    live: bool = False,
) -> PeriodReport:
    """The period's figures: of the hall (or of ``key`` alone), and one row per ``dimension``.

    Closed days come from the per-day summaries (``clerk.services.stats.summary``,
    summarised first where missing or stale), today live; ``live=True`` aggregates
    every raw row of the period instead (the reference the summaries are tested against).
    """
    asked = Scope(period, dimension, key, alert_minutes, today)
    scope = own_scope(actor, asked)
    d = db.sql
    figures = live_figures if live else summarised_figures
    if scope.today is None:
        with db.session() as s:
            today = hall_day(database_now(s))
    else:
        today = scope.today
    if not live:
        refresh.refresh(db, period.first, period.last, today)
    with db.session() as s:
        d.analytic(s)
        scope = Scope(scope.period, scope.dimension, scope.key, scope.alert_minutes, today)
        summary_scope = (
            scope
            if scope.key is not None
            else Scope(period, Dimension.HALL, None, alert_minutes, today)
        )
        report = PeriodReport(period, scope.dimension, alert_minutes, Figures("", ""), [])
        summary = figures(s, d, summary_scope, report)
        labels = _labels(s, scope.dimension)
        if scope.key is not None:
            hall = summary.get(scope.key, Figures(scope.key, ""))
            hall.label = labels(scope.key)
            rows = [hall]
        else:
            hall = summary.get("", Figures("", "全大厅"))
            hall.label = "全大厅"
            rows = [hall]
            if scope.dimension is not Dimension.HALL:
                grouped = figures(s, d, scope)
                rows = sorted(grouped.values(), key=lambda f: _order(f.key))
                for row in rows:
                    row.label = labels(row.key)
        report.hall, report.rows = hall, rows
        report.outcomes = [Count("", name, getattr(hall, code)) for code, name in OUTCOMES.items()]
        if asked != scope or scope.key is not None:
            report.scope = hall.label
        return report


def _order(key: str) -> tuple[int, int, str]:
    """Unassigned last; numbers (windows) in numeric order; codes as text."""
    if not key:
        return (2, 0, "")
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def live_figures(
    s: Session, d: Sql, scope: Scope, report: PeriodReport | None = None
) -> dict[str, Figures]:
    """From the period's raw rows: one ``Figures`` per key of ``scope.dimension`` (key "" for the hall).

    Each source is read once. With ``report``, the rows are also grouped by day (and
    hour, level, category) and the report's series are filled from the same scan.
    """
    assert scope.today is not None
    out: dict[str, Figures] = {}

    def row(key: Any) -> Figures:
        name = "" if key is None else str(key)
        return out.setdefault(name, Figures(name, name))

    for source in SOURCES:
        for key, values in source.live(s, d, scope, report).items():
            row(key).set(values)
    src = tickets.ticket_rows(d, scope)
    if not d.has_percentile and len(out) == 1:
        # One key (the hall, one window, a clerk's own): two rows at the rank, no ranking.
        only = next(iter(out.values()))
        only.wait_p90 = tickets.wait_p90_at_rank(s, src, only.called)
    else:
        for key, p90 in tickets.wait_p90(s, d, src).items():
            row(key).wait_p90 = p90
    return out


def summarised_figures(
    s: Session, d: Sql, scope: Scope, report: PeriodReport | None = None
) -> dict[str, Figures]:
    """As ``live_figures``, from the summaries (and today's rows built live)."""
    assert scope.today is not None
    out: dict[str, Figures] = {}

    def row(key: str) -> Figures:
        return out.setdefault(key, Figures(key, key))

    reader = Reader(s, d, scope)
    for source in SOURCES:
        for key, values in source.read(reader, report).items():
            row(key).set(values)
    return out


# ---------------------------------------------------------------- labels and series


def _labels(s: Session, dimension: Dimension) -> Callable[[str], str]:
    """What a key of ``dimension`` is called: 3 号窗口, 张晓梅（C0101）, a matter's name."""
    names: dict[str, str] = {}
    if dimension is Dimension.CLERK:
        people = s.execute(select(Account.id, Account.display_name, Account.staff_no))
        names = {str(i): f"{name}（{no}）" if no else name for i, name, no in people}
    elif dimension in (Dimension.MATTER, Dimension.BUNDLE):
        model = Matter if dimension is Dimension.MATTER else Bundle
        # The latest version's name wins (later ids are later imports).
        rows = s.execute(select(model.code, model.name).order_by(model.id))
        names = {code: name for code, name in rows}

    def label(key: str) -> str:
        if not key:
            return UNASSIGNED if dimension is not Dimension.HALL else "全大厅"
        if dimension is Dimension.WINDOW:
            return f"{key} 号窗口"
        return names.get(key, key)

    return label
