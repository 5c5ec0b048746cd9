"""Pages of one material grouped; the same sheet captured twice flagged, another not."""

from __future__ import annotations

import numpy as np

from clerk.scanning.grouping import PageGroup, group_pages, is_duplicate
from clerk.scanning.pipeline import ProcessedPage, process
from tests.support.desk import MATERIALS, desk_photo, flat_page, reference_index


def test_runs_of_one_material_and_following_unidentified_pages_group() -> None:
    groups = group_pages([None, "SQS", None, None, "YYZZ", "YYZZ", "SFZ"])
    assert groups == [
        PageGroup(None, (0,)),
        PageGroup("SQS", (1, 2, 3)),
        PageGroup("YYZZ", (4, 5)),
        PageGroup("SFZ", (6,)),
    ]


def _process(photo: np.ndarray) -> ProcessedPage:
    return process(photo, "camera:0", MATERIALS, reference_index())


def _taken_again(photo: np.ndarray, seed: int) -> np.ndarray:
    """The camera takes the same still sheet again: fresh sensor noise, a little shift and light."""
    rng = np.random.default_rng(seed)
    moved = np.roll(photo, (3, -2), axis=(0, 1)).astype(np.float32) * 1.04
    moved += rng.normal(0, 4, moved.shape).astype(np.float32)
    return np.clip(moved, 0, 255).astype(np.uint8)


def test_the_same_sheet_captured_twice_is_a_duplicate() -> None:
    sheet, _ = flat_page("ZLHT", seed=4)
    photo = desk_photo(sheet, seed=1)
    first, again = _process(photo), _process(_taken_again(photo, 1))
    # The same form filled in for another tenant, lying exactly where the first lay.
    other_sheet, _ = flat_page("ZLHT", seed=5)
    another = _process(desk_photo(other_sheet, seed=1))

    assert is_duplicate(first.fingerprint, again.fingerprint)
    assert not is_duplicate(first.fingerprint, another.fingerprint)


def test_codes_decide_first() -> None:
    sheet, _ = flat_page("YYZZ", seed=4)
    page = _process(desk_photo(sheet, seed=1))
    assert not is_duplicate(page.fingerprint, page.fingerprint, ["A"], ["B"])
    assert is_duplicate(page.fingerprint, page.fingerprint, ["A"], ["A"])
