"""`clerk refusals`: verify the register, set the hall's key, export it to XLSX or PDF."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.domain.errors import ClerkError
from clerk.domain.refusals import ReviewState
from clerk.services.accounts import Actor
from clerk.services.refusals import (
    RegisterFilter,
    export_xlsx,
    register_choices,
    register_pdf,
    set_hall_key,
    verify_register,
)
from clerk.storage.db import Database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("refusals", help="refusal register (否定备案)")
    sub = parser.add_subparsers(dest="refusals_command", required=True, metavar="ACTION")
    sub.add_parser(
        "verify",
        parents=[common],
        help="walk the hash chain; print OK or the first altered/removed/inserted/reordered entry",
    ).set_defaults(handler=verify)
    setkey = sub.add_parser(
        "set-key",
        parents=[common],
        help="store the hall's register key in this workstation's keyring (admin)",
    )
    add_user_option(setkey)
    setkey.add_argument(
        "--generate",
        action="store_true",
        help="make a new random key (a new hall) and print it once, for the other workstations",
    )
    setkey.set_defaults(handler=set_key)
    for name, handler, help_text in (
        ("export", export, "write the register to an XLSX file"),
        ("pdf", pdf, "write the printable register (PDF)"),
    ):
        command = sub.add_parser(name, parents=[common], help=help_text)
        command.add_argument("file", type=Path, metavar="FILE")
        add_user_option(command)
        _add_filters(command)
        command.set_defaults(handler=handler)
    sub.choices["export"].add_argument(
        "--unmasked",
        action="store_true",
        help="full ID and phone numbers (managers only; logged)",
    )


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--window", default="", help="window number")
    parser.add_argument("--clerk", default="", help="clerk's name")
    parser.add_argument("--matter", default="", help="matter code or part of its name")
    parser.add_argument("--category", default="")
    parser.add_argument("--state", choices=[s.value for s in ReviewState])
    parser.add_argument("--overdue", action="store_true", help="only reviews overdue")


def _filter(args: argparse.Namespace, db: Database, actor: Actor) -> RegisterFilter:
    clerk_id = None
    if args.clerk:
        ids = [i for i, name in register_choices(db, actor).clerks if name == args.clerk]
        if not ids:
            raise ClerkError(f"登记簿中没有经办人“{args.clerk}”的备案。")
        clerk_id = ids[0]
    return RegisterFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        window_no=args.window,
        clerk_id=clerk_id,
        matter=args.matter,
        category=args.category,
        state=ReviewState(args.state) if args.state else None,
        overdue_only=args.overdue,
    )


def verify(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        result = verify_register(db)
    finally:
        db.dispose()
    if result.ok:
        print(
            f"OK：{result.counts['entries']}条否定备案、{result.counts['reviews']}条复核记录，链条完整。"
        )
        return 0
    assert result.finding is not None
    print(f"发现问题（{result.finding.problem.value}）：{result.finding.message}")
    return 1


def set_key(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        key = None if args.generate else _read_key()
        stored = set_hall_key(db, actor, key)
    finally:
        db.dispose()
    if args.generate:
        print(
            "已生成并保存新的否定备案密钥。请在大厅其他工作站上用 clerk refusals set-key 输入同一密钥："
        )
        print(stored)
    else:
        print("否定备案密钥已保存到系统密钥环。")
    return 0


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("大厅的否定备案密钥：")
    return sys.stdin.readline().strip()


def export(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        count = export_xlsx(db, actor, args.file, _filter(args, db, actor), unmasked=args.unmasked)
    finally:
        db.dispose()
    print(f"已导出{count}条否定备案：{args.file}")
    return 0


def pdf(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        data = register_pdf(db, actor, _filter(args, db, actor))
    finally:
        db.dispose()
    try:
        args.file.write_bytes(data)
    except OSError as exc:
        raise ClerkError(f"无法写入文件 {args.file}，请检查文件夹和权限。", repr(exc)) from exc
    print(f"已生成否定备案登记簿：{args.file}")
    return 0
