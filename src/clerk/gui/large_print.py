"""Fonts for the screens read from across the hall: the kiosk, the display, the evaluator."""

from __future__ import annotations

from PySide6.QtGui import QFont


def font(points: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPointSize(points)
    result.setBold(bold)
    return result
