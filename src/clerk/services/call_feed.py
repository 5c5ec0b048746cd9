"""The stream of calls the hall display shows: ``CallFeed.wait()`` returns new calls.

On PostgreSQL the feed LISTENs on the channel ``call_next`` NOTIFYs, so a call from
any workstation arrives within milliseconds. On SQLite (one machine) it reads the
``queue_call`` table every ``POLL_SECONDS``. Either way the calls themselves are read
from the table by id after the last one seen, so a feed that lost the database
reconnects and catches up on every call made meanwhile, in order, and a missed
notification costs at most one ``wait`` period.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod

import psycopg
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from clerk.domain.errors import DatabaseUnavailable
from clerk.services.queue import NOTIFY_CHANNEL, CallInfo, calls_after
from clerk.storage.db import Database
from clerk.storage.models.queue import QueueCall

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
RETRY_SECONDS = 1.0
APPLICATION_NAME = "clerk call feed"
_LOST = (DBAPIError, psycopg.Error, DatabaseUnavailable)


class CallFeed(ABC):
    """New calls in order; never raises when the database goes away, it reconnects."""

    def __init__(self, db: Database, after_id: int | None) -> None:
        self.db = db
        self.last_id = after_id
        self.connected = False

    def wait(self, timeout: float) -> list[CallInfo]:
        """Calls after the last one seen, waiting up to ``timeout`` seconds for one."""
        deadline = time.monotonic() + timeout
        try:
            if not self.connected:
                self._connect()
                self.connected = True
                log.info("call feed connected to %s", self.db.describe())
            calls = self._fetch()
            if not calls:
                # Woken early by news, or at the deadline: read once more either way, the
                # safety net for a notification lost on the way.
                self._wait_for_news(deadline)
                calls = self._fetch()
        except _LOST as exc:
            if self.connected:
                log.warning("call feed lost the database: %s", exc)
            self.connected = False
            self._disconnect()
            time.sleep(max(0.0, min(RETRY_SECONDS, deadline - time.monotonic())))
            return []
        if calls:
            self.last_id = calls[-1].id
        return calls

    def _fetch(self) -> list[CallInfo]:
        with self._session() as s:
            if self.last_id is None:  # a new display starts with what comes next
                self.last_id = s.scalar(select(func.coalesce(func.max(QueueCall.id), 0)))
                return []
            return calls_after(s, self.last_id)

    @abstractmethod
    def _session(self) -> Session: ...

    @abstractmethod
    def _connect(self) -> None: ...

    @abstractmethod
    def _wait_for_news(self, deadline: float) -> None:
        """Block until something may have been called, or until the deadline."""

    @abstractmethod
    def _disconnect(self) -> None: ...

    def close(self) -> None:
        self._disconnect()
        self.connected = False


class ListeningFeed(CallFeed):
    """PostgreSQL: one dedicated connection LISTENs; NOTIFY wakes it."""

    _conn: Connection | None = None

    def _session(self) -> Session:
        assert self._conn is not None
        return Session(self._conn)

    def _connect(self) -> None:
        conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            # Named so IT sees the displays in pg_stat_activity.
            conn.execute(text(f"SET application_name = '{APPLICATION_NAME}'"))
            conn.execute(text(f"LISTEN {NOTIFY_CHANNEL}"))
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _wait_for_news(self, deadline: float) -> None:
        assert self._conn is not None
        driver = self._conn.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        remaining = max(0.0, deadline - time.monotonic())
        # A notification only says "look": the rows are read by id, so none is lost.
        for _ in driver.notifies(timeout=remaining, stop_after=1):
            pass

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

    def _session(self) -> Session:
        return Session(self.db.engine)

    def _connect(self) -> None:
        if not self.db.ping():
            raise DatabaseUnavailable("无法连接数据库。", "ping failed")

    def _wait_for_news(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))
            with self._session() as s:
                if (s.scalar(select(func.max(QueueCall.id))) or 0) > (self.last_id or 0):
                    return

    def _disconnect(self) -> None:
        pass


def open_call_feed(db: Database, after_id: int | None = None) -> CallFeed:
    """A feed of calls after ``after_id`` (None: from now on)."""
    return PollingFeed(db, after_id) if db.is_embedded else ListeningFeed(db, after_id)
