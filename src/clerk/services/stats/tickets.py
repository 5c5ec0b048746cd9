"""Tickets issued in the period: how many were called and served, their waits and service.

The wait is first call − issue; its 90th percentile is ``percentile_cont(0.9)``:
PostgreSQL's own, the same interpolation from ranked rows on SQLite, and from the waits
the summaries keep whole per day and key.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Select, String, Subquery, and_, case, cast, func, literal, null, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.queue import DONE, NO_SHOW, STATE_NAMES
from clerk.domain.stats import Dimension, PeriodReport, Source
from clerk.services.stats.scope import (
    Focus,
    Scope,
    Totals,
    as_date,
    condition,
    count_where,
    mean,
    named,
    restrict,
    scan,
    subject_filter,
)
from clerk.services.stats.summary import Part, Reader, Row, SourceDef, grouped, merge
from clerk.storage.dialect import Sql
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case
from clerk.storage.models.queue import QueueCall, QueueCategory, QueueTicket, QueueWindow
from clerk.storage.models.stats import StatsTicketDay, StatsTicketHour

P90 = 0.9


def first_call() -> ColumnElement[Any]:
    """When the applicant was first called.

    A ticket's ``called_at`` is its latest call; only a transfer (which always leaves a
    note) calls a ticket a second time, so the calls table is read for those alone.
    """
    earliest = (
        select(func.min(QueueCall.called_at))
        .where(QueueCall.ticket_id == QueueTicket.id, QueueCall.kind == "call")
        .scalar_subquery()
    )
    return case((QueueTicket.transfer_note == "", QueueTicket.called_at), else_=earliest)


def ticket_rows(d: Sql, scope: Scope) -> Subquery:
    """Tickets issued in the period: wait (first call − issue) and service time, in seconds."""
    t = QueueTicket
    wait = d.seconds(t.issued_at, first_call())
    service = case(
        (
            and_(t.service_started_at.is_not(None), t.service_ended_at.is_not(None)),
            d.seconds(t.service_started_at, t.service_ended_at),
        ),
        else_=null(),
    )
    columns: list[Any] = [
        t.id.label("id"),
        t.state.label("state"),
        t.issued_at.label("issued_at"),
        t.service_day.label("day"),
        wait.label("wait_s"),
        service.label("service_s"),
    ]
    in_period = [t.service_day >= scope.period.first, t.service_day <= scope.period.last]
    if scope.dimension in (Dimension.MATTER, Dimension.BUNDLE):
        # A ticket counts once for each matter (or bundle) of the cases made from it
        # (read through the case's ticket index: a day's tickets find their cases).
        query = (
            select(*columns, Case.subject_code.label("key"))
            .join(Case, Case.ticket_id == t.id)
            .where(*subject_filter(scope))
            .distinct()
        )
        key: Any = Case.subject_code
    elif scope.dimension is Dimension.WINDOW:
        query = select(*columns, QueueWindow.number.label("key")).outerjoin(
            QueueWindow, QueueWindow.id == t.window_id
        )
        key = QueueWindow.number
    else:
        key = literal("") if scope.dimension is Dimension.HALL else cast(t.clerk_id, String)
        query = select(*columns, key.label("key"))
    return restrict(query.where(*in_period), scope, key).subquery("tickets")


def conditions(src: Subquery, scope: Scope) -> dict[str, ColumnElement[bool]]:
    called = src.c.wait_s.is_not(None)
    return {
        "tickets": literal(True),
        "called": called,
        "served": src.c.state == DONE,
        "no_show": src.c.state == NO_SHOW,
        "wait": called,
        "within_alert": and_(called, src.c.wait_s <= scope.alert_minutes * 60),
        "service": src.c.service_s.is_not(None),
    }


def measures(src: Subquery, scope: Scope) -> dict[str, ColumnElement]:
    """Additive measures of tickets (``*_max`` roll up by maximum)."""
    c = conditions(src, scope)
    return {
        "tickets": func.count(),
        "called": count_where(c["called"]),
        "served": count_where(c["served"]),
        "no_show": count_where(c["no_show"]),
        "within_alert": count_where(c["within_alert"]),
        "wait_sum": func.sum(src.c.wait_s),
        "wait_max": func.max(src.c.wait_s),
        "service_sum": func.sum(src.c.service_s),
        "service_n": func.count(src.c.service_s),
    }


def figures(t: Totals) -> dict[str, Any]:
    return {
        **{n: t.get(n, 0) for n in ("tickets", "called", "served", "no_show", "within_alert")},
        "wait_avg": mean(t, "wait_sum", "called", 60),
        "wait_max": t["wait_max"] / 60 if t.get("wait_max") is not None else None,
        "service_avg": mean(t, "service_sum", "service_n", 60),
    }


# ---------------------------------------------------------------- from the raw rows


def live(s: Session, d: Sql, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    """Per key (the 90th percentile apart: ``wait_p90``); tickets per day and the heat."""
    src = ticket_rows(d, scope)
    detail = (src.c.day, d.hour(src.c.issued_at)) if report else ()
    totals, rows = scan(s, src, measures(src, scope), *detail)
    if report is not None:
        per_day: dict[date, int] = {}
        heat: dict[tuple[int, int], Totals] = {}
        for _, day, hour, values in rows:
            day = as_date(day)
            per_day[day] = per_day.get(day, 0) + int(values["tickets"])
            cell = heat.setdefault((day.isoweekday(), int(hour)), {})
            for name in ("tickets", "called", "wait_sum"):
                cell[name] = cell.get(name, 0) + (values[name] or 0)
        report.set_tickets(per_day, heat)
    return {k: figures(t) for k, t in totals.items()}


def wait_p90(s: Session, d: Sql, src: Subquery, *, ranked: bool = False) -> dict[Any, float]:
    """The 90th percentile of the wait per key, in minutes (percentile_cont's definition).

    PostgreSQL has ``percentile_cont``; SQLite (or ``ranked=True``) ranks the waits of
    each key and interpolates between the two ranks around 0.9 × (n − 1).
    """
    if d.has_percentile and not ranked:
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
    lower = d.floor(position)
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


# ---------------------------------------------------------------- summaries

DAY = Part(
    StatsTicketDay,
    (),
    ("tickets", "called", "served", "no_show", "wait_sum", "service_sum", "service_n"),
    ("wait_max",),
    waits=True,
)
HOUR = Part(StatsTicketHour, ("hour",), ("tickets", "called", "wait_sum"), monthly=False)


def build(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    """Per day, key and hour of issue; rolled up per day and key with the day's waits."""
    src = ticket_rows(d, scope)
    summed = measures(src, scope)
    del summed["within_alert"]  # the limit is a setting: counted from the waits when read
    hour = d.hour(src.c.issued_at)
    query = select(src.c.day, src.c.key, hour, *summed.values()).group_by(
        src.c.day, src.c.key, hour
    )
    hours = grouped(s, query, ("day", "key", "hour", *summed))
    waits: dict[tuple[Any, Any], list[float]] = {}
    for day, key, wait in s.execute(
        select(src.c.day, src.c.key, src.c.wait_s).where(src.c.wait_s.is_not(None))
    ):
        waits.setdefault((as_date(day), key or ""), []).append(float(wait))
    for row in hours:
        row["day"], row["key"] = as_date(row["day"]), row["key"] or ""
    days = merge(DAY, hours, ("day", "key"))
    for row in days:
        row["waits"] = np.asarray(waits.get((row["day"], row["key"]), ()), dtype=np.float64)
    kept = ("day", "key", "hour", *HOUR.sums)
    return {DAY: days, HOUR: [{n: row[n] for n in kept} for row in hours]}


def read(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    limit = reader.scope.alert_minutes * 60
    days = reader.rows(SOURCE, DAY, by_day=report is not None)
    totals: dict[str, Totals] = {r["key"]: r for r in merge(DAY, days, ("key",))}
    out = {}
    waits = _waits(reader)
    for key, total in totals.items():
        mine = waits.get(key, np.empty(0))
        total["within_alert"] = int(np.count_nonzero(mine <= limit))
        out[key] = figures(total) | {"wait_p90": _minutes(percentile(mine))}
    if report is not None:
        per_day = {r["day"]: int(r["tickets"]) for r in days}
        heat: dict[tuple[int, int], Totals] = {}
        for r in reader.rows(SOURCE, HOUR, by_day=True):
            cell = heat.setdefault((r["day"].isoweekday(), int(r["hour"])), {})
            for name in ("tickets", "called", "wait_sum"):
                cell[name] = cell.get(name, 0) + (r[name] or 0)
        report.set_tickets(per_day, heat)
    return out


def _waits(reader: Reader) -> dict[str, np.ndarray]:
    """Every wait of the period per key, in seconds (closed days' and today's)."""
    parts: dict[str, list[np.ndarray]] = {}
    if reader.closed:
        query = select(StatsTicketDay.key, StatsTicketDay.waits).where(
            *reader.where(DAY, by_day=False)
        )
        for key, blob in reader.s.execute(query):
            parts.setdefault(key, []).append(np.frombuffer(blob, dtype=np.float64))
    for row in reader.live(SOURCE).get(DAY, []):
        parts.setdefault(row["key"], []).append(row["waits"])
    return {k: np.concatenate(v) for k, v in parts.items()}


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


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


# ---------------------------------------------------------------- drill-down

DRILLED = {
    "wait_avg": "wait",
    "wait_p90": "wait",
    "wait_max": "wait",
    "within_alert_share": "wait",
    "service_avg": "service",
}


def drill(d: Sql, scope: Scope, name: str, focus: Focus) -> tuple[Select[Any], tuple[str, ...]]:
    src = ticket_rows(d, scope)
    where = [condition(conditions(src, scope), name)]
    if focus.day is not None:
        where.append(src.c.day == focus.day)
    if focus.weekday is not None:
        where.append(d.weekday(src.c.issued_at) == focus.weekday)
    if focus.hour is not None:
        where.append(d.hour(src.c.issued_at) == focus.hour)
    t = QueueTicket
    query = (
        select(
            t.number,
            t.service_day,
            QueueCategory.name,
            t.issued_at,
            src.c.wait_s / 60.0,
            src.c.service_s / 60.0,
            QueueWindow.number,
            Account.display_name,
            t.state,
        )
        .join(t, t.id == src.c.id)
        .join(QueueCategory, QueueCategory.id == t.category_id)
        .outerjoin(QueueWindow, QueueWindow.id == t.window_id)
        .outerjoin(Account, Account.id == t.clerk_id)
        .where(*where)
        .order_by(src.c.wait_s.desc() if name == "wait" else t.issued_at, t.id)
    )
    columns = (
        "票号",
        "日期",
        "类别",
        "取号时间",
        "等候（分钟）",
        "办理（分钟）",
        "窗口",
        "窗口人员",
        "状态",
    )
    return named(query, -1, STATE_NAMES), columns


SOURCE = SourceDef(Source.TICKETS, (DAY, HOUR), build, live, read, drill, DRILLED)
