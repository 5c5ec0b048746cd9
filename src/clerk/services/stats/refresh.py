"""Summarising closed days: per source, breakdown and key, into the ``stats_*`` tables.

A closed day (before the hall's today) is summarised once per source by the builder the
open day is read live with (``SourceDef.build``), and rebuilt when the triggers of
migration 0007_stats mark it stale (a late event: a correction brought, a follow-up
closed, a review …). Days not yet summarised are summarised by the first query that
covers them; whole closed months are rolled up for the reads that are not by day.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from clerk.domain.stats import Dimension, Period, Source
from clerk.services.stats.scope import Scope, as_date
from clerk.services.stats.sources import BY_SOURCE, SOURCES
from clerk.services.stats.summary import Row, merge, month_end
from clerk.storage.db import Database
from clerk.storage.dialect import Sql, database_now
from clerk.storage.models.stats import StatsDay, StatsStale

log = logging.getLogger(__name__)

# Stale days this close together are rebuilt as one run (a weekend between costs nothing).
RUN_GAP = 7
# PostgreSQL: one summariser at a time (the key is arbitrary, the same for every client).
LOCK_KEY = 7_000_807


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
    work: dict[Source, set[date]] = {source.source: set(missing) for source in SOURCES}
    for day, source in stale:
        if as_date(day) in done and source in work:
            work[Source(source)].add(as_date(day))
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


def _roll_up(s: Session, source: Source, first: date, last: date) -> None:
    """The month's rows of ``source`` (span "month", day = the 1st): its days added up."""
    for part in BY_SOURCE[source].parts:
        if not part.monthly:
            continue
        model, day = part.model, part.column("day")
        s.execute(delete(model).where(part.column("span") == "month", day == first))
        groups = [part.column(c) for c in ("dimension", "key", *part.detail)]
        in_month = (part.column("span") == "day", day.between(first, last))
        if part.waits:  # the waits are joined in Python
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
                for r in merge(part, rows, ("dimension", "key"))
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


def _rebuild(s: Session, d: Sql, source: Source, first: date, last: date, today: date) -> None:
    for part in BY_SOURCE[source].parts:
        days = (part.column("span") == "day", part.column("day").between(first, last))
        s.execute(delete(part.model).where(*days))
    for dimension in Dimension:
        scope = Scope(Period(first, last), dimension, today=today)
        for part, rows in BY_SOURCE[source].build(s, d, scope).items():
            if rows:
                s.execute(insert(part.model), [_stored(row, dimension) for row in rows])


def _stored(row: Row, dimension: Dimension) -> Row:
    stored = dict(row, dimension=dimension.value, span="day")
    if "waits" in stored:
        stored["waits"] = stored["waits"].tobytes()
    return stored
