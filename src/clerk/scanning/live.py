"""The live preview's logic: the page outline on each frame, and when to capture by itself.

A capture is taken when the sheet has lain still (its corners moved less than
``STILL_SHIFT`` of the frame for ``STILL_FRAMES`` frames running) and the frame is
sharp; after a capture the sheet must leave or move before the next one, so one sheet
is never taken twice by the automatic capture.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from clerk.scanning.page import PageOutline, find_page
from clerk.scanning.quality import sharpness

PREVIEW_SIDE = 640  # the outline is looked for on a frame this long: ~5 ms
STILL_FRAMES = 6  # ~0.4 s at 15 fps
STILL_SHIFT = 0.006
SHARP_MIN = 0.12


def preview_outline(frame: np.ndarray) -> PageOutline | None:
    return find_page(frame, work_side=PREVIEW_SIDE)


@dataclass
class AutoCapture:
    """Feed it each preview frame's outline; it says when to take the picture."""

    enabled: bool = True
    _last: np.ndarray | None = None
    _still: int = 0
    _taken: bool = False

    def update(self, frame: np.ndarray, outline: PageOutline | None) -> bool:
        """True when this frame should be captured."""
        if outline is None:
            self._last, self._still, self._taken = None, 0, False
            return False
        size = float(max(frame.shape[:2]))
        corners = outline.corners
        if (
            self._last is not None
            and float(np.abs(corners - self._last).max()) < STILL_SHIFT * size
        ):
            self._still += 1
        else:
            if (
                self._last is not None
                and float(np.abs(corners - self._last).max()) > 4 * STILL_SHIFT * size
            ):
                self._taken = False  # the sheet moved: a new one, or turned over
            self._still = 0
        self._last = corners
        if not self.enabled or self._taken or self._still < STILL_FRAMES or outline.touches_edge:
            return False
        if frame_sharpness(frame, outline) < SHARP_MIN:
            return False
        self._taken = True
        return True

    def reset(self) -> None:
        self._last, self._still, self._taken = None, 0, False


def frame_sharpness(frame: np.ndarray, outline: PageOutline) -> float:
    """Sharpness of the sheet's middle, on a small crop: cheap enough for every frame."""
    x, y, w, h = cv2.boundingRect(outline.corners.astype(np.int32))
    cx, cy = x + w // 2, y + h // 2
    half = max(16, min(w, h) // 6)
    crop = frame[max(0, cy - half) : cy + half, max(0, cx - half) : cx + half]
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    return sharpness(grey)
