"""The scan panel's camera thread: frames read, the page outline drawn, captures decided.

One serial loop per device, off the GUI thread: it reads frames, finds the page outline
on a small copy, decides on automatic capture and hands the GUI a preview image already
scaled and drawn. It never touches widgets.
"""

from __future__ import annotations

import logging
import threading
import time

import cv2
import numpy as np
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from clerk.domain.errors import ClerkError
from clerk.plugin_api import Capture, LiveSource
from clerk.scanning.live import AutoCapture, preview_outline

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 960


def to_qimage(bgr: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class CameraThread(QThread):
    """Reads the camera, draws the outline, says when to capture; never touches widgets."""

    # The scaled frame with its outline, and 1 when a page was seen. An int, not a bool:
    # PySide6 6.12 drops a reference to True/False on every Python-emitted bool argument.
    preview = Signal(QImage, int)
    captured = Signal(object)  # Capture at full resolution
    failed = Signal(str)  # the camera is gone: a message for the clerk

    def __init__(
        self, camera: LiveSource, auto: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.camera = camera
        self.auto = AutoCapture(enabled=auto)
        self._manual = threading.Event()

    def capture_now(self) -> None:
        """Take the next frame (space bar); safe to call from the GUI thread."""
        self._manual.set()

    def run(self) -> None:
        try:
            self.camera.open()
            interval = 1.0 / max(1.0, float(getattr(self.camera, "fps", 15.0)))
            while not self.isInterruptionRequested():
                started = time.monotonic()
                frame = self.camera.read()
                outline = preview_outline(frame)
                take = self.auto.update(frame, outline)
                if self._manual.is_set():
                    self._manual.clear()
                    take = True
                if take:
                    self.captured.emit(Capture(frame, f"camera:{self.camera.title}", on_desk=True))
                self.preview.emit(self._draw(frame, outline), int(outline is not None))
                # A camera paces itself; a video file would run flat out without this.
                rest = interval - (time.monotonic() - started)
                if rest > 0:
                    self.msleep(int(rest * 1000))
        except ClerkError as exc:
            log.info("camera stopped: %s (%s)", exc.message, exc.detail)
            self.failed.emit(exc.message)
        finally:
            self.camera.close()

    @staticmethod
    def _draw(frame: np.ndarray, outline: object) -> QImage:
        h, w = frame.shape[:2]
        scale = PREVIEW_WIDTH / w
        small = cv2.resize(frame, (PREVIEW_WIDTH, round(h * scale)), interpolation=cv2.INTER_AREA)
        corners = getattr(outline, "corners", None)
        if corners is not None:
            points = np.round(corners * scale).astype(np.int32)
            cv2.polylines(small, [points], True, (60, 200, 60), 3, cv2.LINE_AA)
        return to_qimage(small)
