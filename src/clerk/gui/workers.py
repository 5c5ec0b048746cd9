"""The one way to run work off the GUI thread: a pool whose results come back by signals.

``workers.run(fn, done, failed, owner=widget)`` calls ``fn()`` on a pool thread and
then ``done(result)`` or ``failed(error)`` on the GUI thread. ``error`` is always a
``ClerkError`` (a bug becomes a generic one, logged with its traceback). When ``owner``
is deleted before the result arrives, the result is dropped instead of reaching a
dead widget.

Work that must happen in order (a save before the decision that follows it, the pages
of a scan) goes through the owner's ``JobLane`` on the same pool: one job at a time, each
delivered before the next starts.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from clerk.domain.errors import ClerkError

log = logging.getLogger(__name__)

T = TypeVar("T")

INTERNAL_ERROR = "程序内部错误，操作未完成，详情已记入日志。请联系信息技术人员。"


class _Job(QObject):
    """Lives on the GUI thread; the pool thread emits ``finished``, Qt queues the delivery."""

    finished = Signal(object, object)  # result, ClerkError | None

    def __init__(
        self,
        workers: Workers,
        done: Callable[[Any], None] | None,
        failed: Callable[[ClerkError], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__(workers)
        self._workers = workers
        self._done = done
        self._failed = failed
        self._cancelled = False
        self._owner_gone = owner.destroyed.connect(self._cancel) if owner is not None else None
        self.finished.connect(self._deliver)

    @Slot()
    def _cancel(self) -> None:
        self._cancelled = True

    @Slot(object, object)
    def _deliver(self, result: Any, error: ClerkError | None) -> None:
        # Let go of the callbacks (and the widgets they hold) before this object dies:
        # a widget freed from inside this object's destructor would signal it mid-death.
        done, failed = self._done, self._failed
        self._done = self._failed = None
        if self._owner_gone is not None:
            QObject.disconnect(self._owner_gone)
        self._workers._forget(self)
        if self._cancelled:
            return
        if error is None:
            if done is not None:
                done(result)
        elif failed is not None:
            failed(error)
        else:
            self._workers.unhandled.emit(error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], job: _Job) -> None:
        super().__init__()
        self._fn = fn
        self._job = job

    def run(self) -> None:
        result: Any = None
        error: ClerkError | None = None
        try:
            result = self._fn()
        except ClerkError as exc:
            log.info("%s (%s)", exc.message, exc.detail)
            error = exc
        except Exception as exc:
            log.exception("work off the GUI thread failed")
            error = ClerkError(INTERNAL_ERROR, repr(exc))
        # The job is parented to Workers, which waits for the pool before it dies:
        # the object is alive here.
        self._job.finished.emit(result, error)


class Workers(QObject):
    """A thread pool for one console; ``unhandled`` carries errors nobody asked for."""

    unhandled = Signal(object)  # ClerkError

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._jobs: set[_Job] = set()

    def run(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[ClerkError], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Call ``fn()`` on the pool; ``done``/``failed`` are called on the GUI thread."""
        job = _Job(self, done, failed, owner)
        self._jobs.add(job)
        self._pool.start(_Task(fn, job))

    @property
    def busy(self) -> bool:
        """True while a job runs or its result waits to be delivered."""
        return bool(self._jobs)

    def _forget(self, job: _Job) -> None:
        self._jobs.discard(job)
        job.deleteLater()

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Wait for running jobs (their results are dropped); True when all finished."""
        finished = self._pool.waitForDone(msecs)
        for job in self._jobs:
            job._cancel()
        return finished


class JobLane(QObject):
    """One owner's jobs on the shared pool: one at a time, in the order asked.

    ``run(fn, done, failed)`` queues ``fn``; ``done(result)`` or ``failed(error)`` is
    called on the GUI thread before the next job starts, so a job sees what the ones
    before it did. A failed job does not stop the next; a page whose later jobs depend
    on an earlier one calls ``clear()`` from ``failed``. The lane is a child of its
    owner: when the owner is deleted, the jobs waiting are dropped and the result of the
    running one is not delivered.
    """

    def __init__(self, workers: Workers, owner: QObject) -> None:
        super().__init__(owner)
        self._workers = workers
        self._waiting: deque[_LaneJob] = deque()
        self._running: _LaneJob | None = None
        self._held = False

    def run(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[ClerkError], None] | None = None,
    ) -> None:
        """Queue ``fn`` behind the jobs already in the lane."""
        self.run_when_due(lambda: fn, done, failed)

    def run_when_due(
        self,
        make: Callable[[], Callable[[], T]],
        done: Callable[[T], None] | None = None,
        failed: Callable[[ClerkError], None] | None = None,
    ) -> None:
        """Queue a job whose work is decided when its turn comes: ``make()`` is called on
        the GUI thread then and returns the function for the pool."""
        self._waiting.append(_LaneJob(make, done, failed))
        self._next()

    def run_latest(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[ClerkError], None] | None = None,
    ) -> None:
        """Only the newest matters (a list read again): the jobs waiting are dropped, the
        running one's result is not delivered, and ``fn`` runs when the lane is free."""
        self._waiting.clear()
        if self._running is not None:
            self._running.superseded = True
        self.run(fn, done, failed)

    def clear(self) -> None:
        """Drop the jobs waiting; the running one finishes and is delivered."""
        self._waiting.clear()

    def hold(self) -> None:
        """Start no job until ``release()``; the running one finishes."""
        self._held = True

    def release(self) -> None:
        self._held = False
        self._next()

    @property
    def idle(self) -> bool:
        """Nothing running, nothing waiting."""
        return self._running is None and not self._waiting

    def _next(self) -> None:
        if self._running is not None or self._held or not self._waiting:
            return
        job = self._running = self._waiting.popleft()
        fn = job.make()
        self._workers.run(
            fn,
            lambda result: self._finish(job, result, None),
            lambda error: self._finish(job, None, error),
            owner=self,
        )

    def _finish(self, job: _LaneJob, result: Any, error: ClerkError | None) -> None:
        self._running = None
        try:
            if job.superseded:
                return
            if error is None:
                if job.done is not None:
                    job.done(result)
            elif job.failed is not None:
                job.failed(error)
            else:
                self._workers.unhandled.emit(error)
        finally:
            self._next()


class _LaneJob:
    __slots__ = ("done", "failed", "make", "superseded")

    def __init__(
        self,
        make: Callable[[], Callable[[], Any]],
        done: Callable[[Any], None] | None,
        failed: Callable[[ClerkError], None] | None,
    ) -> None:
        self.make = make
        self.done = done
        self.failed = failed
        self.superseded = False
