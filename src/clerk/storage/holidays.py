"""The hall's working-day calendar: the official one and IT's override file for later years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from clerk.domain.workdays import SOURCE_NAMES, Source, WorkCalendar, official_years
from clerk.settings import Settings

HOLIDAYS_FILE = "holidays.json"
WARN_AHEAD_DAYS = 60  # sign-in warns IT and the manager when these days are not covered


def holidays_file(settings: Settings) -> Path:
    """``calendar.holidays_file``, or holidays.json beside the machine-wide settings."""
    configured = settings.get("calendar.holidays_file").strip()
    return Path(configured) if configured else settings.machine_path.parent / HOLIDAYS_FILE


def hall_calendar(settings: Settings | None = None) -> WorkCalendar:
    """The calendar promised dates and deadlines are counted on.

    Years the override file lists come from it; a year neither it nor the official
    calendar covers is counted on the statutory holidays and weekends, and every date
    counted in it says so. A malformed file is a ClerkError naming it, never a silent guess.
    """
    return WorkCalendar.load(holidays_file(settings or Settings.load()))


@dataclass(frozen=True)
class Coverage:
    """Which of the days ahead have no published arrangement (official data or IT's file)."""

    first: date
    last: date
    uncovered: list[tuple[date, date]]  # first and last day of each stretch, both included

    @property
    def covered(self) -> bool:
        return not self.uncovered

    def warning(self) -> str:
        """The text for IT and the manager, empty when every day is covered."""
        if self.covered:
            return ""
        stretches = "、".join(str(a) if a == b else f"{a} 至 {b}" for a, b in self.uncovered)
        return (
            f"{stretches} 的法定节假日安排尚未导入：这段时间的承诺办结日期和补正期限"
            "按法定节假日和周末推算，未含调休，可能不准确。"
            "请信息技术人员更新节假日文件（clerk calendar status）。"
        )


def coverage(
    today: date, days: int = WARN_AHEAD_DAYS, calendar: WorkCalendar | None = None
) -> Coverage:
    """Whether today and the ``days`` calendar days after it are covered.

    For the sign-in warning: ``coverage(today).warning()`` is the text to show, empty
    when there is nothing to say. A malformed holiday file is a ClerkError naming it.
    """
    calendar = calendar or hall_calendar()
    last = today + timedelta(days=days)
    return Coverage(today, last, calendar.uncovered(today, last))


@dataclass(frozen=True)
class YearSpan:
    """Consecutive years whose working days come from one source."""

    first: int
    last: int
    source: Source

    @property
    def label(self) -> str:
        years = f"{self.first}年" if self.first == self.last else f"{self.first}–{self.last}年"
        return f"{years}：{SOURCE_NAMES[self.source]}"


@dataclass(frozen=True)
class CalendarStatus:
    """What ``clerk calendar status`` reports."""

    holidays_file: Path
    file_exists: bool
    spans: list[YearSpan]  # from the first year known to the last (gaps are estimates)
    estimated_from: int  # every year from this on is estimated
    ahead: Coverage


def status(today: date, settings: Settings | None = None) -> CalendarStatus:
    """Which years are covered and from which source, and the coverage of the days ahead."""
    settings = settings or Settings.load()
    path = holidays_file(settings)
    calendar = WorkCalendar.load(path)
    known = official_years() | calendar.override_years
    first = min(known, default=today.year)
    estimated_from = max(known, default=today.year - 1) + 1
    spans: list[YearSpan] = []
    for year in range(first, estimated_from):
        source = calendar.source(year)
        if spans and spans[-1].source is source and spans[-1].last == year - 1:
            spans[-1] = YearSpan(spans[-1].first, year, source)
        else:
            spans.append(YearSpan(year, year, source))
    return CalendarStatus(
        path, path.is_file(), spans, estimated_from, coverage(today, calendar=calendar)
    )
