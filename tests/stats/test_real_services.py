"""The figures read what the other capabilities' services really write.

A day of demo hall activity runs through the real kiosk, queue, intake, correction and
rating services (``clerk.demo.activity``); the statistics must count exactly the
tickets, decisions and ratings the day's report says were made.
"""

from __future__ import annotations

from clerk.demo import activity as demo_activity
from clerk.domain.stats import Period, hall_day
from clerk.services import stats
from clerk.services.accounts import Role
from clerk.storage.models.base import utcnow


def test_a_day_through_the_services(db):
    demo_activity.prepare(db)
    day = demo_activity.run_day(db, 6, seed=3, paced=False)
    _, manager, clerks = demo_activity.demo_staff(db)
    assert manager.role is Role.MANAGER
    today = hall_day(utcnow())
    report = stats.period_report(db, manager, Period(today, today))
    figures = report.hall
    assert figures.tickets == day.tickets
    decided = {o: getattr(figures, o) for o in day.decisions}
    assert decided == day.decisions
    assert figures.cases == sum(day.decisions.values())
    assert figures.ratings == day.ratings
    # Unpaced, services follow one another at once: every wait is measured and short.
    assert figures.called == figures.tickets and figures.wait_max is not None
    board = stats.live_board(db, manager)
    assert board.today["tickets"] == day.tickets and board.today["rated"] == day.ratings
    listed = stats.drill(db, manager, Period(today, today), "cases")
    assert listed.total == figures.cases
    # Each clerk reads their own figures; together they are the hall's cases.
    own = [stats.period_report(db, c, Period(today, today)).hall for c in clerks]
    assert sum(f.cases for f in own) == figures.cases
