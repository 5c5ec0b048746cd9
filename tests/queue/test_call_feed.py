"""The feed the hall display reads: calls from any workstation, catch-up after a lost database."""

from __future__ import annotations

from sqlalchemy import text

from clerk.services import queue
from clerk.services.queue import ListeningFeed, PollingFeed, open_call_feed
from tests.queue.conftest import build_hall


def wait_for(feed, count, rounds=20):
    """Read the feed until ``count`` calls came (each wait is at most one second)."""
    calls = []
    for _ in range(rounds):
        calls += feed.wait(1.0)
        if len(calls) >= count:
            break
    return calls


def call_and_finish(hall, window):
    ticket = queue.call_next(hall.db, hall.window(window))
    queue.finish(hall.db, hall.window(window), ticket.id)
    return ticket.number


def test_feed_shows_calls_from_other_workstations_in_order(hall):
    queue.issue_ticket(hall.db, "A")
    call_and_finish(hall, "1")  # before the display started: not shown again
    feed = open_call_feed(hall.db)
    assert isinstance(feed, PollingFeed if hall.db.is_embedded else ListeningFeed)
    assert feed.wait(0.2) == []
    for prefix in "ABC":
        queue.issue_ticket(hall.db, prefix)
    call_and_finish(hall, "2")
    call_and_finish(hall, "3")
    calls = wait_for(feed, 2)
    assert [(c.ticket_number, c.window_number, c.kind) for c in calls] == [
        ("B001", "2", "call"),
        ("C001", "3", "call"),
    ]
    assert calls[1].spoken == "请 C001 号到 3 号窗口办理"
    assert feed.connected
    feed.close()


def test_feed_started_after_a_known_call_catches_up_from_there(hall):
    for _ in range(3):
        queue.issue_ticket(hall.db, "A")
    first = queue.call_next(hall.db, hall.window("1"))
    seen = queue.recent_calls(hall.db, 1)[0].id
    queue.recall(hall.db, hall.window("1"), first.id)
    feed = open_call_feed(hall.db, after_id=seen)
    calls = wait_for(feed, 1)
    assert [(c.ticket_number, c.kind) for c in calls] == [("A001", "recall")]
    feed.close()


def test_display_reconnects_after_its_connection_is_killed_and_misses_nothing(pg_db):
    hall = build_hall(pg_db)
    for _ in range(3):
        queue.issue_ticket(pg_db, "A")
    feed = open_call_feed(pg_db)
    feed.wait(0.1)
    assert feed.connected
    with pg_db.engine.begin() as conn:
        killed = (
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = 'clerk call feed'"
                )
            )
            .scalars()
            .all()
        )
    assert killed == [True]
    # Calls made while the display is cut off.
    numbers = [call_and_finish(hall, "1"), call_and_finish(hall, "2")]
    calls = wait_for(feed, 2)
    assert [c.ticket_number for c in calls] == numbers
    assert feed.connected
    feed.close()
