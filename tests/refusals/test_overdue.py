"""A review is overdue after more than one working day, on China's official calendar."""

from __future__ import annotations

from datetime import datetime

import pytest

from clerk.domain.halltime import HALL_TZ
from clerk.domain.refusals import ReviewState, review_overdue
from clerk.domain.workdays import WorkCalendar


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HALL_TZ)


@pytest.mark.parametrize(
    ("filed", "now", "overdue"),
    [
        ("2026-03-02 09:00", "2026-03-03 17:59", False),  # Monday → due by Tuesday's end
        ("2026-03-02 09:00", "2026-03-04 08:30", True),  # Wednesday morning: overdue
        ("2026-03-06 16:00", "2026-03-09 17:00", False),  # Friday → Monday is the next day
        ("2026-03-06 16:00", "2026-03-10 09:00", True),
        ("2026-09-30 10:00", "2026-10-08 10:00", False),  # National Day holiday in between
        ("2026-09-30 10:00", "2026-10-09 10:00", True),
        ("2026-03-03 07:00", "2026-03-04 20:00", False),  # hall time (not UTC: Monday) decides
    ],
)
def test_overdue_counts_working_days(filed, now, overdue):
    calendar = WorkCalendar()
    assert review_overdue(at(filed), ReviewState.PENDING, at(now), calendar) is overdue


def test_an_entry_with_a_verdict_is_never_overdue():
    calendar = WorkCalendar()
    filed, now = at("2026-03-02 09:00"), at("2026-04-02 09:00")
    assert review_overdue(filed, ReviewState.PENDING, now, calendar)
    assert not review_overdue(filed, ReviewState.AGREED, now, calendar)
    assert not review_overdue(filed, ReviewState.REOPENED, now, calendar)
