"""The hall display: calls from another workstation, spoken through Qt's mock engine."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from clerk.gui.display import HallDisplay
from clerk.services import queue
from tests.queue.conftest import build_hall

# The chime loads QtMultimedia, whose probe of this machine's missing sound server and
# video libraries is logged as warnings.
NO_SOUND = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*", r"PulseAudioService.*")


@pytest.fixture
def board(db, workers, qtbot):
    hall = build_hall(db)
    display = HallDisplay(db, workers, speech_engine="mock", chime=False)
    qtbot.addWidget(display)
    spoken: list[str] = []
    display.announcer.speech.sayingWord.connect(lambda word, *_: spoken.append(word))
    return hall, display, spoken


def shut(display, qtbot):
    """Close the board and wait until its feed is closed (within one feed wait)."""
    display.close()
    qtbot.waitUntil(lambda: display.stopped, timeout=5000)


def call(hall, window):
    ticket = queue.call_next(hall.db, hall.window(window))
    return ticket


def test_a_call_from_another_workstation_is_shown_highlighted_and_spoken(board, qtbot):
    hall, display, spoken = board
    for prefix in "AAB":
        queue.issue_ticket(hall.db, prefix)
    display.show()
    display.start()
    qtbot.waitUntil(lambda: display.loads.rowCount() == 3)
    assert display.loads.item(0, 1).text() == "2 人等候"
    call(hall, "2")
    qtbot.waitUntil(lambda: display.latest.text() == "B001 → 2 号窗口", timeout=5000)
    qtbot.waitUntil(lambda: [w for w in spoken if w] == ["B001", "2"])
    ticket = call(hall, "1")
    queue.recall(hall.db, hall.window("1"), ticket.id)
    qtbot.waitUntil(lambda: display.recent.rowCount() == 3, timeout=5000)
    rows = [(display.recent.item(r, 0).text(), display.recent.item(r, 1).text()) for r in range(3)]
    assert rows == [("A001", "1 号窗口"), ("A001", "1 号窗口"), ("B001", "2 号窗口")]
    qtbot.waitUntil(lambda: [w for w in spoken if w] == ["B001", "2", "A001", "1", "A001", "1"])
    qtbot.waitUntil(lambda: display.loads.item(0, 1).text() == "1 人等候")
    shut(display, qtbot)


def test_a_new_display_shows_the_latest_calls_without_speaking_them(board, qtbot):
    hall, display, spoken = board
    queue.issue_ticket(hall.db, "C")
    call(hall, "3")
    display.start()
    qtbot.waitUntil(lambda: display.latest.text() == "C001 → 3 号窗口", timeout=5000)
    assert spoken == []
    shut(display, qtbot)


@NO_SOUND
def test_without_a_speech_engine_or_sound_device_calls_are_only_shown(db, workers, qtbot):
    hall = build_hall(db)
    display = HallDisplay(db, workers, speech_engine="no-such-engine", chime=True)
    qtbot.addWidget(display)
    assert display.announcer.speech is None
    display.start()
    queue.issue_ticket(db, "A")
    call(hall, "1")
    qtbot.waitUntil(lambda: display.latest.text() == "A001 → 1 号窗口", timeout=5000)
    shut(display, qtbot)


def test_display_catches_up_after_its_database_connection_is_killed(pg_db, workers, qtbot):
    hall = build_hall(pg_db)
    for _ in range(3):
        queue.issue_ticket(pg_db, "A")
    display = HallDisplay(pg_db, workers, speech_engine=None)
    qtbot.addWidget(display)
    display.start()
    qtbot.waitUntil(lambda: display._feed is not None and display._feed.connected, timeout=5000)
    with pg_db.engine.begin() as conn:
        killed = (
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                    "datname = current_database() AND application_name = 'clerk call feed'"
                )
            )
            .scalars()
            .all()
        )
    assert killed == [True]
    call(hall, "1")
    call(hall, "2")
    qtbot.waitUntil(lambda: display.recent.rowCount() == 2, timeout=10000)
    assert display.latest.text() == "A002 → 2 号窗口"
    shut(display, qtbot)
