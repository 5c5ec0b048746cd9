"""What subcommands share: opening the database, signing in from the command line."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from clerk.domain.errors import ClerkError
from clerk.services.accounts import Actor, sign_in
from clerk.settings import Settings
from clerk.storage.db import Database, open_database, resolve_url


def open_db(args: argparse.Namespace, migrate: bool | None = None) -> Database:
    return open_database(resolve_url(args.database, Settings.load()), migrate=migrate)


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        default=os.environ.get("CLERK_USER"),
        help="account to act as (default $CLERK_USER); the password is asked, or $CLERK_PASSWORD",
    )


def actor_from_args(args: argparse.Namespace, db: Database) -> Actor:
    """Sign in as --user, with the password from $CLERK_PASSWORD or the terminal."""
    if not args.user:
        raise ClerkError("此命令需要登录：请用 --user 指定账户。")
    password = os.environ.get("CLERK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise ClerkError("无法询问密码：请在终端运行或设置 CLERK_PASSWORD。")
        password = getpass.getpass(f"{args.user} 的密码：")
    window = Settings.load().get("workstation.window_no")
    return sign_in(db, args.user, password, window)
