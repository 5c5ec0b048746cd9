"""Telling the person at the console about an error: the Chinese message, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clerk.domain.errors import ClerkError


def show_error(parent: QWidget | None, error: ClerkError) -> None:
    """A modal warning with ``error.message`` (the detail is in the log already)."""
    QMessageBox.warning(parent, QApplication.applicationDisplayName(), error.message)
