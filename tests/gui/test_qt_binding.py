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
