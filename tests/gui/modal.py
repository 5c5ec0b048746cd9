"""Driving blocking calls (``run``, ``QDialog.exec``) from inside their own event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


class ModalDriver:
    """Answers the windows a blocking call (``run``, ``exec``) opens, from inside its loop.

    ``handler(widget)`` is called with the active modal widget or the visible top-level
    window every 20 ms; it returns True once it has dealt with that widget.
    """

    def __init__(self, handler: Callable[[QWidget], bool]) -> None:
        self.seen: list[str] = []
        self._handler = handler
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        candidates = [widget] if widget is not None else QApplication.topLevelWidgets()
        for candidate in candidates:
            if not candidate.isVisible() or candidate.property("answered"):
                continue
            if self._handler(candidate):
                self.seen.append(type(candidate).__name__)
                candidate.setProperty("answered", True)

    def stop(self) -> None:
        self._timer.stop()
