"""Working days on China's official calendar, make-up working days (调休) included.

Years the ``chinesecalendar`` package covers come from it. Later years come from a
local override file IT keeps up to date once the State Council publishes the next
year's arrangement. A year in neither falls back to "Monday to Friday" and every
result that touched it says so (``estimated``), so the console can warn instead of
guessing silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from clerk.domain.errors import ClerkError

_OFFICIAL_YEARS = {d.year for d in chinese_calendar.holidays}


@dataclass(frozen=True)
class Deadline:
    """A date counted in working days, and whether a weekend-only guess went into it."""

    date: date
    estimated: bool

    def warning(self) -> str:
        if not self.estimated:
            return ""
        return (
            f"{self.date.year}年法定节假日安排尚未导入，日期按周一至周五推算，"
            "可能不准确。请信息技术人员更新节假日文件。"
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
        return year in self.override_years or year in _OFFICIAL_YEARS

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in _OFFICIAL_YEARS and day.year not in self.override_years:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

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
