"""Opening databases: first start migrates, a newer or broken database is never touched."""

import io
import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clerk.cli import main
from clerk.domain.errors import DatabaseUnavailable
from clerk.secrets import get_secret, set_secret
from clerk.settings import Settings
from clerk.storage import migrations
from clerk.storage.db import (
    Database,
    embedded_url,
    make_engine,
    open_database,
    password_key,
    resolve_url,
)
from tests.support.databases import PG_ADMIN_URL


def test_first_start_creates_and_migrates_the_embedded_file():
    url = resolve_url(None, Settings.load())
    assert url == embedded_url()
    db = open_database(url)
    assert migrations.state(db.engine) == migrations.CURRENT
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_database_newer_than_clerk_is_refused_and_untouched(db):
    with db.engine.begin() as conn:
        # One row per branch head: a newer clerk's database has a revision we do not know.
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_future')"))
    with pytest.raises(DatabaseUnavailable, match="数据库版本比本程序新"):
        open_database(db.url, migrate=True)
    with db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
        )


def test_hall_database_is_not_migrated_silently(pg_db):
    with pg_db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(DatabaseUnavailable, match="clerk db upgrade"):
        open_database(pg_db.url)
    assert migrations.state(pg_db.engine) == migrations.EMPTY


def test_corrupt_file_gives_a_clear_message_and_is_kept(tmp_path):
    path = tmp_path / "broken.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with pytest.raises(DatabaseUnavailable, match="数据库文件已损坏"):
        open_database(make_url(f"sqlite:///{path}"))
    assert path.read_bytes() == garbage


def test_locked_database_is_reported(sqlite_db):
    raw = sqlite_db.engine.raw_connection()
    raw.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable, match="正被其他程序占用"):
            other = Database(sqlite_db.url, make_engine(sqlite_db.url))
            other.engine.dialect  # noqa: B018
            with other.session() as s:
                s.execute(text("PRAGMA busy_timeout=100"))
                s.execute(text("INSERT INTO account (username) VALUES ('x')"))
    finally:
        raw.rollback()
        raw.close()


def files_containing(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_hall_password_comes_from_the_keyring_and_never_into_logs(caplog, capsys, tmp_path):
    settings = Settings.load()
    settings.set("database.url", "postgresql://clerk@hall-db.example:5432/hall")
    url = resolve_url(None, settings)
    assert url.password is None
    set_secret(password_key(url), "s3cret-pw")
    url = resolve_url(None, Settings.load())
    assert url.password == "s3cret-pw"
    assert url.drivername == "postgresql+psycopg"
    # A server that is not there, with its password in the keyring: the failure is told
    # and logged, the password is not.
    unreachable = "postgresql://clerk@127.0.0.1:1/hall"
    set_secret(password_key(make_url(unreachable)), "s3cret-pw")
    assert resolve_url(unreachable, settings).password == "s3cret-pw"
    with caplog.at_level(logging.DEBUG):
        code = main(["db", "status", "--database", unreachable])
    assert code == 2
    out, err = capsys.readouterr()
    assert "错误：无法连接数据库" in err
    assert "s3cret-pw" not in out + err + caplog.text
    assert "port 1 failed" in caplog.text  # the log keeps the driver's detail
    assert files_containing(tmp_path, "s3cret-pw") == []  # settings, log, data


def test_set_password_puts_it_in_the_keyring_only(monkeypatch, capsys, tmp_path):
    hall = "postgresql://clerk@hall-db.example:5432/hall"
    monkeypatch.setattr("sys.stdin", io.StringIO("h4ll-pw\n"))  # not a terminal: one line
    assert main(["db", "set-password", "--database", hall]) == 0
    assert get_secret(password_key(make_url(hall))) == "h4ll-pw"
    assert resolve_url(hall, Settings.load()).password == "h4ll-pw"
    out, err = capsys.readouterr()
    assert out == "密码已保存到系统密钥环：大厅数据库 hall-db.example:5432/hall\n"
    assert "h4ll-pw" not in out + err
    assert files_containing(tmp_path, "h4ll-pw") == []
    # The password of another database is another entry.
    assert (
        resolve_url("postgresql://clerk@hall-db.example:5432/other", Settings.load()).password
        is None
    )


def test_set_password_refuses_an_empty_one_and_the_embedded_file(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["db", "set-password", "--database", "postgresql://clerk@hall-db/hall"]) == 2
    assert main(["db", "set-password"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "错误：密码不能为空。",
        "错误：本机数据库不需要密码。",
    ]


def test_cli_database_flag_beats_environment(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CLERK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    flag = tmp_path / "flag.sqlite3"
    assert main(["db", "upgrade", "--database", f"sqlite:///{flag}"]) == 0
    assert flag.exists() and not (tmp_path / "env.sqlite3").exists()
    assert main(["db", "status"]) == 1  # the environment's file: still empty
    assert "空数据库" in capsys.readouterr().out


def _backend_pid(db: Database) -> int:
    with db.session() as s:
        return s.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(pid: int) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    admin.dispose()


def test_idle_hall_connection_dropped_by_the_server_is_replaced_unnoticed(pg_db):
    db = Database(pg_db.url, make_engine(pg_db.url, ping_after_idle=0.2))
    pid = _backend_pid(db)
    _terminate(pid)  # a server restart while the workstation sat idle
    time.sleep(0.3)
    assert _backend_pid(db) != pid  # the next action just works, on a new connection
    db.dispose()


def test_connection_in_use_is_not_pinged_and_a_break_fails_one_call_clearly(pg_db, monkeypatch):
    db = Database(pg_db.url, make_engine(pg_db.url))
    pings = []
    do_ping = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping", lambda c: pings.append(c) or do_ping(c))
    pids = {_backend_pid(db) for _ in range(20)}
    assert len(pids) == 1 and pings == []  # one round trip per action, not two
    _terminate(pids.pop())
    with pytest.raises(DatabaseUnavailable, match="无法连接数据库"):
        _backend_pid(db)
    _backend_pid(db)  # the pool replaced the broken connection
    db.dispose()
