"""Ratings (好差评) given in the period, by level, and the follow-up (整改) of the poor ones."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, Subquery, and_, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.ratings import LEVELS, POOR_LEVELS, SATISFIED_LEVELS
from clerk.domain.stats import Dimension, PeriodReport, Source
from clerk.services.stats.scope import (
    Focus,
    Scope,
    Totals,
    as_date,
    condition,
    count_where,
    key_column,
    named,
    restrict,
    scan,
    subject_filter,
)
from clerk.services.stats.summary import Part, Reader, Row, SourceDef, grouped, keyed
from clerk.storage.dialect import Sql
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case
from clerk.storage.models.queue import QueueTicket
from clerk.storage.models.ratings import Rating, RatingFollowUp
from clerk.storage.models.stats import StatsRatingDay

FOLLOW_UP_NAMES = {"open": "整改中", "closed": "已整改"}


def rating_rows(d: Sql, scope: Scope) -> Subquery:
    """Ratings given in the period, with their follow-up (整改) when poor."""
    f = RatingFollowUp
    key = key_column(scope, Rating.window_no, Rating.clerk_id, Case.subject_code)
    query = (
        select(
            Rating.id.label("id"),
            key.label("key"),
            Rating.level.label("level"),
            Rating.rated_at.label("rated_at"),
            f.state.label("follow_up"),
            f.due_date.label("due"),
            d.day(f.closed_at).label("closed_day"),
        )
        .outerjoin(f, f.rating_id == Rating.id)
        .where(Rating.rated_at >= scope.period.start, Rating.rated_at < scope.period.end)
    )
    if scope.dimension in (Dimension.MATTER, Dimension.BUNDLE):
        query = query.join(Case, Case.id == Rating.case_id).where(*subject_filter(scope))
    return restrict(query, scope, key).subquery("ratings")


def conditions(src: Subquery, today: date) -> dict[str, ColumnElement[bool]]:
    closed = src.c.follow_up == "closed"
    return {
        "ratings": literal(True),
        "satisfied": src.c.level.in_(SATISFIED_LEVELS),
        "poor": src.c.level.in_(POOR_LEVELS),
        "rectified": closed,
        "rectified_on_time": and_(closed, src.c.closed_day <= src.c.due),
        "rectification_open": src.c.follow_up == "open",
        "rectification_overdue": and_(src.c.follow_up == "open", src.c.due < today),
    }


COUNTS = (
    "satisfied",
    "poor",
    "rectified",
    "rectified_on_time",
    "rectification_open",
    "rectification_overdue",
)


def live(s: Session, d: Sql, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    """Per key; ratings and satisfied ones per day, ratings per level."""
    assert scope.today is not None
    src = rating_rows(d, scope)
    c = conditions(src, scope.today)
    measures = {"ratings": func.count(), **{n: count_where(c[n]) for n in COUNTS}}
    detail = (d.day(src.c.rated_at), src.c.level) if report else ()
    totals, rows = scan(s, src, measures, *detail)
    if report is not None:
        per_day: dict[date, tuple[int, int]] = {}
        levels: dict[str, int] = {}
        for _, day, level, values in rows:
            day = as_date(day)
            n, good = per_day.get(day, (0, 0))
            per_day[day] = (n + int(values["ratings"]), good + int(values["satisfied"]))
            levels[level] = levels.get(level, 0) + int(values["ratings"])
        report.set_ratings(per_day, levels)
    return totals


# ---------------------------------------------------------------- summaries

DAY = Part(
    StatsRatingDay,
    ("level", "due"),
    ("ratings", "rectified", "rectified_on_time", "rectification_open"),
    overdue="rectification_open",
)


def build(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    """Per day, key, level and follow-up due date (an open follow-up falls overdue later)."""
    assert scope.today is not None
    src = rating_rows(d, scope)
    c = conditions(src, scope.today)
    measures = {"ratings": func.count()} | {
        n: count_where(c[n]) for n in ("rectified", "rectified_on_time", "rectification_open")
    }
    groups = (d.day(src.c.rated_at), src.c.key, src.c.level, src.c.due)
    query = select(*groups, *measures.values()).group_by(*groups)
    return {DAY: keyed(grouped(s, query, ("day", "key", "level", "due", *measures)))}


def read(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    out: dict[str, Totals] = {}
    per_day: dict[date, tuple[int, int]] = {}
    levels: dict[str, int] = {}
    for r in reader.rows(SOURCE, DAY, by_day=report is not None):
        n = int(r["ratings"])
        total = out.setdefault(r["key"], {})
        good = n if r["level"] in SATISFIED_LEVELS else 0
        values = {
            "ratings": n,
            "satisfied": good,
            "poor": n if r["level"] in POOR_LEVELS else 0,
            "rectified": int(r["rectified"]),
            "rectified_on_time": int(r["rectified_on_time"]),
            "rectification_open": int(r["rectification_open"]),
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


# ---------------------------------------------------------------- drill-down

DRILLED = {"satisfied_share": "ratings"}


def drill(d: Sql, scope: Scope, name: str, focus: Focus) -> tuple[Select[Any], tuple[str, ...]]:
    assert scope.today is not None
    src = rating_rows(d, scope)
    where = [condition(conditions(src, scope.today), name)]
    if focus.day is not None:
        where.append(d.day(src.c.rated_at) == focus.day)
    query = (
        select(
            Rating.rated_at,
            QueueTicket.number,
            Rating.matter_name,
            Rating.window_no,
            Account.display_name,
            Rating.level,
            src.c.follow_up,
            src.c.due,
        )
        .join(Rating, Rating.id == src.c.id)
        .join(QueueTicket, QueueTicket.id == Rating.ticket_id)
        .join(Account, Account.id == Rating.clerk_id)
        .where(*where)
        .order_by(Rating.rated_at, Rating.id)
    )
    columns = ("评价时间", "票号", "事项", "窗口", "窗口人员", "评价", "整改", "整改期限")
    return named(named(query, 5, LEVELS), 6, FOLLOW_UP_NAMES), columns


SOURCE = SourceDef(Source.RATINGS, (DAY,), build, live, read, drill, DRILLED)
