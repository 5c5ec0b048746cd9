"""Drill-down lists match their figures; the live board shows the hall now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clerk.domain.errors import PermissionDenied
from clerk.domain.queue import service_day
from clerk.domain.stats import FIGURES, Dimension, Unit, value_of
from clerk.services import stats
from clerk.services.stats import Focus
from clerk.storage.models.intake import Case
from clerk.storage.models.queue import QueueCategory, QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating
from tests.stats.dataset import MON, PERIOD, TODAY, TUE, FixedHall, build


@pytest.fixture
def hall(db) -> FixedHall:
    return build(db)


def test_every_count_opens_as_many_rows(hall):
    figures = stats.period_report(hall.db, hall.manager, PERIOD, today=TODAY).hall
    for definition in FIGURES:
        listed = stats.drill(hall.db, hall.manager, PERIOD, definition.name, today=TODAY)
        assert listed.rows, definition.name
        if definition.unit is Unit.COUNT and definition.name != "materials_saved":
            assert listed.total == value_of(figures, definition.name), definition.name


def test_the_longest_wait_comes_first_with_its_numbers(hall):
    listed = stats.drill(hall.db, hall.manager, PERIOD, "wait_p90", today=TODAY)
    assert listed.columns[0] == "票号" and listed.columns[4] == "等候（分钟）"
    assert [(r[0], r[4], r[6], r[8]) for r in listed.rows] == [
        ("A002", "20.0", "2", "已办结"),
        ("A001", "15.0", "1", "已办结"),
        ("B001", "12.0", "2", "已办结"),
        ("A003", "10.0", "1", "过号"),
        ("A001", "5.0", "1", "已办结"),
    ]


def test_cases_behind_the_visits_figure(hall):
    listed = stats.drill(hall.db, hall.manager, PERIOD, "one_visit_share", today=TODAY)
    assert listed.total == 6
    first = listed.rows[0]
    assert (first[0], first[2], first[8]) == ("2026C3", "容缺受理", "3")


def test_focus_on_a_day_an_hour_and_a_category(hall):
    monday = stats.drill(
        hall.db, hall.manager, PERIOD, "tickets", focus=Focus(day=MON), today=TODAY
    )
    assert monday.total == 4
    nine = stats.drill(
        hall.db, hall.manager, PERIOD, "tickets", focus=Focus(weekday=1, hour=9), today=TODAY
    )
    assert sorted(r[0] for r in nine.rows) == ["A001", "A002", "A003"]
    tuesday = stats.drill(
        hall.db, hall.manager, PERIOD, "satisfied_share", focus=Focus(day=TUE), today=TODAY
    )
    assert sorted(r[5] for r in tuesday.rows) == ["基本满意", "非常不满意"]
    faults = stats.drill(
        hall.db, hall.manager, PERIOD, "refusal_entries", focus=Focus(category="系统故障")
    )
    assert [(r[2], r[7]) for r in faults.rows] == [("未能办理", "已重开")]


def test_a_window_alone_and_a_clerk_only_their_own(hall):
    w2 = stats.drill(hall.db, hall.manager, PERIOD, "cases", Dimension.WINDOW, key="2", today=TODAY)
    assert sorted(r[0] for r in w2.rows) == ["2026C2", "2026C4", "2026C6"]
    mine = stats.drill(hall.db, hall.clerk_b, PERIOD, "cases", today=TODAY)
    assert sorted(r[0] for r in mine.rows) == ["2026C2", "2026C4", "2026C6"]


def test_the_list_stops_at_its_limit_but_counts_all(hall):
    listed = stats.drill(hall.db, hall.manager, PERIOD, "tickets", limit=2, today=TODAY)
    assert (len(listed.rows), listed.total, listed.truncated) == (2, 6, True)


def _add_today(hall: FixedHall) -> None:
    """Today (by the database's clock): two waiting, one 20 minutes; a served ticket, a case."""
    with hall.db.session() as s:
        now = datetime.now(UTC)
        day = service_day(now)
        a = s.query(QueueCategory).filter_by(prefix="A").one()
        w1 = s.query(QueueWindow).filter_by(number="1").one()
        for number, minutes, state in (("A901", 20, "waiting"), ("A902", 1, "waiting")):
            s.add(
                QueueTicket(
                    service_day=day,
                    number=number,
                    category_id=a.id,
                    issued_at=now - timedelta(minutes=minutes),
                    state=state,
                )
            )
        served = QueueTicket(
            service_day=day,
            number="A900",
            category_id=a.id,
            issued_at=now - timedelta(minutes=30),
            called_at=now - timedelta(minutes=25),
            window_id=w1.id,
            state="serving",
            clerk_id=hall.clerk_a.account_id,
        )
        s.add(served)
        s.flush()
        template = s.query(Case).filter_by(number="2026C1").one()
        s.add(
            Case(
                number="TODAY1",
                decision_key="today",
                draft_id=template.draft_id,
                decision="notified",
                applicant_id=template.applicant_id,
                subject_kind="matter",
                subject_code="M1",
                subject_name="食品经营许可",
                clerk_id=hall.clerk_a.account_id,
                first_clerk_id=hall.clerk_a.account_id,
                window_no="1",
                service_started_at=now - timedelta(minutes=20),
                decided_at=now - timedelta(minutes=5),
            )
        )
        s.add(
            Rating(
                ticket_id=served.id,
                clerk_id=hall.clerk_a.account_id,
                window_no="1",
                matter_name="综合受理",
                level="satisfied",
                rated_at=now - timedelta(minutes=1),
            )
        )


def test_live_board(hall):
    _add_today(hall)
    board = stats.live_board(hall.db, hall.manager, alert_minutes=15)
    by_prefix = {c.prefix: c for c in board.categories}
    assert (by_prefix["A"].waiting, by_prefix["B"].waiting) == (2, 0)
    assert by_prefix["A"].longest_wait == pytest.approx(20, abs=0.5)
    assert board.waiting == 2 and board.longest_wait == pytest.approx(20, abs=0.5)
    assert [(w.number, w.state, w.clerk, w.ticket, w.serving) for w in board.windows] == [
        ("1", "open", "张晓梅", "A900", True),
        ("2", "paused", "李建国", "", False),
    ]
    assert (board.windows_in("open"), board.windows_in("paused"), board.windows_serving) == (
        1,
        1,
        1,
    )
    assert [a.number for a in board.alerts] == ["A901"]
    assert board.today["tickets"] == 3 and board.today["served"] == 0
    assert (board.today["notified"], board.today["accepted"], board.today["rated"]) == (1, 0, 1)


def test_the_alert_limit_is_the_setting(hall):
    _add_today(hall)
    assert [a.number for a in stats.live_board(hall.db, hall.manager, 30).alerts] == []
    assert len(stats.live_board(hall.db, hall.manager, 0).alerts) == 2


def test_the_live_board_is_for_managers(hall):
    with pytest.raises(PermissionDenied):
        stats.live_board(hall.db, hall.clerk_a)
    assert stats.live_board(hall.db, hall.admin).windows
