"""Queue calling on PostgreSQL: 60 windows calling at once, and how fast the display sees it.

    .venv/bin/python bench/bench_queue.py [--calls 100000] [--calls-per-day 10000]
        [--windows 60] [--processes 60]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1/postgres]

A fresh database is migrated. Tickets are bulk-inserted (a kiosk's work is not what is
measured here), about 20 waiting per window at any time as in a busy hall. The calls are
made over hall days of ``--calls-per-day`` calls each (10,000 by default: 60 windows
would each have to call a ticket every 2.9 minutes for 8 hours). Each called ticket
leaves a dead entry in the waiting list's indexes under its service day, the key they
begin with, until VACUUM removes it: within a day call-next steps over the day's dead
entries, and the next morning it starts on a new day's range and never reads them again.
The server's clock cannot move here, so every bench day has the same service day and
the night is a ``VACUUM (ANALYZE) queue_ticket`` between rounds (not timed). It does more
than a night does: every window plans its statement afresh after it, and those first
calls of a day are timed.

Runs, each of ``--calls`` calls, the queue drained at the end of each:

1. The database's share: call_next's statement (the very SQL ``queue.call_next`` sends)
   from one lean asyncio psycopg client on 60 connections, all 60 at once in each round;
   the called tickets are marked done between rounds by one statement (not measured).
   The client costs next to nothing, so what is left is the database's answer to 60
   windows calling at once, as a hall's server gives it to 60 separate workstations.
   Then the same again as one single day of ``--calls`` calls, a load beyond any hall's
   day, to show what the day's dead index entries cost.
2. The windows as workstations: ``--windows`` windows, one process each by default
   (``--processes`` fewer puts several windows as threads in one process), each with its
   own engine as ``clerk`` opens it, running clerk's ``call_next`` (all at once, a barrier)
   then ``finish`` (once every window has its answer: not part of the burst measured).
   The hall display is the real ``HallDisplay`` (offscreen, silent) in another process; a
   call counts as shown when the board has taken it.

Checks, for each run: no ticket called twice, none lost (every issued ticket called
exactly once; in the windows' run, one ``queue_call`` row each and the display received
every call).

Figures, and which is which:
- the database's share (p50/p99/max), against the target, and its p99 day by day;
- call_next as each window saw it: the clerk's wait, including waiting for the CPU that
  the other 59 Python processes use on the same 2 cores;
- CPU per call_next on each side (the windows' thread time; the server backends' time
  from /proc), and what a burst of 60 must spend before its last answer;
- the time from the key press (start of call_next) to the board (p50/p99/max).
Baselines measured in the same run: one window calling alone (clerk's call_next, no
contention) and a bare NOTIFY -> LISTEN round trip.

The machine (2 cores) is shared with other engineers: timings are noisy, read them so.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clerk.services import queue  # noqa: E402
from clerk.services.accounts import Actor, Role  # noqa: E402
from clerk.storage import migrations, queue_sql  # noqa: E402
from clerk.storage.db import Database, make_engine  # noqa: E402

DB_NAME = "clerk_bench_queue"
PREFIXES = "ABCD"
WAITING_PER_WINDOW = 20
WARM_UP = 12
NIGHT = "VACUUM (ANALYZE) queue_ticket"


def database(url: URL) -> Database:
    """As a workstation opens it (clerk.storage.db.make_engine: pool, pre-ping)."""
    return Database(url, make_engine(url))


def fresh_database(admin_url: URL) -> URL:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    url = admin_url.set(database=DB_NAME)
    engine = make_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return url


def set_up_hall(db: Database, windows: int) -> list[Actor]:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO account (username, display_name, staff_no, role, password_hash,"
                " failed_attempts, active, created_at) SELECT 'w' || n, 'w' || n, '', :role,"
                " '-', 0, true, now() FROM generate_series(0, :n) AS n"
            ),
            {"role": Role.ADMIN.value, "n": windows},
        )
        ids = dict(conn.execute(text("SELECT username, id FROM account")).all())
    admin = Actor(ids["w0"], "w0", "w0", "", Role.ADMIN, "0")
    for i, prefix in enumerate(PREFIXES):
        queue.save_category(db, admin, prefix, f"类别{prefix}", [], i)
    clerks = []
    for n in range(1, windows + 1):
        # Every window serves every category, each preferring another one first.
        k = n % len(PREFIXES)
        queue.save_window(db, admin, str(n), list(PREFIXES[k:] + PREFIXES[:k]))
        clerk = Actor(ids[f"w{n}"], f"w{n}", f"w{n}", "", Role.CLERK, str(n))
        queue.open_window(db, clerk)
        clerks.append(clerk)
    return clerks


class Kiosk:
    """Bulk-issues tickets in order: numbers A00001…, times from the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.issued = 0
        with db.engine.connect() as conn:
            self.categories = [
                conn.execute(
                    text("SELECT id FROM queue_category WHERE prefix = :p"), {"p": p}
                ).scalar_one()
                for p in PREFIXES
            ]

    def issue(self, count: int) -> None:
        if count <= 0:
            return
        rows = []
        for _ in range(count):
            self.issued += 1
            k = self.issued % len(PREFIXES)
            rows.append(
                {"number": f"{PREFIXES[k]}{self.issued:06d}", "category": self.categories[k]}
            )
        with self.db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO queue_ticket (service_day, number, category_id, issued_at,"
                    " state, recall_count, transfer_note) VALUES ((now() AT TIME ZONE"
                    " 'Asia/Shanghai')::date, :number, :category, clock_timestamp(), 'waiting',"
                    " 0, '')"
                ),
                rows,
            )


def backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend (same machine) has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def window_process(
    url: URL,
    clerks: list[Actor],
    rounds: int,
    barrier: threading.Barrier,
    results: multiprocessing.Queue,
) -> None:
    db = database(url)  # the workstation's own engine and pool

    def work(clerk: Actor) -> None:
        latencies, cpu, starts, numbers = [], [], {}, []
        with db.engine.connect() as conn:  # the pool's one connection: its server process
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        server_start, process_start = backend_cpu(pid), time.process_time()
        for _ in range(rounds):
            barrier.wait()
            started = time.time()
            t0, c0 = time.perf_counter(), time.thread_time()
            ticket = queue.call_next(db, clerk)
            cpu.append(time.thread_time() - c0)
            latencies.append(time.perf_counter() - t0)
            barrier.wait()  # every window has its answer: the burst of calls is over
            if ticket is not None:
                starts[ticket.id] = started
                numbers.append(ticket.number)
                queue.finish(db, clerk, ticket.id)
            barrier.wait()  # the coordinator tops up the kiosk between rounds
        used = (time.process_time() - process_start, backend_cpu(pid) - server_start)
        results.put((latencies, cpu, starts, numbers, used))

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.dispose()


def display_process(url: URL, expected: int, ready, finished, results) -> None:
    """The real hall display (offscreen): when did each call reach the board?"""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from clerk.gui.display import HallDisplay
    from clerk.gui.workers import Workers

    # The offscreen platform says so each time the board is laid out.
    qInstallMessageHandler(lambda _kind, _context, text: None)
    app = QApplication([])
    workers = Workers()
    seen: dict[int, float] = {}

    class Board(HallDisplay):
        def _received(self, result: tuple[list[queue.CallInfo], bool]) -> None:
            super()._received(result)  # the board shows the calls …
            shown = time.time()  # … now
            for call in result[0]:
                seen.setdefault(call.ticket_id, shown)

    board = Board(database(url), workers, speech_engine=None, chime=False)
    board.show()
    board.start()
    quiet = [0.0]

    def check() -> None:
        if board._feed is not None and board._feed.connected:
            ready.set()  # following the feed
        # Once the windows are done, five quiet seconds mean nothing more is coming.
        quiet[0] = quiet[0] + 0.1 if finished.is_set() else 0.0
        if len(seen) >= expected or quiet[0] > 5:
            app.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(100)
    count = len(seen)

    def progress() -> None:
        nonlocal count
        if len(seen) != count:
            quiet[0], count = 0.0, len(seen)

    timer.timeout.connect(progress)
    app.exec()
    board.stop()
    while not board.stopped:
        app.processEvents()
    workers.shutdown()
    results.put(seen)


