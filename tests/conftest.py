"""Fixtures every test may use: isolated folders and keyring, and both real databases."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy.exc import OperationalError

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clerk.logs import Masking
from clerk.storage.db import Database
from tests.support.databases import PostgresTemplate, SqliteTemplate, pg_unavailable
from tests.support.keyrings import MemoryKeyring


@pytest.fixture(autouse=True)
def isolated_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Settings, data, logs and secrets of a test never touch the real user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("CLERK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CLERK_MACHINE_CONFIG_DIR", str(home / "machine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("CLERK_DATABASE_URL", raising=False)
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def logging_undone() -> Iterator[None]:
    """A test that runs ``clerk.logs.setup`` (``cli.main`` does) leaves no handler or hook.

    Otherwise clerk's thread hook would replace pytest's, and exceptions in later tests'
    threads would be logged instead of failing them.
    """
    hooks = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    level = root.level
    yield
    sys.excepthook, threading.excepthook = hooks
    for handler in [h for h in root.handlers if isinstance(h, Masking)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate | str]:
    try:
        template = PostgresTemplate()
    except OperationalError as exc:
        # Reported by each test that asks for PostgreSQL (skip locally, fail in CI).
        yield str(exc).splitlines()[0]
        return
    yield template
    template.close()


@pytest.fixture
def sqlite_db(sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[Database]:
    db = sqlite_template.database(tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def pg_db(postgres_template: PostgresTemplate | str) -> Iterator[Database]:
    if isinstance(postgres_template, str):
        pg_unavailable(postgres_template)
        return
    db = postgres_template.database()
    yield db
    postgres_template.drop(db)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Database:
    """A fresh, migrated database: every storing test runs on both engines."""
    fixture = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(fixture)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by kind, so a fast loop can leave kinds out (docs/DEVELOPING.md).

    ``gui``: drives Qt widgets; ``installer``: builds or checks packages; ``postgres``:
    runs on this machine's PostgreSQL; ``slow`` is set by hand on tests of many seconds.
    """
    for item in items:
        parts = item.path.parts
        fixtures = getattr(item, "fixturenames", ())
        if "gui" in parts or "qtbot" in fixtures:
            item.add_marker(pytest.mark.gui)
        if "installer" in parts:
            item.add_marker(pytest.mark.installer)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "pg_db" in fixtures or "postgresql" in params.values():
            item.add_marker(pytest.mark.postgres)
