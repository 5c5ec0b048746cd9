"""Reading every barcode and QR code on a page.

zxing-cpp is the decoder, restricted to the symbologies halls meet and to symbologies
that carry a check (QR, Data Matrix, PDF417 and Aztec have Reed–Solomon correction;
Code 128 a mandatory check character; EAN/UPC a check digit). Code 39, ITF and Codabar
are left out on purpose: without a check character a smudge reads as another valid
text, and a misread is worse than no read. pyzbar was measured beside it
(bench/bench_scanning.py) and is slower and weaker on camera frames, so it is not used
here. An image is read at most ``DECODE_SIDE`` pixels long first, and when that finds
nothing, once more at its own size (a corrected page is at most 2000 px).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

DECODE_SIDE = 1200  # every code of the desk corpus read at 1200 px; 2000 px took 2–3× longer

_F = zxingcpp.BarcodeFormat
DEFAULT_FORMATS = zxingcpp.BarcodeFormats(
    [
        _F.QRCode,
        _F.MicroQRCode,
        _F.DataMatrix,
        _F.PDF417,
        _F.Aztec,
        _F.Code128,
        _F.EAN13,
        _F.EAN8,
        _F.UPCA,
    ]
)
LINEAR_FORMATS = zxingcpp.BarcodeFormats([_F.Code128, _F.EAN13, _F.EAN8, _F.UPCA])
# zxing-cpp's names as catalogue rules spell them.
FORMAT_NAMES = {
    _F.QRCode: "QRCode",
    _F.MicroQRCode: "MicroQRCode",
    _F.DataMatrix: "DataMatrix",
    _F.PDF417: "PDF417",
    _F.Aztec: "Aztec",
    _F.Code128: "Code128",
    _F.EAN13: "EAN13",
    _F.EAN8: "EAN8",
    _F.UPCA: "UPCA",
}


@dataclass(frozen=True)
class Code:
    """One decoded symbol: its text, symbology and where it is (4 corners, image pixels)."""

    text: str
    format: str
    position: tuple[tuple[int, int], ...]

    @property
    def centre(self) -> tuple[int, int]:
        xs = [p[0] for p in self.position]
        ys = [p[1] for p in self.position]
        return sum(xs) // len(xs), sum(ys) // len(ys)

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "format": self.format,
            "position": [list(p) for p in self.position],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Code:
        points = data.get("position") or []
        assert isinstance(points, list)
        return cls(
            str(data["text"]), str(data["format"]), tuple((int(p[0]), int(p[1])) for p in points)
        )


def _read(
    grey: np.ndarray, scale: float, formats: zxingcpp.BarcodeFormats = DEFAULT_FORMATS
) -> list[Code]:
    found = []
    for symbol in zxingcpp.read_barcodes(
        grey, formats=formats, try_rotate=True, try_downscale=True, try_invert=False
    ):
        if not symbol.valid or not symbol.text:
            continue
        pos = symbol.position
        corners = [pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left]
        position = tuple((round(p.x / scale), round(p.y / scale)) for p in corners)
        name = FORMAT_NAMES.get(symbol.format, str(symbol.format).rsplit(".", 1)[-1])
        found.append(Code(symbol.text, name, position))
    return found


def decode_codes(image: np.ndarray) -> list[Code]:
    """Every code on a BGR (or grey) image, positions in that image's pixels, top to bottom."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = grey.shape[:2]
    scale = min(1.0, DECODE_SIDE / max(h, w))
    small = grey
    if scale < 1.0:
        small = cv2.resize(grey, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    codes = _read(small, scale)
    if not codes and scale < 1.0:
        # Bars a little over 2 px wide can alias away at one scale and read at another
        # (a Code 128 read at 1100 and 1300 px, not at 1200): the linear codes get one more
        # look at full size. 2D codes have modules of 4 px and more at DECODE_SIDE.
        codes = _read(grey, 1.0, LINEAR_FORMATS)
    unique = {(c.format, c.text): c for c in codes}
    return sorted(unique.values(), key=lambda c: (c.centre[1], c.centre[0]))
