"""Statistics on one year of a 60-window hall: period figures and the live board, both engines.

Builds the year with ``bench/make_hall_year.py`` (unless ``--reuse``), then times on
SQLite and PostgreSQL:

- the first query of the year after the summaries are dropped (it summarises every day);
- ``period_report`` for a day, a month, a quarter and the whole year, for the hall and by
  window (targets: ≤ 300 ms on PostgreSQL, ≤ 1 s on SQLite), from the per-day summaries;
- the baseline, in the same run: the live path (``live=True``: every raw row of the
  period aggregated), checked to give the same figures, row by row;
- the year again after a late change to a closed day (a correction brought);
- ``live_board`` (target ≤ 100 ms).

Each time is the median of ``--repeat`` runs after one warm-up. The machine is shared
with other engineers: read the times as indications, the ratios as the result.

    .venv/bin/python bench/bench_stats.py                 # full size (slow to build)
    .venv/bin/python bench/bench_stats.py --scale 0.05    # a quick run
    .venv/bin/python bench/bench_stats.py --reuse         # time the databases built before
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_hall_year import make
from clerk.domain.halltime import HALL_TZ
from clerk.domain.stats import FIGURES, Dimension, Period, PeriodReport, hall_day, value_of
from clerk.services import stats
from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database, make_engine
from clerk.storage.dialect import database_now
from clerk.storage.migrations import upgrade
from clerk.storage.models.intake import Case, CaseMaterial
from clerk.storage.models.stats import (
    StatsCaseDay,
    StatsCorrectionDay,
    StatsDay,
    StatsRatingDay,
    StatsRefusalDay,
    StatsStale,
    StatsTicketDay,
    StatsTicketHour,
)

SQLITE = "sqlite:////tmp/clerk_hall_year.sqlite3"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/clerk_hall_year"
TARGETS = {"sqlite": 1000.0, "postgresql": 300.0}
BOARD_TARGET = 100.0


CPU: list[float] = []  # this process's CPU time of the last timed(): SQLite's own work


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall milliseconds of ``repeat`` runs after a warm-up, and the last result.

    The median CPU milliseconds of this process go to ``CPU``: on SQLite that is the
    work itself, whatever the other engineers' jobs take from the shared cores.
    """
    result = fn()
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times), result


def same(summarised: PeriodReport, live: PeriodReport) -> None:
    """Every figure of every row, and the series, equal on both paths."""
    rows = {r.key: r for r in live.rows}
    if set(rows) != {r.key for r in summarised.rows}:
        raise SystemExit("the summaries and the live path have different rows")
    for row in [summarised.hall, *summarised.rows]:
        other = live.hall if row is summarised.hall else rows[row.key]
        for f in FIGURES:
            a, b = value_of(row, f.name), value_of(other, f.name)
            if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9 * max(1, abs(b))):
                raise SystemExit(
                    f"summaries and live path disagree on {row.key} {f.name}: {a} vs {b}"
                )
    for series in ("daily", "outcomes", "rating_levels", "refusal_categories", "review_states"):
        if getattr(summarised, series) != getattr(live, series):
            raise SystemExit(f"summaries and live path disagree on {series}")


def periods(today: date) -> list[tuple[str, Period]]:
    yesterday = today - timedelta(days=1)
    while yesterday.weekday() >= 5:
        yesterday -= timedelta(days=1)
    return [
        ("one day", Period(yesterday, yesterday)),
        ("one month", Period(today - timedelta(days=30), today)),
        ("one quarter", Period(today - timedelta(days=91), today)),
        ("one year", Period(today - timedelta(days=364), today)),
    ]


def forget(db: Database) -> None:
    """Drop every summary, so the first query summarises the year (as after an upgrade)."""
    with db.session() as s:
        for model in (
            StatsDay,
            StatsStale,
            StatsTicketDay,
            StatsTicketHour,
            StatsCaseDay,
            StatsCorrectionDay,
            StatsRatingDay,
            StatsRefusalDay,
        ):
            s.execute(delete(model))


