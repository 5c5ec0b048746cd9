"""A period's figures from per-day summaries: closed days from ``stats_*`` rows, today live.

A closed day (before the hall's today) is summarised once per source, breakdown and key
(``clerk.storage.models.stats``) by the same source subqueries and measures the live
figures use (``clerk.services.stats_sources``), and rebuilt when the triggers of
migration 0007_stats mark it stale (a late event: a correction brought, a follow-up
closed, a review …). Days not yet summarised are summarised by the first query that
covers them. The open day is computed live by the same builders and merged in.

Counts and sums add up exactly; the 90th percentile merges the days' waits (kept whole,
per day and key) and interpolates as ``percentile_cont``; "overdue" figures are kept per
due date and compared with today when read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from clerk.domain.stats import (
    POOR_LEVELS,
    SATISFIED_LEVELS,
    Dimension,
    Figures,
    Period,
    PeriodReport,
)
from clerk.services import stats_sources as sources
from clerk.services.stats_sources import Scope, Totals
from clerk.storage.db import Database
from clerk.storage.dialect import Sql, database_now
from clerk.storage.models.base import Base
from clerk.storage.models.stats import (
    StatsCaseDay,
    StatsCorrectionDay,
    StatsDay,
    StatsRatingDay,
    StatsRefusalDay,
    StatsStale,
    StatsTicketDay,
    StatsTicketHour,
)

log = logging.getLogger(__name__)

P90 = 0.9
# Stale days this close together are rebuilt as one run (a weekend between costs nothing).
RUN_GAP = 7
# PostgreSQL: one summariser at a time (the key is arbitrary, the same for every client).
LOCK_KEY = 7_000_807

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

    def column(self, name: str) -> Any:
        return getattr(self.model, name)


TICKET_DAY = Part(
    StatsTicketDay,
    (),
    ("tickets", "called", "served", "no_show", "wait_sum", "service_sum", "service_n"),
    ("wait_max",),
)
TICKET_HOUR = Part(StatsTicketHour, ("hour",), ("tickets", "called", "wait_sum"), monthly=False)
CASE_DAY = Part(
    StatsCaseDay,
    (),
    (*sources.CASE_COUNTS, "received_sum", "exempt_sum", "visits_sum", "materials_saved"),
)
CORRECTION_DAY = Part(
    StatsCorrectionDay,
    ("due",),
    ("corrections_due", "corrections_brought", "brought_late", "corrections_outstanding"),
    overdue="corrections_outstanding",
)
RATING_DAY = Part(
    StatsRatingDay,
    ("level", "due"),
    ("ratings", "rectified", "rectified_on_time", "rectification_open"),
    overdue="rectification_open",
)
REFUSAL_DAY = Part(StatsRefusalDay, ("kind", "category", "state"), ("refusal_entries",))

# ---------------------------------------------------------------- builders


def _grouped(s: Session, query: Any, names: Iterable[str]) -> list[Row]:
    fields = list(names)
    return [{n: _plain(v) for n, v in zip(fields, row, strict=True)} for row in s.execute(query)]


def _plain(value: Any) -> Any:
    """PostgreSQL sums integers as numeric: back to int (or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _build_tickets(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    """Per day, key and hour of issue; rolled up per day and key with the day's waits."""
    src = sources.tickets(d, scope)
    measures = sources.ticket_measures(src, scope)
    del measures["within_alert"]  # the limit is a setting: counted from the waits when read
    hour = d.hour(src.c.issued_at)
    query = select(src.c.day, src.c.key, hour, *measures.values()).group_by(
        src.c.day, src.c.key, hour
    )
    hours = _grouped(s, query, ("day", "key", "hour", *measures))
    waits: dict[tuple[Any, Any], list[float]] = {}
    for day, key, wait in s.execute(
        select(src.c.day, src.c.key, src.c.wait_s).where(src.c.wait_s.is_not(None))
    ):
        waits.setdefault((sources.as_date(day), key or ""), []).append(float(wait))
    for row in hours:
        row["day"], row["key"] = sources.as_date(row["day"]), row["key"] or ""
    days = _merge(TICKET_DAY, hours, ("day", "key"))
    for row in days:
        row["waits"] = np.asarray(waits.get((row["day"], row["key"]), ()), dtype=np.float64)
    kept = ("day", "key", "hour", *TICKET_HOUR.sums)
    return {TICKET_DAY: days, TICKET_HOUR: [{n: row[n] for n in kept} for row in hours]}


def _build_cases(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    src = sources.cases(d, scope)
    measures = sources.case_measures(src)
    day = d.day(src.c.decided_at)
    query = select(day, src.c.key, *measures.values()).group_by(day, src.c.key)
    return {CASE_DAY: _keyed(_grouped(s, query, ("day", "key", *measures)))}


def _build_corrections(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    src = sources.corrections(d, scope)
    brought = src.c.brought_at.is_not(None)
    measures: dict[str, ColumnElement[Any]] = {
        "corrections_due": func.count(),
        "corrections_brought": sources.count_where(brought),
        "brought_late": sources.count_where(brought & (src.c.brought_day > src.c.due)),
        "corrections_outstanding": sources.count_where(src.c.brought_at.is_(None)),
    }
    groups = (src.c.day, src.c.key, src.c.due)
    query = select(*groups, *measures.values()).group_by(*groups)
    return {CORRECTION_DAY: _keyed(_grouped(s, query, ("day", "key", "due", *measures)))}


def _build_ratings(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    assert scope.today is not None
    src = sources.ratings(d, scope)
    c = sources.rating_conditions(src, scope.today)
    measures = {"ratings": func.count()} | {
        n: sources.count_where(c[n])
        for n in ("rectified", "rectified_on_time", "rectification_open")
    }
    groups = (d.day(src.c.rated_at), src.c.key, src.c.level, src.c.due)
    query = select(*groups, *measures.values()).group_by(*groups)
    return {RATING_DAY: _keyed(_grouped(s, query, ("day", "key", "level", "due", *measures)))}


def _build_refusals(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    src = sources.refusals(d, scope)
    groups = (src.c.day, src.c.key, src.c.kind, src.c.category, src.c.state)
    query = select(*groups, func.count()).group_by(*groups)
    names = ("day", "key", "kind", "category", "state", "refusal_entries")
    return {REFUSAL_DAY: _keyed(_grouped(s, query, names))}


Builder = Callable[[Session, Sql, Scope], dict[Part, list[Row]]]
BUILDERS: dict[str, Builder] = {
    "tickets": _build_tickets,
    "cases": _build_cases,
    "corrections": _build_corrections,
    "ratings": _build_ratings,
    "refusals": _build_refusals,
}
PARTS = {
    "tickets": (TICKET_DAY, TICKET_HOUR),
    "cases": (CASE_DAY,),
    "corrections": (CORRECTION_DAY,),
    "ratings": (RATING_DAY,),
    "refusals": (REFUSAL_DAY,),
}


def _keyed(rows: list[Row]) -> list[Row]:
    for row in rows:
        row["day"], row["key"] = (
            sources.as_date(row["day"]),
            "" if row["key"] is None else str(row["key"]),
        )
        if row.get("due") is not None:
            row["due"] = sources.as_date(row["due"])
    return rows


def _merge(part: Part, rows: Iterable[Row], groups: tuple[str, ...]) -> list[Row]:
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


# ---------------------------------------------------------------- refresh


def refresh(db: Database, first: date, last: date, today: date) -> int:
    """Summarise the closed days of the months of ``first`` … ``last`` not summarised yet,
    rebuild the parts marked stale, and roll closed months up. Returns how many (day,
    source) parts were written.

    One month per transaction: the first query of a long period after an upgrade
    summarises it month by month, and never holds the database's locks for long.
    """
    first, last = first.replace(day=1), min(month_end(last), today - timedelta(days=1))
    if last < first:
        return 0
    with db.session() as s:
        done = s.scalar(select(func.count()).where(StatsDay.day.between(first, last)))
        stale = s.scalar(select(func.count()).where(StatsStale.day.between(first, last)))
    if done == (last - first).days + 1 and not stale:
        return 0
    written = 0
    d = db.sql
    month = first
    while month <= last:
        with db.session() as s:
            d.analytic(s)
            written += _refresh(s, d, month, min(month_end(month), last), today)
        month = month_end(month) + timedelta(days=1)
    if written:
        log.info("statistics summarised %s … %s: %d day-parts", first, last, written)
    return written


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _refresh(s: Session, d: Sql, first: date, last: date, today: date) -> int:
    d.xact_lock(s, LOCK_KEY)
    # A write first: SQLite takes its write lock here, so two summarisers take turns. The
    # marks go before the rebuild reads: a change committed later marks the day again.
    stale = s.execute(
        delete(StatsStale)
        .where(StatsStale.day.between(first, last))
        .returning(StatsStale.day, StatsStale.source)
    ).all()
    done = set(s.scalars(select(StatsDay.day).where(StatsDay.day.between(first, last))))
    missing = [day for day in Period(first, last).days if day not in done]
    work: dict[str, set[date]] = {source: set(missing) for source in BUILDERS}
    for day, source in stale:
        if sources.as_date(day) in done and source in work:
            work[source].add(sources.as_date(day))
    written = 0
    for source, days in work.items():
        for start, end in _runs(sorted(days)):
            _rebuild(s, d, source, start, end, today)
            written += (end - start).days + 1
        if days and last == month_end(first):  # a closed month, whole
            _roll_up(s, source, first, last)
    if missing:
        now = database_now(s)
        s.execute(insert(StatsDay), [{"day": day, "summarised_at": now} for day in missing])
    return written


def _roll_up(s: Session, source: str, first: date, last: date) -> None:
    """The month's rows of ``source`` (span "month", day = the 1st): its days added up."""
    for part in PARTS[source]:
        if not part.monthly:
            continue
        model, day = part.model, part.column("day")
        s.execute(delete(model).where(part.column("span") == "month", day == first))
        groups = [part.column(c) for c in ("dimension", "key", *part.detail)]
        in_month = (part.column("span") == "day", day.between(first, last))
        if part is TICKET_DAY:  # the waits are joined in Python
            names = ("dimension", "key", *part.sums, *part.maxes)
            rows: list[Row] = []
            blobs: dict[tuple[str, str], list[bytes]] = {}
            for *values, blob in s.execute(
                select(*(part.column(n) for n in (*names, "waits"))).where(*in_month)
            ):
                rows.append(dict(zip(names, values, strict=True)))
                blobs.setdefault((rows[-1]["dimension"], rows[-1]["key"]), []).append(blob)
            month = [
                dict(r, span="month", day=first, waits=b"".join(blobs[(r["dimension"], r["key"])]))
                for r in _merge(part, rows, ("dimension", "key"))
            ]
            if month:
                s.execute(insert(model), month)
            continue
        aggregates: list[ColumnElement[Any]] = [func.sum(part.column(n)) for n in part.sums]
        aggregates += [func.max(part.column(n)) for n in part.maxes]
        query = (
            select(literal("month"), literal(first, Date), *groups, *aggregates)
            .where(*in_month)
            .group_by(*groups)
        )
        columns = ["span", "day", "dimension", "key", *part.detail, *part.sums, *part.maxes]
        s.execute(insert(model).from_select(columns, query))


def _runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days (gaps up to RUN_GAP included) as (first, last)."""
    if not days:
        return
    start = end = days[0]
    for day in days[1:]:
        if (day - end).days > RUN_GAP:
            yield start, end
            start = day
        end = day
    yield start, end


def _rebuild(s: Session, d: Sql, source: str, first: date, last: date, today: date) -> None:
    for part in PARTS[source]:
        days = (part.column("span") == "day", part.column("day").between(first, last))
        s.execute(delete(part.model).where(*days))
    for dimension in Dimension:
        scope = Scope(Period(first, last), dimension, today=today)
        for part, rows in BUILDERS[source](s, d, scope).items():
            if rows:
                s.execute(insert(part.model), [_stored(row, dimension) for row in rows])


def _stored(row: Row, dimension: Dimension) -> Row:
    stored = dict(row, dimension=dimension.value, span="day")
    if "waits" in stored:
        stored["waits"] = stored["waits"].tobytes()
    return stored


# ---------------------------------------------------------------- reading


@dataclass
class Reader:
    """A period's rows of one breakdown: summarised days read, open days built live."""

    s: Session
    d: Sql
    scope: Scope
    built: dict[str, dict[Part, list[Row]]] = field(default_factory=dict)

    @property
    def closed(self) -> Period | None:
        assert self.scope.today is not None
        last = min(self.scope.period.last, self.scope.today - timedelta(days=1))
        return Period(self.scope.period.first, last) if last >= self.scope.period.first else None

    def live(self, source: str) -> dict[Part, list[Row]]:
        """The open days' rows of ``source`` (today, and any later day asked for)."""
        assert self.scope.today is not None
        if source not in self.built:
            period = self.scope.period
            first = max(period.first, self.scope.today)
            self.built[source] = {}
            if first <= period.last:
                scope = replace(self.scope, period=Period(first, period.last))
                self.built[source] = BUILDERS[source](self.s, self.d, scope)
        return self.built[source]

    def rows(self, source: str, part: Part, by_day: bool = False) -> list[Row]:
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
        return _merge(view, [*stored, *live], groups)

    def _past(self, due: date | None) -> bool:
        assert self.scope.today is not None
        return due is not None and due < self.scope.today

    def _where(self, part: Part, by_day: bool) -> list[ColumnElement[bool]]:
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
        query = select(*columns, *aggregates).where(*self._where(part, by_day)).group_by(*columns)
        return _grouped(self.s, query, (*groups, *view.sums, *part.maxes))

    def _past_due(self, part: Part) -> ColumnElement[Any]:
        due, measure = part.column("due"), part.column(part.overdue or "")
        return case((due < self.scope.today, measure), else_=0)

    def waits(self) -> dict[str, np.ndarray]:
        """Every wait of the period per key, in seconds (closed days' and today's)."""
        parts: dict[str, list[np.ndarray]] = {}
        if self.closed:
            query = select(StatsTicketDay.key, StatsTicketDay.waits).where(
                *self._where(TICKET_DAY, by_day=False)
            )
            for key, blob in self.s.execute(query):
                parts.setdefault(key, []).append(np.frombuffer(blob, dtype=np.float64))
        for row in self.live("tickets").get(TICKET_DAY, []):
            parts.setdefault(row["key"], []).append(row["waits"])
        return {k: np.concatenate(v) for k, v in parts.items()}


def _whole_months(period: Period) -> tuple[date, date] | None:
    """The first days of the first and last whole months in ``period``, if any."""
    first = period.first if period.first.day == 1 else month_end(period.first) + timedelta(days=1)
    last = month_end(period.last).replace(day=1)
    if month_end(period.last) != period.last:
        last = (last - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


def percentile(waits: np.ndarray, fraction: float = P90) -> float | None:
    """``percentile_cont``: linear interpolation between the two ranks around
    ``fraction`` × (n − 1)."""
    n = len(waits)
    if not n:
        return None
    position = fraction * (n - 1)
    lower = int(position)
    upper = min(lower + 1, n - 1)
    ranked = np.partition(waits, (lower, upper))
    low, high = float(ranked[lower]), float(ranked[upper])
    return low + (position - lower) * (high - low)


# ---------------------------------------------------------------- figures


def figures(
    s: Session, d: Sql, scope: Scope, report: PeriodReport | None = None
) -> dict[str, Figures]:
    """As ``clerk.services.stats.live_figures``, from the summaries."""
    assert scope.today is not None
    out: dict[str, Figures] = {}

    def row(key: str) -> Figures:
        return out.setdefault(key, Figures(key, key))

    reader = Reader(s, d, scope)
    for source in (_tickets, _cases, _corrections, _ratings, _refusals):
        for key, values in source(reader, report).items():
            row(key).set(values)
    return out


def _tickets(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    limit = reader.scope.alert_minutes * 60
    days = reader.rows("tickets", TICKET_DAY, by_day=report is not None)
    totals: dict[str, Totals] = {r["key"]: r for r in _merge(TICKET_DAY, days, ("key",))}
    out = {}
    waits = reader.waits()
    for key, total in totals.items():
        mine = waits.get(key, np.empty(0))
        total["within_alert"] = int(np.count_nonzero(mine <= limit))
        out[key] = sources.ticket_figures(total) | {"wait_p90": _minutes(percentile(mine))}
    if report is not None:
        per_day = {r["day"]: int(r["tickets"]) for r in days}
        heat: dict[tuple[int, int], Totals] = {}
        for r in reader.rows("tickets", TICKET_HOUR, by_day=True):
            cell = heat.setdefault((r["day"].isoweekday(), int(r["hour"])), {})
            for name in ("tickets", "called", "wait_sum"):
                cell[name] = cell.get(name, 0) + (r[name] or 0)
        report.set_tickets(per_day, heat)
    return out


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def _cases(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    rows = reader.rows("cases", CASE_DAY, by_day=report is not None)
    if report is not None:
        per_day: dict[date, int] = {}
        for r in rows:
            per_day[r["day"]] = per_day.get(r["day"], 0) + int(r["cases"])
        report.set_cases(per_day)
    return {r["key"]: sources.case_figures(r) for r in _merge(CASE_DAY, rows, ("key",))}


def _corrections(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    assert reader.scope.today is not None
    out: dict[str, Totals] = {}
    for r in reader.rows("corrections", CORRECTION_DAY):
        out[r["key"]] = {n: r[n] for n in ("corrections_due", "corrections_brought")} | {
            "corrections_outstanding": r["corrections_outstanding"],
            "corrections_overdue": r["brought_late"] + r["past_due"],
        }
    return out


def _ratings(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    today = reader.scope.today
    assert today is not None
    out: dict[str, Totals] = {}
    per_day: dict[date, tuple[int, int]] = {}
    levels: dict[str, int] = {}
    for r in reader.rows("ratings", RATING_DAY, by_day=report is not None):
        n = int(r["ratings"])
        total = out.setdefault(r["key"], {})
        good = n if r["level"] in SATISFIED_LEVELS else 0
        open_ = int(r["rectification_open"])
        values = {
            "ratings": n,
            "satisfied": good,
            "poor": n if r["level"] in POOR_LEVELS else 0,
            "rectified": int(r["rectified"]),
            "rectified_on_time": int(r["rectified_on_time"]),
            "rectification_open": open_,
            "rectification_overdue": int(r["past_due"]),
        }
        for name, value in values.items():
            total[name] = total.get(name, 0) + value
        if report is not None:
            day_n, day_good = per_day.get(r["day"], (0, 0))
            per_day[r["day"]] = (day_n + n, day_good + good)
            levels[r["level"]] = levels.get(r["level"], 0) + n
    if report is not None:
        report.set_ratings(per_day, levels)
    return out


def _refusals(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    out: dict[str, Totals] = {}
    categories: dict[tuple[str, str], int] = {}
    states: dict[str, int] = {}
    for r in reader.rows("refusals", REFUSAL_DAY):
        n = int(r["refusal_entries"])
        total = out.setdefault(r["key"], {"refusal_entries": 0, "review_pending": 0})
        total["refusal_entries"] += n
        total["review_pending"] += n if r["state"] == "pending" else 0
        categories[(r["kind"], r["category"])] = categories.get((r["kind"], r["category"]), 0) + n
        states[r["state"]] = states.get(r["state"], 0) + n
    if report is not None:
        report.set_refusals(categories, states)
    return out
