"""Calling at the window: routing, priority, appointments, recall, transfer, pause, close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clerk.domain.errors import ClerkError, Conflict, NotFound, PermissionDenied
from clerk.domain.queue import QueueRules, service_day
from clerk.services import queue
from clerk.storage.models.base import utcnow
from clerk.storage.models.queue import QueueCall, QueueSequence, QueueTicket


def issue(hall, prefix, **kw):
    return queue.issue_ticket(hall.db, prefix, **kw).ticket


def age(hall, ticket, minutes):
    """The ticket was issued ``minutes`` earlier (time passing, not a clock change)."""
    with hall.db.session() as s:
        s.execute(
            update(QueueTicket)
            .where(QueueTicket.id == ticket.id)
            .values(issued_at=ticket.issued_at - timedelta(minutes=minutes))
        )


def call(hall, window):
    ticket = queue.call_next(hall.db, hall.window(window))
    return ticket.number if ticket else None


def test_numbers_run_per_category_and_restart_each_day(hall):
    assert [issue(hall, p).number for p in "AAB"] == ["A001", "A002", "B001"]
    with hall.db.session() as s:  # the day ends
        yesterday = service_day(utcnow()) - timedelta(days=1)
        s.execute(update(QueueTicket).values(service_day=yesterday))
        s.execute(update(QueueSequence).values(service_day=yesterday))
    assert issue(hall, "A").number == "A001"
    # Yesterday's leftovers are never called today.
    assert call(hall, "1") == "A001"
    assert call(hall, "2") is None


def test_window_calls_its_categories_in_order_of_preference(hall):
    issue(hall, "B")
    issue(hall, "A")
    issue(hall, "C")
    assert call(hall, "1") == "A001"  # window 1 prefers A although B waited longer
    assert call(hall, "2") == "B001"
    assert call(hall, "3") == "C001"


def test_longest_wait_first_within_a_category(hall):
    for _ in range(3):
        issue(hall, "A")
    numbers = []
    for _ in range(3):
        numbers.append(call(hall, "1"))
        current = queue.current_ticket(hall.db, hall.window("1"))
        queue.finish(hall.db, hall.window("1"), current.id)
    assert numbers == ["A001", "A002", "A003"]


def test_priority_channel_goes_first(hall):
    issue(hall, "A")
    issue(hall, "B", priority_reason="老年人")
    assert call(hall, "1") == "B001"  # before the window's preferred A


def test_appointment_due_now_goes_first_an_early_one_waits(hall):
    now = utcnow()
    queue.add_appointment(
        hall.db,
        hall.admin,
        "yy01",
        "A",
        now - timedelta(minutes=5),
        now + timedelta(minutes=25),
        "王五",
    )
    queue.add_appointment(
        hall.db, hall.admin, "YY02", "A", now + timedelta(minutes=60), now + timedelta(minutes=90)
    )
    issue(hall, "A")
    early = queue.check_in(hall.db, "YY02").ticket
    due = queue.check_in(hall.db, " YY01 ").ticket
    assert (due.number, due.appointment) == ("A003", True)
    assert call(hall, "1") == "A003"
    queue.finish(hall.db, hall.window("1"), due.id)
    assert call(hall, "1") == "A001"
    queue.finish(hall.db, hall.window("1"), queue.current_ticket(hall.db, hall.window("1")).id)
    assert call(hall, "1") == early.number


def test_check_in_twice_shows_the_same_ticket_and_bad_codes_are_told(hall):
    now = utcnow()
    queue.add_appointment(hall.db, hall.admin, "YY01", "A", now, now + timedelta(minutes=30))
    queue.add_appointment(
        hall.db, hall.admin, "LATE", "A", now - timedelta(minutes=60), now - timedelta(minutes=30)
    )
    first = queue.check_in(hall.db, "YY01")
    again = queue.check_in(hall.db, "yy01")
    assert (again.ticket.id, again.repeated, first.repeated) == (first.ticket.id, True, False)
    with pytest.raises(ClerkError, match="未找到预约码 NOPE"):
        queue.check_in(hall.db, "nope")
    with pytest.raises(ClerkError, match="时段已过"):
        queue.check_in(hall.db, "LATE")


def test_overdue_ticket_goes_before_the_preferred_category(hall):
    b = issue(hall, "B")
    issue(hall, "A")
    age(hall, b, 16)
    assert call(hall, "1") == "B001"
    with hall.db.session() as s:
        assert s.get(QueueTicket, b.id).overdue_at is not None  # counts in the statistics


def test_recall_up_to_the_limit_then_no_show(hall):
    issue(hall, "A")
    issue(hall, "A")
    clerk = hall.window("1")
    ticket = queue.call_next(hall.db, clerk)
    rules = QueueRules(max_recalls=2)
    results = [queue.recall(hall.db, clerk, ticket.id, rules) for _ in range(3)]
    assert [r.no_show for r in results] == [False, False, True]
    assert results[0].call.spoken == "请 A001 号到 1 号窗口办理"
    with hall.db.session() as s:
        kinds = s.scalars(
            select(QueueCall.kind).where(QueueCall.ticket_id == ticket.id).order_by(QueueCall.id)
        ).all()
        assert kinds == ["call", "recall", "recall"]
        assert s.get(QueueTicket, ticket.id).state == "no_show"
    assert call(hall, "1") == "A002"  # the window is free again


def test_no_show_frees_the_window(hall):
    issue(hall, "A")
    issue(hall, "A")
    clerk = hall.window("1")
    first = queue.call_next(hall.db, clerk)
    with pytest.raises(Conflict, match="A001 号尚未处理完"):
        queue.call_next(hall.db, clerk)
    queue.mark_no_show(hall.db, clerk, first.id)
    assert call(hall, "1") == "A002"


def test_finish_ends_the_service_once(hall):
    issue(hall, "A")
    clerk = hall.window("1")
    called = queue.call_next(hall.db, clerk)
    done = queue.finish(hall.db, clerk, called.id)
    assert (done.number, done.state, done.category, done.window_number) == (
        "A001",
        "done",
        "A",
        "1",
    )
    assert queue.current_ticket(hall.db, clerk) is None
    with hall.db.session() as s:
        ticket = s.get_one(QueueTicket, called.id)
        # Never started explicitly: the service ran from the finish's moment.
        assert ticket.service_started_at == ticket.service_ended_at is not None
    with pytest.raises(Conflict, match="A001 号不在本窗口"):
        queue.finish(hall.db, clerk, called.id)
    with pytest.raises(NotFound, match="该号不存在"):
        queue.finish(hall.db, clerk, called.id + 1000)


def test_another_window_cannot_act_on_my_ticket(hall):
    issue(hall, "A")
    ticket = queue.call_next(hall.db, hall.window("1"))
    with pytest.raises(Conflict, match="不在本窗口"):
        queue.finish(hall.db, hall.window("2"), ticket.id)


def test_transfer_to_a_category_keeps_its_place(hall):
    a = issue(hall, "A")
    issue(hall, "C")
    clerk = hall.window("1")
    queue.call_next(hall.db, clerk)
    queue.begin_service(hall.db, clerk, a.id)
    with pytest.raises(ClerkError, match="填写说明"):
        queue.transfer(hall.db, clerk, a.id, " ", category_prefix="C")
    moved = queue.transfer(hall.db, clerk, a.id, "需办理不动产登记", category_prefix="C")
    assert (moved.state, moved.number, moved.category) == ("transferred", "A001", "C")
    assert call(hall, "3") == "A001"  # issued before C001: it does not queue from the back
    assert queue.current_ticket(hall.db, hall.window("3")).transfer_note == "需办理不动产登记"


def test_transfer_to_a_window_only_that_window_calls_it_first(hall):
    a = issue(hall, "A")
    issue(hall, "A")
    queue.call_next(hall.db, hall.window("1"))
    queue.transfer(hall.db, hall.window("1"), a.id, "请核对营业执照", window_number="3")
    assert call(hall, "1") == "A002"  # window 1 gets the next one, not the transferred ticket
    assert call(hall, "2") is None
    assert call(hall, "3") == "A001"  # window 3 serves no A, but this ticket was sent to it


def test_paused_window_calls_nobody_its_tickets_go_to_others(hall):
    issue(hall, "A")
    queue.pause_window(hall.db, hall.window("1"))
    with pytest.raises(Conflict, match="暂停"):
        queue.call_next(hall.db, hall.window("1"))
    assert call(hall, "2") == "A001"
    assert queue.open_window(hall.db, hall.window("1")).state == "open"


def test_closing_a_window_leaves_its_tickets_for_others(hall):
    a = issue(hall, "A")
    issue(hall, "C")
    sent = issue(hall, "A")
    clerk1, clerk3 = hall.window("1"), hall.window("3")
    queue.call_next(hall.db, clerk3)  # C001
    c = queue.current_ticket(hall.db, clerk3)
    queue.begin_service(hall.db, clerk3, c.id)
    queue.call_next(hall.db, clerk1)  # A001
    queue.transfer(hall.db, clerk1, a.id, "转3号", window_number="3")
    with pytest.raises(Conflict, match="C001 号正在办理"):
        queue.close_window(hall.db, clerk3)
    queue.finish(hall.db, clerk3, c.id)
    queue.call_next(hall.db, clerk3)  # A001, sent to it
    assert queue.current_ticket(hall.db, clerk3).number == "A001"
    assert queue.close_window(hall.db, clerk3).state == "closed"
    # The called-but-not-served ticket is back in the queue for the A windows.
    assert call(hall, "1") == "A001"
    assert call(hall, "2") == sent.number


def test_only_admins_set_up_the_queue(hall):
    with pytest.raises(PermissionDenied):
        queue.save_window(hall.db, hall.window("1"), "9", ["A"])
    with pytest.raises(ClerkError, match="类别字母"):
        queue.save_category(hall.db, hall.admin, "A1", "错", [])
    with pytest.raises(ClerkError, match="没有“D”类业务"):
        queue.save_window(hall.db, hall.admin, "9", ["A", "D"])
    assert [w.number for w in queue.windows(hall.db)] == ["1", "2", "3"]
    assert queue.windows(hall.db)[1].categories == ("B", "A")


def test_double_tap_gives_one_ticket(hall):
    first = queue.issue_ticket(hall.db, "A", request_key="kiosk1-tap-7")
    second = queue.issue_ticket(hall.db, "A", request_key="kiosk1-tap-7")
    assert (second.ticket.number, second.repeated, first.repeated) == ("A001", True, False)
    assert queue.issue_ticket(hall.db, "A", request_key="kiosk1-tap-8").ticket.number == "A002"


def test_waiting_ahead_and_estimated_wait(hall):
    issue(hall, "A")
    issue(hall, "A")
    third = queue.issue_ticket(hall.db, "A")
    # Two ahead, two open windows serve A, five minutes each until the day has measured more.
    assert (third.waiting_ahead, third.estimated_wait_minutes) == (2, 5)
    loads = {load.prefix: load for load in queue.category_loads(hall.db)}
    assert (loads["A"].waiting, loads["B"].waiting, loads["A"].name) == (3, 0, "综合受理")


def test_overdue_alerts_reach_every_window_that_could_serve_and_the_manager(hall):
    late = issue(hall, "B")
    issue(hall, "C")
    age(hall, late, 20)
    rules = QueueRules(alert_minutes=15)
    for window, expected in (("1", ["B001"]), ("2", ["B001"]), ("3", [])):
        alerts = queue.overdue_alerts(hall.db, hall.window(window), rules)
        assert [a.ticket.number for a in alerts] == expected
    alerts = queue.overdue_alerts(hall.db, hall.manager, rules)
    assert [(a.ticket.number, a.waited_minutes) for a in alerts] == [("B001", 20)]
    # A longer limit: nobody is late.
    assert queue.overdue_alerts(hall.db, hall.manager, QueueRules(alert_minutes=30)) == []
