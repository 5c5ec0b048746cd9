"""Quality reasons on spoiled photos of one page, and none on a good photo."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from clerk.scanning.pipeline import process
from clerk.scanning.quality import Problem
from tests.support.desk import MATERIALS, desk_photo, flat_page, reference_index


@pytest.fixture(scope="module")
def form() -> np.ndarray:
    return flat_page("JKZ")[0]


def _problems(photo: np.ndarray) -> tuple[Problem, ...]:
    return process(photo, "camera:0", MATERIALS, reference_index()).quality.problems


def test_a_good_photo_has_no_problem(form: np.ndarray) -> None:
    assert _problems(desk_photo(form, seed=2, blur=0.6, light=1.0)) == ()


def test_blurred(form: np.ndarray) -> None:
    photo = desk_photo(form, seed=2, blur=9.0, light=1.0)
    assert Problem.BLURRY in _problems(photo)


def test_too_dark(form: np.ndarray) -> None:
    photo = desk_photo(form, seed=2, blur=0.6, light=0.22)
    assert _problems(photo) == (Problem.DARK,)


def test_glare(form: np.ndarray) -> None:
    photo = desk_photo(form, seed=2, blur=0.6, light=1.0).astype(np.float32)
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    spot = np.exp(-(((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / (2 * 260.0**2)))
    photo = np.clip(photo + 400 * spot[:, :, None], 0, 255).astype(np.uint8)
    page = process(photo, "camera:0", MATERIALS, reference_index())
    assert Problem.GLARE in page.quality.problems
    assert "反光" in page.quality.summary and "重新拍摄" in page.quality.summary


def test_low_resolution(form: np.ndarray) -> None:
    photo = desk_photo(form, seed=2, blur=0.6, light=1.0)
    small = cv2.resize(photo, (800, 600), interpolation=cv2.INTER_AREA)
    assert Problem.LOW_RESOLUTION in _problems(small)
