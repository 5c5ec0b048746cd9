"""Cases decided in the period: their outcomes, materials, visit days and bundles."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, Subquery, and_, case, func, literal, null, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.intake import Decision
from clerk.domain.stats import ACCEPTING, FINAL, OUTCOMES, PeriodReport, Source
from clerk.services.stats.scope import (
    Focus,
    Scope,
    Totals,
    as_date,
    case_key,
    condition,
    count_where,
    mean,
    named,
    restrict,
    scan,
    subject_filter,
    sum_where,
)
from clerk.services.stats.summary import Part, Reader, Row, SourceDef, grouped, keyed, merge
from clerk.storage.dialect import Sql
from clerk.storage.models.accounts import Account
from clerk.storage.models.catalogue import Bundle, BundleMatter, Material
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.stats import StatsCaseDay


def _visit_days(d: Sql, scope: Scope) -> Subquery:
    """Days with a service of each final case that had more than one service.

    ``case.visits`` counts every service (a visit after a notification, a correction
    brought); a case with one service had one visit day. The others count distinct
    days: the day of each service that ended in one of the application's decisions
    (its notifications and the final one) and each day a deferred material was brought.
    """
    several = (
        select(Case.id, Case.draft_id)
        .where(
            Case.decided_at >= scope.period.start,
            Case.decided_at < scope.period.end,
            Case.decision.in_(FINAL),
            Case.visits > 1,
        )
        .subquery("several")
    )
    earlier = Case.__table__.alias("earlier")
    days = select(
        several.c.id.label("case_id"), d.day(earlier.c.service_started_at).label("day")
    ).join(earlier, earlier.c.draft_id == several.c.draft_id)
    corrections = select(
        CaseMaterial.case_id.label("case_id"), d.day(CaseMaterial.received_later_at).label("day")
    ).where(
        CaseMaterial.case_id.in_(select(several.c.id)),
        CaseMaterial.received_later_at.is_not(None),
    )
    both = days.union(corrections).subquery("visit_days")
    return (
        select(both.c.case_id, func.count().label("days"))
        .group_by(both.c.case_id)
        .subquery("visits")
    )


def _saved_per_bundle() -> Subquery:
    """Materials a bundle asks for once though several of its matters need them."""
    return (
        select(
            Bundle.version_id,
            Bundle.code,
            (func.count(Material.id) - func.count(func.distinct(Material.code))).label("saved"),
        )
        .join(BundleMatter, BundleMatter.bundle_id == Bundle.id)
        .join(Material, Material.matter_id == BundleMatter.matter_id)
        .group_by(Bundle.version_id, Bundle.code)
        .subquery("saved")
    )


def case_rows(d: Sql, scope: Scope) -> Subquery:
    """Cases decided in the period, with their visit days and the materials a bundle saved."""
    visits = _visit_days(d, scope)
    saved = _saved_per_bundle()
    key = case_key(scope)
    is_bundle = and_(Case.subject_kind == "bundle", Case.decision.in_(ACCEPTING))
    query = (
        select(
            Case.id.label("id"),
            key.label("key"),
            Case.decision.label("decision"),
            Case.subject_kind.label("subject_kind"),
            Case.decided_at.label("decided_at"),
            Case.materials_received.label("received"),
            Case.materials_exempt.label("exempt"),
            case(
                (Case.decision.notin_(FINAL), null()),
                (Case.visits <= 1, 1),
                else_=func.coalesce(visits.c.days, Case.visits),
            ).label("visit_days"),
            case((is_bundle, func.coalesce(saved.c.saved, 0)), else_=null()).label("saved"),
        )
        .outerjoin(visits, visits.c.case_id == Case.id)
        .outerjoin(
            saved,
            and_(
                Case.subject_kind == "bundle",
                saved.c.version_id == Case.catalogue_version_id,
                saved.c.code == Case.subject_code,
            ),
        )
        .where(
            Case.decided_at >= scope.period.start,
            Case.decided_at < scope.period.end,
            *subject_filter(scope),
        )
    )
    return restrict(query, scope, key).subquery("cases")


def conditions(src: Subquery) -> dict[str, ColumnElement[bool]]:
    return {
        "cases": literal(True),
        "accepting": src.c.decision.in_(ACCEPTING),
        "final": src.c.decision.in_(FINAL),
        "one_visit": src.c.visit_days <= 1,
        "bundle": src.c.saved.is_not(None),
        **{decision.value: src.c.decision == decision for decision in Decision},
    }


def measures(src: Subquery) -> dict[str, ColumnElement]:
    """Additive measures of cases."""
    c = conditions(src)
    return {
        "cases": func.count(),
        **{outcome.value: count_where(c[outcome]) for outcome in OUTCOMES},
        "accepting_cases": count_where(c["accepting"]),
        "received_sum": sum_where(src.c.received, c["accepting"]),
        "exempt_sum": sum_where(src.c.exempt, c["accepting"]),
        "final_cases": count_where(c["final"]),
        "visits_sum": func.sum(src.c.visit_days),
        "one_visit": count_where(c["one_visit"]),
        "bundle_cases": count_where(c["bundle"]),
        "materials_saved": func.coalesce(func.sum(src.c.saved), 0),
    }


COUNTS = (
    *(outcome.value for outcome in OUTCOMES),
    "cases",
    "accepting_cases",
    "final_cases",
    "one_visit",
    "bundle_cases",
)


def figures(t: Totals) -> dict[str, Any]:
    return {
        **{n: t.get(n, 0) for n in (*COUNTS, "materials_saved")},
        "received_avg": mean(t, "received_sum", "accepting_cases"),
        "exempt_avg": mean(t, "exempt_sum", "accepting_cases"),
        "visits_avg": mean(t, "visits_sum", "final_cases"),
    }


def live(s: Session, d: Sql, scope: Scope, report: PeriodReport | None) -> dict[Any, Any]:
    src = case_rows(d, scope)
    detail = (d.day(src.c.decided_at),) if report else ()
    totals, rows = scan(s, src, measures(src), *detail)
    if report is not None:
        report.set_cases({as_date(day): int(values["cases"]) for _, day, values in rows})
    return {k: figures(t) for k, t in totals.items()}


# ---------------------------------------------------------------- summaries

DAY = Part(
    StatsCaseDay, (), (*COUNTS, "received_sum", "exempt_sum", "visits_sum", "materials_saved")
)


def build(s: Session, d: Sql, scope: Scope) -> dict[Part, list[Row]]:
    src = case_rows(d, scope)
    summed = measures(src)
    day = d.day(src.c.decided_at)
    query = select(day, src.c.key, *summed.values()).group_by(day, src.c.key)
    return {DAY: keyed(grouped(s, query, ("day", "key", *summed)))}


def read(reader: Reader, report: PeriodReport | None) -> dict[str, Any]:
    rows = reader.rows(SOURCE, DAY, by_day=report is not None)
    if report is not None:
        per_day: dict[date, int] = {}
        for r in rows:
            per_day[r["day"]] = per_day.get(r["day"], 0) + int(r["cases"])
        report.set_cases(per_day)
    return {r["key"]: figures(r) for r in merge(DAY, rows, ("key",))}


# ---------------------------------------------------------------- drill-down

DRILLED = {
    "received_avg": "accepting",
    "exempt_avg": "accepting",
    "visits_avg": "final",
    "one_visit_share": "final",
    "bundle_cases": "bundle",
    "materials_saved": "bundle",
}


def drill(d: Sql, scope: Scope, name: str, focus: Focus) -> tuple[Select[Any], tuple[str, ...]]:
    src = case_rows(d, scope)
    where = [condition(conditions(src), name)]
    if focus.day is not None:
        where.append(d.day(src.c.decided_at) == focus.day)
    query = (
        select(
            Case.number,
            Case.decided_at,
            Case.decision,
            Case.subject_name,
            Case.window_no,
            Account.display_name,
            Case.materials_received,
            Case.materials_exempt,
            src.c.visit_days,
        )
        .join(Case, Case.id == src.c.id)
        .join(Account, Account.id == Case.clerk_id)
        .where(*where)
        .order_by(src.c.visit_days.desc() if name == "final" else Case.decided_at, Case.id)
    )
    columns = (
        "受理编号",
        "决定时间",
        "结果",
        "事项",
        "窗口",
        "窗口人员",
        "提交材料",
        "免提交",
        "跑动次数",
    )
    return named(query, 2, OUTCOMES), columns


SOURCE = SourceDef(Source.CASES, (DAY,), build, live, read, drill, DRILLED)
