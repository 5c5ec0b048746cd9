"""The per-day summaries give exactly the live figures, before and after late changes.

A period's closed days are read from the summaries (and summarised by the first query
that needs them), today is computed live; ``live=True`` aggregates the raw rows. After
a first query has summarised Monday and Tuesday, events that touch those days (a
correction brought, a follow-up closed, a review, a call, a case's matter changed, a
window renumbered, a rating deleted) must show in the next figures, equal to the live
path, on both databases.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select, update

from clerk.domain.stats import FIGURES, Dimension, Period, PeriodReport, value_of
from clerk.services import stats
from clerk.services.accounts import Actor
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.queue import QueueCall, QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating, RatingFollowUp
from clerk.storage.models.refusals import RefusalEntry, RefusalReview
from clerk.storage.models.stats import StatsCaseDay, StatsDay
from tests.stats.dataset import MON, PERIOD, TODAY, TUE, FixedHall, at, build

approx = pytest.approx


@pytest.fixture
def hall(db) -> FixedHall:
    return build(db)


def figures_of(report: PeriodReport) -> dict[tuple[str, str], float | int | None]:
    return {
        (row.key, f.name): value_of(row, f.name)
        for row in [report.hall, *report.rows]
        for f in FIGURES
    }


def heat_of(report: PeriodReport) -> dict[tuple[int, int, int], float | None]:
    return {(c.weekday, c.hour, c.tickets): c.wait_avg for c in report.heat}


def both(
    hall: FixedHall,
    dimension: Dimension = Dimension.HALL,
    *,
    period: Period = PERIOD,
    key: str | None = None,
    today: date = TODAY,
    actor: Actor | None = None,
) -> PeriodReport:
    """The report from the summaries, asserted equal to the live path's."""
    asked = (hall.db, actor or hall.manager, period, dimension)
    summarised = stats.period_report(*asked, key=key, today=today)
    live = stats.period_report(*asked, key=key, today=today, live=True)
    assert [r.key for r in summarised.rows] == [r.key for r in live.rows]
    assert [r.label for r in summarised.rows] == [r.label for r in live.rows]
    # Sums of waits in another order may differ in the last bits of a double: approx.
    assert figures_of(summarised) == approx(figures_of(live))
    assert summarised.daily == live.daily
    assert heat_of(summarised) == approx(heat_of(live))
    for series in ("outcomes", "rating_levels", "refusal_categories", "review_states"):
        assert getattr(summarised, series) == getattr(live, series), series
    return summarised


def summarised_days(hall: FixedHall) -> list[date]:
    with hall.db.session() as s:
        return sorted(s.scalars(select(StatsDay.day)))


@pytest.mark.parametrize("dimension", list(Dimension))
def test_every_breakdown_equals_the_live_figures(hall, dimension):
    first = both(hall, dimension)
    # The period's months are summarised up to yesterday.
    assert summarised_days(hall) == Period(date(2026, 3, 1), date(2026, 3, 19)).days
    again = both(hall, dimension)  # now read from the stored rows alone
    assert figures_of(again) == figures_of(first)


def test_one_key_a_clerks_own_and_a_wider_period(hall):
    assert both(hall, Dimension.WINDOW, key="2").hall.tickets == 2
    assert both(hall, Dimension.MATTER, key="M1").hall.cases == 4
    assert both(hall, actor=hall.clerk_a).scope == "张晓梅（C0101）"
    # February rolled up (closed), March's days up to "today", a month per transaction.
    wide = both(hall, Dimension.CLERK, period=Period(date(2026, 2, 1), date(2026, 3, 13)))
    assert wide.hall.tickets == 7  # Wednesday's ticket too
    assert len(summarised_days(hall)) == 28 + 19


def test_today_is_counted_live_and_summarised_once_closed(hall):
    # Tuesday is "today": Monday comes from its summary, Tuesday from the raw rows.
    tuesday = both(hall, Dimension.WINDOW, today=TUE)
    assert summarised_days(hall) == [date(2026, 3, 1), MON]
    assert tuesday.hall.tickets == 6
    both(hall, Dimension.WINDOW, today=TODAY)
    assert summarised_days(hall)[-1] == date(2026, 3, 19)


def test_overdue_follows_today_without_any_change(hall):
    # C7's FORM (due 4 March) is overdue from the 5th; the poor rating of Tuesday
    # (follow-up due 17 March) is overdue from the 18th.
    early = both(hall, today=date(2026, 3, 4))
    later = both(hall, today=date(2026, 3, 5))
    late = both(hall, today=date(2026, 3, 18))
    assert later.hall.corrections_overdue == early.hall.corrections_overdue + 1
    assert (later.hall.rectification_overdue, late.hall.rectification_overdue) == (0, 1)


def test_a_closed_month_is_rolled_up_and_rolled_up_again_after_a_late_change(hall):
    march, april = Period.month(2026, 3), date(2026, 4, 1)
    before = both(hall, Dimension.WINDOW, period=march, today=april)
    with hall.db.session() as s:
        rolled = select(func.count()).where(StatsCaseDay.span == "month")
        assert s.scalar(rolled) > 0
    change(
        hall,
        update(CaseMaterial)
        .where(CaseMaterial.case_id == case_id(hall, "C7"), CaseMaterial.code == "FORM")
        .values(received_later_at=at(date(2026, 3, 12), 10)),
    )
    after = both(hall, Dimension.WINDOW, period=march, today=april)
    assert after.hall.corrections_outstanding == before.hall.corrections_outstanding - 1
    # From Tuesday: March's other days, then the whole of April (rolled up), then May live.
    both(hall, Dimension.CLERK, period=Period(TUE, date(2026, 5, 4)), today=date(2026, 5, 4))


