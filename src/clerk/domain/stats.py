"""Hall statistics without a database: the period, the figures, their names and definitions.

Every figure a manager reads is defined here once (``FIGURES``): the service computes it
in SQL, the CLI, the XLSX, the PDF report and the console show it under the same name.
docs/statistics.md explains each definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from clerk.domain import queue as queue_rules
from clerk.domain import ratings as rating_rules
from clerk.domain import refusals as refusal_rules
from clerk.domain.errors import ClerkError
from clerk.domain.halltime import HALL_TZ
from clerk.domain.intake import DECISION_NAMES, Decision

# The longest period one request may cover: a few years of a busy hall still answer fast.
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """The hall's days ``first`` … ``last``, both included (Beijing dates)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ClerkError(
                f"统计期间有误：结束日期 {self.last} 早于开始日期 {self.first}。",
                f"period {self.first}..{self.last}",
            )
        if (self.last - self.first).days >= MAX_DAYS:
            raise ClerkError(
                "统计期间过长：一次最多统计三年。", f"period {self.first}..{self.last}"
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @property
    def start(self) -> datetime:
        """The first moment of the period (UTC)."""
        return datetime.combine(self.first, time(), HALL_TZ).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the period (UTC)."""
        return datetime.combine(self.last + timedelta(days=1), time(), HALL_TZ).astimezone(UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def label(self) -> str:
        if self.first == self.last:
            return _day(self.first)
        return f"{_day(self.first)}至{_day(self.last)}"


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def hall_day(moment: datetime) -> date:
    return moment.astimezone(HALL_TZ).date()


class Dimension(StrEnum):
    """What the period's figures are broken down by."""

    HALL = "hall"
    WINDOW = "window"
    CLERK = "clerk"
    MATTER = "matter"
    BUNDLE = "bundle"


DIMENSION_NAMES = {
    Dimension.HALL: "全大厅",
    Dimension.WINDOW: "窗口",
    Dimension.CLERK: "窗口人员",
    Dimension.MATTER: "事项",
    Dimension.BUNDLE: "一件事",
}

# Case outcomes (``case.decision``) in the order the province publishes them (which
# calls a case completed at the window 即办).
OUTCOMES = {**DECISION_NAMES, Decision.COMPLETED_ON_THE_SPOT: "即办"}
# Decisions that take the application in: its materials were received.
ACCEPTING = (Decision.ACCEPTED, Decision.ACCEPTED_DEFERRED, Decision.COMPLETED_ON_THE_SPOT)
# Decisions that end an application (a notified one goes on at the next visit).
FINAL = (*ACCEPTING, Decision.REFUSED)


class Source(StrEnum):
    """What a figure counts, and so what its drill-down lists."""

    TICKETS = "tickets"
    CASES = "cases"
    CORRECTIONS = "corrections"
    RATINGS = "ratings"
    REFUSALS = "refusals"


@dataclass
class Figures:
    """The period's figures of the hall or of one window, clerk, matter or bundle.

    Waits and service times are in minutes; ``None`` where nothing was measured.
    """

    key: str
    label: str
    tickets: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    wait_avg: float | None = None
    wait_p90: float | None = None
    wait_max: float | None = None
    within_alert: int = 0
    service_avg: float | None = None
    cases: int = 0
    accepted: int = 0
    accepted_deferred: int = 0
    notified: int = 0
    refused: int = 0
    completed_on_the_spot: int = 0
    accepting_cases: int = 0
    received_avg: float | None = None
    exempt_avg: float | None = None
    final_cases: int = 0
    visits_avg: float | None = None
    one_visit: int = 0
    corrections_due: int = 0
    corrections_brought: int = 0
    corrections_outstanding: int = 0
    corrections_overdue: int = 0
    ratings: int = 0
    satisfied: int = 0
    poor: int = 0
    rectified: int = 0
    rectified_on_time: int = 0
    rectification_open: int = 0
    rectification_overdue: int = 0
    refusal_entries: int = 0
    review_pending: int = 0
    bundle_cases: int = 0
    materials_saved: int = 0

    @property
    def within_alert_share(self) -> float | None:
        return _share(self.within_alert, self.called)

    @property
    def one_visit_share(self) -> float | None:
        return _share(self.one_visit, self.final_cases)

    @property
    def satisfied_share(self) -> float | None:
        return _share(self.satisfied, self.ratings)

    def set(self, values: Mapping[str, Any]) -> None:
        """Set figures by name: counts as ints, the others as floats (None stays None)."""
        for name, value in values.items():
            if isinstance(getattr(self, name), int) and value is not None:
                value = int(value)
            elif value is not None:
                value = float(value)
            setattr(self, name, value)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


class Unit(StrEnum):
    COUNT = "count"
    MINUTES = "minutes"
    SHARE = "share"
    AVERAGE = "average"


@dataclass(frozen=True)
class FigureDef:
    name: str  # attribute of Figures
    label: str
    unit: Unit
    source: Source


FIGURES: tuple[FigureDef, ...] = (
    FigureDef("tickets", "取号数", Unit.COUNT, Source.TICKETS),
    FigureDef("called", "已叫号", Unit.COUNT, Source.TICKETS),
    FigureDef("served", "已办结号", Unit.COUNT, Source.TICKETS),
    FigureDef("no_show", queue_rules.STATE_NAMES[queue_rules.NO_SHOW], Unit.COUNT, Source.TICKETS),
    FigureDef("wait_avg", "平均等候（分钟）", Unit.MINUTES, Source.TICKETS),
    FigureDef("wait_p90", "90%等候（分钟）", Unit.MINUTES, Source.TICKETS),
    FigureDef("wait_max", "最长等候（分钟）", Unit.MINUTES, Source.TICKETS),
    FigureDef("within_alert_share", "限时内叫号率", Unit.SHARE, Source.TICKETS),
    FigureDef("service_avg", "平均办理（分钟）", Unit.MINUTES, Source.TICKETS),
    FigureDef("cases", "办件数", Unit.COUNT, Source.CASES),
    *(FigureDef(code.value, name, Unit.COUNT, Source.CASES) for code, name in OUTCOMES.items()),
    FigureDef("received_avg", "件均提交材料", Unit.AVERAGE, Source.CASES),
    FigureDef("exempt_avg", "件均免提交材料", Unit.AVERAGE, Source.CASES),
    FigureDef("visits_avg", "件均跑动次数", Unit.AVERAGE, Source.CASES),
    FigureDef("one_visit_share", "最多跑一次率", Unit.SHARE, Source.CASES),
    FigureDef("corrections_due", "应补正材料", Unit.COUNT, Source.CORRECTIONS),
    FigureDef("corrections_outstanding", "未补正", Unit.COUNT, Source.CORRECTIONS),
    FigureDef("corrections_overdue", "逾期补正", Unit.COUNT, Source.CORRECTIONS),
    FigureDef("ratings", "评价数", Unit.COUNT, Source.RATINGS),
    FigureDef("satisfied_share", "满意率", Unit.SHARE, Source.RATINGS),
    FigureDef("poor", "差评", Unit.COUNT, Source.RATINGS),
    FigureDef("rectified", "差评已整改", Unit.COUNT, Source.RATINGS),
    FigureDef("rectified_on_time", "按期整改", Unit.COUNT, Source.RATINGS),
    FigureDef("rectification_overdue", "整改逾期未结", Unit.COUNT, Source.RATINGS),
    FigureDef("refusal_entries", "否定备案", Unit.COUNT, Source.REFUSALS),
    FigureDef(
        "review_pending",
        refusal_rules.STATE_NAMES[refusal_rules.ReviewState.PENDING],
        Unit.COUNT,
        Source.REFUSALS,
    ),
    FigureDef("bundle_cases", "一件事办件", Unit.COUNT, Source.CASES),
    FigureDef("materials_saved", "一件事减少材料", Unit.COUNT, Source.CASES),
)
FIGURE_BY_NAME = {f.name: f for f in FIGURES}


def figure(name: str) -> FigureDef:
    try:
        return FIGURE_BY_NAME[name]
    except KeyError:
        raise ClerkError(f"没有名为“{name}”的统计指标。", f"figure {name!r}") from None


def value_of(figures: Figures, name: str) -> float | int | None:
    value: float | int | None = getattr(figures, figure(name).name)
    return value


def shown(value: float | int | None, unit: Unit) -> str:
    """A figure as printed: counts whole, minutes and averages to one decimal, shares in %."""
    if value is None:
        return "—"
    if unit is Unit.COUNT:
        return str(int(value))
    if unit is Unit.SHARE:
        return f"{value * 100:.1f}%"
    return f"{value:.1f}"


@dataclass(frozen=True)
class DayVolume:
    day: date
    tickets: int
    cases: int
    ratings: int
    satisfied: int

    @property
    def satisfied_share(self) -> float | None:
        return _share(self.satisfied, self.ratings)


@dataclass(frozen=True)
class HeatCell:
    """Tickets issued on one weekday (1 = Monday … 7 = Sunday) in one hour, and their wait."""

    weekday: int
    hour: int
    tickets: int
    wait_avg: float | None  # minutes, over the called ones


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: (group, name) and how many."""

    group: str
    name: str
    count: int


@dataclass
class PeriodReport:
    """Everything the console, the CLI and the exports show for one period."""

    period: Period
    dimension: Dimension
    alert_minutes: int
    hall: Figures
    rows: list[Figures]  # by the dimension (just the hall for Dimension.HALL)
    daily: list[DayVolume] = field(default_factory=list)
    heat: list[HeatCell] = field(default_factory=list)
    outcomes: list[Count] = field(default_factory=list)
    rating_levels: list[Count] = field(default_factory=list)
    refusal_categories: list[Count] = field(default_factory=list)  # group: filing kind
    review_states: list[Count] = field(default_factory=list)
    scope: str = ""  # "" for the whole hall; else whose figures these are (a clerk's own)

    # The series, set from plain counts by either way of computing them.

    def set_tickets(
        self, per_day: Mapping[date, int], heat: Mapping[tuple[int, int], Mapping[str, float]]
    ) -> None:
        """Tickets per day; ``heat`` per (weekday, hour): tickets, called, wait_sum (s)."""
        self.daily = [DayVolume(day, per_day.get(day, 0), 0, 0, 0) for day in self.period.days]
        self.heat = [
            HeatCell(
                w, h, int(c["tickets"]), c["wait_sum"] / c["called"] / 60 if c["called"] else None
            )
            for (w, h), c in sorted(heat.items())
        ]

    def set_cases(self, per_day: Mapping[date, int]) -> None:
        self.daily = [replace(v, cases=per_day.get(v.day, 0)) for v in self.daily]

    def set_ratings(
        self, per_day: Mapping[date, tuple[int, int]], levels: Mapping[str, int]
    ) -> None:
        """``per_day``: (ratings, satisfied); ``levels``: ratings per level code."""
        self.daily = [
            replace(
                v, ratings=per_day.get(v.day, (0, 0))[0], satisfied=per_day.get(v.day, (0, 0))[1]
            )
            for v in self.daily
        ]
        self.rating_levels = [
            Count("", name, levels.get(code, 0)) for code, name in rating_rules.LEVELS.items()
        ]

    def set_refusals(
        self, categories: Mapping[tuple[str, str], int], states: Mapping[str, int]
    ) -> None:
        """Entries per (filing kind, category) and per review state code."""
        ordered = sorted(categories.items(), key=lambda item: (-item[1], item[0]))
        kinds = {kind.value: name for kind, name in refusal_rules.KIND_NAMES.items()}
        self.refusal_categories = [
            Count(kinds.get(kind, kind), category, n) for (kind, category), n in ordered
        ]
        self.review_states = [
            Count("", name, states.get(code, 0)) for code, name in refusal_rules.STATE_NAMES.items()
        ]


@dataclass(frozen=True)
class WaitingCategory:
    prefix: str
    name: str
    waiting: int
    longest_wait: float | None  # minutes


@dataclass(frozen=True)
class WindowNow:
    number: str
    state: str  # open | paused | closed
    clerk: str
    ticket: str  # the ticket called or being served, "" if none
    serving: bool


@dataclass(frozen=True)
class Alert:
    ticket_id: int
    number: str
    category: str
    waited: float  # minutes


@dataclass
class LiveBoard:
    """The hall now: who waits, which windows work, today's counts."""

    at: datetime
    alert_minutes: int
    categories: list[WaitingCategory]
    windows: list[WindowNow]
    alerts: list[Alert]
    today: dict[str, int]  # served, accepted, accepted_deferred, completed_on_the_spot, …

    @property
    def waiting(self) -> int:
        return sum(c.waiting for c in self.categories)

    @property
    def longest_wait(self) -> float | None:
        waits = [c.longest_wait for c in self.categories if c.longest_wait is not None]
        return max(waits) if waits else None

    def windows_in(self, state: str) -> int:
        return sum(1 for w in self.windows if w.state == state)

    @property
    def windows_serving(self) -> int:
        return sum(1 for w in self.windows if w.serving)


# The decisions the live board counts today, in its order.
TODAY_DECISIONS = (*ACCEPTING, Decision.NOTIFIED, Decision.REFUSED)
TODAY_NAMES = {
    "tickets": "今日取号",
    "served": "今日办结",
    **{decision.value: OUTCOMES[decision] for decision in TODAY_DECISIONS},
    "rated": "评价",
}
