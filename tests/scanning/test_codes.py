"""decode_codes on real renderings: text, format, position; no misreads from noise."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

import clerk.scanning
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


def test_the_package_offers_decode_codes() -> None:
    assert clerk.scanning.decode_codes is decode_codes


def test_a_faint_skewed_code_is_read() -> None:
    # A grey QR (ink 170 on paper 205: a worn copy) on a sheet seen at a slant, softened
    # and noisy as a camera gives it.
    text = "https://www.gsxt.gov.cn/index?uniscid=91330102MA2H3K4L5X"
    symbol = np.array(
        zxingcpp.write_barcode_to_image(
            zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode), scale=8
        )
    )
    page = np.full((1600, 1200), 205, np.uint8)
    h, w = symbol.shape
    page[500 : 500 + h, 400 : 400 + w] = np.where(symbol < 128, 170, 205)
    flat = np.float32([[0, 0], [1199, 0], [1199, 1599], [0, 1599]])
    slanted = np.float32([[150, 80], [1100, 200], [1050, 1500], [60, 1380]])
    seen = cv2.warpPerspective(
        page, cv2.getPerspectiveTransform(flat, slanted), (1200, 1600), borderValue=205
    )
    seen = cv2.GaussianBlur(seen, (0, 0), 1.2)
    noise = np.random.default_rng(1).normal(0, 3, seen.shape)
    photo = cv2.cvtColor(np.clip(seen + noise, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)

    (code,) = decode_codes(photo)
    assert code.text == text and code.format == "QRCode"
    x, y = code.centre
    assert 350 < x < 850 and 550 < y < 1100  # where the slant put it


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
