"""The barcode gun: its bursts of keystrokes are caught anywhere in the console and routed.

A handheld scanner types like a keyboard, a few milliseconds per key, and ends with
Enter. ``BarcodeGun`` watches every key press of the application (an event filter),
times them with ``BurstDetector`` and, when a burst ends, takes the scanned text back
out of the field it was typed into, swallows the Enter and emits ``scanned``. Typing
by hand passes through untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from clerk.domain.intake import BurstDetector, route_scan

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class BarcodeGun(QObject):
    """Emits ``scanned(ScanRoute)`` for bursts typed while ``window`` is the active window."""

    scanned = Signal(object)

    def __init__(self, window: QWidget, detector: BurstDetector | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.detector = detector or BurstDetector()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)  # Qt removes it when this object is deleted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if not self.window.isVisible() or watched.window() is not self.window.window():
            return False
        # A key the focused widget ignores travels on to its parents: count it once.
        if watched is not (QApplication.focusWidget() or watched.window()):
            return False
        assert isinstance(event, QKeyEvent)
        key = event
        stamp = float(key.timestamp())
        if key.key() in ENTER_KEYS:
            text = self.detector.enter(stamp)
            if text is None:
                return False
            self._take_back(watched, text)
            self.scanned.emit(route_scan(text))
            return True
        if key.text() and key.text().isprintable():
            self.detector.key(key.text(), stamp)
        else:
            self.detector.reset()
        return False

    @staticmethod
    def _take_back(widget: QWidget, text: str) -> None:
        """The burst landed in a text field as it was typed: remove it again."""
        if isinstance(widget, QLineEdit) and widget.text().endswith(text):
            widget.setText(widget.text()[: -len(text)])
