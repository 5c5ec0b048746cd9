"""The hall's working-day calendar: the official one and IT's override file for later years."""

from __future__ import annotations

from pathlib import Path

from clerk.domain.workdays import WorkCalendar
from clerk.settings import Settings

HOLIDAYS_FILE = "holidays.json"


def holidays_file(settings: Settings) -> Path:
    """``calendar.holidays_file``, or holidays.json beside the machine-wide settings."""
    configured = settings.get("calendar.holidays_file").strip()
    return Path(configured) if configured else settings.machine_path.parent / HOLIDAYS_FILE


def hall_calendar(settings: Settings | None = None) -> WorkCalendar:
    """The calendar promised dates and deadlines are counted on.

    Years the override file lists come from it; a year neither it nor the official
    calendar covers falls back to weekends and every date counted in it says so.
    A malformed file is a ClerkError naming it, never a silent guess.
    """
    return WorkCalendar.load(holidays_file(settings or Settings.load()))
