"""The hall's time: Beijing time, its dates and days, and how a date is written in Chinese.

A hall's day, its case numbers, promised dates and deadlines are Beijing dates. China
keeps UTC+8 all year (no daylight saving), so a fixed offset is exact and needs no
time-zone database; the database server is told the zone by name (``HALL_ZONE_NAME``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

HALL_ZONE_NAME = "Asia/Shanghai"
HALL_TZ = timezone(timedelta(hours=8), "CST")


def hall_date(moment: datetime) -> date:
    """The hall's date of an aware moment."""
    return moment.astimezone(HALL_TZ).date()


def day_start(day: date) -> datetime:
    """Midnight at the hall opening ``day``, in UTC."""
    return datetime.combine(day, time(), HALL_TZ).astimezone(UTC)


def day_bounds(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the hall's days ``first`` … ``last`` (default: one day)."""
    return day_start(first), day_start((last or first) + timedelta(days=1))


def chinese_date(day: date | None) -> str:
    """2026年12月8日, as a hall writes a date on a screen or a document; "" for none."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def hall_minute(moment: datetime) -> str:
    """2026-12-08 09:30, the hall's time of a moment, as lists and exports show it."""
    return moment.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")
