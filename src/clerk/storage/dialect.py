"""Everything that differs between SQLite and PostgreSQL, answered in one place.

clerk runs on the embedded SQLite file of one workstation and on a hall's PostgreSQL
server that every window shares. Code above storage never asks which engine it is on:
it asks the engine's ``Sql`` for the statement or the lock it needs. ``Database.sql``
holds the one picked for a database; code that has only a session uses ``sql_of``.

- the clock: ``now`` is the database server's time, so several workstations agree;
- writing: ``begin_write`` takes SQLite's single write lock before reading what will
  change; ``lock`` reads a row for update where the engine locks rows; ``xact_lock``
  serialises one job across workstations (an advisory lock on PostgreSQL);
- statements: ``insert`` with ON CONFLICT (upsert), and the hall's dates, hours and
  weekdays of a stored UTC timestamp (Beijing time, +8 h, no daylight saving);
- announcing: ``notifies`` says whether a connection can LISTEN for what other
  workstations NOTIFY when they commit, or readers must poll;
- analytics: ``analytic`` readies a transaction for the statistics' big queries, and
  ``has_percentile`` says whether the server computes ``percentile_cont`` itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import Date, Float, Integer, cast, func, text, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clerk.domain.halltime import HALL_ZONE_NAME

# How long a SQLite writer waits for the write lock under load (``begin_write``).
WRITE_WAIT_MS = 30_000

T = TypeVar("T")


class Sql:
    """The engine-specific SQL of one engine; one instance per engine name."""

    name: ClassVar[str]
    embedded: ClassVar[bool]  # one workstation's own file, not a hall's server
    has_percentile: ClassVar[bool]
    # LISTEN/NOTIFY: a connection can wait for what others announce at their commit
    # (PostgreSQL). Without it readers poll (SQLite: one writer, ids in commit order).
    notifies: ClassVar[bool]

    def now(self, session: Session) -> datetime:
        """Now by the database server's clock (UTC-aware), not the workstation's."""
        raise NotImplementedError

    def begin_write(self, session: Session) -> None:
        """Get ready to read rows that this unit of work will change; its first statement."""

    def lock(self, session: Session, model: type[T], key: Any) -> T | None:
        """The row of ``model`` with primary key ``key``, locked until the commit."""
        raise NotImplementedError

    def xact_lock(self, session: Session, key: int) -> None:
        """Serialise one job across workstations until the transaction ends."""

    def insert(self, table: Any) -> Any:
        """INSERT with this engine's ON CONFLICT clauses (``on_conflict_do_nothing`` …)."""
        raise NotImplementedError

    def analytic(self, session: Session) -> None:
        """Ready the transaction for the statistics' queries."""

    def seconds(self, start: Any, end: Any) -> ColumnElement[float]:
        """``end - start`` in seconds."""
        raise NotImplementedError

    def floor(self, value: Any) -> ColumnElement[int]:
        """The largest integer not above a number that is never negative."""
        raise NotImplementedError

    def day(self, moment: Any) -> ColumnElement[date]:
        """The hall's date of a stored timestamp."""
        raise NotImplementedError

    def hour(self, moment: Any) -> ColumnElement[int]:
        """The hall's hour (0–23) of a stored timestamp."""
        raise NotImplementedError

    def weekday(self, moment: Any) -> ColumnElement[int]:
        """1 = Monday … 7 = Sunday, in the hall's time."""
        raise NotImplementedError


