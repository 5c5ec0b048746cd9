"""Is the picture good enough to keep? Figures, reasons a clerk understands, a suggestion.

All figures are measured on the corrected page brought to ``MEASURE_SIDE`` pixels, so
they do not depend on the camera's resolution. Thresholds were set on the desk corpus
(bench/make_desk_corpus.py) and on deliberately spoiled photos (tests/scanning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np

MEASURE_SIDE = 1000
SHARPNESS_MIN = 0.47  # steepest text edges per unit of page contrast; below: 模糊
BRIGHTNESS_MIN = 70.0  # median paper brightness 0..255; below: 过暗
GLARE_LEVEL = 253  # burnt out: the sensor clipped; bright paper stays below
GLARE_MAX = 0.015  # share of the page burnt out; above: 反光
MIN_PAGE_SIDE = 1000  # the page's short side in source pixels (≈120 dpi for A4)


class Problem(StrEnum):
    BLURRY = "模糊"
    DARK = "过暗"
    GLARE = "反光"
    INCOMPLETE = "页面不完整"
    LOW_RESOLUTION = "分辨率不足"


ADVICE = {
    Problem.BLURRY: "请保持纸张和高拍仪稳定、对准焦点后重新拍摄",
    Problem.DARK: "请打开补光灯或调亮环境光后重新拍摄",
    Problem.GLARE: "请调整纸张角度或避开顶灯直射后重新拍摄",
    Problem.INCOMPLETE: "请将整页纸放入取景框内后重新拍摄",
    Problem.LOW_RESOLUTION: "请提高拍摄分辨率或将纸张靠近镜头后重新拍摄",
}


@dataclass(frozen=True)
class Quality:
    sharpness: float
    brightness: float
    glare: float
    page_short_side: int
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """E.g. "模糊、过暗：请保持…；请打开补光灯…" — empty when the page is good."""
        if not self.problems:
            return ""
        reasons = "、".join(p.value for p in self.problems)
        return f"{reasons}：" + "；".join(ADVICE[p] for p in self.problems) + "。"

    def to_json(self) -> dict[str, object]:
        return {
            "sharpness": round(self.sharpness, 4),
            "brightness": round(self.brightness, 1),
            "glare": round(self.glare, 4),
            "page_short_side": self.page_short_side,
            "problems": [p.value for p in self.problems],
        }


def sharpness(grey: np.ndarray) -> float:
    """The strongest edges (99.5th percentile gradient) relative to the page's contrast.

    Text on a sharp page has edges nearly as steep as black-to-white; blur flattens them,
    whatever the light. Relative to contrast, so a dim page is not called blurred.
    """
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = cv2.magnitude(gx, gy)
    contrast = max(_percentile(grey, 98) - _percentile(grey, 2), 20.0)
    steep = np.clip(magnitude, 0, 1499).astype(np.uint16)
    return _percentile(steep, 99.5, 1500) / (4.0 * contrast)


def _percentile(values: np.ndarray, q: float, bins: int = 256) -> float:
    """A percentile from a histogram: no sort of a million pixels."""
    counts = np.bincount(values.ravel(), minlength=bins)
    return float(np.searchsorted(np.cumsum(counts), q / 100.0 * values.size))


def assess(page: np.ndarray, page_short_side: int, incomplete: bool) -> Quality:
    """Measure a corrected page. ``page_short_side`` is its short side in source pixels."""
    h, w = page.shape[:2]
    scale = min(1.0, MEASURE_SIDE / max(h, w))
    small = cv2.resize(
        page, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    # Leave the outer 3% out: the page's own edge and a sliver of desk are not content.
    mh, mw = max(1, grey.shape[0] * 3 // 100), max(1, grey.shape[1] * 3 // 100)
    core = grey[mh : grey.shape[0] - mh, mw : grey.shape[1] - mw]
    if core.size == 0:
        core = grey
    sharp = sharpness(core)
    bright = _percentile(core, 75)  # the paper, not the ink
    glare = float(np.count_nonzero(core >= GLARE_LEVEL)) / core.size
    problems = []
    if sharp < SHARPNESS_MIN:
        problems.append(Problem.BLURRY)
    if bright < BRIGHTNESS_MIN:
        problems.append(Problem.DARK)
    if glare > GLARE_MAX:
        problems.append(Problem.GLARE)
    if incomplete:
        problems.append(Problem.INCOMPLETE)
    if page_short_side < MIN_PAGE_SIDE:
        problems.append(Problem.LOW_RESOLUTION)
    return Quality(sharp, bright, glare, page_short_side, tuple(problems))
