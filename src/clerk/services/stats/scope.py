"""What the statistics are asked about, and the SQL plumbing every source shares.

Each source (``tickets``, ``cases``, ``corrections``, ``ratings``, ``refusals``) is a
subquery with an ``id``, the ``key`` of the dimension asked for (a window number, a
clerk's id, a matter's or bundle's code; "" for the whole hall) and the columns the
figures need. The aggregates and the drill-down lists read the same subquery with the
same conditions, so a figure and the list it opens always agree.

Times: both engines compare stored UTC timestamps; the hall's days and hours are Beijing
time (+8 h, no daylight saving), computed in SQL by ``clerk.storage.dialect``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, String, Subquery, case, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.errors import ClerkError
from clerk.domain.stats import Dimension, Period
from clerk.services.accounts import Actor, Role, require
from clerk.storage.models.intake import Case


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the period, the breakdown, and at most one key of it."""

    period: Period
    dimension: Dimension = Dimension.HALL
    key: str | None = None  # one window / clerk / matter / bundle only
    alert_minutes: int = 15
    today: date | None = None  # what "overdue" is measured against


@dataclass(frozen=True)
class Focus:
    """A narrower slice a chart asks for: one day, one hour of the week, one category."""

    day: date | None = None
    weekday: int | None = None
    hour: int | None = None
    category: str | None = None


def own_scope(actor: Actor, scope: Scope) -> Scope:
    """The scope an actor may read: managers and admins any; a clerk their own figures."""
    if actor.role in (Role.MANAGER, Role.ADMIN):
        return scope
    require(actor, Role.CLERK)
    return Scope(
        scope.period, Dimension.CLERK, str(actor.account_id), scope.alert_minutes, scope.today
    )


# ---------------------------------------------------------------- keys


def restrict(query: Select[Any], scope: Scope, key: Any) -> Select[Any]:
    if scope.key is not None:
        query = query.where(cast(key, String) == scope.key)
    return query


def subject_filter(scope: Scope) -> list[ColumnElement[bool]]:
    if scope.dimension in (Dimension.MATTER, Dimension.BUNDLE):
        return [Case.subject_kind == scope.dimension.value]
    return []


def key_column(scope: Scope, window: Any, clerk: Any, subject: Any) -> Any:
    """The column that is the key of ``scope.dimension`` in one source."""
    return {
        Dimension.HALL: literal(""),
        Dimension.WINDOW: window,
        Dimension.CLERK: cast(clerk, String),
        Dimension.MATTER: subject,
        Dimension.BUNDLE: subject,
    }[scope.dimension]


def case_key(scope: Scope) -> Any:
    return key_column(scope, Case.window_no, Case.clerk_id, Case.subject_code)


# ---------------------------------------------------------------- measures

Totals = dict[str, float]


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where ``condition`` holds, else 0 (to be summed)."""
    return case((condition, 1), else_=0)


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(flag(condition)), 0)


def sum_where(value: ColumnElement, condition: ColumnElement[bool]) -> ColumnElement[float]:
    return func.sum(case((condition, value)))


def mean(total: Totals, name: str, count: str, scale: float = 1.0) -> float | None:
    n = total.get(count, 0)
    return total.get(name, 0) / n / scale if n else None


def as_date(value: Any) -> date:
    """A date column's value (SQLite returns text where a date is computed)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def scan(
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


# ---------------------------------------------------------------- drill-down lists


def condition(conditions: dict[str, Any], name: str) -> Any:
    """The condition a drill-down list filters by (a figure without one has no list)."""
    try:
        return conditions[name]
    except KeyError:
        raise ClerkError("该指标没有明细。", f"no condition {name!r}") from None


def named(query: Any, index: int, names: Mapping[Any, str]) -> Any:
    """Replace the code in column ``index`` by its Chinese name, in SQL (so it sorts and limits)."""
    columns = list(query.selected_columns)
    code = columns[index]
    columns[index] = func.coalesce(
        case(*((code == k, literal(v)) for k, v in names.items()), else_=code), ""
    )
    return query.with_only_columns(*columns, maintain_column_froms=True)
