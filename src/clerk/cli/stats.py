"""`clerk stats`: the period's figures for scripts (text or JSON), XLSX and the monthly PDF.

clerk stats --from 2026-03-01 --to 2026-03-31 --user wang [--by window] [--json]
clerk stats --from 2026-03-01 --to 2026-03-31 --user wang --xlsx 三月.xlsx --pdf 三月.pdf
clerk stats --board --user wang
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.domain.errors import ClerkError
from clerk.domain.stats import (
    DIMENSION_NAMES,
    FIGURES,
    TODAY_NAMES,
    Dimension,
    LiveBoard,
    Period,
    PeriodReport,
    shown,
    value_of,
)
from clerk.services import stats
from clerk.settings import Settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats", parents=[common], help="hall statistics: period figures, exports, live board"
    )
    parser.add_argument("--from", dest="first", type=_date, help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="last", type=_date, help="last day, included (YYYY-MM-DD)")
    parser.add_argument(
        "--by",
        choices=[d.value for d in Dimension],
        default=Dimension.HALL.value,
        help="one row per window, clerk, matter or bundle (default: the hall)",
    )
    parser.add_argument("--key", help="only this window number, clerk id, or matter/bundle code")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the data as XLSX")
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="also write the report as PDF")
    parser.add_argument("--board", action="store_true", help="print the live board instead")
    add_user_option(parser)
    parser.set_defaults(handler=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def run(args: argparse.Namespace) -> int:
    alert = Settings.load().get_int("queue.wait_alert_minutes")
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        if args.board:
            board = stats.live_board(db, actor, alert)
            print(
                json.dumps(_plain(board), ensure_ascii=False, indent=1)
                if args.json
                else _board_text(board)
            )
            return 0
        if args.first is None or args.last is None:
            raise ClerkError("请用 --from 和 --to 给出统计期间（YYYY-MM-DD）。")
        report = stats.period_report(
            db,
            actor,
            Period(args.first, args.last),
            Dimension(args.by),
            key=args.key,
            alert_minutes=alert,
        )
    finally:
        db.dispose()
    if args.xlsx:
        stats.save_xlsx(report, args.xlsx)
    if args.pdf:
        stats.save_pdf(report, args.pdf)
    print(
        json.dumps(report_json(report), ensure_ascii=False, indent=1)
        if args.json
        else report_text(report)
    )
    return 0


def report_json(report: PeriodReport) -> dict[str, Any]:
    """The figures by name (shares as fractions, times in minutes) and the series."""
    plain = _plain(report)
    for name in ("hall", "rows"):
        rows = plain[name] if name == "rows" else [plain[name]]
        figures = report.rows if name == "rows" else [report.hall]
        for row, source in zip(rows, figures, strict=True):
            row.update({f.name: value_of(source, f.name) for f in FIGURES})
    return plain


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


def report_text(report: PeriodReport) -> str:
    title = f"{report.period.label}　{report.scope or DIMENSION_NAMES[Dimension.HALL]}"
    lines = [title]
    rows = report.rows if len(report.rows) > 1 else [report.hall]
    width = max(len(f.label) for f in FIGURES) + 2
    lines.append(" " * width * 2 + "  ".join(r.label for r in rows))
    for f in FIGURES:
        values = "  ".join(shown(value_of(r, f.name), f.unit).rjust(len(r.label) * 2) for r in rows)
        lines.append(f"{f.label}{' ' * (width * 2 - len(f.label) * 2)}{values}")
    return "\n".join(lines)


def _board_text(board: LiveBoard) -> str:
    longest = "—" if board.longest_wait is None else f"{board.longest_wait:.0f} 分钟"
    lines = [
        f"等候 {board.waiting} 人，最长等候 {longest}",
        "  ".join(f"{c.prefix} {c.name} {c.waiting}" for c in board.categories),
        f"窗口：开放 {board.windows_in('open')}，暂停 {board.windows_in('paused')}，"
        f"办理中 {board.windows_serving}",
        f"超过 {board.alert_minutes} 分钟：{len(board.alerts)} 人 "
        + " ".join(f"{a.number}({a.waited:.0f}分)" for a in board.alerts[:10]),
        "今日：" + "，".join(f"{TODAY_NAMES[k]} {v}" for k, v in board.today.items()),
    ]
    return "\n".join(lines)
