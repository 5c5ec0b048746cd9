"""`clerk db`: migrate, check, and keep the hall database's password in the keyring."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy.exc import DBAPIError

from clerk.cli.common import open_db
from clerk.domain.errors import ClerkError
from clerk.secrets import set_secret
from clerk.settings import Settings
from clerk.storage import migrations
from clerk.storage.db import describe, explain, make_engine, password_key, resolve_url


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("db", help="database: upgrade, status, set-password")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    sub.add_parser(
        "upgrade", parents=[common], help="migrate the database to this version"
    ).set_defaults(handler=upgrade)
    sub.add_parser("status", parents=[common], help="say where the database stands").set_defaults(
        handler=status
    )
    setpw = sub.add_parser(
        "set-password",
        parents=[common],
        help="store the hall database password in the OS keyring (asked, or read from stdin)",
    )
    setpw.set_defaults(handler=set_password)


def upgrade(args: argparse.Namespace) -> int:
    db = open_db(args, migrate=True)
    print(f"已升级：{db.describe()}")
    db.dispose()
    return 0


def status(args: argparse.Namespace) -> int:
    url = resolve_url(args.database, Settings.load())
    engine = make_engine(url)
    try:
        state = migrations.state(engine)
    except DBAPIError as exc:
        raise explain(exc) from exc
    finally:
        engine.dispose()
    words = {
        migrations.EMPTY: "空数据库，首次启动时将创建",
        migrations.BEHIND: "需要升级（clerk db upgrade）",
        migrations.CURRENT: "已是最新",
        migrations.NEWER: "比本程序新，请升级 clerk",
    }
    print(f"{describe(url)}：{words[state]}")
    return 0 if state == migrations.CURRENT else 1


def set_password(args: argparse.Namespace) -> int:
    url = resolve_url(args.database, Settings.load())
    if url.get_backend_name() == "sqlite":
        raise ClerkError("本机数据库不需要密码。")
    if os.environ.get("CLERK_DB_PASSWORD") is not None:
        password = os.environ["CLERK_DB_PASSWORD"]
    elif sys.stdin.isatty():
        password = getpass.getpass(f"{describe(url)} 的密码：")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise ClerkError("密码不能为空。")
    set_secret(password_key(url), password)
    print(f"密码已保存到系统密钥环：{describe(url)}")
    return 0
