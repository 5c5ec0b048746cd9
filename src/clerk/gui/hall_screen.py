"""Running a hall screen on its own (`clerk kiosk`, `clerk display`): full screen, Ctrl+Q quits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from clerk.gui.app import application
from clerk.gui.translations import install_translators, language, remove_translators
from clerk.gui.workers import Workers
from clerk.settings import Settings


def run_screen(make: Callable[[Workers], QWidget], *, windowed: bool) -> int:
    """Build the screen with a worker pool, show it full screen, run until it is closed."""
    app = application()
    app.setQuitOnLastWindowClosed(True)
    translators = install_translators(app, language(Settings.load()))
    workers = Workers()
    try:
        screen = make(workers)
        # No button closes a touch screen; IT quits with the keyboard.
        QShortcut(QKeySequence("Ctrl+Q"), screen, screen.close)
        if windowed:
            screen.resize(1280, 800)
            screen.show()
        else:
            screen.showFullScreen()
        return app.exec()
    finally:
        workers.shutdown()
        workers.deleteLater()
        remove_translators(app, translators)
