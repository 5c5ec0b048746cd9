"""Refusal register entries (否定备案) filed in the period: by kind and category, and
their review state now."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Subquery, and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.refusals import KIND_NAMES, STATE_NAMES, ReviewKind, ReviewState
from clerk.domain.stats import Dimension, PeriodReport, Source
from clerk.services.stats.scope import (
    Focus,
    Scope,
    Totals,
    condition,
    count_where,
    flag,
    key_column,
    named,
    restrict,
    scan,
    subject_filter,
)
from clerk.services.stats.summary import Part, Reader, Row, SourceDef, grouped, keyed
from clerk.storage.dialect import Sql
from clerk.storage.models.intake import Case
from clerk.storage.models.refusals import RefusalEntry, RefusalReview
from clerk.storage.models.stats import StatsRefusalDay


def _verdicts(scope: Scope) -> Subquery:
    """Per entry filed in the period: whether a manager agreed, disagreed, or resolved it."""
    r = RefusalReview
    filed = select(RefusalEntry.id).where(
        RefusalEntry.filed_at >= scope.period.start, RefusalEntry.filed_at < scope.period.end
    )
    return (
        select(
            r.entry_id,
            func.max(flag(r.kind == ReviewKind.AGREE)).label("agreed"),
            func.max(flag(r.kind == ReviewKind.DISAGREE)).label("disagreed"),
            func.max(flag(and_(r.kind == ReviewKind.FOLLOW_UP, r.resolved == 1))).label("resolved"),
        )
        .where(r.entry_id.in_(filed))
        .group_by(r.entry_id)
        .subquery("verdicts")
    )


def refusal_rows(d: Sql, scope: Scope) -> Subquery:
    """Refusal register entries filed in the period, with their review state now
    (the register's rule, ``clerk.services.refusals.review_state``)."""
    e = RefusalEntry
    v = _verdicts(scope)
    key = key_column(scope, e.window_no, e.clerk_id, e.matter_code)
    state = case(
        (v.c.agreed == 1, ReviewState.AGREED.value),
        (func.coalesce(v.c.disagreed, 0) == 0, ReviewState.PENDING.value),
        (v.c.resolved == 1, ReviewState.RESOLVED.value),
        else_=ReviewState.REOPENED.value,
    )
    query = (
        select(
            e.id.label("id"),
            key.label("key"),
            e.kind.label("kind"),
            e.category.label("category"),
            e.filed_at.label("filed_at"),
            d.day(e.filed_at).label("day"),
            state.label("state"),
        )
        .outerjoin(v, v.c.entry_id == e.id)
        .where(e.filed_at >= scope.period.start, e.filed_at < scope.period.end)
    )
    if scope.dimension in (Dimension.MATTER, Dimension.BUNDLE):
        query = query.join(Case, Case.id == e.case_id).where(*subject_filter(scope))
    return restrict(query, scope, key).subquery("refusals")


def conditions(src: Subquery) -> dict[str, ColumnElement[bool]]:
    return {"entries": literal(True), "pending": src.c.state == ReviewState.PENDING}


def live(s: Session, d: Sql, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    """Per key; entries per (kind, category) and per review state."""
    src = refusal_rows(d, scope)
    c = conditions(src)
    measures = {"refusal_entries": func.count(), "review_pending": count_where(c["pending"])}
    detail = (src.c.kind, src.c.category, src.c.state) if report else ()
    totals, rows = scan(s, src, measures, *detail)
    if report is not None:
        categories: dict[tuple[str, str], int] = {}
        states: dict[str, int] = {}
        for _, kind, category, state, values in rows:
            n = int(values["refusal_entries"])
            categories[(kind, category)] = categories.get((kind, category), 0) + n
            states[state] = states.get(state, 0) + n
        report.set_refusals(categories, states)
    return totals


# ---------------------------------------------------------------- summaries

DAY = Part(StatsRefusalDay, ("kind", "category", "state"), ("refusal_entries",))


def build(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    src = refusal_rows(d, scope)
    groups = (src.c.day, src.c.key, src.c.kind, src.c.category, src.c.state)
    query = select(*groups, func.count()).group_by(*groups)
    names = ("day", "key", "kind", "category", "state", "refusal_entries")
    return {DAY: keyed(grouped(s, query, names))}


def read(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    out: dict[str, Totals] = {}
    categories: dict[tuple[str, str], int] = {}
    states: dict[str, int] = {}
    for r in reader.rows(SOURCE, DAY):
        n = int(r["refusal_entries"])
        total = out.setdefault(r["key"], {"refusal_entries": 0, "review_pending": 0})
        total["refusal_entries"] += n
        total["review_pending"] += n if r["state"] == ReviewState.PENDING else 0
        categories[(r["kind"], r["category"])] = categories.get((r["kind"], r["category"]), 0) + n
        states[r["state"]] = states.get(r["state"], 0) + n
    if report is not None:
        report.set_refusals(categories, states)
    return out


# ---------------------------------------------------------------- drill-down

DRILLED = {"refusal_entries": "entries", "review_pending": "pending"}


def drill(d: Sql, scope: Scope, name: str, focus: Focus) -> tuple[Select[Any], tuple[str, ...]]:
    src = refusal_rows(d, scope)
    where = [condition(conditions(src), name)]
    if focus.day is not None:
        where.append(d.day(src.c.filed_at) == focus.day)
    if focus.category is not None:
        where.append(src.c.category == focus.category)
    e = RefusalEntry
    query = (
        select(
            e.id,
            e.filed_at,
            e.kind,
            e.category,
            e.matter_name,
            e.window_no,
            e.clerk_name,
            src.c.state,
        )
        .join(e, e.id == src.c.id)
        .where(*where)
        .order_by(e.id)
    )
    columns = ("登记号", "备案时间", "类型", "类别", "事项", "窗口", "窗口人员", "复核状态")
    return named(named(query, 2, KIND_NAMES), 7, STATE_NAMES), columns


SOURCE = SourceDef(Source.REFUSALS, (DAY,), build, live, read, drill, DRILLED)
