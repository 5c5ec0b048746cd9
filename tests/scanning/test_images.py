"""Bad files: a clear Chinese message, no crash, nothing decoded that should not be."""

from __future__ import annotations

import struct
import tracemalloc
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from clerk.domain.errors import ClerkError
from clerk.scanning.images import MAX_PIXELS, load_pages


def _load(path: Path) -> list[np.ndarray]:
    return [p.image for p in load_pages(path)]


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(ClerkError, match="空文件"):
        _load(path)


def test_truncated_jpeg(tmp_path: Path) -> None:
    _ok, data = cv2.imencode(".jpg", np.full((600, 800, 3), 200, np.uint8))
    path = tmp_path / "cut.jpg"
    path.write_bytes(data.tobytes()[: len(data) // 3])
    with pytest.raises(ClerkError, match="损坏或不完整"):
        _load(path)


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("这不是图像", encoding="utf-8")
    with pytest.raises(ClerkError, match="不是可识别的图像"):
        _load(path)


def test_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"  # a PNG inside
    Image.new("RGB", (300, 200), (10, 200, 30)).save(path, format="PNG")
    (image,) = _load(path)
    assert image.shape == (200, 300, 3)
    assert tuple(image[0, 0]) == (30, 200, 10)  # BGR


def test_a_pdf_named_jpg_is_rendered(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    pdf = canvas.Canvas(str(path), pagesize=(144, 72))
    pdf.drawString(10, 30, "page")
    pdf.save()
    (image,) = _load(path)
    assert image.shape[:2] == (200, 400)  # 2 × 1 inch at 200 dpi


def test_cmyk_sixteen_bit_and_alpha_become_plain_bgr(tmp_path: Path) -> None:
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (100, 80), (0, 255, 255, 0)).save(cmyk)  # red in CMYK
    deep = tmp_path / "deep.png"
    cv2.imwrite(str(deep), np.full((80, 100), 65535 // 2, np.uint16))
    clear = tmp_path / "alpha.png"
    rgba = np.zeros((80, 100, 4), np.uint8)
    rgba[:, :50] = (0, 0, 255, 255)  # left half opaque red (BGRA), right half transparent
    cv2.imwrite(str(clear), rgba)

    (red,) = _load(cmyk)
    (grey,) = _load(deep)
    (laid,) = _load(clear)

    assert red.dtype == np.uint8 and red.shape == (80, 100, 3)
    assert red[40, 50, 2] > 200 and red[40, 50, 0] < 60
    assert grey.dtype == np.uint8 and 120 <= int(grey[0, 0, 0]) <= 135
    assert tuple(laid[40, 10]) == (0, 0, 255)
    assert tuple(laid[40, 90]) == (255, 255, 255)  # transparent laid on white paper


def test_one_pixel(tmp_path: Path) -> None:
    path = tmp_path / "dot.png"
    Image.new("RGB", (1, 1)).save(path)
    with pytest.raises(ClerkError, match="图像太小"):
        _load(path)


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG that claims ``width``×``height``: decoding it would need gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_huge_image_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    _png_header_only(path, 30000, 30000)
    tracemalloc.start()
    with pytest.raises(ClerkError, match="图像过大") as raised:
        _load(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "上限" in raised.value.message
    assert peak < 20_000_000  # 2.7 GB of pixels were never allocated
    assert MAX_PIXELS < 30000 * 30000


def test_a_multi_page_tiff_gives_every_page(tmp_path: Path) -> None:
    path = tmp_path / "feeder.tif"
    pages = [Image.new("RGB", (120, 90), (i * 60, 0, 0)) for i in range(3)]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw")
    loaded = list(load_pages(path))
    assert [p.source for p in loaded] == [f"file:feeder.tif#{i}" for i in (1, 2, 3)]
    assert [int(p.image[0, 0, 2]) for p in loaded] == [0, 60, 120]


def test_a_500_page_pdf_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(216, 144))  # 3 × 2 inch pages: 600 × 400 px
    for number in range(500):
        pdf.drawString(20, 70, f"page {number + 1}")
        pdf.showPage()
    pdf.save()

    tracemalloc.start()
    count = 0
    for page in load_pages(path):
        assert page.image.shape == (400, 600, 3)
        count += 1
        if count == 5:
            tracemalloc.reset_peak()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 500
    # One page is 0.7 MB; all 500 at once would be 360 MB.
    assert peak < 10_000_000


def test_a_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    with pytest.raises(ClerkError, match="PDF"):
        _load(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ClerkError, match="找不到文件"):
        _load(tmp_path / "gone.jpg")


def test_an_image_over_the_limit_names_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    _png_header_only(path, 9000, 9000)  # 81 MP: over clerk's limit, under Pillow's
    with pytest.raises(ClerkError, match="9000×9000"):
        _load(path)
