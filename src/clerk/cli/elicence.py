"""`clerk elicence import FILE`: IT loads the e-licence platform's export (CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.services.intake import import_elicences


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("elicence", help="e-licences that exempt materials (电子证照)")
    sub = parser.add_subparsers(dest="elicence_command", required=True, metavar="ACTION")
    load = sub.add_parser("import", parents=[common], help="import a CSV export (admin)")
    load.add_argument("file", type=Path)
    add_user_option(load)
    load.set_defaults(handler=import_file)


def import_file(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        count = import_elicences(db, actor_from_args(args, db), args.file)
    finally:
        db.dispose()
    print(f"已导入 {count} 条电子证照记录。")
    return 0
