"""The database's clock and write lock: what keeps several workstations in one order."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

WRITE_WAIT_MS = 30_000


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def database_now(session: Session) -> datetime:
    """Now by the database server's clock (UTC-aware), not the workstation's.

    On PostgreSQL this is the transaction's start time: one unit of work sees one now.
    """
    if is_sqlite(session):
        raw = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
        return datetime.strptime(raw, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)
    value: datetime = session.execute(text("SELECT now()")).scalar_one()
    return value.astimezone(UTC)


def begin_write(session: Session) -> None:
    """Take SQLite's single write lock now, before reading what will be changed.

    A deferred SQLite transaction that reads and then writes fails with "database is
    locked" when another writer got in between; BEGIN IMMEDIATE waits its turn
    instead. PostgreSQL locks rows (FOR UPDATE) and needs nothing here. Must be the
    session's first statement.
    """
    if is_sqlite(session):
        # Waiting writers are not served in turn: under load one can wait past the usual
        # busy timeout while others take the lock. A queue action waits longer instead of
        # failing; the connection's own timeout is put back once the lock is held.
        usual = session.execute(text("PRAGMA busy_timeout")).scalar_one()
        session.execute(text(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}"))
        try:
            session.execute(text("BEGIN IMMEDIATE"))
        finally:
            session.execute(text(f"PRAGMA busy_timeout = {int(usual)}"))
