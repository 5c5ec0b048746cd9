"""Real databases for tests: a migrated SQLite file and a PostgreSQL database per test.

Each backend is migrated once per run into a template (a file; a template database);
every test gets a fresh copy, so tests never see each other's rows.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from clerk.storage import migrations
from clerk.storage.db import Database, make_engine

PG_ADMIN_URL = os.environ.get(
    "CLERK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_counter = itertools.count()


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
        return Database(url, make_engine(url))

    def drop(self, db: Database) -> None:
        db.dispose()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db.url.database}" WITH (FORCE)'))

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        self.admin.dispose()
