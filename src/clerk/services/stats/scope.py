"""The rows behind the statistics, as SQL: one subquery per source, with its key and measures.

Each source (tickets, cases, corrections, ratings, refusals) is a subquery with an
``id``, the ``key`` of the dimension asked for (a window number, a clerk's id, a
matter's or bundle's code; "" for the whole hall) and the columns the figures need.
The aggregates (``clerk.services.stats``) and the drill-down lists
(``clerk.services.stats_drill``) read the same subquery with the same conditions
(``conditions``), so a figure and the list it opens always agree.

Times: both engines compare stored UTC timestamps; the hall's days and hours are Beijing
time (+8 h, no daylight saving), computed in SQL by the helpers at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.stats import (
    ACCEPTING,
    FINAL,
    OUTCOMES,
    POOR_LEVELS,
    SATISFIED_LEVELS,
    Dimension,
    Period,
)
from clerk.storage.dialect import Sql
from clerk.storage.models.catalogue import Bundle, BundleMatter, Material
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.queue import QueueCall, QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating, RatingFollowUp
from clerk.storage.models.refusals import RefusalEntry, RefusalReview


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where ``condition`` holds, else 0 (to be summed)."""
    return case((condition, 1), else_=0)


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the period, the breakdown, and at most one key of it."""

    period: Period
    dimension: Dimension = Dimension.HALL
    key: str | None = None  # one window / clerk / matter / bundle only
    alert_minutes: int = 15
    today: date | None = None  # what "overdue" is measured against


def _restrict(query: Select[Any], scope: Scope, key: Any) -> Select[Any]:
    if scope.key is not None:
        query = query.where(cast(key, String) == scope.key)
    return query


def _subject_filter(scope: Scope) -> list[ColumnElement[bool]]:
    if scope.dimension in (Dimension.MATTER, Dimension.BUNDLE):
        return [Case.subject_kind == scope.dimension.value]
    return []


def _key(scope: Scope, window: Any, clerk: Any, subject: Any) -> Any:
    """The column that is the key of ``scope.dimension`` in one source."""
    return {
        Dimension.HALL: literal(""),
        Dimension.WINDOW: window,
        Dimension.CLERK: cast(clerk, String),
        Dimension.MATTER: subject,
        Dimension.BUNDLE: subject,
    }[scope.dimension]


def _case_key(scope: Scope) -> Any:
    return _key(scope, Case.window_no, Case.clerk_id, Case.subject_code)


# ---------------------------------------------------------------- tickets


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


def tickets(d: Sql, scope: Scope) -> Subquery:
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
            .where(*_subject_filter(scope))
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
    return _restrict(query.where(*in_period), scope, key).subquery("tickets")


def ticket_conditions(src: Subquery, scope: Scope) -> dict[str, ColumnElement[bool]]:
    called = src.c.wait_s.is_not(None)
    return {
        "tickets": literal(True),
        "called": called,
        "served": src.c.state == "done",
        "no_show": src.c.state == "no_show",
        "wait": called,
        "within_alert": and_(called, src.c.wait_s <= scope.alert_minutes * 60),
        "service": src.c.service_s.is_not(None),
    }


# ---------------------------------------------------------------- cases


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


def cases(d: Sql, scope: Scope) -> Subquery:
    """Cases decided in the period, with their visit days and the materials a bundle saved."""
    visits = _visit_days(d, scope)
    saved = _saved_per_bundle()
    key = _case_key(scope)
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
            *_subject_filter(scope),
        )
    )
    return _restrict(query, scope, key).subquery("cases")


def case_conditions(src: Subquery) -> dict[str, ColumnElement[bool]]:
    conditions: dict[str, ColumnElement[bool]] = {
        "cases": literal(True),
        "accepting": src.c.decision.in_(ACCEPTING),
        "final": src.c.decision.in_(FINAL),
        "one_visit": src.c.visit_days <= 1,
        "bundle": src.c.saved.is_not(None),
    }
    for decision in ("accepted", "accepted_deferred", "notified", "refused"):
        conditions[decision] = src.c.decision == decision
    conditions["completed_on_the_spot"] = src.c.decision == "completed_on_the_spot"
    return conditions


# ---------------------------------------------------------------- corrections


def corrections(d: Sql, scope: Scope) -> Subquery:
    """Deferred materials (容缺) of the cases decided in the period."""
    key = _case_key(scope)
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
            *_subject_filter(scope),
        )
    )
    return _restrict(query, scope, key).subquery("corrections")


def correction_conditions(src: Subquery, today: date) -> dict[str, ColumnElement[bool]]:
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


# ---------------------------------------------------------------- ratings


def ratings(d: Sql, scope: Scope) -> Subquery:
    """Ratings given in the period, with their follow-up (整改) when poor."""
    f = RatingFollowUp
    key = _key(scope, Rating.window_no, Rating.clerk_id, Case.subject_code)
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
        query = query.join(Case, Case.id == Rating.case_id).where(*_subject_filter(scope))
    return _restrict(query, scope, key).subquery("ratings")


def rating_conditions(src: Subquery, today: date) -> dict[str, ColumnElement[bool]]:
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


# ---------------------------------------------------------------- refusals


def _verdicts(scope: Scope) -> Subquery:
    """Per entry filed in the period: whether a manager agreed, disagreed, or resolved it."""
    r = RefusalReview
    filed = select(RefusalEntry.id).where(
        RefusalEntry.filed_at >= scope.period.start, RefusalEntry.filed_at < scope.period.end
    )
    return (
        select(
            r.entry_id,
            func.max(flag(r.kind == "agree")).label("agreed"),
            func.max(flag(r.kind == "disagree")).label("disagreed"),
            func.max(flag(and_(r.kind == "follow_up", r.resolved == 1))).label("resolved"),
        )
        .where(r.entry_id.in_(filed))
        .group_by(r.entry_id)
        .subquery("verdicts")
    )


def refusals(d: Sql, scope: Scope) -> Subquery:
    """Refusal register entries filed in the period, with their review state now
    (the register's rule, ``clerk.services.refusals.review_state``)."""
    e = RefusalEntry
    v = _verdicts(scope)
    key = _key(scope, e.window_no, e.clerk_id, e.matter_code)
    state = case(
        (v.c.agreed == 1, "agreed"),
        (func.coalesce(v.c.disagreed, 0) == 0, "pending"),
        (v.c.resolved == 1, "resolved"),
        else_="reopened",
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
        query = query.join(Case, Case.id == e.case_id).where(*_subject_filter(scope))
    return _restrict(query, scope, key).subquery("refusals")


def refusal_conditions(src: Subquery) -> dict[str, ColumnElement[bool]]:
    return {"entries": literal(True), "pending": src.c.state == "pending"}


# ---------------------------------------------------------------- measures

Totals = dict[str, float]


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(flag(condition)), 0)


def sum_where(value: ColumnElement, condition: ColumnElement[bool]) -> ColumnElement[float]:
    return func.sum(case((condition, value)))


def mean(total: Totals, name: str, count: str, scale: float = 1.0) -> float | None:
    n = total.get(count, 0)
    return total.get(name, 0) / n / scale if n else None


def ticket_measures(src: Subquery, scope: Scope) -> dict[str, ColumnElement]:
    """Additive measures of tickets (``*_max`` roll up by maximum)."""
    c = ticket_conditions(src, scope)
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


def ticket_figures(t: Totals) -> dict[str, Any]:
    return {
        **{n: t.get(n, 0) for n in ("tickets", "called", "served", "no_show", "within_alert")},
        "wait_avg": mean(t, "wait_sum", "called", 60),
        "wait_max": t["wait_max"] / 60 if t.get("wait_max") is not None else None,
        "service_avg": mean(t, "service_sum", "service_n", 60),
    }


def case_measures(src: Subquery) -> dict[str, ColumnElement]:
    """Additive measures of cases."""
    c = case_conditions(src)
    measures: dict[str, ColumnElement] = {"cases": func.count()}
    for outcome in OUTCOMES:
        measures[outcome] = count_where(c[outcome])
    return measures | {
        "accepting_cases": count_where(c["accepting"]),
        "received_sum": sum_where(src.c.received, c["accepting"]),
        "exempt_sum": sum_where(src.c.exempt, c["accepting"]),
        "final_cases": count_where(c["final"]),
        "visits_sum": func.sum(src.c.visit_days),
        "one_visit": count_where(c["one_visit"]),
        "bundle_cases": count_where(c["bundle"]),
        "materials_saved": func.coalesce(func.sum(src.c.saved), 0),
    }


CASE_COUNTS = (*OUTCOMES, "cases", "accepting_cases", "final_cases", "one_visit", "bundle_cases")


def case_figures(t: Totals) -> dict[str, Any]:
    return {
        **{n: t.get(n, 0) for n in (*CASE_COUNTS, "materials_saved")},
        "received_avg": mean(t, "received_sum", "accepting_cases"),
        "exempt_avg": mean(t, "exempt_sum", "accepting_cases"),
        "visits_avg": mean(t, "visits_sum", "final_cases"),
    }


def as_date(value: Any) -> date:
    """A date column's value (SQLite returns text where a date is computed)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
