"""Reading image files safely: JPEG, PNG, TIFF (every page) and PDF (every page rendered).

The header is read first, so a 30000×30000 bomb is refused before a pixel is decoded;
pages come one at a time, so a 500-page PDF never sits in memory whole. Every failure is
a ClerkError a clerk can read. Whatever the file's mode (CMYK, 16-bit, alpha, palette),
the result is an 8-bit BGR array.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from clerk.domain.errors import ClerkError

log = logging.getLogger(__name__)

MAX_PIXELS = 50_000_000  # a 12 MP camera frame, a 600 dpi A3 scan fit; a bomb does not
MIN_SIDE = 32
PDF_DPI = 200  # enough for QR modules and text; an A4 page renders to 1654 × 2339
MAX_PDF_PAGES = 1000

TOO_LARGE = (
    f"图像过大，超过 {MAX_PIXELS // 1_000_000} 百万像素的上限，未读取。请降低扫描分辨率后重试。"
)

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own bomb check as the second line


@dataclass(frozen=True)
class LoadedPage:
    image: np.ndarray  # 8-bit BGR
    source: str  # "file:<name>" or "file:<name>#<page>"


def _refuse(path: Path, message: str, detail: str) -> ClerkError:
    log.warning("refused %s: %s", path, detail)
    return ClerkError(f"文件“{path.name}”{message}", detail)


def _check_size(path: Path, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise _refuse(
            path,
            f"（{width}×{height} 像素）{TOO_LARGE}",
            f"{width}x{height} exceeds {MAX_PIXELS} pixels",
        )
    if min(width, height) < MIN_SIDE:
        raise _refuse(
            path,
            f"图像太小（{width}×{height} 像素），不是可用的材料图像。",
            f"{width}x{height} below {MIN_SIDE} pixels",
        )


def to_bgr(image: Image.Image) -> np.ndarray:
    """Any Pillow mode as 8-bit BGR: 16-bit scaled down, alpha laid on white, CMYK converted."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(image, dtype=np.uint32 if image.mode == "I" else np.uint16)
        top = 65535 if image.mode != "I" or wide.max() > 255 else 255
        grey = (wide.astype(np.float32) * (255.0 / top)).clip(0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    if image.mode == "F":
        grey = np.asarray(image, dtype=np.float32)
        scale = 255.0 / max(float(grey.max()), 1.0)
        grey8 = (grey * scale).clip(0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey8[:, :, None], 3, axis=2))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    rgb = np.asarray(image.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _sniff(path: Path) -> str:
    """What the file is by its first bytes, whatever its extension says."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise _refuse(path, "是空文件（0 字节），请重新扫描或选择正确的文件。", "zero bytes")
    return "pdf" if head.startswith(b"%PDF") else "image"


def _raster_pages(path: Path) -> Iterator[LoadedPage]:
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_PIXELS; _check_size refuses with the size in words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            frames = getattr(image, "n_frames", 1)
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                _check_size(path, *frame.size)
                frame.load()
                source = f"file:{path.name}" if frames == 1 else f"file:{path.name}#{index + 1}"
                yield LoadedPage(to_bgr(frame), source)
    except ClerkError:
        raise
    except UnidentifiedImageError as exc:
        raise _refuse(path, "不是可识别的图像或 PDF 文件。", repr(exc)) from exc
    except Image.DecompressionBombError as exc:  # Pillow's own check, at twice our limit
        raise _refuse(path, TOO_LARGE, repr(exc)) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        # Pillow says "image file is truncated" / "broken data stream" for cut-off files.
        raise _refuse(path, "已损坏或不完整，无法读取。请重新扫描。", repr(exc)) from exc


def _pdf_pages(path: Path) -> Iterator[LoadedPage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _refuse(path, "是损坏的 PDF，无法读取。", repr(exc)) from exc
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise _refuse(
                path, f"有 {count} 页，超过 {MAX_PDF_PAGES} 页的上限，未读取。", f"{count} pages"
            )
        for index in range(count):
            page = pdf[index]
            try:
                width, height = page.get_size()  # points, 1/72 inch
                scale = PDF_DPI / 72
                _check_size(path, int(width * scale), int(height * scale))
                bitmap = page.render(scale=scale)
                try:
                    image = to_bgr(bitmap.to_pil())
                finally:
                    bitmap.close()
            finally:
                page.close()
            yield LoadedPage(image, f"file:{path.name}#{index + 1}")
    except pdfium.PdfiumError as exc:
        raise _refuse(path, "中有无法渲染的页面。", repr(exc)) from exc
    finally:
        pdf.close()


def load_pages(path: Path) -> Iterator[LoadedPage]:
    """Every page of an image or PDF file, one at a time, as 8-bit BGR."""
    if not path.is_file():
        raise ClerkError(f"找不到文件“{path.name}”。", str(path))
    kind = _sniff(path)
    yield from (_pdf_pages(path) if kind == "pdf" else _raster_pages(path))


def decode_image_bytes(data: bytes, name: str = "图像") -> np.ndarray:
    """One image from bytes (a stored page), with the same checks as a file."""
    import io

    try:
        with Image.open(io.BytesIO(data)) as image:
            _check_size(Path(name), *image.size)
            return to_bgr(image)
    except ClerkError:
        raise
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError) as exc:
        raise ClerkError(f"{name}已损坏，无法读取。", repr(exc)) from exc
