"""Hall statistics for managers: any period's figures, by hall, window, clerk, matter or bundle.

Every figure is aggregated in SQL (``clerk.services.stats_sources`` holds the rows and
conditions); the 90th percentile is PostgreSQL's ``percentile_cont`` there and the same
interpolation from ranked rows on SQLite. Statistics are for managers and admins; a
clerk may read the same figures of their own work only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, Subquery, case, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.stats import (
    FILING_KINDS,
    OUTCOMES,
    RATING_LEVELS,
    REVIEW_STATES,
    Count,
    DayVolume,
    Dimension,
    Figures,
    HeatCell,
    Period,
    PeriodReport,
    hall_day,
)
from clerk.services import stats_sources as sources
from clerk.services.auth import Actor, Role, require
from clerk.services.stats_sources import Dialect, Scope, flag
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
) -> PeriodReport:
    """The period's figures: of the hall (or of ``key`` alone), and one row per ``dimension``."""
    asked = Scope(period, dimension, key, alert_minutes, today)
    scope = own_scope(actor, asked)
    with db.session() as s:
        today = scope.today or hall_day(database_now(s))
        scope = Scope(scope.period, scope.dimension, scope.key, scope.alert_minutes, today)
        d = Dialect(db.dialect)
        summary_scope = (
            scope
            if scope.key is not None
            else Scope(period, Dimension.HALL, None, alert_minutes, today)
        )
        summary = figures(s, d, summary_scope)
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
        report = PeriodReport(period, scope.dimension, alert_minutes, hall, rows)
        if asked != scope or scope.key is not None:
            report.scope = hall.label
        _add_series(s, d, summary_scope, report)
        return report


def _order(key: str) -> tuple[int, int, str]:
    """Unassigned last; numbers (windows) in numeric order; codes as text."""
    if not key:
        return (2, 0, "")
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def figures(s: Session, d: Dialect, scope: Scope) -> dict[str, Figures]:
    """One ``Figures`` per key of ``scope.dimension`` (key "" for the hall)."""
    assert scope.today is not None
    out: dict[str, Figures] = {}

    def row(key: Any) -> Figures:
        name = "" if key is None else str(key)
        return out.setdefault(name, Figures(name, name))

    for key, values in _tickets(s, d, scope).items():
        fill(row(key), values)
    for key, values in _cases(s, d, scope).items():
        fill(row(key), values)
    for key, values in _corrections(s, d, scope, scope.today).items():
        fill(row(key), values)
    for key, values in _ratings(s, d, scope, scope.today).items():
        fill(row(key), values)
    for key, values in _refusals(s, d, scope).items():
        fill(row(key), values)
    return out


def fill(target: Figures, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name == "key":
            continue
        if isinstance(getattr(target, name), int) and value is not None:
            value = int(value)
        elif value is not None:
            value = float(value)
        setattr(target, name, value)


def _grouped(s: Session, src: Subquery, measures: dict[str, ColumnElement]) -> dict[Any, Any]:
    query = select(src.c.key, *(m.label(n) for n, m in measures.items())).group_by(src.c.key)
    return {r.key: r._mapping for r in s.execute(query)}


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(flag(condition)), 0)


def _avg_where(value: ColumnElement, condition: ColumnElement[bool]) -> ColumnElement[float]:
    return func.avg(case((condition, value)))


# ---------------------------------------------------------------- the sources


def _tickets(s: Session, d: Dialect, scope: Scope) -> dict[Any, Any]:
    src = sources.tickets(d, scope)
    c = sources.ticket_conditions(src, scope)
    result = _grouped(
        s,
        src,
        {
            "tickets": func.count(),
            "called": _count(c["called"]),
            "served": _count(c["served"]),
            "no_show": _count(c["no_show"]),
            "within_alert": _count(c["within_alert"]),
            "wait_avg": func.avg(src.c.wait_s) / 60.0,
            "wait_max": func.max(src.c.wait_s) / 60.0,
            "service_avg": func.avg(src.c.service_s) / 60.0,
        },
    )
    p90 = wait_p90(s, d, src)
    return {k: {**v, "wait_p90": p90.get(k)} for k, v in result.items()}


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


