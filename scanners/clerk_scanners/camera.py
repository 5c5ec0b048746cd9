"""A UVC document camera (高拍仪) through OpenCV's VideoCapture.

``device`` is a camera index (0, 1 …) or anything VideoCapture opens: a video file or
an image sequence ``frame_%03d.png``, which is how the tests and benchmarks drive this
same code without a camera. Resolution, focus and exposure are asked for; a camera that
does not support one keeps its own, and the frame size actually delivered is reported.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

from clerk.plugin_api import SourceError

log = logging.getLogger(__name__)

UNPLUGGED = "高拍仪没有画面，可能已被拔出或被其他程序占用。请检查连接后点击“重新连接”。已保存的材料不受影响。"


class DocumentCamera:
    """``LiveSource`` over ``cv2.VideoCapture``."""

    def __init__(
        self,
        device: int | str = 0,
        width: int = 0,
        height: int = 0,
        focus: float | None = None,
        exposure: float | None = None,
    ) -> None:
        self.device = int(device) if isinstance(device, str) and device.isdigit() else device
        self.width, self.height = int(width), int(height)
        self.focus, self.exposure = focus, exposure
        self.title = f"高拍仪 {self.device}"
        self._capture: cv2.VideoCapture | None = None
        self.frame_size: tuple[int, int] = (0, 0)
        self.fps = 15.0  # frames per second the camera (or the file) delivers

    def open(self) -> None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            raise SourceError(
                f"无法打开高拍仪（{self.device}）。请确认已连接，且没有被其他程序占用。",
                f"VideoCapture({self.device!r}) not opened",
            )
        if self.width and self.height:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        if self.focus is not None:
            capture.set(cv2.CAP_PROP_AUTOFOCUS, 0)
            capture.set(cv2.CAP_PROP_FOCUS, self.focus)
        if self.exposure is not None:
            capture.set(cv2.CAP_PROP_AUTO_EXPOSURE, 1)
            capture.set(cv2.CAP_PROP_EXPOSURE, self.exposure)
        self.frame_size = (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        self.fps = float(capture.get(cv2.CAP_PROP_FPS)) or 15.0
        if self.width and self.frame_size != (self.width, self.height):
            log.info(
                "camera %s gives %s, not %sx%s",
                self.device,
                self.frame_size,
                self.width,
                self.height,
            )
        self._capture = capture

    def read(self) -> np.ndarray:
        if self._capture is None:
            self.open()
        assert self._capture is not None
        ok, frame = self._capture.read()
        if not ok or frame is None:
            self.close()
            raise SourceError(UNPLUGGED, f"VideoCapture({self.device!r}).read() failed")
        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        return frame

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
