"""The stream of calls the hall display shows: ``CallFeed.wait()`` returns new calls.

PostgreSQL (a hall): the feed LISTENs on the channel ``call_next`` NOTIFYs; each
notification carries the call's id, and notifications arrive in commit order, so a
call from any workstation arrives within milliseconds and none is skipped. Ids alone
would not do: with 60 windows, call 500 may commit before call 499.

SQLite (one machine): one writer at a time, so ids are in commit order; the feed
reads the ``queue_call`` table after the last id every ``POLL_SECONDS``.

A feed that lost the database sleeps ``RETRY_SECONDS``, reconnects and catches up on
the calls made meanwhile (on PostgreSQL it looks back ``LOOKBACK`` ids and skips those
already shown, for the calls that committed out of id order).
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections import deque

import psycopg
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from clerk.domain.errors import DatabaseUnavailable
from clerk.services.queue.board import CallInfo, calls_after, calls_by_id
from clerk.storage.db import Database
from clerk.storage.models.queue import QueueCall

log = logging.getLogger(__name__)

# What queue_call's trigger NOTIFYs on (migration 0006_queue).
NOTIFY_CHANNEL = "clerk_queue_call"
POLL_SECONDS = 0.1
RETRY_SECONDS = 1.0
LOOKBACK = 1000
APPLICATION_NAME = "clerk call feed"
_LOST = (DBAPIError, psycopg.Error, DatabaseUnavailable)


class CallFeed(ABC):
    """New calls in order; never raises when the database goes away, it reconnects."""

    def __init__(self, db: Database, after_id: int | None) -> None:
        self.db = db
        self.last_id = after_id
        self.connected = False

    def wait(self, timeout: float) -> list[CallInfo]:
        """Calls not yet returned, waiting up to ``timeout`` seconds for one."""
        deadline = time.monotonic() + timeout
        try:
            if not self.connected:
                calls = self._connect()
                self.connected = True
                log.info("call feed connected to %s", self.db.describe())
            else:
                calls = self._read(deadline)
        except _LOST as exc:
            if self.connected:
                log.warning("call feed lost the database: %s", exc)
            self.connected = False
            self._disconnect()
            time.sleep(max(0.0, min(RETRY_SECONDS, deadline - time.monotonic())))
            return []
        if calls:
            self.last_id = max(self.last_id or 0, max(c.id for c in calls))
        return calls

    def _start(self, s: Session) -> bool:
        """A new display starts with what comes next: True when it just started."""
        if self.last_id is None:
            self.last_id = s.scalar(select(func.coalesce(func.max(QueueCall.id), 0)))
            return True
        return False

    @abstractmethod
    def _connect(self) -> list[CallInfo]:
        """(Re)connect; return the calls made since the last one seen."""

    @abstractmethod
    def _read(self, deadline: float) -> list[CallInfo]:
        """New calls, waiting until the deadline for one."""

    @abstractmethod
    def _disconnect(self) -> None: ...

    def close(self) -> None:
        self._disconnect()
        self.connected = False


class ListeningFeed(CallFeed):
    """PostgreSQL: one dedicated connection LISTENs; each NOTIFY names a call."""

    def __init__(self, db: Database, after_id: int | None) -> None:
        super().__init__(db, after_id)
        self._conn: Connection | None = None
        self._seen: deque[int] = deque(maxlen=LOOKBACK)

    def _connect(self) -> list[CallInfo]:
        conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self._conn = conn
        # Named so IT sees the displays in pg_stat_activity.
        conn.execute(text(f"SET application_name = '{APPLICATION_NAME}'"))
        conn.execute(text(f"LISTEN {NOTIFY_CHANNEL}"))  # before catching up: nothing falls between
        with Session(conn) as s:
            if self._start(s):
                return []
            # After shown calls, look back for one that committed out of id order.
            seen = set(self._seen)
            floor = (self.last_id or 0) - (LOOKBACK if seen else 0)
            calls = calls_after(s, floor, limit=None)
        return self._remember([c for c in calls if c.id not in seen])

    def _read(self, deadline: float) -> list[CallInfo]:
        assert self._conn is not None
        driver = self._conn.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        remaining = max(0.0, deadline - time.monotonic())
        notes = list(driver.notifies(timeout=remaining, stop_after=1))
        if not notes:
            return []
        notes += driver.notifies(timeout=0)  # and whatever else has arrived
        ids = [int(n.payload) for n in notes if n.channel == NOTIFY_CHANNEL]
        with Session(self._conn) as s:
            return self._remember(calls_by_id(s, ids))

    def _remember(self, calls: list[CallInfo]) -> list[CallInfo]:
        self._seen.extend(c.id for c in calls)
        return calls

    def _disconnect(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()  # never hand a dead connection back to the pool
                self._conn.close()
            except _LOST:
                pass
            self._conn = None


class PollingFeed(CallFeed):
    """SQLite on one machine: read the calls table a few times a second."""

    def _connect(self) -> list[CallInfo]:
        with Session(self.db.engine) as s:
            if self._start(s):
                return []
            return calls_after(s, self.last_id or 0)

    def _read(self, deadline: float) -> list[CallInfo]:
        while True:
            with Session(self.db.engine) as s:
                calls = calls_after(s, self.last_id or 0)
            if calls or time.monotonic() >= deadline:
                return calls
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))

    def _disconnect(self) -> None:
        pass


def open_call_feed(db: Database, after_id: int | None = None) -> CallFeed:
    """A feed of calls after ``after_id`` (None: from now on)."""
    feed = ListeningFeed if db.sql.notifies else PollingFeed
    return feed(db, after_id)