def late_change(db: Database, today: date) -> date:
    """A deferred material of a case decided 100 days ago is brought today."""
    with db.session() as s:
        material, decided_at = s.execute(
            select(CaseMaterial, Case.decided_at)
            .join(Case, Case.id == CaseMaterial.case_id)
            .where(
                CaseMaterial.correction_due.is_not(None),
                CaseMaterial.received_later_at.is_(None),
                Case.decided_at < Period.day(today - timedelta(days=100)).start,
            )
            .order_by(Case.decided_at.desc())
            .limit(1)
        ).one()
        material.received_later_at = database_now(s)
        return hall_day(decided_at)


def bench(url: str, repeat: int) -> list[str]:
    target = make_url(url)
    db = Database(target, make_engine(target))
    upgrade(db.engine)  # a hall built before the summaries: the upgrade adds them, empty
    engine = db.sql.name
    manager = Actor(2, "manager", "王丽华", "M0001", Role.MANAGER, "")
    today = hall_day(datetime.now(HALL_TZ))
    lines = []
    limit = TARGETS[engine]
    year = periods(today)[-1][1]
    forget(db)
    started = time.perf_counter()
    stats.period_report(db, manager, year)
    lines.append(
        f"{engine:10s} first query of the year, summarising its {len(year.days)} days "
        f"(once): {time.perf_counter() - started:.1f} s"
    )
    print(lines[-1], flush=True)
    for name, period in periods(today):
        hall_ms, report = timed(lambda p=period: stats.period_report(db, manager, p), repeat)
        hall_cpu = CPU[0]
        window_ms, by_window = timed(
            lambda p=period: stats.period_report(db, manager, p, Dimension.WINDOW), repeat
        )
        live_ms, live = timed(
            lambda p=period: stats.period_report(db, manager, p, live=True), max(1, repeat // 2)
        )
        live_window_ms, live_by_window = timed(
            lambda p=period: stats.period_report(db, manager, p, Dimension.WINDOW, live=True), 1
        )
        same(report, live)
        same(by_window, live_by_window)
        lines.append(
            f"{engine:10s} {name:12s} tickets {report.hall.tickets:>7,} cases {report.hall.cases:>7,}  "
            f"hall {hall_ms:6.0f} ms (cpu {hall_cpu:5.0f})  by window ({len(by_window.rows)} rows) "
            f"{window_ms:6.0f} ms  "
            f"[target {limit:.0f} ms: {'met' if max(hall_ms, window_ms) <= limit else 'MISSED'}]  "
            f"live path {live_ms:7.0f} ms = {live_ms / hall_ms:5.1f}×, "
            f"by window {live_window_ms:7.0f} ms = {live_window_ms / window_ms:5.1f}×"
        )
        print(lines[-1], flush=True)
    changed = late_change(db, today)
    started = time.perf_counter()
    report = stats.period_report(db, manager, year)
    late_ms = (time.perf_counter() - started) * 1000
    same(report, stats.period_report(db, manager, year, live=True))
    lines.append(
        f"{engine:10s} one year after a correction brought for {changed}: {late_ms:.0f} ms "
        "(that day's cases and corrections summarised again), equal to the live path"
    )
    print(lines[-1], flush=True)
    board_ms, board = timed(lambda: stats.live_board(db, manager), repeat * 3)
    lines.append(
        f"{engine:10s} live board   {board.waiting} waiting, {len(board.windows)} windows, "
        f"{board.today['tickets']} tickets today: {board_ms:.1f} ms (cpu {CPU[0]:.1f}) "
        f"[target {BOARD_TARGET:.0f} ms: {'met' if board_ms <= BOARD_TARGET else 'MISSED'}]"
    )
    print(lines[-1], flush=True)
    db.dispose()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full hall (1.0)")
    parser.add_argument("--reuse", action="store_true", help="time the databases already built")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite", default=SQLITE)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    for url in (args.sqlite, args.postgres):
        if not args.reuse:
            print(f"building {make_url(url).render_as_string()} (scale {args.scale}) …", flush=True)
            counts = make(url, args.scale)
            print("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
    lines = []
    for url in (args.sqlite, args.postgres):
        lines += bench(url, args.repeat)
    print(
        "\n".join(
            ["", "summary (median of runs; a shared 2-core machine: times are noisy)", *lines]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