def change(hall: FixedHall, *statements) -> None:  # type: ignore[no-untyped-def]
    with hall.db.session() as s:
        for statement in statements:
            s.execute(statement)


def case_id(hall: FixedHall, name: str) -> int:
    with hall.db.session() as s:
        return s.scalars(select(Case.id).where(Case.decision_key == name)).one()


def test_a_correction_brought_late(hall):
    before = both(hall)
    # C7's FORM (容缺, due 4 March) is brought on the 12th: a visit day more, late.
    change(
        hall,
        update(CaseMaterial)
        .where(CaseMaterial.case_id == case_id(hall, "C7"), CaseMaterial.code == "FORM")
        .values(received_later_at=at(date(2026, 3, 12), 10)),
    )
    after = both(hall)
    assert after.hall.corrections_outstanding == before.hall.corrections_outstanding - 1
    assert after.hall.corrections_overdue == before.hall.corrections_overdue  # late either way
    assert after.hall.visits_avg == approx(before.hall.visits_avg + 1 / 6)


def test_a_follow_up_closed_and_a_review_given_late(hall):
    before = both(hall, Dimension.CLERK)
    with hall.db.session() as s:
        follow_up = s.scalars(
            select(RatingFollowUp)
            .join(Rating, Rating.id == RatingFollowUp.rating_id)
            .where(Rating.rated_at == at(TUE, 15, 30))
        ).one()
        follow_up.state, follow_up.closed_at = "closed", at(date(2026, 3, 16), 11)
        entry = s.scalars(select(RefusalEntry).where(RefusalEntry.filed_at == at(TUE, 9, 30))).one()
        s.add(
            RefusalReview(
                id=10,
                entry_id=entry.id,
                recorded_at=utcnow(),
                kind="agree",
                manager_id=hall.manager.account_id,
                manager_name=hall.manager.display_name,
                comment="",
                resolved=0,
                prev_hash="",
                hash="f" * 64,
                seal="",
            )
        )
    after = both(hall, Dimension.CLERK)
    assert (after.hall.rectified, after.hall.rectified_on_time) == (
        before.hall.rectified + 1,
        before.hall.rectified_on_time + 1,
    )
    assert after.hall.review_pending == before.hall.review_pending - 1


def call_the_waiting_ticket(hall, state, called_at):
    """Window 2 calls the one ticket still waiting (of a summarised day) at ``called_at``."""
    with hall.db.session() as s:
        waiting = s.scalars(select(QueueTicket).where(QueueTicket.state == "waiting")).one()
        window = s.scalars(select(QueueWindow).where(QueueWindow.number == "2")).one()
        waiting.state, waiting.window_id, waiting.called_at = state, window.id, called_at
        s.add(
            QueueCall(
                ticket_id=waiting.id,
                window_id=window.id,
                ticket_number=waiting.number,
                window_number="2",
                kind="call",
                called_at=called_at,
            )
        )


def test_a_late_call_and_a_ticket_changed(hall):
    before = both(hall, Dimension.WINDOW)
    call_the_waiting_ticket(hall, "no_show", at(TUE, 14, 40))
    after = both(hall, Dimension.WINDOW)
    assert (after.hall.called, after.hall.no_show) == (
        before.hall.called + 1,
        before.hall.no_show + 1,
    )
    assert after.hall.wait_max == approx(40)


def test_a_ticket_of_an_earlier_day_called_now(hall):
    """The call row is dated now, its ticket is of a summarised day: the day is rebuilt
    (on PostgreSQL the call's trigger skips rows dated today; the ticket's marks it)."""
    before = both(hall, Dimension.WINDOW)
    call_the_waiting_ticket(hall, "called", utcnow())
    assert both(hall, Dimension.WINDOW).hall.called == before.hall.called + 1


def test_a_case_moved_to_another_matter(hall):
    before = both(hall, Dimension.MATTER)
    change(hall, update(Case).where(Case.decision_key == "C1").values(subject_code="M2"))
    after = both(hall, Dimension.MATTER)
    m1 = {r.key: r for r in before.rows}["M1"]
    m1_after = {r.key: r for r in after.rows}["M1"]
    # T1, C1 and C1's rating go to M2.
    assert (m1_after.tickets, m1_after.cases, m1_after.ratings) == (
        m1.tickets - 1,
        m1.cases - 1,
        m1.ratings - 1,
    )


def test_a_window_renumbered_and_a_rating_deleted(hall):
    both(hall, Dimension.WINDOW)
    change(
        hall,
        update(QueueWindow).where(QueueWindow.number == "2").values(number="9"),
        delete(Rating).where(Rating.rated_at == at(TUE, 9, 0)),
    )
    after = both(hall, Dimension.WINDOW)
    assert "9" in {r.key for r in after.rows}  # the tickets' window is the window's number now
    assert after.hall.ratings == 4
