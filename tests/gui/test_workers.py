"""The worker helper: work runs off the GUI thread, results and errors come back on it;
an owner's lane runs its jobs one at a time, in order."""

import threading

from PySide6.QtWidgets import QWidget

from clerk.domain.errors import ClerkError, NotFound
from clerk.gui.workers import INTERNAL_ERROR, JobLane


def test_result_is_delivered_on_the_gui_thread(qtbot, workers):
    gui_thread = threading.get_ident()
    ran_on, delivered = [], []
    workers.run(
        lambda: ran_on.append(threading.get_ident()) or 42,
        lambda result: delivered.append((result, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: bool(delivered))
    assert ran_on[0] != gui_thread
    assert delivered == [(42, gui_thread)]
    assert not workers.busy


def test_a_clerk_error_reaches_the_failed_callback_unchanged(qtbot, workers):
    failures = []

    def missing():
        raise NotFound("没有这个办件。", "case 7")

    workers.run(missing, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], NotFound)
    assert failures[0].message == "没有这个办件。"


def test_a_bug_becomes_a_chinese_message_and_is_logged(qtbot, workers, caplog):
    failures = []
    workers.run(lambda: 1 / 0, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert failures[0].message == INTERNAL_ERROR
    assert "ZeroDivisionError" in failures[0].detail
    assert "ZeroDivisionError" in caplog.text


def test_an_error_nobody_handles_is_announced(qtbot, workers):
    def refuse():
        raise ClerkError("数据库连接中断。")

    with qtbot.waitSignal(workers.unhandled) as signal:
        workers.run(refuse)
    assert signal.args[0].message == "数据库连接中断。"


def test_a_result_for_a_deleted_widget_is_dropped(qtbot, workers):
    release = threading.Event()
    delivered = []
    owner = QWidget()
    workers.run(lambda: release.wait(10), delivered.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(lambda: not workers.busy)
    assert delivered == []


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_a_lane_runs_its_jobs_one_at_a_time_in_order(qtbot, workers):
    owner = QWidget()
    lane = JobLane(workers, owner)
    release = threading.Event()
    running, started, delivered = [], [], []

    def job(n: int):
        def work():
            running.append(n)
            started.append((n, len(running)))
            if n == 0:
                release.wait(10)  # the first holds the lane; the others must wait
            running.remove(n)
            return n

        return work

    for n in range(5):
        lane.run(job(n), delivered.append)
    qtbot.waitUntil(lambda: bool(started))
    assert not lane.idle
    release.set()
    qtbot.waitUntil(lambda: lane.idle)
    assert delivered == [0, 1, 2, 3, 4]
    assert started == [(n, 1) for n in range(5)]  # never two at once


def test_a_failing_job_does_not_stop_the_next(qtbot, workers):
    owner = QWidget()
    lane = JobLane(workers, owner)
    events = []

    def refuse():
        raise NotFound("没有这个办件。", "case 7")

    lane.run(refuse, events.append, lambda error: events.append(error.message))
    lane.run(lambda: "next", events.append)
    qtbot.waitUntil(lambda: lane.idle)
    assert events == ["没有这个办件。", "next"]


def test_a_held_lane_waits_and_the_latest_job_replaces_the_waiting_ones(qtbot, workers):
    owner = QWidget()
    lane = JobLane(workers, owner)
    delivered = []
    lane.hold()
    lane.run(lambda: "first", delivered.append)
    lane.run_latest(lambda: "newest", delivered.append)
    lane.run_when_due(lambda: lambda: "due " + str(len(delivered)), delivered.append)
    assert not lane.idle and delivered == []
    lane.release()
    qtbot.waitUntil(lambda: lane.idle)
    assert delivered == ["newest", "due 1"]  # made when its turn came, after "newest"


def test_closing_the_owner_cancels_the_lane(qtbot, workers):
    release = threading.Event()
    ran, delivered = [], []
    owner = QWidget()
    lane = JobLane(workers, owner)
    lane.run(lambda: release.wait(10), delivered.append)
    lane.run(lambda: ran.append("second"), delivered.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(lambda: not workers.busy)
    assert delivered == [] and ran == []
