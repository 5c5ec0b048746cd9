"""Hall statistics for managers: any period's figures, by hall, window, clerk, matter or bundle.

A period's closed days are read from per-day (and per-month) summaries and today is
computed live (``clerk.services.stats_summary``). The live path here aggregates every
raw row of the period in SQL (``clerk.services.stats_sources`` holds the rows and
conditions; the 90th percentile is PostgreSQL's ``percentile_cont`` and the same
interpolation from ranked rows on SQLite): it is the reference the summaries are tested
against. Statistics are for managers and admins; a clerk may read the same figures of
their own work only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Integer, Subquery, case, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.stats import (
    OUTCOMES,
    Count,
    Dimension,
    Figures,
    Period,
    PeriodReport,
    hall_day,
)
from clerk.services import stats_sources as sources
from clerk.services import stats_summary
from clerk.services.accounts import Actor, Role, require
from clerk.services.stats_sources import (
    Dialect,
    Scope,
    Totals,
    case_figures,
    case_measures,
    count_where,
    ticket_figures,
    ticket_measures,
)
from clerk.storage.clock import database_now
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account
from clerk.storage.models.catalogue import Bundle, Matter

log = logging.getLogger(__name__)

P90 = 0.9
UNASSIGNED = "（未分配）"


def own_scope(actor: Actor, scope: Scope) -> Scope:
    """The scope an actor may read: managers and admins any; a clerk their own figures."""
    if actor.role in (Role.MANAGER, Role.ADMIN):
        return scope
    require(actor, Role.CLERK)
    return Scope(
        scope.period, Dimension.CLERK, str(actor.account_id), scope.alert_minutes, scope.today
    )


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

    Closed days come from the per-day summaries (``clerk.services.stats_summary``,
    summarised first where missing or stale), today live; ``live=True`` aggregates
    every raw row of the period instead (the reference the summaries are tested against).
    """
    asked = Scope(period, dimension, key, alert_minutes, today)
    scope = own_scope(actor, asked)
    d = Dialect(db.dialect)
    figures = live_figures if live else stats_summary.figures
    if scope.today is None:
        with db.session() as s:
            today = hall_day(database_now(s))
    else:
        today = scope.today
    if not live:
        stats_summary.refresh(db, period.first, period.last, today)
    with db.session() as s:
        sources.analytic(s)
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
    s: Session, d: Dialect, scope: Scope, report: PeriodReport | None = None
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

    # Tickets first: they lay out the report's days, which the others fill in.
    for source in (_tickets, _cases, _corrections, _ratings, _refusals):
        for key, values in source(s, d, scope, report).items():
            row(key).set(values)
    src = sources.tickets(d, scope)
    if d.sqlite and len(out) == 1:
        # One key (the hall, one window, a clerk's own): two rows at the rank, no ranking.
        only = next(iter(out.values()))
        only.wait_p90 = wait_p90_at_rank(s, src, only.called)
    else:
        for key, p90 in wait_p90(s, d, src).items():
            row(key).wait_p90 = p90
    return out


def wait_p90_at_rank(s: Session, src: Subquery, called: int) -> float | None:
    """percentile_cont(0.9) of one key's ``called`` waits: the two waits around rank
    0.9 × (n − 1), read with ORDER BY … LIMIT 2 OFFSET, interpolated."""
    if not called:
        return None
    position = P90 * (called - 1)
    lower = int(position)
    pair = s.scalars(
        select(src.c.wait_s)
        .where(src.c.wait_s.is_not(None))
        .order_by(src.c.wait_s)
        .limit(2)
        .offset(lower)
    ).all()
    upper = pair[1] if len(pair) > 1 else pair[0]
    return float(pair[0] + (position - lower) * (upper - pair[0])) / 60


def _scan(
    s: Session, src: Subquery, measures: dict[str, ColumnElement], *detail: ColumnElement
) -> tuple[dict[Any, Totals], list[tuple[Any, ...]]]:
    """Additive measures per key (and per ``detail``), rolled up per key in Python.

    Measures named ``*_max`` roll up by maximum, the others by sum. Returns the totals
    per key and the detailed rows ``(key, *detail, totals)`` for the series.
    """
    labelled = [m.label(n) for n, m in measures.items()]
    query = select(src.c.key, *detail, *labelled).group_by(src.c.key, *detail)
    per_key: dict[Any, Totals] = {}
    rows = []
    for row in s.execute(query):
        key, parts = row[0], row[1 : 1 + len(detail)]
        # PostgreSQL sums integers as numeric (Decimal): every measure is a float here.
        values = {
            n: None if v is None else float(v)
            for n, v in zip(measures, row[1 + len(detail) :], strict=True)
        }
        rows.append((key, *parts, values))
        total = per_key.setdefault(key, {})
        for name, value in values.items():
            if value is None:
                continue
            if name.endswith("_max"):
                total[name] = max(total.get(name, value), value)
            else:
                total[name] = total.get(name, 0) + value
    return per_key, rows


# ---------------------------------------------------------------- the sources


