"""Deferred materials (容缺) of the cases decided in the period: brought, outstanding, overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, Subquery, and_, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.stats import PeriodReport, Source
from clerk.services.stats.scope import (
    Focus,
    Scope,
    Totals,
    case_key,
    condition,
    count_where,
    restrict,
    scan,
    subject_filter,
)
from clerk.services.stats.summary import Part, Reader, Row, SourceDef, grouped, keyed
from clerk.storage.dialect import Sql
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.stats import StatsCorrectionDay


def correction_rows(d: Sql, scope: Scope) -> Subquery:
    """Deferred materials (容缺) of the cases decided in the period."""
    key = case_key(scope)
    brought_day = d.day(CaseMaterial.received_later_at)
    query = (
        select(
            CaseMaterial.id.label("id"),
            key.label("key"),
            d.day(Case.decided_at).label("day"),
            CaseMaterial.correction_due.label("due"),
            CaseMaterial.received_later_at.label("brought_at"),
            brought_day.label("brought_day"),
        )
        .join(Case, Case.id == CaseMaterial.case_id)
        .where(
            # A deadline is never before its decision's day: this bound lets the planner
            # start from the few deferred materials (their index) instead of every case.
            CaseMaterial.correction_due >= scope.period.first,
            Case.decided_at >= scope.period.start,
            Case.decided_at < scope.period.end,
            *subject_filter(scope),
        )
    )
    return restrict(query, scope, key).subquery("corrections")


def conditions(src: Subquery, today: date) -> dict[str, ColumnElement[bool]]:
    outstanding = src.c.brought_at.is_(None)
    return {
        "due": literal(True),
        "brought": src.c.brought_at.is_not(None),
        "outstanding": outstanding,
        "overdue": or_(
            and_(outstanding, src.c.due < today),
            and_(src.c.brought_at.is_not(None), src.c.brought_day > src.c.due),
        ),
    }


def live(s: Session, d: Sql, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    assert scope.today is not None
    src = correction_rows(d, scope)
    c = conditions(src, scope.today)
    totals, _ = scan(
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


# ---------------------------------------------------------------- summaries

DAY = Part(
    StatsCorrectionDay,
    ("due",),
    ("corrections_due", "corrections_brought", "brought_late", "corrections_outstanding"),
    overdue="corrections_outstanding",
)


def build(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    """Per day, key and due date: whether a material is overdue depends on today."""
    src = correction_rows(d, scope)
    brought = src.c.brought_at.is_not(None)
    measures: dict[str, ColumnElement[Any]] = {
        "corrections_due": func.count(),
        "corrections_brought": count_where(brought),
        "brought_late": count_where(brought & (src.c.brought_day > src.c.due)),
        "corrections_outstanding": count_where(src.c.brought_at.is_(None)),
    }
    groups = (src.c.day, src.c.key, src.c.due)
    query = select(*groups, *measures.values()).group_by(*groups)
    return {DAY: keyed(grouped(s, query, ("day", "key", "due", *measures)))}


def read(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    out: dict[str, Totals] = {}
    for r in reader.rows(SOURCE, DAY):
        out[r["key"]] = {n: r[n] for n in ("corrections_due", "corrections_brought")} | {
            "corrections_outstanding": r["corrections_outstanding"],
            "corrections_overdue": r["brought_late"] + r["past_due"],
        }
    return out


# ---------------------------------------------------------------- drill-down

DRILLED = {
    "corrections_due": "due",
    "corrections_outstanding": "outstanding",
    "corrections_overdue": "overdue",
}


def drill(d: Sql, scope: Scope, name: str, focus: Focus) -> tuple[Select[Any], tuple[str, ...]]:
    assert scope.today is not None
    src = correction_rows(d, scope)
    where = [condition(conditions(src, scope.today), name)]
    query = (
        select(Case.number, CaseMaterial.name, src.c.due, src.c.brought_at, Account.display_name)
        .join(CaseMaterial, CaseMaterial.id == src.c.id)
        .join(Case, Case.id == CaseMaterial.case_id)
        .join(Account, Account.id == Case.clerk_id)
        .where(*where)
        .order_by(src.c.due, Case.number)
    )
    return query, ("受理编号", "容缺材料", "补正期限", "补交时间", "窗口人员")


SOURCE = SourceDef(Source.CORRECTIONS, (DAY,), build, live, read, drill, DRILLED)
