"""The Qt binding itself must survive a working day of callbacks.

PySide6 6.12.0 on Python 3.11 lost a reference to None on every call of a Python
override of a void method; a console running workers all day aborted with
"deallocating None". This guards the pinned version.
"""

import sys

from PySide6.QtCore import QRunnable, QThreadPool


class _Job(QRunnable):
    def run(self) -> None:
        pass


def test_thread_pool_jobs_keep_none_alive(qapp):
    before = sys.getrefcount(None)
    pool = QThreadPool()
    jobs = [_Job() for _ in range(2000)]
    for job in jobs:
        job.setAutoDelete(False)
        pool.start(job)
    pool.waitForDone()
    # Other threads may hold a few references briefly; a leak loses one per job.
    assert sys.getrefcount(None) > before - 200


def test_signals_and_event_processing_keep_true_false_and_none_alive(qapp):
    """6.12.0 also lost a reference per bool emitted from Python and per processEvents()."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        pair = Signal(object, object)
        flag = Signal(bool)

    emitter = Emitter()
    emitter.pair.connect(lambda result, error: None)
    emitter.flag.connect(lambda value: None)
    before = [sys.getrefcount(v) for v in (True, False, None)]
    for _ in range(2000):
        emitter.pair.emit(True, None)
        emitter.flag.emit(False)
        qapp.processEvents()
    after = [sys.getrefcount(v) for v in (True, False, None)]
    assert all(a > b - 200 for a, b in zip(after, before, strict=True))
