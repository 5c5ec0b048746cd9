"""Every period figure against the value worked out by hand on the fixed hall (dataset.py)."""

from __future__ import annotations

import pytest

from clerk.domain.errors import PermissionDenied
from clerk.domain.stats import Dimension
from clerk.services import stats
from tests.stats.dataset import MON, PERIOD, TODAY, TUE, FixedHall, build

approx = pytest.approx


@pytest.fixture
def hall(db) -> FixedHall:
    return build(db)


def report(hall: FixedHall, dimension: Dimension = Dimension.HALL, key: str | None = None):
    return stats.period_report(hall.db, hall.manager, PERIOD, dimension, key=key, today=TODAY)


def test_ticket_figures_of_the_hall(hall):
    f = report(hall).hall
    # T1..T6 issued on the two days; T7 (Wednesday) is outside.
    assert (f.tickets, f.called, f.served, f.no_show) == (6, 5, 4, 1)
    # Waits 5, 20, 10, 12 (B001's first call, not its call after the transfer), 15.
    assert f.wait_avg == approx(62 / 5, abs=1e-3)
    assert f.wait_max == approx(20, abs=1e-3)
    # percentile_cont(0.9) of 5 10 12 15 20: rank 0.9 × 4 = 3.6 → 15 + 0.6 × 5.
    assert f.wait_p90 == approx(18.0, abs=1e-3)
    assert f.within_alert == 4  # 15 minutes exactly is within
    assert f.within_alert_share == approx(0.8)
    assert f.service_avg == approx((10 + 5 + 8 + 12) / 4, abs=1e-3)


def test_case_figures_of_the_hall(hall):
    f = report(hall).hall
    assert f.cases == 8
    assert (f.accepted, f.accepted_deferred, f.notified, f.refused, f.completed_on_the_spot) == (
        2,
        2,
        2,
        1,
        1,
    )
    # Accepting cases C1 C3 C4 C5 C7: received 3 1 3 2 1, exempt 0 0 1 1 0.
    assert f.accepting_cases == 5
    assert f.received_avg == approx(2.0)
    assert f.exempt_avg == approx(0.4)
    # Final cases C1 C3 C4 C5 C6 C7 with visit days 1 3 1 1 1 2 (C7's counter says 3:
    # two services on one Tuesday are one visit).
    assert f.final_cases == 6
    assert f.visits_avg == approx(9 / 6)
    assert f.one_visit == 4
    assert f.one_visit_share == approx(4 / 6)
    assert (f.bundle_cases, f.materials_saved) == (1, 1)


def test_corrections(hall):
    f = report(hall).hall
    # PLAN brought early; FORM still missing past 4 March; LIC brought a day late.
    assert (f.corrections_due, f.corrections_brought, f.corrections_outstanding) == (3, 2, 1)
    assert f.corrections_overdue == 2


def test_ratings(hall):
    r = report(hall)
    f = r.hall
    assert f.ratings == 5
    assert f.satisfied == 2 and f.satisfied_share == approx(0.4)
    assert f.poor == 2
    assert (f.rectified, f.rectified_on_time, f.rectification_open) == (1, 1, 1)
    assert f.rectification_overdue == 1  # due 17 March, open on the 20th
    assert [(c.name, c.count) for c in r.rating_levels] == [
        ("非常满意", 1),
        ("满意", 1),
        ("基本满意", 1),
        ("不满意", 1),
        ("非常不满意", 1),
    ]


def test_refusals(hall):
    r = report(hall)
    assert (r.hall.refusal_entries, r.hall.review_pending) == (4, 1)
    assert [(c.group, c.name, c.count) for c in r.refusal_categories] == [
        ("一次性告知", "材料不齐全", 2),
        ("不予受理", "不属于本机关职权范围", 1),
        ("未能办理", "系统故障", 1),
    ]
    assert [(c.name, c.count) for c in r.review_states] == [
        ("待复核", 1),
        ("已同意", 1),
        ("已重开", 1),
        ("已处理", 1),
    ]


def test_outcomes_daily_volumes_and_heat_map(hall):
    r = report(hall)
    assert [(c.name, c.count) for c in r.outcomes] == [
        ("受理", 2),
        ("容缺受理", 2),
        ("一次性告知", 2),
        ("不予受理", 1),
        ("即办", 1),
    ]
    assert [(d.day, d.tickets, d.cases, d.ratings, d.satisfied) for d in r.daily] == [
        (MON, 4, 4, 3, 2),
        (TUE, 2, 4, 2, 0),
    ]
    heat = {(c.weekday, c.hour): (c.tickets, c.wait_avg) for c in r.heat}
    assert heat.keys() == {(1, 9), (1, 10), (2, 14), (2, 15)}
    assert heat[(1, 9)] == (3, approx(35 / 3, abs=1e-3))
    assert heat[(1, 10)] == (1, approx(12, abs=1e-3))
    assert heat[(2, 14)] == (1, None)  # still waiting
    assert heat[(2, 15)] == (1, approx(15, abs=1e-3))


