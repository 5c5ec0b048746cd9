"""`clerk calendar`: which years the working-day calendar covers, and counting on it.

clerk calendar status [--json]        years and their source: official, IT's file, estimate
clerk calendar add 2026-12-15 20 --json   {"date": "2027-01-13", "estimated": true}

Neither needs the database: the calendar is the package's data and IT's holidays.json.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from importlib.metadata import version
from typing import Any

from clerk.domain.halltime import hall_date
from clerk.domain.holidays import FIRST_YEAR, LAST_YEAR
from clerk.domain.workdays import SOURCE_NAMES, Source
from clerk.storage import holidays

MAX_DAYS = 1000  # about four years of working days: far past any promised period


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("calendar", help="working-day calendar: status, add")
    sub = parser.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")

    # --database too (the house rule for every subcommand), though neither reads it.
    show = sub.add_parser(
        "status",
        parents=[common],
        help="which years are covered, and from which source (official, file, estimate)",
    )
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    show.set_defaults(handler=run_status)

    add = sub.add_parser("add", parents=[common], help="the date DAYS working days after DATE")
    add.add_argument("date", type=_date, metavar="DATE", help="start day (YYYY-MM-DD), not counted")
    add.add_argument("days", type=_days, metavar="DAYS", help=f"working days, 0 to {MAX_DAYS}")
    add.add_argument("--json", action="store_true", help='print {"date": ..., "estimated": ...}')
    add.set_defaults(handler=run_add)


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间：{text}")
    return day


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"工作日数应为整数：{text}") from None
    if not 0 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"工作日数应在 0 到 {MAX_DAYS} 之间：{text}")
    return days


def run_add(args: argparse.Namespace) -> int:
    deadline = holidays.hall_calendar().add_workdays(args.date, args.days)
    if args.json:
        print(json.dumps({"date": deadline.date.isoformat(), "estimated": deadline.estimated}))
    else:
        print(deadline.date.isoformat() + ("（推算）" if deadline.estimated else ""))
        if deadline.estimated:
            print(deadline.warning())
    return 0


def run_status(args: argparse.Namespace) -> int:
    found = holidays.status(hall_date(datetime.now(UTC)))
    if args.json:
        print(json.dumps(status_json(found), ensure_ascii=False, indent=1))
        return 0
    state = "已读取" if found.file_exists else "未找到：尚无后续年份的安排"
    print(f"节假日文件：{found.holidays_file}（{state}）")
    for span in found.spans:
        print(f"{span.label}{_detail(span.source, found)}")
    print(
        f"{found.estimated_from}年起：{SOURCE_NAMES[Source.ESTIMATE]}{_detail(Source.ESTIMATE, found)}"
    )
    ahead = found.ahead
    print(
        f"今后 {(ahead.last - ahead.first).days} 天（{ahead.first} 至 {ahead.last}）："
        + ("均已覆盖" if ahead.covered else ahead.warning())
    )
    return 0


def _detail(source: Source, found: holidays.CalendarStatus) -> str:
    if source is Source.OFFICIAL:
        return f"（chinesecalendar {version('chinesecalendar')}：国务院办公厅公布的放假安排）"
    if source is Source.FILE:
        return f"（{found.holidays_file}）"
    return "（法定节假日和周末，调休无法推算，日期标为推算）"


def status_json(found: holidays.CalendarStatus) -> dict[str, Any]:
    return {
        "holidays_file": str(found.holidays_file),
        "holidays_file_exists": found.file_exists,
        "years": [
            {"first": s.first, "last": s.last, "source": s.source.value} for s in found.spans
        ],
        "estimated_from": found.estimated_from,
        "ahead": {
            "first": found.ahead.first.isoformat(),
            "last": found.ahead.last.isoformat(),
            "uncovered": [[a.isoformat(), b.isoformat()] for a, b in found.ahead.uncovered],
            "warning": found.ahead.warning(),
        },
    }