class SqliteSql(Sql):
    name = "sqlite"
    embedded = True
    has_percentile = False
    notifies = False

    def now(self, session: Session) -> datetime:
        raw = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
        return datetime.strptime(raw, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)

    def begin_write(self, session: Session) -> None:
        """BEGIN IMMEDIATE: a deferred SQLite transaction that reads and then writes fails
        with "database is locked" when another writer got in between; this one waits its
        turn instead."""
        # Waiting writers are not served in turn: under load one can wait past the usual
        # busy timeout while others take the lock. A write waits longer instead of
        # failing; the connection's own timeout is put back once the lock is held.
        usual = session.execute(text("PRAGMA busy_timeout")).scalar_one()
        session.execute(text(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}"))
        try:
            session.execute(text("BEGIN IMMEDIATE"))
        finally:
            session.execute(text(f"PRAGMA busy_timeout = {int(usual)}"))

    def lock(self, session: Session, model: type[T], key: Any) -> T | None:
        # The whole file is locked for writing since ``begin_write``.
        return session.get(model, key)

    def insert(self, table: Any) -> Any:
        return sqlite.insert(table)

    def seconds(self, start: Any, end: Any) -> ColumnElement[float]:
        # To the millisecond: julianday is a double, and 15 minutes would otherwise come
        # out as 900.00001 s.
        return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)

    def floor(self, value: Any) -> ColumnElement[int]:
        # SQLite's CAST truncates: the floor, for a number that is never negative.
        return cast(value, Integer)

    def day(self, moment: Any) -> ColumnElement[date]:
        return type_coerce(func.date(moment, "+8 hours"), Date)

    def hour(self, moment: Any) -> ColumnElement[int]:
        return cast(func.strftime("%H", moment, "+8 hours"), Integer)

    def weekday(self, moment: Any) -> ColumnElement[int]:
        return (cast(func.strftime("%w", moment, "+8 hours"), Integer) + 6) % 7 + 1


class PostgresSql(Sql):
    name = "postgresql"
    embedded = False
    has_percentile = True
    notifies = True

    def now(self, session: Session) -> datetime:
        # The transaction's start time: one unit of work sees one now.
        value: datetime = session.execute(text("SELECT now()")).scalar_one()
        return value.astimezone(UTC)

    def lock(self, session: Session, model: type[T], key: Any) -> T | None:
        return session.get(model, key, with_for_update=True)

    def xact_lock(self, session: Session, key: int) -> None:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def insert(self, table: Any) -> Any:
        return postgresql.insert(table)

    def analytic(self, session: Session) -> None:
        # The JIT compiler switches itself on for queries it estimates as costly, and
        # spent 440 of 590 ms compiling the refusals query of a month (EXPLAIN ANALYZE on
        # the bench's hall year); the queries themselves run in tens of milliseconds.
        # SET LOCAL ends with the transaction: other work keeps the server's settings.
        session.execute(text("SET LOCAL jit = off"))
        # A quarter's cases sorted for grouping spilled to disk under the default 4 MB.
        session.execute(text("SET LOCAL work_mem = '64MB'"))

    def seconds(self, start: Any, end: Any) -> ColumnElement[float]:
        return cast(func.extract("epoch", end - start), Float)

    def floor(self, value: Any) -> ColumnElement[int]:
        # PostgreSQL's CAST rounds.
        return cast(func.floor(value), Integer)

    def _local(self, moment: Any) -> ColumnElement[Any]:
        return func.timezone(HALL_ZONE_NAME, moment)

    def day(self, moment: Any) -> ColumnElement[date]:
        return cast(self._local(moment), Date)

    def hour(self, moment: Any) -> ColumnElement[int]:
        return cast(func.extract("hour", self._local(moment)), Integer)

    def weekday(self, moment: Any) -> ColumnElement[int]:
        return cast(func.extract("isodow", self._local(moment)), Integer)


ENGINES: dict[str, Sql] = {e.name: e for e in (SqliteSql(), PostgresSql())}


def sql_for(engine_name: str) -> Sql:
    """The ``Sql`` of an engine by SQLAlchemy's backend name (``sqlite``, ``postgresql``)."""
    return ENGINES[engine_name]


def sql_of(session: Session) -> Sql:
    """The ``Sql`` of the engine a session is bound to."""
    return ENGINES[session.get_bind().dialect.name]


def database_now(session: Session) -> datetime:
    """Now by the database server's clock (UTC-aware); see ``Sql.now``."""
    return sql_of(session).now(session)


def begin_write(session: Session) -> None:
    """Take what the unit of work needs before its reads; see ``Sql.begin_write``."""
    sql_of(session).begin_write(session)


__all__ = [
    "ENGINES",
    "PostgresSql",
    "Sql",
    "SqliteSql",
    "begin_write",
    "database_now",
    "sql_for",
    "sql_of",
]