def test_by_window(hall):
    rows = {f.label: f for f in report(hall, Dimension.WINDOW).rows}
    assert list(rows) == ["1 号窗口", "2 号窗口", "（未分配）"]
    w1, w2, nobody = rows.values()
    assert (w1.tickets, w1.called, w1.served, w1.no_show) == (3, 3, 2, 1)
    assert w1.wait_avg == approx(10, abs=1e-3)
    assert w1.wait_p90 == approx(14, abs=1e-3)  # 5 10 15: 10 + 0.8 × 5
    assert w1.service_avg == approx(11, abs=1e-3)
    assert (w2.tickets, w2.within_alert) == (2, 1)
    assert w2.wait_p90 == approx(19.2, abs=1e-3)  # 12 20: 12 + 0.9 × 8
    assert (nobody.tickets, nobody.called, nobody.wait_avg) == (1, 0, None)
    # Cases: window 1 has C1 C3 C5 C7 C8, window 2 C2 C4 C6.
    assert (w1.cases, w1.final_cases, w1.one_visit) == (5, 4, 2)
    assert w1.visits_avg == approx(7 / 4)
    assert (w1.received_avg, w1.exempt_avg) == (approx(7 / 4), approx(1 / 4))
    assert (w1.corrections_due, w1.corrections_overdue) == (3, 2)
    assert (w2.cases, w2.final_cases, w2.visits_avg, w2.bundle_cases) == (3, 2, approx(1), 1)
    assert (w1.ratings, w1.satisfied, w1.rectification_overdue) == (2, 1, 1)
    assert (w2.ratings, w2.satisfied, w2.rectified) == (3, 1, 1)
    assert (w1.refusal_entries, w1.review_pending, w2.refusal_entries) == (2, 1, 2)


def test_by_clerk_names_the_clerks(hall):
    rows = {f.label: f for f in report(hall, Dimension.CLERK).rows}
    assert set(rows) == {"张晓梅（C0101）", "李建国（C0102）", "（未分配）"}
    assert rows["张晓梅（C0101）"].tickets == 3 and rows["李建国（C0102）"].cases == 3


def test_by_matter_and_by_bundle(hall):
    rows = {f.key: f for f in report(hall, Dimension.MATTER).rows}
    assert set(rows) == {"M1", "M2"}
    m1, m2 = rows["M1"], rows["M2"]
    assert m1.label == "食品经营许可"
    # M1: C1 C5 C7 C8 (T1); M2: C2 C3 (T2, T6).
    assert (m1.cases, m1.accepted, m1.completed_on_the_spot, m1.notified) == (4, 1, 1, 1)
    assert (m2.cases, m2.tickets) == (2, 2)
    assert m2.wait_avg == approx((20 + 15) / 2, abs=1e-3)
    assert (m1.ratings, m2.ratings) == (1, 2)
    assert (m1.refusal_entries, m2.refusal_entries) == (1, 1)
    bundles = report(hall, Dimension.BUNDLE).rows
    assert [(b.label, b.cases, b.bundle_cases, b.materials_saved, b.ratings) for b in bundles] == [
        ("开办餐饮店", 1, 1, 1, 1)
    ]


def test_one_key_alone(hall):
    r = report(hall, Dimension.WINDOW, key="2")
    assert r.scope == "2 号窗口"
    assert (r.hall.tickets, r.hall.cases, r.hall.ratings) == (2, 3, 3)
    assert [(d.day, d.tickets) for d in r.daily] == [(MON, 2), (TUE, 0)]


def test_a_clerk_sees_only_their_own_figures(hall):
    r = stats.period_report(hall.db, hall.clerk_a, PERIOD, Dimension.WINDOW, today=TODAY)
    assert r.dimension is Dimension.CLERK and r.scope == "张晓梅（C0101）"
    assert [row.label for row in r.rows] == ["张晓梅（C0101）"]
    assert (r.hall.tickets, r.hall.cases, r.hall.refusal_entries) == (3, 5, 2)


def test_the_ranked_percentile_agrees_with_percentile_cont(hall):
    from clerk.services.stats import Scope, ticket_rows

    d = hall.db.sql
    with hall.db.session() as s:
        for dimension in Dimension:
            src = ticket_rows(d, Scope(PERIOD, dimension, today=TODAY))
            native = stats.wait_p90(s, d, src)
            ranked = stats.wait_p90(s, d, src, ranked=True)
            assert native.keys() == ranked.keys()
            for key in native:
                assert native[key] == approx(ranked[key], abs=1e-6)
        hall = ticket_rows(d, Scope(PERIOD, today=TODAY))
        assert stats.wait_p90_at_rank(s, hall, 5) == approx(stats.wait_p90(s, d, hall)[""])


def test_nobody_else_reads_statistics(hall):
    from clerk.services.accounts import Actor, Role

    stranger = Actor(999, "x", "x", "", Role("admin"), "")
    assert stats.period_report(hall.db, stranger, PERIOD).hall.tickets == 6
    with pytest.raises(PermissionDenied):
        kiosk = Actor(998, "kiosk", "kiosk", "", "kiosk", "")  # type: ignore[arg-type]
        stats.period_report(hall.db, kiosk, PERIOD)