def _tickets(s: Session, d: Dialect, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    src = sources.tickets(d, scope)
    detail = (src.c.day, d.hour(src.c.issued_at)) if report else ()
    totals, rows = _scan(s, src, ticket_measures(src, scope), *detail)
    if report is not None:
        per_day: dict[date, int] = {}
        heat: dict[tuple[int, int], Totals] = {}
        for _, day, hour, values in rows:
            day = sources.as_date(day)
            per_day[day] = per_day.get(day, 0) + int(values["tickets"])
            cell = heat.setdefault((day.isoweekday(), int(hour)), {})
            for name in ("tickets", "called", "wait_sum"):
                cell[name] = cell.get(name, 0) + (values[name] or 0)
        report.set_tickets(per_day, heat)
    return {k: ticket_figures(t) for k, t in totals.items()}


def wait_p90(s: Session, d: Dialect, src: Subquery, *, ranked: bool = False) -> dict[Any, float]:
    """The 90th percentile of the wait per key, in minutes (percentile_cont's definition).

    PostgreSQL has ``percentile_cont``; SQLite (or ``ranked=True``) ranks the waits of
    each key and interpolates between the two ranks around 0.9 × (n − 1).
    """
    if not d.sqlite and not ranked:
        query = (
            select(src.c.key, func.percentile_cont(P90).within_group(src.c.wait_s))
            .where(src.c.wait_s.is_not(None))
            .group_by(src.c.key)
        )
        return {k: float(v) / 60 for k, v in s.execute(query)}
    ranks = (
        select(
            src.c.key,
            src.c.wait_s,
            func.row_number().over(partition_by=src.c.key, order_by=src.c.wait_s).label("rank"),
            func.count().over(partition_by=src.c.key).label("n"),
        )
        .where(src.c.wait_s.is_not(None))
        .subquery("ranks")
    )
    position = P90 * (ranks.c.n - 1)
    # SQLite's CAST truncates (= floor, the position is never negative); PostgreSQL's rounds.
    lower = cast(position, Integer) if d.sqlite else cast(func.floor(position), Integer)
    weight = position - lower
    value = case(
        (ranks.c.rank == lower + 1, ranks.c.wait_s * (1 - weight)),
        (ranks.c.rank == lower + 2, ranks.c.wait_s * weight),
    )
    query = (
        select(ranks.c.key, func.sum(value))
        .where(ranks.c.rank.between(lower + 1, lower + 2))
        .group_by(ranks.c.key)
    )
    return {k: float(v) / 60 for k, v in s.execute(query)}


def _cases(s: Session, d: Dialect, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    src = sources.cases(d, scope)
    measures = case_measures(src)
    detail = (d.day(src.c.decided_at),) if report else ()
    totals, rows = _scan(s, src, measures, *detail)
    if report is not None:
        per_day = {sources.as_date(day): int(values["cases"]) for _, day, values in rows}
        report.set_cases(per_day)
    return {k: case_figures(t) for k, t in totals.items()}


def _corrections(
    s: Session, d: Dialect, scope: Scope, report: PeriodReport | None
) -> dict[Any, Any]:
    assert scope.today is not None
    src = sources.corrections(d, scope)
    c = sources.correction_conditions(src, scope.today)
    totals, _ = _scan(
        s,
        src,
        {
            "corrections_due": func.count(),
            "corrections_brought": count_where(c["brought"]),
            "corrections_outstanding": count_where(c["outstanding"]),
            "corrections_overdue": count_where(c["overdue"]),
        },
    )
    return totals


RATING_COUNTS = (
    "satisfied",
    "poor",
    "rectified",
    "rectified_on_time",
    "rectification_open",
    "rectification_overdue",
)


def _ratings(s: Session, d: Dialect, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    assert scope.today is not None
    src = sources.ratings(d, scope)
    c = sources.rating_conditions(src, scope.today)
    measures = {"ratings": func.count(), **{n: count_where(c[n]) for n in RATING_COUNTS}}
    detail = (d.day(src.c.rated_at), src.c.level) if report else ()
    totals, rows = _scan(s, src, measures, *detail)
    if report is not None:
        per_day: dict[date, tuple[int, int]] = {}
        levels: dict[str, int] = {}
        for _, day, level, values in rows:
            day = sources.as_date(day)
            n, good = per_day.get(day, (0, 0))
            per_day[day] = (n + int(values["ratings"]), good + int(values["satisfied"]))
            levels[level] = levels.get(level, 0) + int(values["ratings"])
        report.set_ratings(per_day, levels)
    return totals


def _refusals(s: Session, d: Dialect, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    src = sources.refusals(d, scope)
    c = sources.refusal_conditions(src)
    measures = {"refusal_entries": func.count(), "review_pending": count_where(c["pending"])}
    detail = (src.c.kind, src.c.category, src.c.state) if report else ()
    totals, rows = _scan(s, src, measures, *detail)
    if report is not None:
        categories: dict[tuple[str, str], int] = {}
        states: dict[str, int] = {}
        for _, kind, category, state, values in rows:
            n = int(values["refusal_entries"])
            categories[(kind, category)] = categories.get((kind, category), 0) + n
            states[state] = states.get(state, 0) + n
        report.set_refusals(categories, states)
    return totals


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
