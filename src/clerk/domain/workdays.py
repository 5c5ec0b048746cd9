"""Working days on China's official calendar, make-up working days (调休) included.

Years the ``chinesecalendar`` package covers come from it. Later years come from a
local override file IT keeps up to date once the State Council publishes the next
year's arrangement. A year in neither is counted on the statutory holidays
(``clerk.domain.holidays``: 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆, with 补假) and
Monday to Friday; the year's 调休 cannot be computed, so every result that touched such
a year says so (``estimated``) and the console can warn instead of guessing silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import chinese_calendar

from clerk.domain.errors import ClerkError
from clerk.domain.holidays import is_statutory_day_off

_OFFICIAL_YEARS = {d.year for d in chinese_calendar.holidays}


class Source(StrEnum):
    """Where a year's working days come from."""

    OFFICIAL = "official"  # the chinesecalendar package: the State Council's arrangement
    FILE = "file"  # IT's holidays.json
    ESTIMATE = "estimate"  # statutory holidays and weekends, without the year's 调休


SOURCE_NAMES = {
    Source.OFFICIAL: "官方数据",
    Source.FILE: "节假日文件",
    Source.ESTIMATE: "推算",
}


def official_years() -> set[int]:
    """The years the installed chinesecalendar package covers."""
    return set(_OFFICIAL_YEARS)


@dataclass(frozen=True)
class Deadline:
    """A date counted in working days, and whether a weekend-only guess went into it."""

    date: date
    estimated: bool

    def warning(self) -> str:
        if not self.estimated:
            return ""
        return (
            f"{self.date.year}年法定节假日安排尚未导入，日期按法定节假日和周末推算"
            "（调休无法推算），可能不准确。请信息技术人员更新节假日文件。"
        )


@dataclass
class WorkCalendar:
    # date -> True for a working day, False for a day off, from the override file.
    overrides: dict[date, bool] = field(default_factory=dict)
    override_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None) -> WorkCalendar:
        """Read the override file: {"2027": {"holidays": [...], "workdays": [...]}}."""
        if path is None or not path.is_file():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            overrides: dict[date, bool] = {}
            for year, days in raw.items():
                for text in days.get("holidays", []):
                    overrides[_in_year(text, int(year))] = False
                for text in days.get("workdays", []):
                    overrides[_in_year(text, int(year))] = True
            return cls(overrides, {int(year) for year in raw})
        except (ValueError, AttributeError, TypeError) as exc:
            raise ClerkError(
                f"节假日文件 {path} 格式有误，请信息技术人员修正。", repr(exc)
            ) from exc

    def covers(self, year: int) -> bool:
        """Whether the year's arrangement is known (official data or IT's file)."""
        return self.source(year) is not Source.ESTIMATE

    def source(self, year: int) -> Source:
        """Where the year's working days come from: IT's file wins over the package."""
        if year in self.override_years:
            return Source.FILE
        if year in _OFFICIAL_YEARS:
            return Source.OFFICIAL
        return Source.ESTIMATE

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        source = self.source(day.year)
        if source is Source.OFFICIAL:
            return bool(chinese_calendar.is_workday(day))
        if source is Source.FILE:
            return day.weekday() < 5
        return day.weekday() < 5 and not is_statutory_day_off(day)

    def uncovered(self, first: date, last: date) -> list[tuple[date, date]]:
        """The stretches of first..last (both included) in years whose arrangement is unknown."""
        ranges: list[tuple[date, date]] = []
        for year in range(first.year, last.year + 1):
            if self.covers(year):
                continue
            start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
            if ranges and ranges[-1][1] + timedelta(days=1) == start:
                start = ranges.pop()[0]
            ranges.append((start, end))
        return ranges

    def add_workdays(self, start: date, days: int) -> Deadline:
        """The date ``days`` working days after ``start`` (the start day itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, counted = start, 0
        estimated = not self.covers(start.year)
        while counted < days:
            current += timedelta(days=1)
            estimated = estimated or not self.covers(current.year)
            if self.is_workday(current):
                counted += 1
        return Deadline(current, estimated)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_workday(current)
        return count


def _in_year(text: str, year: int) -> date:
    day = date.fromisoformat(text)
    if day.year != year:
        raise ValueError(f"{text} is listed under {year}")
    return day