async def lean_rounds(
    url: URL, clerks: list[Actor], kiosk: Kiosk, calls: int, day_rounds: int
) -> tuple[list[float], float, list[int]]:
    """call_next's statement sent by one asyncio process on ``len(clerks)`` connections.

    The same SQL as ``queue.call_next`` on PostgreSQL, but the client costs next to
    nothing (no SQLAlchemy, no 60 interpreters): what is left is the database's share.
    Between rounds the called tickets are marked done by one statement (not measured),
    and after every ``day_rounds`` timed rounds the night comes (``NIGHT``, not timed).
    The kiosk stops for the last rounds, so the queue ends empty: every ticket called.
    Returns the latencies, the server's CPU per call, and the called tickets' ids.
    """
    import psycopg
    from psycopg.rows import dict_row

    from clerk.domain.queue import QueueRules

    dialect = make_engine(url).dialect
    compiled = queue_sql.call_next_statement().compile(dialect=dialect)
    statements = []
    for clerk in clerks:
        values = queue_sql.call_next_params(clerk.window_no, clerk.account_id, QueueRules())
        expanded = compiled.construct_expanded_state(values)
        statements.append((expanded.statement, expanded.parameters))
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    conns = [
        await psycopg.AsyncConnection.connect(dsn, autocommit=True, row_factory=dict_row)
        for _ in clerks
    ]
    done = await psycopg.AsyncConnection.connect(dsn, autocommit=True)

    async def call(
        conn: psycopg.AsyncConnection[dict[str, Any]], statement: tuple[str, Mapping[str, Any]]
    ) -> tuple[float, int]:
        t0 = time.perf_counter()
        cursor = await conn.execute(*statement)
        row = await cursor.fetchone()
        elapsed = time.perf_counter() - t0
        assert row is not None and row["id"] is not None, "a window found nothing to call"
        return elapsed, row["id"]

    # This client's own garbage collection would stop all 60 connections at once, and a
    # full collection here takes 50-90 ms (seen as the slowest rounds): not the
    # database's share. Objects made so far are frozen out of its collections.
    gc.collect()
    gc.freeze()
    latencies: list[float] = []
    called: list[int] = []
    # The first rounds are not counted: psycopg prepares a statement at its sixth run,
    # and PostgreSQL plans it afresh for the first five runs of the prepared statement.
    pids = [c.info.backend_pid for c in conns]
    rounds = WARM_UP + -(-calls // len(clerks))
    for n in range(rounds):
        if n == WARM_UP:
            latencies.clear()
            server = sum(backend_cpu(p) for p in pids)
        answers = await asyncio.gather(
            *(call(c, st) for c, st in zip(conns, statements, strict=True))
        )
        latencies += [elapsed for elapsed, _ in answers]
        called += [ticket for _, ticket in answers]
        await done.execute(
            "UPDATE queue_ticket SET state = 'done', service_started_at = called_at,"
            " service_ended_at = now() WHERE state = 'called'"
        )
        if n < rounds - WAITING_PER_WINDOW:
            kiosk.issue(len(clerks))
        if is_night(n + 1 - WARM_UP, day_rounds, rounds - WARM_UP):
            await done.execute(NIGHT)
    # These backends ran call_next's statement and nothing else.
    server = (sum(backend_cpu(p) for p in pids) - server) / len(latencies)
    gc.unfreeze()
    for conn in [*conns, done]:
        await conn.close()
    return latencies, server, called


def is_night(timed_rounds: int, day_rounds: int, all_rounds: int) -> bool:
    """After ``timed_rounds`` rounds: has a day just ended, with another to come?"""
    return 0 < timed_rounds < all_rounds and timed_rounds % day_rounds == 0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def describe(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
        f"max {max(ms):.1f} ms (n={len(ms)})"
    )


def alone_baseline(url: URL, clerk: Actor, kiosk: Kiosk, calls: int) -> list[float]:
    db = database(url)
    latencies = []
    for _ in range(calls):
        t0 = time.perf_counter()
        ticket = queue.call_next(db, clerk)
        latencies.append(time.perf_counter() - t0)
        assert ticket is not None
        queue.finish(db, clerk, ticket.id)
    db.dispose()
    return latencies


def notify_baseline(url: URL, rounds: int = 300) -> list[float]:
    """A bare NOTIFY → LISTEN round trip: the floor under the display's latency."""
    import psycopg

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    listener = psycopg.connect(dsn, autocommit=True)
    sender = psycopg.connect(dsn, autocommit=True)
    listener.execute("LISTEN bench_baseline")
    latencies = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        sender.execute("NOTIFY bench_baseline, 'x'")
        for _ in listener.notifies(timeout=5, stop_after=1):
            pass
        latencies.append(time.perf_counter() - t0)
    listener.close()
    sender.close()
    return latencies


class LeanRun(NamedTuple):
    latencies: list[float]
    server_cpu: float  # per call, seconds
    elapsed: float
    calls: int
    twice: int
    left: int  # tickets never called


def lean_run(
    db: Database, url: URL, clerks: list[Actor], kiosk: Kiosk, calls: int, day_rounds: int
) -> LeanRun:
    """The database's share over ``calls`` calls, from an empty queue to an empty queue."""
    kiosk.issue(WAITING_PER_WINDOW * len(clerks))
    started = time.perf_counter()
    latencies, server, called = asyncio.run(lean_rounds(url, clerks, kiosk, calls, day_rounds))
    elapsed = time.perf_counter() - started
    with db.engine.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM queue_ticket WHERE state <> 'done'")
        ).scalar_one()
    return LeanRun(latencies, server, elapsed, len(called), len(called) - len(set(called)), left)


