"""decode_codes on real renderings: text, format, position; no misreads from noise."""

from __future__ import annotations

import numpy as np
import zxingcpp

from clerk.scanning.codes import decode_codes
from tests.support.desk import desk_photo, flat_page


def test_qr_and_code128_with_positions() -> None:
    licence, uscc = flat_page("YYZZ")
    (qr,) = decode_codes(licence)
    assert qr.format == "QRCode" and f"uniscid={uscc}" in qr.text
    x, y = qr.centre
    assert 1400 < x < 1650 and 160 < y < 410  # where the licence prints it

    letter, _ = flat_page("CNS")
    (bars,) = decode_codes(letter)
    assert bars.format == "Code128" and bars.text.startswith("CNS-")
    assert len(bars.position) == 4


def test_codes_on_a_12_mp_desk_photo_at_any_angle() -> None:
    licence, uscc = flat_page("YYZZ", seed=8)
    photo = desk_photo(licence, seed=8, blur=1.0)
    assert photo.shape[:2] == (3000, 4000)
    texts = [c.text for c in decode_codes(photo)]
    assert any(f"uniscid={uscc}" in t for t in texts)


def test_several_codes_on_one_page_come_top_to_bottom() -> None:
    page = np.full((1200, 900, 3), 255, np.uint8)
    for i, text in enumerate(["first-一", "second-二"]):
        symbol = np.array(
            zxingcpp.write_barcode_to_image(
                zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode), scale=6
            )
        )
        h, w = symbol.shape
        page[100 + i * 600 : 100 + i * 600 + h, 200 : 200 + w] = symbol[:, :, None]
    assert [c.text for c in decode_codes(page)] == ["first-一", "second-二"]


def test_noise_and_a_blank_page_read_nothing() -> None:
    rng = np.random.default_rng(3)
    assert decode_codes(rng.integers(0, 256, (1500, 1500, 3), dtype=np.uint8)) == []
    assert decode_codes(np.full((800, 600), 255, np.uint8)) == []


def test_a_code_39_is_not_read_by_design() -> None:
    # Code 39 has no check character: a smudge reads as another valid text.
    symbol = np.array(
        zxingcpp.write_barcode_to_image(
            zxingcpp.create_barcode("ABC123", zxingcpp.BarcodeFormat.Code39), scale=4
        )
    )
    page = np.full((400, symbol.shape[1] + 100), 255, np.uint8)
    page[100 : 100 + symbol.shape[0], 50 : 50 + symbol.shape[1]] = symbol
    assert decode_codes(page) == []
