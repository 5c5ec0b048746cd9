"""Queue calling on PostgreSQL: 60 windows calling at once, and how fast the display sees it.

    .venv/bin/python bench/bench_queue.py [--calls 100000] [--windows 60] [--processes 6]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1/postgres]

A fresh database is migrated. Tickets are bulk-inserted (a kiosk's work is not what is
measured here), about 20 waiting per window at any time as in a busy hall. Then
``--windows`` windows (threads spread over ``--processes`` processes) call in rounds:
in each round every window calls ``call_next`` at the same moment (a barrier), then
finishes the ticket. That is repeated until ``--calls`` calls were made.

Checks: no ticket called twice, none lost (every issued ticket called exactly once,
one ``queue_call`` row each, the display received every call).
Figures: call_next latency (p50/p99/max) under the burst; the time from the start of
``call_next`` in one process to the call arriving at a ``CallFeed`` in another
process (p50/p99/max). Baselines measured in the same run: one window calling alone
(no contention) and a bare NOTIFY → LISTEN round trip between two connections.

The machine (2 cores) is shared with other engineers: timings are noisy, read them so.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clerk.services import queue  # noqa: E402
from clerk.services.auth import Actor, Role  # noqa: E402
from clerk.services.call_feed import open_call_feed  # noqa: E402
from clerk.storage import migrations  # noqa: E402
from clerk.storage.db import Database, make_engine  # noqa: E402

DB_NAME = "clerk_bench_queue"
PREFIXES = "ABCD"
WAITING_PER_WINDOW = 20


def database(url: URL, pool: int = 5) -> Database:
    engine = create_engine(url, pool_size=pool, max_overflow=pool)
    return Database(url, engine)


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


def window_process(
    url: URL,
    clerks: list[Actor],
    rounds: int,
    barrier: threading.Barrier,
    results: multiprocessing.Queue,
) -> None:
    db = database(url, pool=len(clerks))

    def work(clerk: Actor) -> None:
        latencies, starts, numbers = [], {}, []
        for _ in range(rounds):
            barrier.wait()
            started = time.time()
            t0 = time.perf_counter()
            ticket = queue.call_next(db, clerk)
            latencies.append(time.perf_counter() - t0)
            if ticket is not None:
                starts[ticket.id] = started
                numbers.append(ticket.number)
                queue.finish(db, clerk, ticket.id)
            barrier.wait()  # the coordinator tops up the kiosk between rounds
        results.put((latencies, starts, numbers))

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.dispose()


def display_process(url: URL, expected: int, ready, finished, results) -> None:
    db = database(url, pool=2)
    feed = open_call_feed(db)
    feed.wait(0.1)  # connected, and positioned after the last call
    ready.set()
    seen: dict[int, float] = {}
    quiet = 0
    while len(seen) < expected and quiet < 5:
        calls = feed.wait(1.0)
        for call in calls:
            seen.setdefault(call.ticket_id, time.time())
        # Once the windows are done, five quiet seconds mean nothing more is coming.
        quiet = quiet + 1 if finished.is_set() and not calls else 0
    feed.close()
    results.put(seen)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--windows", type=int, default=60)
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    args = parser.parse_args()

    url = fresh_database(make_url(args.pg_url))
    db = database(url)
    clerks = set_up_hall(db, args.windows)
    kiosk = Kiosk(db)

    baseline_calls = 300
    kiosk.issue(baseline_calls)
    alone = alone_baseline(url, clerks[0], kiosk, baseline_calls)
    notify = notify_baseline(url)
    with db.engine.begin() as conn:
        first_call = conn.execute(text("SELECT max(id) FROM queue_call")).scalar_one()

    rounds = -(-args.calls // args.windows)
    total = rounds * args.windows
    kiosk.issue(WAITING_PER_WINDOW * args.windows)

    ctx = multiprocessing.get_context("spawn")
    results, shown = ctx.Queue(), ctx.Queue()
    ready, finished = ctx.Event(), ctx.Event()
    display = ctx.Process(target=display_process, args=(url, total, ready, finished, shown))
    display.start()
    ready.wait(60)
    barrier = ctx.Barrier(args.windows + 1)
    groups = [clerks[i :: args.processes] for i in range(args.processes)]
    procs = [
        ctx.Process(target=window_process, args=(url, g, rounds, barrier, results)) for g in groups
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for n in range(rounds):
        barrier.wait()  # everyone calls …
        barrier.wait()  # … and finishes; top up the queue for the next round
        if n < rounds - WAITING_PER_WINDOW:
            kiosk.issue(args.windows)
        if n % 100 == 0:
            print(f"  round {n}/{rounds}", file=sys.stderr, flush=True)
    window_results = [results.get() for _ in range(args.windows)]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join()
    finished.set()
    seen = shown.get()
    display.join()

    latencies = [v for r in window_results for v in r[0]]
    starts = {k: v for r in window_results for k, v in r[1].items()}
    numbers = [n for r in window_results for n in r[2]]
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

    print(f"queue calling on PostgreSQL: {args.windows} windows, {args.processes} processes")
    print(
        f"  calls made: {len(numbers)} of {total} in {elapsed:.0f} s "
        f"({len(numbers) / elapsed:.0f} calls/s); queue_call rows: {calls_rows}"
    )
    print(
        f"  called twice: {twice}; tickets never called: {left}; "
        f"calls the display missed: {missing}"
    )
    print(f"  call_next, {args.windows} at once: {describe(latencies)}")
    print(f"  baseline, one window alone:     {describe(alone)}")
    ratio = percentile(latencies, 99) / percentile(alone, 99)
    print(f"  ratio p99 burst / p99 alone: {ratio:.1f}  (target: p99 <= 25 ms)")
    print(f"  call to display (other process): {describe(arrivals)}")
    print(f"  baseline, bare NOTIFY->LISTEN:   {describe(notify)}")
    ratio = percentile(arrivals, 99) / percentile(notify, 99)
    print(f"  ratio p99 display / p99 bare notify: {ratio:.1f}  (target: p99 <= 1000 ms)")
    print("  (2 shared cores; other engineers' work runs at the same time: noisy figures)")
    db.dispose()
    ok = twice == 0 and left == 0 and missing == 0 and len(numbers) == total == calls_rows
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