def night(db: Database) -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(NIGHT))


def p99_by(values: list[float], size: int) -> str:
    """p99 of each run of ``size`` values in turn (ms)."""
    return ", ".join(
        f"{percentile(values[i : i + size], 99) * 1000:.1f}" for i in range(0, len(values), size)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--calls-per-day", type=int, default=10_000)
    parser.add_argument("--windows", type=int, default=60)
    parser.add_argument("--processes", type=int, default=60, help="default: one per window")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    args = parser.parse_args()
    if min(args.calls, args.calls_per_day, args.windows, args.processes) < 1:
        parser.error("--calls, --calls-per-day, --windows and --processes must be at least 1")
    print(f"load before: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}", flush=True)

    url = fresh_database(make_url(args.pg_url))
    db = database(url)
    clerks = set_up_hall(db, args.windows)
    kiosk = Kiosk(db)

    baseline_calls = 300
    kiosk.issue(baseline_calls)
    alone = alone_baseline(url, clerks[0], kiosk, baseline_calls)
    notify = notify_baseline(url)
    day_rounds = -(-args.calls_per_day // args.windows)
    by_days = lean_run(db, url, clerks, kiosk, args.calls, day_rounds)
    night(db)
    one_day = lean_run(db, url, clerks, kiosk, args.calls, 1 + args.calls // args.windows)
    with db.engine.connect() as conn:
        first_call = conn.execute(text("SELECT max(id) FROM queue_call")).scalar_one()
    night(db)

    rounds = -(-args.calls // args.windows)
    total = rounds * args.windows
    kiosk.issue(WAITING_PER_WINDOW * args.windows)
    db.dispose()  # no pooled connection may be shared with the forked windows

    spawn, fork = multiprocessing.get_context("spawn"), multiprocessing.get_context("fork")
    shown = spawn.Queue()
    ready, finished = spawn.Event(), spawn.Event()
    display = spawn.Process(target=display_process, args=(url, total, ready, finished, shown))
    display.start()
    if not ready.wait(120):
        sys.exit("the display did not start")
    results = fork.Queue()
    barrier = fork.Barrier(args.windows + 1)
    groups = [clerks[i :: args.processes] for i in range(args.processes)]
    procs = [
        fork.Process(target=window_process, args=(url, g, rounds, barrier, results)) for g in groups
    ]
    for p in procs:
        p.start()
    started = time.perf_counter()
    for n in range(rounds):
        barrier.wait()  # everyone calls …
        barrier.wait()  # … has an answer …
        barrier.wait()  # … and has finished; top up the queue for the next round
        if n < rounds - WAITING_PER_WINDOW:
            kiosk.issue(args.windows)
        if is_night(n + 1, day_rounds, rounds):
            night(kiosk.db)
        if n % 100 == 0:
            print(f"  round {n}/{rounds}", file=sys.stderr, flush=True)
    window_results = [results.get() for _ in range(args.windows)]
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    for p in procs:
        p.join()
    finished.set()
    seen = shown.get()
    display.join()

    latencies = [v for r in window_results for v in r[0]]
    client = [v for r in window_results for v in r[1]]
    starts = {k: v for r in window_results for k, v in r[2].items()}
    numbers = [n for r in window_results for n in r[3]]
    process_cpu = sum(r[4][0] for r in window_results)
    server_cpu = sum(r[4][1] for r in window_results)
    with db.engine.connect() as conn:
        calls_rows = conn.execute(
            text("SELECT count(*) FROM queue_call WHERE id > :first"), {"first": first_call}
        ).scalar_one()
        left = conn.execute(
            text("SELECT count(*) FROM queue_ticket WHERE state <> 'done'")
        ).scalar_one()
    twice = len(numbers) - len(set(numbers))
    arrivals = [seen[t] - s for t, s in starts.items() if t in seen]
    missing = len(set(starts) - set(seen))
    n = len(numbers)
    cores = os.cpu_count() or 1
    per_call = (statistics.mean(client) * 1000, process_cpu / n * 1000, server_cpu / n * 1000)
    # The CPU that must be spent before the last of a burst can have its answer.
    burst = args.windows * (per_call[0] + by_days.server_cpu * 1000) / cores

    w, p = args.windows, args.processes
    day_calls = day_rounds * w
    print(f"queue calling on PostgreSQL, {cores} cores")
    print(
        f"the database's share: call_next's statement from {w} connections at once "
        "(one lean asyncio psycopg client)"
    )
    for run, title in (
        (by_days, f"over hall days of {day_calls:,} calls"),
        (one_day, f"all in one day of {one_day.calls:,} calls (beyond any hall's day)"),
    ):
        print(f"  {title}:")
        print(
            f"    calls made: {run.calls} in {run.elapsed:.0f} s (the first {WARM_UP * w} not"
            f" timed: warm-up); called twice: {run.twice}; tickets never called: {run.left}"
        )
        print(f"    call_next, {w} at once: {describe(run.latencies)}")
        print(f"    server CPU per call_next: {run.server_cpu * 1000:.2f} ms (its backend)")
    # Each day's called tickets stay in the waiting list's indexes (dead) until vacuum.
    print(f"  p99 day by day (ms): {p99_by(by_days.latencies, day_calls)}")
    fifth = -(-len(one_day.latencies) // 5)
    print(f"  p99 by fifths of the one long day (ms): {p99_by(one_day.latencies, fifth)}")
    print(f"  baseline, one window alone: {describe(alone)}  (clerk's call_next)")
    ratio = percentile(by_days.latencies, 99) / percentile(alone, 99)
    print(f"  ratio p99 at once / p99 alone: {ratio:.1f}  (target: p99 <= 25 ms)")
    print(f"{w} windows as workstations: clerk's call_next and finish in {p} processes")
    print(
        f"  calls made: {n} of {total} in {elapsed:.0f} s ({n / elapsed:.0f} calls/s); "
        f"queue_call rows: {calls_rows}"
    )
    print(f"  called twice: {twice}; tickets never called: {left}; display missed: {missing}")
    print(f"  call_next, {w} at once, as each window saw it: {describe(latencies)}")
    print(
        f"  CPU per call_next: client {per_call[0]:.2f} ms (Python: clerk, SQLAlchemy, psycopg);"
        f" server {by_days.server_cpu * 1000:.2f} ms"
    )
    print(
        f"  CPU per window and round (call_next + finish + the barrier): client "
        f"{per_call[1]:.2f} ms, server {per_call[2]:.2f} ms"
    )
    print(
        f"  so {w} call_next at once need {w} x {per_call[0] + by_days.server_cpu * 1000:.2f} ms of CPU:"
        f" on these {cores} cores the last answer cannot come before {burst:.0f} ms, "
        f"{w * per_call[0] / cores:.0f} ms of it the windows' own Python"
    )
    print(f"  call to the hall display's board (other process): {describe(arrivals)}")
    print(f"  baseline, bare NOTIFY->LISTEN:                    {describe(notify)}")
    ratio = percentile(arrivals, 99) / percentile(notify, 99)
    print(f"  ratio p99 display / p99 bare notify: {ratio:.1f}  (target: p99 <= 1000 ms)")
    print(f"load at the end of the calls: {load_after[0]:.1f} {load_after[1]:.1f}")
    print("  (2 shared cores; other engineers' work runs at the same time: noisy figures)")
    db.dispose()
    ok = twice == 0 and left == 0 and missing == 0 and n == total == calls_rows
    ok = ok and all(r.twice == 0 and r.left == 0 for r in (by_days, one_day))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
