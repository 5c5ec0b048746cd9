"""The hall display: calls from another workstation, spoken through Qt's mock engine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtTextToSpeech import QTextToSpeech
from sqlalchemy import text

from clerk.gui.display import Announcer, HallDisplay, chinese_voice
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


# The voices speech-dispatcher 0.11 with espeak-ng offers, as QTextToSpeech reports them:
# its Mandarin voices are "cmn", a language QLocale does not know (the C locale).
SPEECH_DISPATCHER_VOICES = [
    ("Bishnupriya Manipuri", QLocale("bpy")),
    ("Chinese (Mandarin, latin as Pinyin)", QLocale("cmn")),
    ("Chinese (Mandarin, latin as English)+Adam", QLocale("cmn")),
    ("Chinese (Mandarin, latin as English)", QLocale("cmn")),
    ("Chinese (Cantonese)", QLocale("yue")),
    ("English (Great Britain)", QLocale("en_GB")),
]


def test_calls_are_spoken_in_a_mandarin_voice_wherever_the_engine_lists_it():
    voices = SPEECH_DISPATCHER_VOICES
    assert voices[chinese_voice(voices)][0] == "Chinese (Mandarin, latin as English)"
    with_mainland = [*voices, ("Tingting", QLocale("zh_TW")), ("Huihui", QLocale("zh_CN"))]
    assert with_mainland[chinese_voice(with_mainland)][0] == "Huihui"
    cantonese_only = [voices[0], voices[4]]
    assert chinese_voice(cantonese_only) == 1
    assert chinese_voice([voices[0], voices[5]]) is None


def test_a_call_while_the_engine_is_not_ready_asks_it_again(qtbot, monkeypatch):
    # speech-dispatcher is spawned on first use: its first answer can be "no voices".
    all_voices = QTextToSpeech.allVoices
    asked: list[QTextToSpeech] = []

    def first_no_voices(speech: QTextToSpeech, locale: QLocale | None) -> list:
        asked.append(speech)
        return [] if len(asked) == 1 else all_voices(speech, locale)

    monkeypatch.setattr(QTextToSpeech, "allVoices", first_no_voices)
    announcer = Announcer("mock", chime=False, retry_ms=60_000)
    assert announcer.speech is None
    # A call does not wait for the next try: the engine is asked again at once.
    announcer.announce("请 A001 号到 1 号窗口办理")
    assert announcer.speech is not None
    spoken: list[str] = []
    announcer.speech.sayingWord.connect(lambda word, *_: spoken.append(word))
    qtbot.waitUntil(lambda: "A001" in spoken)
    announcer.deleteLater()


def test_an_engine_not_ready_at_start_is_asked_again_until_it_answers(qtbot, monkeypatch):
    all_voices = QTextToSpeech.allVoices
    asked: list[QTextToSpeech] = []

    def no_voices_twice(speech: QTextToSpeech, locale: QLocale | None) -> list:
        asked.append(speech)
        return [] if len(asked) <= 2 else all_voices(speech, locale)

    monkeypatch.setattr(QTextToSpeech, "allVoices", no_voices_twice)
    announcer = Announcer("mock", chime=False, retry_ms=20)
    qtbot.waitUntil(lambda: announcer.speech is not None)
    assert len(asked) == 3
    spoken: list[str] = []
    announcer.speech.sayingWord.connect(lambda word, *_: spoken.append(word))
    announcer.announce("请 A002 号到 1 号窗口办理")
    qtbot.waitUntil(lambda: "A002" in spoken)
    announcer.deleteLater()
