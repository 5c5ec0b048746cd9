"""What is behind a figure: the tickets, cases, materials, ratings or register entries it counts.

The list reads the same source subquery and the same condition as the figure
(``clerk.services.stats_sources``), so its length is the figure's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, literal, select

from clerk.domain.errors import ClerkError
from clerk.domain.queue import HALL_TZ, STATE_NAMES
from clerk.domain.stats import (
    FILING_KINDS,
    OUTCOMES,
    RATING_LEVELS,
    REVIEW_STATES,
    Dimension,
    Period,
    Source,
    figure,
    hall_day,
)
from clerk.services import stats_sources as sources
from clerk.services.accounts import Actor
from clerk.services.stats import own_scope
from clerk.services.stats_sources import Dialect, Scope
from clerk.storage.clock import database_now
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.queue import QueueCategory, QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating
from clerk.storage.models.refusals import RefusalEntry

LIMIT = 1000

# Which condition of its source each figure counts (the figure's own name otherwise).
CONDITION = {
    "wait_avg": "wait",
    "wait_p90": "wait",
    "wait_max": "wait",
    "within_alert_share": "wait",
    "service_avg": "service",
    "received_avg": "accepting",
    "exempt_avg": "accepting",
    "visits_avg": "final",
    "one_visit_share": "final",
    "bundle_cases": "bundle",
    "materials_saved": "bundle",
    "corrections_due": "due",
    "corrections_outstanding": "outstanding",
    "corrections_overdue": "overdue",
    "satisfied_share": "ratings",
    "refusal_entries": "entries",
    "review_pending": "pending",
}


@dataclass(frozen=True)
class Focus:
    """A narrower slice a chart asks for: one day, one hour of the week, one category."""

    day: date | None = None
    weekday: int | None = None
    hour: int | None = None
    category: str | None = None


@dataclass(frozen=True)
class DrillList:
    title: str
    source: Source
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    total: int  # rows may stop at the limit

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def drill(
    db: Database,
    actor: Actor,
    period: Period,
    figure_name: str,
    dimension: Dimension = Dimension.HALL,
    *,
    key: str | None = None,
    focus: Focus = Focus(),
    alert_minutes: int = 15,
    today: date | None = None,
    limit: int = LIMIT,
) -> DrillList:
    """The rows behind ``figure_name`` for the period (and ``key``, and ``focus``)."""
    definition = figure(figure_name)
    scope = own_scope(actor, Scope(period, dimension, key, alert_minutes, today))
    d = Dialect(db.dialect)
    with db.session() as s:
        sources.analytic(s)
        today = scope.today or hall_day(database_now(s))
        scope = Scope(scope.period, scope.dimension, scope.key, alert_minutes, today)
        builder = _BUILDERS[definition.source]
        query, columns = builder(d, scope, CONDITION.get(figure_name, figure_name), focus)
        total = int(
            s.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        )
        rows = [tuple(_text(v) for v in row) for row in s.execute(query.limit(limit))]
    return DrillList(definition.label, definition.source, columns, rows, total)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _condition(conditions: dict[str, Any], name: str) -> Any:
    try:
        return conditions[name]
    except KeyError:
        raise ClerkError("该指标没有明细。", f"no condition {name!r}") from None


Builder = Any


def _tickets(
    d: Dialect, scope: Scope, name: str, focus: Focus
) -> tuple[Select[Any], tuple[str, ...]]:
    src = sources.tickets(d, scope)
    where = [_condition(sources.ticket_conditions(src, scope), name)]
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
    return _named(query, -1, STATE_NAMES), columns


def _cases(
    d: Dialect, scope: Scope, name: str, focus: Focus
) -> tuple[Select[Any], tuple[str, ...]]:
    src = sources.cases(d, scope)
    where = [_condition(sources.case_conditions(src), name)]
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
    return _named(query, 2, OUTCOMES), columns


def _corrections(
    d: Dialect, scope: Scope, name: str, focus: Focus
) -> tuple[Select[Any], tuple[str, ...]]:
    assert scope.today is not None
    src = sources.corrections(d, scope)
    where = [_condition(sources.correction_conditions(src, scope.today), name)]
    query = (
        select(Case.number, CaseMaterial.name, src.c.due, src.c.brought_at, Account.display_name)
        .join(CaseMaterial, CaseMaterial.id == src.c.id)
        .join(Case, Case.id == CaseMaterial.case_id)
        .join(Account, Account.id == Case.clerk_id)
        .where(*where)
        .order_by(src.c.due, Case.number)
    )
    return query, ("受理编号", "容缺材料", "补正期限", "补交时间", "窗口人员")


def _ratings(
    d: Dialect, scope: Scope, name: str, focus: Focus
) -> tuple[Select[Any], tuple[str, ...]]:
    assert scope.today is not None
    src = sources.ratings(d, scope)
    where = [_condition(sources.rating_conditions(src, scope.today), name)]
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
    query = _named(query, 5, RATING_LEVELS)
    return _named(query, 6, {"open": "整改中", "closed": "已整改"}), columns


def _refusals(
    d: Dialect, scope: Scope, name: str, focus: Focus
) -> tuple[Select[Any], tuple[str, ...]]:
    src = sources.refusals(d, scope)
    where = [_condition(sources.refusal_conditions(src), name)]
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
    return _named(_named(query, 2, FILING_KINDS), 7, REVIEW_STATES), columns


def _named(query: Any, index: int, names: dict[str, str]) -> Any:
    """Replace the code in column ``index`` by its Chinese name, in SQL (so it sorts and limits)."""
    columns = list(query.selected_columns)
    code = columns[index]
    columns[index] = func.coalesce(
        case(*((code == k, literal(v)) for k, v in names.items()), else_=code), ""
    )
    return query.with_only_columns(*columns, maintain_column_froms=True)


_BUILDERS: dict[Source, Builder] = {
    Source.TICKETS: _tickets,
    Source.CASES: _cases,
    Source.CORRECTIONS: _corrections,
    Source.RATINGS: _ratings,
    Source.REFUSALS: _refusals,
}
