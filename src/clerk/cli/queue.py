"""`clerk kiosk`, `clerk display` and `clerk queue …`: the hall's queue screens and set-up."""

from __future__ import annotations

import argparse
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.domain.halltime import HALL_TZ
from clerk.services import queue
from clerk.services.queue import import_setup
from clerk.settings import Settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kiosk = subparsers.add_parser(
        "kiosk", parents=[common], help="the ticket machine (full screen; Ctrl+Q quits)"
    )
    add_user_option(kiosk)
    kiosk.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    kiosk.set_defaults(handler=run_kiosk)

    display = subparsers.add_parser(
        "display", parents=[common], help="the hall display (full screen; Ctrl+Q quits)"
    )
    display.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    display.add_argument(
        "--speech-engine",
        default="",
        help="QTextToSpeech engine (default: the platform's); 'none' shows calls silently",
    )
    display.add_argument("--no-chime", action="store_true", help="no chime before a call")
    display.set_defaults(handler=run_display)

    parser = subparsers.add_parser("queue", help="queue set-up and state")
    sub = parser.add_subparsers(dest="queue_command", required=True, metavar="ACTION")
    setup = sub.add_parser(
        "setup",
        parents=[common],
        help="import categories, windows and appointments from a TOML file (docs/queue.md)",
    )
    setup.add_argument("file", type=Path)
    add_user_option(setup)
    setup.set_defaults(handler=run_setup)
    sub.add_parser(
        "status", parents=[common], help="waiting per category and the latest calls"
    ).set_defaults(handler=run_status)


def run_kiosk(args: argparse.Namespace) -> int:
    from clerk.gui.hall_screen import run_screen
    from clerk.gui.kiosk import Kiosk
    from clerk.services.printing import PrintService

    db = open_db(args)
    # The kiosk's own account (a clerk account IT creates for it) signs the print log.
    actor = actor_from_args(args, db)
    settings = Settings.load()
    printer = PrintService(db, settings)
    rules = queue.load_rules(settings)
    try:
        return run_screen(
            lambda w: Kiosk(db, w, actor, printer, rules=rules), windowed=args.windowed
        )
    finally:
        printer.close()
        db.dispose()


def run_display(args: argparse.Namespace) -> int:
    from clerk.gui.display import HallDisplay
    from clerk.gui.hall_screen import run_screen
    from clerk.gui.workers import Workers

    db = open_db(args)
    rules = queue.load_rules(Settings.load())
    engine = None if args.speech_engine == "none" else args.speech_engine

    def make(workers: Workers) -> HallDisplay:
        display = HallDisplay(
            db, workers, rules=rules, speech_engine=engine, chime=not args.no_chime
        )
        display.start()
        return display

    try:
        return run_screen(make, windowed=args.windowed)
    finally:
        db.dispose()


def run_setup(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        summary = import_setup(db, actor_from_args(args, db), args.file)
    finally:
        db.dispose()
    print(
        f"已导入：{summary.categories} 个业务类别，{summary.windows} 个窗口，"
        f"{summary.appointments} 个预约。"
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        rules = queue.load_rules(Settings.load())
        for load in queue.category_loads(db, rules):
            print(
                f"{load.prefix} {load.name}：{load.waiting} 人等候，预计约 {load.estimated_wait_minutes} 分钟"
            )
        for call in queue.recent_calls(db, 5):
            print(
                f"{call.called_at.astimezone(HALL_TZ):%H:%M:%S} {call.ticket_number} → {call.window_number} 号窗口"
            )
    finally:
        db.dispose()
    return 0
