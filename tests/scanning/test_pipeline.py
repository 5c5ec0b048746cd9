"""The page pipeline on real desk photos: found, corrected, identified, read, upright."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from clerk.scanning.identify import Method
from clerk.scanning.page import skew_angle
from clerk.scanning.pipeline import NO_PAGE_NOTE, process
from clerk.scanning.quality import Problem
from tests.support.desk import MATERIALS, desk_photo, flat_page, photo_of, reference_index

KINDS = ["YYZZ", "SFZ", "SQS", "JKZ", "ZLHT", "CNS"]


def _corner_error(found: np.ndarray, truth: list[list[float]]) -> float:
    expected = np.array(truth, np.float32)
    return min(float(np.abs(np.roll(expected, k, axis=0) - found).max()) for k in range(4))


@pytest.mark.parametrize("material", KINDS)
def test_a_desk_photo_is_found_corrected_and_identified(material: str) -> None:
    sample, photo = photo_of(material)
    page = process(photo, "camera:0", MATERIALS, reference_index(), sample.uscc)

    assert page.outline is not None
    assert _corner_error(page.outline.corners, sample.corners) < 40  # pixels of 4000
    assert page.identification.material_code == material
    assert page.identification.accepted
    expected = Method.BARCODE if material in ("YYZZ", "CNS") else Method.VISUAL
    assert page.identification.method is expected
    assert page.quality.ok, page.quality.summary


def test_a_paper_the_catalogue_does_not_know_stays_unidentified() -> None:
    _sample, photo = photo_of("OTHER")
    page = process(photo, "camera:0", MATERIALS, reference_index())

    assert page.outline is not None
    assert page.identification.material_code is None
    assert not page.identification.accepted


def test_the_licence_qr_fills_the_uscc_and_a_mismatch_is_flagged() -> None:
    sample, photo = photo_of("YYZZ")

    same = process(photo, "camera:0", MATERIALS, reference_index(), sample.uscc)
    unknown = process(photo, "camera:0", MATERIALS, reference_index(), "")
    other = process(photo, "camera:0", MATERIALS, reference_index(), "91110105MA01C3K25H")

    assert same.identification.uscc == sample.uscc and not same.notes
    assert unknown.identification.uscc == sample.uscc
    assert any("与申请人不一致" in note for note in other.notes)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_page_turned_any_way_comes_out_upright(turns: int) -> None:
    upright, _ = flat_page("SQS")
    turned = np.ascontiguousarray(np.rot90(upright, k=turns))
    page = process(turned, "file:x.png", MATERIALS, reference_index(), on_desk=False)

    assert page.identification.material_code == "SQS"
    assert page.image.shape[0] > page.image.shape[1]  # the form is portrait
    # The title band is at the top: the top tenth holds more ink than the bottom tenth.
    grey = page.image.mean(axis=2)
    tenth = grey.shape[0] // 10
    assert grey[:tenth].mean() < grey[-tenth:].mean()


def test_codes_are_reported_in_the_upright_page() -> None:
    licence, uscc = flat_page("YYZZ")
    turned = np.ascontiguousarray(np.rot90(licence, k=1))
    page = process(turned, "file:x.png", MATERIALS, reference_index(), on_desk=False)

    (code,) = page.codes
    assert uscc in code.text
    x, y = code.centre
    height, width = page.image.shape[:2]
    assert width > height  # the licence is landscape again
    assert x > width * 0.7 and y < height * 0.4  # the QR sits top right on the licence


def test_no_page_on_the_desk_keeps_the_whole_frame_and_says_so() -> None:
    rng_desk = desk_photo(np.full((50, 50, 3), 40, np.uint8), coverage=(0.0005, 0.0006))
    page = process(rng_desk, "camera:0", MATERIALS, reference_index())

    assert page.outline is None
    assert page.image.shape == rng_desk.shape
    assert NO_PAGE_NOTE in page.notes
    assert Problem.INCOMPLETE in page.quality.problems


def test_a_page_cut_off_by_the_frame_is_incomplete() -> None:
    sample, photo = photo_of("JKZ")
    xs = [c[0] for c in sample.corners]
    cut = photo[:, : int((min(xs) + max(xs)) / 2)]  # the right half of the sheet is outside
    page = process(np.ascontiguousarray(cut), "camera:0", MATERIALS, reference_index())

    assert Problem.INCOMPLETE in page.quality.problems
    assert "整页" in page.quality.summary


def test_a_flat_scan_lying_askew_is_levelled() -> None:
    upright, _ = flat_page("SQS")
    h, w = upright.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    askew = cv2.warpAffine(upright, turn, (w, h), borderMode=cv2.BORDER_REPLICATE)
    assert abs(skew_angle(askew)) >= 3.5

    page = process(askew, "file:x.png", MATERIALS, reference_index(), on_desk=False)

    assert page.outline is None and not page.notes  # the scan is the sheet: kept whole
    assert abs(skew_angle(page.image)) < 0.5
    assert page.identification.material_code == "SQS"
