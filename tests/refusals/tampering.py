"""Raw SQL that goes around the register's protection, as someone with database access could."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from clerk.storage.db import Database

TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER refusal_entry_no_update",
        "DROP TRIGGER refusal_entry_no_delete",
        "DROP TRIGGER refusal_review_no_update",
        "DROP TRIGGER refusal_review_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER refusal_entry_append_only ON refusal_entry",
        "DROP TRIGGER refusal_review_append_only ON refusal_review",
    ],
}


@contextmanager
def tamper(db: Database) -> Iterator[Connection]:
    """A connection with the append-only triggers dropped and foreign keys not checked."""
    with db.engine.connect() as conn:
        if db.sql.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
        for statement in TRIGGERS[db.sql.name]:
            conn.exec_driver_sql(statement)
        yield conn
        conn.commit()
