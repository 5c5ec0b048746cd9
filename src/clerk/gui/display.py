"""The hall display (`clerk display`): the latest calls, waiting per category, spoken calls.

Calls come from a ``CallFeed`` read on the workers, one ``wait(1 s)`` after another, so a
call from any workstation shows within a second and a lost database is caught up on
reconnect. Each new call is spoken in Chinese ("请 A012 号到 3 号窗口办理") through
QTextToSpeech after a chime; with no speech engine or no sound device it is only shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.errors import ClerkError
from clerk.domain.queue import QueueRules
from clerk.gui.large_print import font
from clerk.gui.workers import JobLane, Workers
from clerk.paths import resource
from clerk.services import queue
from clerk.services.queue import CallFeed, CallInfo, CategoryLoad, open_call_feed
from clerk.storage.db import Database

log = logging.getLogger(__name__)

RECENT = 8
# A reconnect can bring many calls at once: only the latest few are spoken.
SPOKEN_PER_BATCH = 3
LOADS_MS = 5_000
FEED_WAIT_SECONDS = 1.0
# An engine not ready at start is asked again after 1 s, then 2, 4 … up to every 30 s.
SPEECH_RETRY_MS = 1_000
CHIME_MS = 900  # resources/sounds/chime.wav: the call is spoken once it has rung
SPEECH_RETRY_MAX_MS = 30_000
HIGHLIGHT = "background:#b71c1c; color:#ffeb3b;"


class Announcer(QObject):
    """Chime, then speech in a Chinese voice; silent where the machine has no engine or no
    sound device. An engine that is not ready yet (speech-dispatcher, spawned on first use,
    lists no voices until its modules are loaded) is asked again after ``retry_ms``, twice
    as long each time up to SPEECH_RETRY_MAX_MS, and at once before a call is announced:
    the display speaks from then on."""

    def __init__(
        self,
        engine: str | None,
        chime: bool,
        parent: QObject | None = None,
        *,
        retry_ms: int = SPEECH_RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.speech: QTextToSpeech | None = None
        self._engine = engine
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry_ms = retry_ms
        self._retry.timeout.connect(self._attach)
        self._chime = self._make_chime() if chime else None
        if engine is None:
            log.info("speech turned off: calls are shown only")
        else:
            self._attach()

    @Slot()
    def _attach(self) -> None:
        engines = QTextToSpeech.availableEngines()
        if not engines or (self._engine and self._engine not in engines):
            log.info("no text-to-speech engine (%s available): calls are shown only", engines)
            return
        # Qt's own choice by plugin priority, not availableEngines()[0]: that list comes in
        # no fixed order and PySide6 ships Qt's silent "mock" test engine beside speechd.
        speech = QTextToSpeech(self._engine, self) if self._engine else QTextToSpeech(self)
        name = speech.engine()
        voices = speech.allVoices(None)  # type: ignore[arg-type]  # None: every locale
        if not voices:
            # speech-dispatcher is spawned on first use and may not answer yet.
            delay, self._retry_ms = self._retry_ms, min(2 * self._retry_ms, SPEECH_RETRY_MAX_MS)
            log.info(
                "text-to-speech engine %s not ready (%s): trying again in %.0f s",
                name,
                speech.errorString(),
                delay / 1000,
            )
            speech.deleteLater()
            self._retry.start(delay)
            return
        chosen = chinese_voice([(v.name(), v.locale()) for v in voices])
        if chosen is None:
            log.warning(
                "%s has no Chinese voice: calls are spoken with %s", name, speech.voice().name()
            )
        else:
            speech.setVoice(voices[chosen])
        log.info("calls are spoken by %s with the voice %s", name, speech.voice().name())
        self.speech = speech

    @staticmethod
    def _make_chime() -> QObject | None:
        # QtMultimedia is loaded only when a chime is wanted: it probes the sound system.
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

        if QMediaDevices.defaultAudioOutput().isNull():
            log.info("no sound device: no chime")
            return None
        effect = QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(resource("sounds", "chime.wav"))))
        return effect

    def announce(self, text: str) -> None:
        if self._chime is None:
            self._speak(text)
        else:
            self._chime.play()  # type: ignore[attr-defined]
            QTimer.singleShot(CHIME_MS, self, lambda: self._speak(text))

    def _speak(self, text: str) -> None:
        if self.speech is None and self._retry.isActive():
            self._retry.stop()
            self._attach()
        speech = self.speech
        if speech is None:
            return
        if speech.state() == QTextToSpeech.State.Error:
            # QTextToSpeech queues nothing while its engine reports an error, which
            # speech-dispatcher does from the start when no voice matches the default
            # locale (zh_CN: its Mandarin voices are "cmn", unknown to QLocale); say()
            # still speaks and brings the engine back to Ready.
            log.info("text-to-speech engine reported: %s", speech.errorString())
            speech.say(text)
        else:
            speech.enqueue(text)


def chinese_voice(voices: list[tuple[str, QLocale]]) -> int | None:
    """Index of the voice to speak calls with, from (name, locale) pairs; None if none is
    Chinese. Mainland Mandarin first, then any Chinese locale, then a voice named Mandarin
    (speech-dispatcher's espeak-ng "cmn" voices come with a locale Qt cannot name), then
    Cantonese; a plain voice before its variants ("…+Adam"), and one that reads the latin
    letters of a ticket number as English before pinyin."""
    ranked = []
    for index, (name, locale) in enumerate(voices):
        lowered = name.lower()
        if locale.language() == QLocale.Language.Chinese:
            rank = 0 if locale.territory() == QLocale.Country.China else 1
        elif "mandarin" in lowered:
            rank = 2
        elif locale.language() == QLocale.Language.Cantonese:
            rank = 3
        else:
            continue
        ranked.append(((rank, "+" in name, "pinyin" in lowered, index), index))
    return min(ranked)[1] if ranked else None


class HallDisplay(QWidget):
    """The board. ``speech_engine``: None = silent, "" = the platform's, or an engine name."""

    def __init__(
        self,
        db: Database,
        workers: Workers,
        *,
        rules: QueueRules | None = None,
        speech_engine: str | None = "",
        chime: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._workers = workers
        self._rules = rules or QueueRules()
        self._feed: CallFeed | None = None
        self._running = False
        self.stopped = True
        self._loads = JobLane(workers, self)
        self.announcer = Announcer(speech_engine, chime, self)
        self.calls: list[CallInfo] = []
        self.setWindowTitle(self.tr("Hall display"))
        self.setStyleSheet("HallDisplay { background:#0d1b2a; } QLabel { color:white; }")
        self._build()
        self._loads_timer = QTimer(self)
        self._loads_timer.setInterval(LOADS_MS)
        self._loads_timer.timeout.connect(self.refresh_loads)

    def _build(self) -> None:
        title = QLabel(self.tr("Please watch for your number"), self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setFont(font(28, bold=True))
        self.latest = QLabel("", self)
        self.latest.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.latest.setFont(font(64, bold=True))
        self.latest.setMinimumHeight(160)
        self.latest.setStyleSheet(HIGHLIGHT + "border-radius:12px;")
        self.recent = _table(self, [self.tr("Ticket"), self.tr("Window")], 26)
        self.loads = _table(
            self, [self.tr("Service"), self.tr("Waiting"), self.tr("Estimated wait")], 22
        )
        self.state = QLabel("", self)
        self.state.setFont(font(16))
        self.state.setStyleSheet("color:#ffab91;")

        left = QVBoxLayout()
        left.addWidget(self.latest)
        left.addWidget(self.recent, 1)
        right = QVBoxLayout()
        waiting = QLabel(self.tr("Waiting now"), self)
        waiting.setFont(font(22, bold=True))
        right.addWidget(waiting)
        right.addWidget(self.loads, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        grid = QGridLayout(self)
        grid.addWidget(title, 0, 0)
        grid.addLayout(columns, 1, 0)
        grid.addWidget(self.state, 2, 0)

    # ------------------------------------------------------------ running

    def start(self) -> None:
        """Read the latest calls, then follow the feed from the last one."""
        if self._running:
            return
        self._running = True
        self.stopped = False
        db = self._db

        def begin() -> tuple[list[CallInfo], CallFeed]:
            recent = queue.recent_calls(db, RECENT)
            return recent, open_call_feed(db, after_id=recent[0].id if recent else 0)

        self._workers.run(begin, self._begun, self._not_begun, owner=self)
        self.refresh_loads()
        self._loads_timer.start()

    def stop(self) -> None:
        """Stop following; ``stopped`` turns True once the feed is closed."""
        self._running = False
        self._loads_timer.stop()
        self._loads.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def _begun(self, result: tuple[list[CallInfo], CallFeed]) -> None:
        recent, self._feed = result
        self.calls = list(reversed(recent))
        self._show_calls()
        self._next()

    def _not_begun(self, error: ClerkError) -> None:
        self.state.setText(error.message)
        self._running = False
        self.stopped = True

    def _next(self) -> None:
        feed = self._feed
        assert feed is not None
        if not self._running:
            self._workers.run(feed.close, lambda _: self._closed(), lambda _: self._closed())
            return
        self._workers.run(
            lambda: (feed.wait(FEED_WAIT_SECONDS), feed.connected), self._received, owner=self
        )

    def _closed(self) -> None:
        self.stopped = True

    def _received(self, result: tuple[list[CallInfo], bool]) -> None:
        calls, connected = result
        self.state.setText(
            "" if connected else self.tr("Connection to the hall database lost, reconnecting…")
        )
        if calls:
            self.calls += calls
            self.calls = self.calls[-RECENT:]
            self._show_calls()
            for call in calls[-SPOKEN_PER_BATCH:]:
                self.announcer.announce(call.spoken)
            self.refresh_loads()
        self._next()

    # ------------------------------------------------------------ painting

    def _show_calls(self) -> None:
        newest_first = list(reversed(self.calls))
        if newest_first:
            call = newest_first[0]
            self.latest.setText(
                self.tr("%1 → window %2")
                .replace("%1", call.ticket_number)
                .replace("%2", call.window_number)
            )
        self.recent.setRowCount(len(newest_first))
        for row, call in enumerate(newest_first):
            for column, text in enumerate(
                (call.ticket_number, self.tr("Window %1").replace("%1", call.window_number))
            ):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if row == 0:
                    item.setBackground(Qt.GlobalColor.darkRed)
                    item.setForeground(Qt.GlobalColor.yellow)
                self.recent.setItem(row, column, item)

    @Slot()
    def refresh_loads(self) -> None:
        """Read the waiting counts again; one read at a time and at most one waiting, so
        a busy hall's calls cannot queue reads on the workers ahead of the feed's next wait."""
        db, rules = self._db, self._rules
        self._loads.clear()
        self._loads.run(lambda: queue.category_loads(db, rules), self._show_loads, lambda _: None)

    def _show_loads(self, loads: list[CategoryLoad]) -> None:
        self.loads.setRowCount(len(loads))
        for row, load in enumerate(loads):
            texts = (
                f"{load.prefix}  {load.name}",
                self.tr("%1 waiting").replace("%1", str(load.waiting)),
                self.tr("about %1 min").replace("%1", str(load.estimated_wait_minutes)),
            )
            for column, text in enumerate(texts):
                self.loads.setItem(row, column, QTableWidgetItem(text))


def _table(parent: QWidget, headers: list[str], points: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setFont(font(points))
    table.verticalHeader().setDefaultSectionSize(int(points * 2.2))
    table.setStyleSheet(
        "QTableWidget { background:#1b263b; color:white; gridline-color:#415a77; }"
        "QHeaderView::section { background:#415a77; color:white; font-size:18pt; }"
    )
    return table
