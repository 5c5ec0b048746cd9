"""Pages that belong together, and the same sheet captured twice.

The same sheet is recognised two ways. Codes first: two pages with the same codes are
one sheet (a licence's QR, a form's serial number), two pages whose codes differ never
are. Without codes, a fingerprint: the upright page shrunk to ``SIDE``×``SIDE`` grey
levels with the light evened out, compared by correlation over the four quarter turns.
Measured on the desk corpus, two captures of one sheet under the same camera correlate
above 0.99, but the same sheet photographed again at another angle and light scores
0.97–0.99, as high as another sheet of the same form (up to 0.984): filled-in names are
a small share of the pixels. So the threshold is set for near-identical captures only
(taken twice, fed twice); a sheet re-photographed differently and carrying no code is
not flagged. A false "duplicate" would make the clerk delete a real page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

SIDE = 48
DUPLICATE_MIN = 0.99


@dataclass(frozen=True)
class Fingerprint:
    pixels: np.ndarray  # SIDE×SIDE float32, zero mean, unit norm

    def similarity(self, other: Fingerprint) -> float:
        """Best correlation over the four quarter turns (1.0 = identical)."""
        return max(float(np.sum(self.pixels * np.rot90(other.pixels, k))) for k in range(4))

    def to_bytes(self) -> bytes:
        return (
            np.round(self.pixels * 127 / max(float(np.abs(self.pixels).max()), 1e-6))
            .astype(np.int8)
            .tobytes()
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        return cls(_normalise(np.frombuffer(data, np.int8).reshape(SIDE, SIDE).astype(np.float32)))


def _normalise(pixels: np.ndarray) -> np.ndarray:
    pixels = pixels - pixels.mean()
    norm = float(np.linalg.norm(pixels))
    return pixels / norm if norm > 0 else pixels


def fingerprint(page: np.ndarray) -> Fingerprint:
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    small = cv2.resize(grey, (SIDE * 4, SIDE * 4), interpolation=cv2.INTER_AREA)
    # Even out the light first: a lamp's falloff would otherwise dominate the shape.
    background = cv2.GaussianBlur(small, (0, 0), 12).astype(np.float32) + 1.0
    flat = small.astype(np.float32) / background
    tiny = cv2.resize(flat, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
    return Fingerprint(_normalise(tiny.astype(np.float32)))


def is_duplicate(
    a: Fingerprint, b: Fingerprint, codes_a: Sequence[str] = (), codes_b: Sequence[str] = ()
) -> bool:
    """Is ``b`` the same sheet as ``a`` captured again?"""
    if codes_a and codes_b and set(codes_a) != set(codes_b):
        return False
    return a.similarity(b) >= DUPLICATE_MIN


@dataclass(frozen=True)
class PageGroup:
    """Consecutive pages filed under one material: one document of several pages."""

    material_code: str | None
    positions: tuple[int, ...]


def group_pages(materials: Sequence[str | None]) -> list[PageGroup]:
    """Group a sequence of per-page material codes into runs.

    An unidentified page right after an identified one is taken as its next page
    (a multi-page form's later pages rarely carry the title or the code); a run of
    unidentified pages at the start stays unidentified.
    """
    groups: list[PageGroup] = []
    for position, code in enumerate(materials):
        if groups and (code is None or code == groups[-1].material_code):
            last = groups[-1]
            groups[-1] = PageGroup(last.material_code, (*last.positions, position))
        else:
            groups.append(PageGroup(code, (position,)))
    return groups
