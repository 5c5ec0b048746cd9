"""`clerk db`: migrate, check, set up the hall's roles, keep the hall role's password.

A hall's PostgreSQL has two roles of clerk's (``clerk.storage.roles``): the **owner**
keeps the schema and is used by ``db upgrade`` alone, whose password is asked each
time and never stored; the **hall role** is what every workstation connects as, its
password in each workstation's keyring (``db set-password``). ``db setup-roles`` makes
both, once, with an administrator's account.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from clerk.cli.common import open_db
from clerk.domain.errors import ClerkError
from clerk.secrets import set_secret
from clerk.settings import Settings
from clerk.storage import migrations, roles
from clerk.storage.db import (
    configured_url,
    describe,
    explain,
    make_engine,
    open_database,
    parse_url,
    password_key,
    resolve_url,
)

ENV_OWNER_URL = "CLERK_OWNER_URL"
ENV_OWNER_PASSWORD = "CLERK_OWNER_PASSWORD"
ENV_ADMIN_URL = "CLERK_ADMIN_URL"
ENV_ADMIN_PASSWORD = "CLERK_ADMIN_PASSWORD"
ENV_HALL_PASSWORD = "CLERK_HALL_PASSWORD"
ADMIN_ROLE = "postgres"


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("db", help="database: upgrade, status, roles, set-password")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade_parser = sub.add_parser(
        "upgrade",
        parents=[common],
        help="migrate the database to this version (a hall's: as its owner, asked for)",
    )
    upgrade_parser.add_argument(
        "--owner",
        metavar="ROLE",
        help=f"owner role of the hall database (asked at a terminal; default {roles.OWNER_ROLE})",
    )
    upgrade_parser.add_argument(
        "--owner-url",
        metavar="URL",
        help=f"the owner's URL instead (or ${ENV_OWNER_URL}); password ${ENV_OWNER_PASSWORD}",
    )
    upgrade_parser.set_defaults(handler=upgrade)
    sub.add_parser("status", parents=[common], help="say where the database stands").set_defaults(
        handler=status
    )
    setup = sub.add_parser(
        "setup-roles",
        parents=[common],
        help="create the owner and the workstations' hall role and grant (idempotent)",
    )
    setup.add_argument(
        "--admin-url",
        metavar="URL",
        help=f"administrator to connect as (or ${ENV_ADMIN_URL}; default: user {ADMIN_ROLE} "
        f"on the hall's server); password ${ENV_ADMIN_PASSWORD} or asked",
    )
    setup.add_argument(
        "--owner", metavar="ROLE", default=roles.OWNER_ROLE, help="role that keeps the schema"
    )
    setup.add_argument(
        "--hall-role",
        metavar="ROLE",
        default=roles.HALL_ROLE,
        help="login role of the workstations",
    )
    setup.set_defaults(handler=setup_roles)
    setpw = sub.add_parser(
        "set-password",
        parents=[common],
        help="store the hall database password in the OS keyring (asked, or read from stdin)",
    )
    setpw.set_defaults(handler=set_password)


def _password(label: str, env: str, *, confirm: bool = False) -> str | None:
    """From the environment, else asked at a terminal; None when neither (trust, .pgpass)."""
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        return None
    password = getpass.getpass(f"{label}：")
    if password and confirm and getpass.getpass("再输入一次：") != password:
        raise ClerkError("两次输入的密码不一致，未做任何修改。")
    return password or None


def owner_url(args: argparse.Namespace, hall: URL) -> URL:
    """The owner's credentials: --owner-url, $CLERK_OWNER_URL, --owner, or asked.

    Never the keyring's password (that is the hall role's) and never stored.
    """
    raw = args.owner_url or os.environ.get(ENV_OWNER_URL)
    if raw:
        url = parse_url(raw)
    elif args.owner or sys.stdin.isatty():
        name = args.owner or input(f"数据库所有者角色 [{roles.OWNER_ROLE}]：").strip()
        url = hall.set(username=roles.check_role_name(name or roles.OWNER_ROLE), password=None)
    else:
        raise ClerkError(
            "升级大厅数据库须以数据库所有者登录：请在终端运行，或用 --owner、--owner-url "
            f"或环境变量 {ENV_OWNER_URL} 指定（密码用 {ENV_OWNER_PASSWORD}）。"
        )
    if url.password is None:
        password = _password(
            f"所有者 {url.username} 的密码（无密码登录请直接回车）", ENV_OWNER_PASSWORD
        )
        if password:
            url = url.set(password=password)
    return url


def upgrade(args: argparse.Namespace) -> int:
    hall = configured_url(args.database, Settings.load())
    if hall.get_backend_name() == "sqlite":
        db = open_db(args, migrate=True)
        print(f"已升级：{db.describe()}")
        db.dispose()
        return 0
    owner = owner_url(args, hall)
    engine = make_engine(owner)
    try:
        with engine.connect() as conn:
            allowed = roles.may_change_schema(conn)
    except DBAPIError as exc:
        raise explain(exc) from exc
    finally:
        engine.dispose()
    if not allowed:
        raise ClerkError(
            f"角色 {owner.username} 不是数据库所有者，不能升级。请以所有者登录（--owner）。",
            f"{owner.username} neither owns the schema nor is a superuser",
        )
    db = open_database(owner, migrate=True)
    try:
        with db.engine.begin() as conn:
            granted = roles.hall_roles(conn)
            for role in granted:
                roles.apply_grants(conn, role)
    except DBAPIError as exc:
        raise explain(exc) from exc
    finally:
        db.dispose()
    print(f"已升级：{describe(hall)}（所有者 {owner.username}）")
    if granted:
        print(f"已重新授权：{'、'.join(granted)}")
    else:
        print("提示：尚未设置工作站使用的大厅角色，请运行 clerk db setup-roles。")
    return 0


def setup_roles(args: argparse.Namespace) -> int:
    hall = configured_url(args.database, Settings.load())
    if hall.get_backend_name() == "sqlite":
        raise ClerkError("本机数据库没有数据库角色：setup-roles 只用于大厅的 PostgreSQL。")
    owner, hall_role = roles.check_role_name(args.owner), roles.check_role_name(args.hall_role)
    raw = args.admin_url or os.environ.get(ENV_ADMIN_URL)
    admin = parse_url(raw) if raw else hall.set(username=ADMIN_ROLE, password=None)
    if admin.password is None:
        password = _password(
            f"管理员 {admin.username} 的密码（无密码登录请直接回车）", ENV_ADMIN_PASSWORD
        )
        if password:
            admin = admin.set(password=password)
    owner_password = _password(
        f"所有者 {owner} 的新密码（不设置或不修改请直接回车）", ENV_OWNER_PASSWORD, confirm=True
    )
    hall_password = _password(
        f"大厅角色 {hall_role} 的新密码（不设置或不修改请直接回车）",
        ENV_HALL_PASSWORD,
        confirm=True,
    )
    engine = make_engine(admin)
    try:
        with engine.begin() as conn:
            report = roles.setup_roles(
                conn,
                owner=owner,
                hall=hall_role,
                owner_password=owner_password,
                hall_password=hall_password,
            )
    except DBAPIError as exc:
        raise explain(exc) from exc
    finally:
        engine.dispose()
    workstations = hall.set(username=hall_role, password=None, drivername="postgresql")
    if hall_password:
        set_secret(password_key(hall.set(username=hall_role)), hall_password)
    if report.created:
        print(f"已创建角色：{'、'.join(report.created)}")
    if report.revoked_memberships:
        print(f"已撤销 {hall_role} 的角色成员资格：{'、'.join(report.revoked_memberships)}")
    print(f"所有者 {owner}：拥有全部表、序列和函数（本次移交 {report.handed_over} 个）")
    print(f"大厅角色 {hall_role}：已授权（登记簿只能追加）")
    print(f"各工作站的数据库地址：{workstations.render_as_string(hide_password=True)}")
    if hall_password:
        print("大厅角色的密码已保存到本机系统密钥环；其他工作站请运行 clerk db set-password。")
    return 0


def status(args: argparse.Namespace) -> int:
    url = resolve_url(args.database, Settings.load())
    engine = make_engine(url)
    try:
        state = migrations.state(engine)
        owner_connects = False
        if url.get_backend_name() == "postgresql" and state != migrations.EMPTY:
            with engine.connect() as conn:
                owner_connects = roles.schema_owner(conn) is not None and roles.may_change_schema(
                    conn
                )
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
    if owner_connects:
        print(
            f"警告：本工作站以 {url.username} 登录，可以改动表结构和登记簿的触发器。"
            "请运行 clerk db setup-roles，工作站改用大厅角色登录。"
        )
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
