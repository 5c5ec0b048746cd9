"""The console's status bar: window, clerk, database and whether it can still be reached."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QWidget

from clerk.gui.workstation import Workstation

PING_MS = 10_000


class StatusBar(QStatusBar):
    """Pings the database off the GUI thread every ``PING_MS``; one ping at a time."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        actor = ws.actor
        self.window_label = QLabel(self.tr("Window %1").replace("%1", actor.window_no))
        self.clerk_label = QLabel(f"{actor.display_name}（{actor.staff_no}）")
        self.database_label = QLabel(ws.db.describe())
        self.connection_label = QLabel(self.tr("Connecting…"))
        labels = (self.window_label, self.clerk_label, self.database_label, self.connection_label)
        for number, label in enumerate(labels):
            if number:
                separator = QFrame(self)
                separator.setFrameShape(QFrame.Shape.VLine)
                separator.setFrameShadow(QFrame.Shadow.Sunken)
                self.addPermanentWidget(separator)
            label.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(label)
        self._pinging = False
        self.connected: bool | None = None  # None until the first answer
        self._timer = QTimer(self)
        self._timer.setInterval(PING_MS)
        self._timer.timeout.connect(self.ping)
        self._timer.start()
        self.ping()

    @Slot()
    def ping(self) -> None:
        if self._pinging:
            return
        self._pinging = True
        self._ws.workers.run(
            self._ws.db.ping,
            self._show_connection,
            lambda _error: self._show_connection(False),
            owner=self,
        )

    def _show_connection(self, connected: bool) -> None:
        self._pinging = False
        self.connected = connected
        if connected:
            self.connection_label.setText(self.tr("Connected"))
            self.connection_label.setStyleSheet("")
        else:
            self.connection_label.setText(self.tr("Connection lost"))
            self.connection_label.setStyleSheet("color: #b3261e; font-weight: bold;")

    def stop(self) -> None:
        self._timer.stop()