def _cases(s: Session, d: Dialect, scope: Scope) -> dict[Any, Any]:
    src = sources.cases(d, scope)
    c = sources.case_conditions(src)
    measures: dict[str, ColumnElement] = {"cases": func.count()}
    for outcome in OUTCOMES:
        measures[outcome] = _count(c[outcome])
    measures |= {
        "accepting_cases": _count(c["accepting"]),
        "received_avg": _avg_where(src.c.received, c["accepting"]),
        "exempt_avg": _avg_where(src.c.exempt, c["accepting"]),
        "final_cases": _count(c["final"]),
        "visits_avg": func.avg(src.c.visit_days),
        "one_visit": _count(c["one_visit"]),
        "bundle_cases": _count(c["bundle"]),
        "materials_saved": func.coalesce(func.sum(src.c.saved), 0),
    }
    return _grouped(s, src, measures)


def _corrections(s: Session, d: Dialect, scope: Scope, today: date) -> dict[Any, Any]:
    src = sources.corrections(d, scope)
    c = sources.correction_conditions(src, today)
    return _grouped(
        s,
        src,
        {
            "corrections_due": func.count(),
            "corrections_brought": _count(c["brought"]),
            "corrections_outstanding": _count(c["outstanding"]),
            "corrections_overdue": _count(c["overdue"]),
        },
    )


def _ratings(s: Session, d: Dialect, scope: Scope, today: date) -> dict[Any, Any]:
    src = sources.ratings(d, scope)
    c = sources.rating_conditions(src, today)
    names = (
        "satisfied",
        "poor",
        "rectified",
        "rectified_on_time",
        "rectification_open",
        "rectification_overdue",
    )
    return _grouped(s, src, {"ratings": func.count(), **{n: _count(c[n]) for n in names}})


def _refusals(s: Session, d: Dialect, scope: Scope) -> dict[Any, Any]:
    src = sources.refusals(d, scope)
    c = sources.refusal_conditions(src)
    return _grouped(
        s, src, {"refusal_entries": func.count(), "review_pending": _count(c["pending"])}
    )


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


def _add_series(s: Session, d: Dialect, scope: Scope, report: PeriodReport) -> None:
    """Daily volumes, the heat map, and the breakdowns of the summary scope."""
    tickets = sources.tickets(d, scope)
    cases = sources.cases(d, scope)
    ratings = sources.ratings(d, scope)
    refusals = sources.refusals(d, scope)
    per_day: dict[date, list[int]] = {day: [0, 0, 0, 0] for day in scope.period.days}

    def add(index: int, query: Any) -> None:
        for day, *counts in s.execute(query):
            for offset, count in enumerate(counts):
                per_day[_as_date(day)][index + offset] = int(count)

    add(0, select(tickets.c.day, func.count()).group_by(tickets.c.day))
    case_day = d.day(cases.c.decided_at)
    add(1, select(case_day, func.count()).group_by(case_day))
    rating_day = d.day(ratings.c.rated_at)
    satisfied = sources.rating_conditions(ratings, scope.today or scope.period.last)["satisfied"]
    add(2, select(rating_day, func.count(), _count(satisfied)).group_by(rating_day))
    report.daily = [DayVolume(day, *counts) for day, counts in sorted(per_day.items())]

    weekday, hour = d.weekday(tickets.c.issued_at), d.hour(tickets.c.issued_at)
    report.heat = [
        HeatCell(int(w), int(h), int(n), None if avg is None else float(avg) / 60)
        for w, h, n, avg in s.execute(
            select(weekday, hour, func.count(), func.avg(tickets.c.wait_s))
            .group_by(weekday, hour)
            .order_by(weekday, hour)
        )
    ]
    hall = report.hall
    report.outcomes = [Count("", name, getattr(hall, code)) for code, name in OUTCOMES.items()]
    levels: dict[str, int] = dict(
        s.execute(select(ratings.c.level, func.count()).group_by(ratings.c.level)).all()
    )
    report.rating_levels = [
        Count("", name, levels.get(code, 0)) for code, name in RATING_LEVELS.items()
    ]
    report.refusal_categories = [
        Count(FILING_KINDS.get(kind, kind), category, int(n))
        for kind, category, n in s.execute(
            select(refusals.c.kind, refusals.c.category, func.count())
            .group_by(refusals.c.kind, refusals.c.category)
            .order_by(func.count().desc(), refusals.c.kind, refusals.c.category)
        )
    ]
    states: dict[str, int] = dict(
        s.execute(select(refusals.c.state, func.count()).group_by(refusals.c.state)).all()
    )
    report.review_states = [
        Count("", name, states.get(code, 0)) for code, name in REVIEW_STATES.items()
    ]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
