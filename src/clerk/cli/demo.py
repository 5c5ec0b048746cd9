"""`clerk demo --days N`: fill a database with N working days of hall activity.

Without ``--database`` it fills the demo file that ``clerk --demo`` opens.
"""

from __future__ import annotations

import argparse
import sys

from clerk.demo import activity
from clerk.demo.mode import DEMO_DATABASE
from clerk.domain.errors import ClerkError
from clerk.settings import Settings
from clerk.storage.db import embedded_url, open_database, resolve_url


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="fill a database with days of demo hall activity (default: the demo file)",
    )
    parser.add_argument("--days", type=int, default=5, help="working days before today (5)")
    parser.add_argument("--applicants", type=int, default=30, help="applicants per day (30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same days)")
    parser.add_argument(
        "--speed", type=int, default=600, help="how many times faster than real time a day runs"
    )
    parser.add_argument("--one-day", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=demo)


def demo(args: argparse.Namespace) -> int:
    if args.days < 1 or args.applicants < 1:
        raise ClerkError("天数和每天的申请人数都至少为1。")
    raw = args.database or embedded_url(DEMO_DATABASE).render_as_string(hide_password=False)
    url = resolve_url(raw, Settings.load())
    db = open_database(url, migrate=True)
    try:
        if args.one_day:  # the child of one day, under faketime
            report = activity.run_day(db, args.applicants, args.seed, paced=True)
            print(report.line(), flush=True)
            return 0
        if db.is_embedded:
            activity.run_days(raw, args.days, args.applicants, args.seed, args.speed, sys.stdout)
        else:  # a server keeps its own clock: the days all land on today
            activity.prepare(db)
            for n in range(args.days):
                report = activity.run_day(db, args.applicants, args.seed + n, paced=False)
                print(report.line(), flush=True)
    finally:
        db.dispose()
    print(f"演示数据已写入：{db.describe()}")
    return 0
