"""Real databases for tests: a migrated SQLite file and a PostgreSQL database per test.

Each backend is migrated once per run into a template (a file; a template database);
every test gets a fresh copy, so tests never see each other's rows.

A PostgreSQL database is dropped only once every connection of its engine is back in the
pool (see ``PostgresTemplate.drop``): a connection still checked out would end up, open,
in the disposed pool and be garbage-collected during some later test, whose
ResourceWarning would fail that unrelated test.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import threading
import time
import weakref
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url

from clerk.storage import migrations
from clerk.storage.db import Database, make_engine

PG_ADMIN_URL = os.environ.get(
    "CLERK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_counter = itertools.count()
# How long a test's connections may take to come back to the pool after its fixtures
# were torn down (a worker thread finishing a query) before the test fails for the leak.
CHECKIN_WAIT_SECONDS = 5.0


def pg_unavailable(reason: str) -> None:
    """Outside CI a missing server skips; in CI it fails, since those tests must run."""
    message = f"PostgreSQL not reachable at {make_url(PG_ADMIN_URL).render_as_string()}: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.sqlite3"
        engine = make_engine(make_url(f"sqlite:///{self.path}"))
        migrations.upgrade(engine)
        engine.dispose()

    def database(self, folder: Path) -> Database:
        target = folder / "clerk.sqlite3"
        shutil.copy(self.path, target)
        url = make_url(f"sqlite:///{target}")
        return Database(url, make_engine(url))


class PostgresTemplate:
    def __init__(self) -> None:
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.prefix = f"clerk_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}"'))
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
        engine = make_engine(self.url(self.template))
        migrations.upgrade(engine)
        engine.dispose()

    def url(self, name: str) -> URL:
        return make_url(PG_ADMIN_URL).set(database=name)

    def database(self) -> Database:
        name = f"{self.prefix}_{next(_counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        url = self.url(name)
        db = Database(url, make_engine(url))
        CheckedOut.track(db.engine)
        return db

    def drop(self, db: Database) -> None:
        """Drop the database once its connections are back; fail the test that leaked one.

        A connection still checked out when the engine is disposed is not closed: it is
        handed back later to the disposed pool (or never), and garbage-collected, still
        open, during some later test, whose ResourceWarning then fails that test instead.
        """
        tracker = CheckedOut.of(db.engine)
        leaked = tracker.wait_for_checkins(db.engine, CHECKIN_WAIT_SECONDS)
        db.dispose()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db.url.database}" WITH (FORCE)'))
        if leaked:
            tracker.close_leaked()  # so no later test gets the warning as well
            pytest.fail(
                f"{leaked} connection(s) to {db.url.database} still checked out "
                f"{CHECKIN_WAIT_SECONDS:g} s after the test; taken at:\n{tracker.describe()}",
                pytrace=False,
            )

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        self.admin.dispose()


class CheckedOut:
    """The connections an engine's pool has handed out and not yet got back, with where
    each was taken (thread and the project's frames), to name a leak."""

    def __init__(self, engine: Engine) -> None:
        # No reference to the engine nor to a connection: the tracker lives as long as the
        # engine (its listeners) and must not keep a connection alive.
        self._out: dict[int, tuple[weakref.ref[Any], str, list[str]]] = {}
        event.listen(engine, "checkout", self._checkout)
        event.listen(engine, "checkin", self._checkin)
        event.listen(engine, "detach", self._checkin)  # no longer the pool's

    @classmethod
    def track(cls, engine: Engine) -> None:
        _trackers[engine] = cls(engine)

    @classmethod
    def of(cls, engine: Engine) -> CheckedOut:
        return _trackers[engine]

    def _checkout(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # Only file names and line numbers: formatting a stack on every checkout is slow.
        frames = []
        frame = sys._getframe(1)
        while frame is not None and len(frames) < 60:
            frames.append(f"{frame.f_code.co_filename}:{frame.f_lineno} {frame.f_code.co_name}")
            frame = frame.f_back
        thread = threading.current_thread().name
        self._out[id(record)] = (weakref.ref(dbapi_connection), thread, frames)

    def _checkin(self, _dbapi_connection: Any, record: Any) -> None:
        self._out.pop(id(record), None)

    @staticmethod
    def wait_for_checkins(engine: Engine, seconds: float) -> int:
        """Wait until the pool has every connection back; the number still out after that."""
        deadline = time.monotonic() + seconds
        while (out := engine.pool.checkedout()) and time.monotonic() < deadline:
            time.sleep(0.01)
        return out

    def describe(self) -> str:
        root = str(Path(__file__).resolve().parents[2])
        lines = []
        for _connection, thread, frames in list(self._out.values()):
            lines.append(f"  in thread {thread}:")
            ours = [f for f in frames if f.startswith(root) and "/.venv/" not in f]
            lines += [f"    {f.removeprefix(root + os.sep)}" for f in ours[:12]]
        return "\n".join(lines)

    def close_leaked(self) -> None:
        """Close what leaked, so its warning does not fail a later test as well.

        Under the driver's lock: libpq must not close a connection another thread is
        using (its query ends once the database is dropped).
        """
        for ref, _thread, _frames in list(self._out.values()):
            connection = ref()
            if connection is not None and connection.lock.acquire(timeout=2):
                try:
                    with suppress(Exception):  # whatever state it is in
                        connection.close()
                finally:
                    connection.lock.release()


_trackers: weakref.WeakKeyDictionary[Engine, CheckedOut] = weakref.WeakKeyDictionary()
