"""A period's rows from per-day summaries: closed days from ``stats_*`` rows, today live.

A closed day (before the hall's today) is summarised once per source, breakdown and key
(``clerk.storage.models.stats``) by the same source subqueries and measures the live
figures use, and rebuilt when the triggers of migration 0007_stats mark it stale
(``clerk.services.stats.refresh``). The open day is computed live by the same builders
and merged in (``Reader``).

Counts and sums add up exactly; the 90th percentile merges the days' waits (kept whole,
per day and key); "overdue" figures are kept per due date and compared with today when
read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from clerk.domain.stats import Period, PeriodReport, Source
from clerk.services.stats.scope import Focus, Scope, as_date
from clerk.storage.dialect import Sql
from clerk.storage.models.base import Base

Row = dict[str, Any]


@dataclass(frozen=True)
class Part:
    """One summary table: the columns a row is grouped by besides day and key, and its
    measures (summed, or rolled up by maximum)."""

    model: type[Base]
    detail: tuple[str, ...]
    sums: tuple[str, ...]
    maxes: tuple[str, ...] = ()
    # The measure that falls overdue once the row's ``due`` date is before today: read
    # as ``past_due`` (and the rows no longer grouped by due date).
    overdue: str | None = None
    monthly: bool = True  # rolled up per closed month too (for reads not by day)
    waits: bool = False  # keeps every wait of its day and key (joined when rolled up)

    def column(self, name: str) -> Any:
        return getattr(self.model, name)


@dataclass(frozen=True)
class SourceDef:
    """One source of the statistics, as the figures, the summaries and the drill-down use it."""

    source: Source
    parts: tuple[Part, ...]
    # The summary rows of a period's days (per day and key, and each part's detail).
    build: Callable[[Session, Sql, Scope], dict[Part, list[Row]]]
    # The period's measures per key from the raw rows (filling the report's series).
    live: Callable[[Session, Sql, Scope, PeriodReport | None], Mapping[Any, Mapping[str, Any]]]
    # The same from the summaries (``Reader``).
    read: Callable[[Reader, PeriodReport | None], Mapping[str, Mapping[str, Any]]]
    # The rows behind a figure: (name of the condition, focus) → query and column titles.
    drill: Callable[[Sql, Scope, str, Focus], tuple[Select[Any], tuple[str, ...]]]
    # Which condition each figure's list filters by (the figure's own name otherwise).
    drilled: Mapping[str, str] = field(default_factory=dict)


def grouped(s: Session, query: Any, names: Iterable[str]) -> list[Row]:
    fields = list(names)
    return [{n: _plain(v) for n, v in zip(fields, row, strict=True)} for row in s.execute(query)]


def _plain(value: Any) -> Any:
    """PostgreSQL sums integers as numeric: back to int (or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def keyed(rows: list[Row]) -> list[Row]:
    """Rows as stored: day and due as dates, the key as text ("" for none)."""
    for row in rows:
        row["day"], row["key"] = as_date(row["day"]), "" if row["key"] is None else str(row["key"])
        if row.get("due") is not None:
            row["due"] = as_date(row["due"])
    return rows


def merge(part: Part, rows: Iterable[Row], groups: tuple[str, ...]) -> list[Row]:
    """``rows`` added up per ``groups``: sums summed, maxima maxed."""
    merged: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        group = tuple(row[g] for g in groups)
        into = merged.get(group)
        if into is None:
            merged[group] = {g: row[g] for g in groups} | {
                n: row[n] for n in (*part.sums, *part.maxes)
            }
            continue
        for name in part.sums:
            if row[name] is not None:
                into[name] = (into[name] or 0) + row[name]
        for name in part.maxes:
            if row[name] is not None and (into[name] is None or row[name] > into[name]):
                into[name] = row[name]
    return list(merged.values())


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _whole_months(period: Period) -> tuple[date, date] | None:
    """The first days of the first and last whole months in ``period``, if any."""
    first = period.first if period.first.day == 1 else month_end(period.first) + timedelta(days=1)
    last = month_end(period.last).replace(day=1)
    if month_end(period.last) != period.last:
        last = (last - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


# ---------------------------------------------------------------- reading


@dataclass
class Reader:
    """A period's rows of one breakdown: summarised days read, open days built live."""

    s: Session
    d: Sql
    scope: Scope
    built: dict[Source, dict[Part, list[Row]]] = field(default_factory=dict)

    @property
    def closed(self) -> Period | None:
        assert self.scope.today is not None
        last = min(self.scope.period.last, self.scope.today - timedelta(days=1))
        return Period(self.scope.period.first, last) if last >= self.scope.period.first else None

    def live(self, source: SourceDef) -> dict[Part, list[Row]]:
        """The open days' rows of ``source`` (today, and any later day asked for)."""
        assert self.scope.today is not None
        if source.source not in self.built:
            period = self.scope.period
            first = max(period.first, self.scope.today)
            self.built[source.source] = {}
            if first <= period.last:
                scope = replace(self.scope, period=Period(first, period.last))
                self.built[source.source] = source.build(self.s, self.d, scope)
        return self.built[source.source]

    def rows(self, source: SourceDef, part: Part, by_day: bool = False) -> list[Row]:
        """``part`` of ``source`` per key (and day) and its detail columns."""
        live = self.live(source).get(part, [])
        view = part
        if part.overdue is not None:
            view = replace(
                part,
                detail=tuple(c for c in part.detail if c != "due"),
                sums=(*part.sums, "past_due"),
            )
            live = [dict(r, past_due=r[part.overdue] if self._past(r["due"]) else 0) for r in live]
        groups = ("key", *(("day",) if by_day else ()), *view.detail)
        stored = self._stored(part, view, groups, by_day) if self.closed else []
        return merge(view, [*stored, *live], groups)

    def _past(self, due: date | None) -> bool:
        assert self.scope.today is not None
        return due is not None and due < self.scope.today

    def where(self, part: Part, by_day: bool) -> list[ColumnElement[bool]]:
        """The closed days' rows: whole closed months' roll-ups, unless read by day."""
        closed = self.closed
        assert closed is not None
        span, day = part.column("span"), part.column("day")
        where = [part.column("dimension") == self.scope.dimension.value]
        if self.scope.key is not None:
            where.append(part.column("key") == self.scope.key)
        months = _whole_months(closed)
        if by_day or not part.monthly or months is None:
            return [*where, span == "day", day.between(closed.first, closed.last)]
        first, last = months
        days = [span == "day", or_(day < first, day > month_end(last))]
        return [
            *where,
            day.between(closed.first, closed.last),
            or_(and_(span == "month", day.between(first, last)), and_(*days)),
        ]

    def _stored(self, part: Part, view: Part, groups: tuple[str, ...], by_day: bool) -> list[Row]:
        columns = [part.column(g) for g in groups]
        aggregates: list[ColumnElement[Any]] = [
            func.sum(self._past_due(part) if n == "past_due" else part.column(n)) for n in view.sums
        ]
        aggregates += [func.max(part.column(n)) for n in part.maxes]
        query = select(*columns, *aggregates).where(*self.where(part, by_day)).group_by(*columns)
        return grouped(self.s, query, (*groups, *view.sums, *part.maxes))

    def _past_due(self, part: Part) -> ColumnElement[Any]:
        due, measure = part.column("due"), part.column(part.overdue or "")
        return case((due < self.scope.today, measure), else_=0)
