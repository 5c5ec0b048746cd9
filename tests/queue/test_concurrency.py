"""Many windows and kiosks at once: no ticket called twice, none lost, one ticket per tap."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select, text

from clerk.domain.errors import Conflict
from clerk.services import queue
from clerk.services.accounts import Role
from clerk.storage.models.queue import QueueCall, QueueTicket
from tests.support.actors import add_actor

TICKETS = 240


def test_windows_calling_at_once_never_share_a_ticket(db):
    # SQLite is one workstation's database (a few windows at most); a hall uses PostgreSQL.
    windows = 3 if db.is_embedded else 8
    admin = add_actor(db, "admin", Role.ADMIN)
    queue.save_category(db, admin, "A", "综合受理", [])
    queue.save_category(db, admin, "B", "企业开办", [])
    clerks = []
    for n in range(1, windows + 1):
        queue.save_window(db, admin, str(n), ["A", "B"] if n % 2 else ["B", "A"])
        clerks.append(add_actor(db, f"clerk{n}", Role.CLERK, window=str(n)))
        queue.open_window(db, clerks[-1])
    for i in range(TICKETS):
        queue.issue_ticket(db, "AB"[i % 2], priority_reason="孕妇" if i % 17 == 0 else None)
    start = threading.Barrier(windows)

    def work(clerk):
        called = []
        start.wait()
        while (ticket := queue.call_next(db, clerk)) is not None:
            called.append(ticket.number)
            queue.finish(db, clerk, ticket.id)
        return called

    with ThreadPoolExecutor(windows) as pool:
        results = list(pool.map(work, clerks))
    everything = [n for called in results for n in called]
    assert Counter(everything).most_common(1)[0][1] == 1  # none twice
    assert len(everything) == TICKETS  # none lost
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(QueueCall)) == TICKETS
        assert s.scalar(select(func.count()).where(QueueTicket.state != "done")) == 0


def one_window(db):
    """Category A, window 1 serving it, open, and its clerk."""
    admin = add_actor(db, "admin", Role.ADMIN)
    queue.save_category(db, admin, "A", "综合受理", [])
    queue.save_window(db, admin, "1", ["A"])
    clerk = add_actor(db, "clerk1", Role.CLERK, window="1")
    queue.open_window(db, clerk)
    return clerk


def test_a_double_click_at_one_window_calls_one_ticket(db):
    clerk = one_window(db)
    for _ in range(8):
        queue.issue_ticket(db, "A")

    def click(start):
        start.wait()
        try:
            return queue.call_next(db, clerk)
        except Conflict as exc:
            return exc.message

    for _ in range(3):
        start = threading.Barrier(4)
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(click, [start] * 4))
        called = [a for a in answers if isinstance(a, queue.TicketInfo)]
        assert len(called) == 1
        assert answers.count(f"{called[0].number} 号尚未处理完：请先办结、转办或记为过号。") == 3
        queue.finish(db, clerk, called[0].id)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(QueueCall)) == 3
        assert s.scalar(select(func.count()).where(QueueTicket.state == "waiting")) == 5


def test_double_tap_racing_on_two_connections_prints_one_ticket(db):
    admin = add_actor(db, "admin", Role.ADMIN)
    queue.save_category(db, admin, "A", "综合受理", [])
    start = threading.Barrier(4)

    def tap(_):
        start.wait()
        return queue.issue_ticket(db, "A", request_key="kiosk-2:tap-41")

    with ThreadPoolExecutor(4) as pool:
        issued = list(pool.map(tap, range(4)))
    assert {i.ticket.number for i in issued} == {"A001"}
    assert sorted(i.repeated for i in issued) == [False, True, True, True]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(QueueTicket)) == 1


KIOSK = """
import sys, time
from sqlalchemy.engine import make_url
from clerk.domain.errors import Conflict
from clerk.services import queue
from clerk.storage.db import Database, make_engine
url = make_url(sys.argv[1])
print(queue.issue_ticket(Database(url, make_engine(url)), "A").ticket.number, time.time())
"""


def test_a_kiosk_with_its_clock_ten_minutes_fast_or_slow_does_not_jump_the_queue(pg_db):
    """The kiosk's own clock is wrong (libfaketime); the database's clock orders the queue."""
    clerk = one_window(pg_db)
    url = pg_db.url.render_as_string(hide_password=False)
    issued = []
    for skew in ("+10m", "-10m"):
        out = subprocess.run(
            ["faketime", "-f", skew, sys.executable, "-c", KIOSK, url],
            capture_output=True,
            text=True,
            check=True,
        )
        number, kiosk_time = out.stdout.split()
        assert abs(abs(float(kiosk_time) - time.time()) - 600) < 60  # the kiosk's clock is off
        issued.append(number)
        issued.append(queue.issue_ticket(pg_db, "A").ticket.number)
    called = []
    while (ticket := queue.call_next(pg_db, clerk)) is not None:
        called.append(ticket.number)
        queue.finish(pg_db, clerk, ticket.id)
    assert issued == ["A001", "A002", "A003", "A004"]
    assert called == issued


def test_call_next_is_planned_once_per_connection_once_the_hall_has_statistics(pg_db):
    # The hall's server keeps statistics (autovacuum analyses queue_ticket). With those of
    # a long day, call_next's statement was planned afresh at every call: half as much
    # server time again with 60 windows calling at once (docs/queue.md, Measurements).
    admin = add_actor(pg_db, "admin", Role.ADMIN)
    for prefix in "ABCD":
        queue.save_category(pg_db, admin, prefix, f"类别{prefix}", [])
    clerks = []
    for n in range(1, 61):  # 60 windows, each serving every category, its own first
        k = n % 4
        queue.save_window(pg_db, admin, str(n), list("ABCD"[k:] + "ABCD"[:k]))
        clerks.append(add_actor(pg_db, f"clerk{n}", Role.CLERK, window=str(n)))
        queue.open_window(pg_db, clerks[-1])
    with pg_db.engine.begin() as conn:  # the day so far: 10,000 called and served
        conn.execute(
            text(
                "INSERT INTO queue_ticket (service_day, number, category_id, issued_at, state,"
                " recall_count, transfer_note)"
                " SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date, 'X' || n,"
                " (SELECT min(id) FROM queue_category) + n % 4, clock_timestamp(), 'waiting',"
                " 0, '' FROM generate_series(1, 10000) AS n"
            )
        )
        for state in ("called", "done"):
            conn.execute(text("UPDATE queue_ticket SET state = :state"), {"state": state})
    for i in range(1200):  # and 20 waiting per window
        queue.issue_ticket(pg_db, "ABCD"[i % 4])
    with pg_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE queue_ticket"))
    pg_db.engine.dispose()  # a workstation starting now finds the statistics in place
    with pg_db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    for clerk in clerks[:15]:
        queue.finish(pg_db, clerk, queue.call_next(pg_db, clerk).id)
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid  # the same
        plans = conn.execute(
            text(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement LIKE 'WITH win AS%'"
            )
        ).one()
    # Prepared at its 6th run (psycopg), then planned for its parameters 5 times (the
    # server) before it settles on one plan for every call after.
    assert plans == (5, 5)
