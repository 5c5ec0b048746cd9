"""Opening the database: URL from flag, environment or settings; password from the keyring.

The embedded database is SQLite in the user's data folder (WAL, foreign keys, full
sync so an acknowledged case survives a power cut). A hall points every workstation
at one PostgreSQL server; its password never appears in a file, a log or a message.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clerk.domain.errors import DatabaseUnavailable
from clerk.paths import user_data_dir
from clerk.secrets import get_secret
from clerk.settings import Settings
from clerk.storage.dialect import Sql, sql_for

log = logging.getLogger(__name__)

ENV_URL = "CLERK_DATABASE_URL"
# A hall database connection left in the pool longer than this is checked before use:
# the server may have restarted meanwhile. One used a moment ago is not, since the check
# is a round trip and a busy window would pay it on every call (``make_engine``).
PING_AFTER_IDLE_S = 10.0


def embedded_url(name: str = "clerk.sqlite3") -> URL:
    return make_url(f"sqlite:///{user_data_dir() / name}")


def password_key(url: URL) -> str:
    """The keyring entry name of a hall database's password."""
    return f"database:{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database or ''}"


def parse_url(raw: str) -> URL:
    """A database URL as typed; PostgreSQL through psycopg 3."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseUnavailable("数据库地址格式有误，请检查设置。", str(exc)) from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def configured_url(explicit: str | None, settings: Settings) -> URL:
    """The database as configured, without a password from the keyring."""
    raw = explicit or os.environ.get(ENV_URL) or settings.get("database.url")
    return parse_url(raw) if raw else embedded_url()


def resolve_url(explicit: str | None, settings: Settings) -> URL:
    """--database beats CLERK_DATABASE_URL beats the settings beats the embedded file."""
    url = configured_url(explicit, settings)
    if url.drivername.startswith("postgresql") and url.password is None:
        secret = get_secret(password_key(url))
        if secret is not None:
            url = url.set(password=secret)
    return url


def describe(url: URL) -> str:
    """What the status bar and logs may say about a database: never the password."""
    if url.get_backend_name() == "sqlite":
        return f"本机数据库 {url.database}"
    return f"大厅数据库 {url.host}:{url.port or 5432}/{url.database}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # REPLACE deletes the row it replaces; with this on, that delete fires the table's
    # delete triggers (the register refuses it; the statistics mark the day). Other
    # programs opening the file have it off: the register's own BEFORE INSERT triggers
    # refuse a replacing insert anyway (migration 0011_refusals_append_only).
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


def make_engine(url: URL, *, ping_after_idle: float = PING_AFTER_IDLE_S) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    _ping_when_idle(engine, ping_after_idle)
    return engine


def _ping_when_idle(engine: Engine, seconds: float) -> None:
    """Check a pooled connection before use if it sat idle for ``seconds`` or more.

    SQLAlchemy's ``pool_pre_ping`` checks at every checkout: one more round trip per
    service call (measured in bench/bench_queue.py: it doubled the median call-next of
    60 windows calling at once). A connection that breaks while in use still fails
    that call with a clear message, and the pool replaces it for the next one.
    """

    def since_now(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool discards this connection and checks out a new one.
            raise DisconnectionError(f"pooled connection lost while idle: {exc}") from exc

    event.listen(engine, "connect", since_now)
    event.listen(engine, "checkin", since_now)
    event.listen(engine, "checkout", check)


def explain(exc: Exception) -> DatabaseUnavailable:
    """Turn a driver error into a message a clerk understands; the detail keeps no password."""
    detail = str(exc)
    lowered = detail.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        message = "数据库文件已损坏，程序未做任何修改。请联系信息技术人员从备份恢复。"
    elif "database is locked" in lowered:
        message = "数据库正被其他程序占用，请稍后重试。"
    elif "password" in lowered or "authentication" in lowered:
        message = "大厅数据库拒绝登录：密码未设置或不正确（clerk db set-password）。"
    elif "unable to open" in lowered:
        message = "无法打开数据库文件，请检查文件夹权限。"
    else:
        message = "无法连接数据库，请检查网络或联系信息技术人员。已填写的内容不会丢失。"
    return DatabaseUnavailable(message, detail)


@dataclass
class Database:
    """One open database: its engine and a session factory."""

    url: URL
    engine: Engine

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def sql(self) -> Sql:
        """What differs between the engines, for this database's engine."""
        return sql_for(self.url.get_backend_name())

    @property
    def is_embedded(self) -> bool:
        """One workstation's own file, not a hall's shared server."""
        return self.sql.embedded

    def describe(self) -> str:
        return describe(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise explain(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: URL, *, migrate: bool | None = None) -> Database:
    """Open and check the schema; migrate when asked (default: only the embedded file).

    A database newer than this program is never touched.
    """
    from clerk.storage import migrations

    db = Database(url, make_engine(url))
    try:
        state = migrations.state(db.engine)
    except DBAPIError as exc:
        db.dispose()
        raise explain(exc) from exc
    if state == migrations.NEWER:
        db.dispose()
        raise DatabaseUnavailable(
            "数据库版本比本程序新，请先升级 clerk。程序未对数据库做任何修改。",
            f"database {describe(url)} has revisions unknown to clerk",
        )
    if migrate is None:
        migrate = db.is_embedded
    if state != migrations.CURRENT:
        if not migrate:
            db.dispose()
            raise DatabaseUnavailable(
                "数据库结构需要升级，请信息技术人员运行 clerk db upgrade。",
                f"database {describe(url)} is {state}",
            )
        log.info("migrating %s (%s)", describe(url), state)
        migrations.upgrade(db.engine)
    return db
