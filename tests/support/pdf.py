"""Reading PDFs back as a person would: their text, their pages as pictures, their codes."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image


def _file(pdf: bytes | Path, folder: Path) -> Path:
    if isinstance(pdf, Path):
        return pdf
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    return path


def text(pdf: bytes | Path, *args: str) -> str:
    """The text poppler's pdftotext extracts (layout kept unless args say otherwise)."""
    with tempfile.TemporaryDirectory() as folder:
        path = _file(pdf, Path(folder))
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, check=True
        )
    return out.stdout.decode("utf-8")


def flat(pdf: bytes | Path) -> str:
    """The text in drawing order with every line break and space removed, so that a
    wrapped table cell reads whole (layout order would interleave the columns)."""
    return "".join(text(pdf, "-raw").split())


def pages(pdf: bytes | Path, dpi: int = 150, grey: bool = True) -> list[Image.Image]:
    """Each page rendered by pdftoppm (in shades of grey unless ``grey`` is False)."""
    with tempfile.TemporaryDirectory() as folder:
        path = _file(pdf, Path(folder))
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(path), f"{folder}/page"], check=True
        )
        files = sorted(Path(folder).glob("page-*.png"))
        return [Image.open(f).convert("L" if grey else "RGB") for f in files]


def codes(image: Image.Image) -> dict[str, str]:
    """Barcodes and QR codes zxing-cpp finds on a page: format name → text."""
    found = zxingcpp.read_barcodes(np.asarray(image))
    return {str(code.format).split(".")[-1]: code.text for code in found}


def fonts(pdf: bytes | Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni per font."""
    with tempfile.TemporaryDirectory() as folder:
        path = _file(pdf, Path(folder))
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    rows = []
    for line in out.stdout.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def info(pdf: bytes | Path) -> dict[str, str]:
    """pdfinfo's fields ("Pages", "Page size", "Title" …)."""
    with tempfile.TemporaryDirectory() as folder:
        path = _file(pdf, Path(folder))
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return {k.strip(): v.strip() for k, _, v in (x.partition(":") for x in out.stdout.splitlines())}


def page_count(pdf: bytes | Path) -> int:
    return int(info(pdf)["Pages"])


def difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ clearly between two pages (0 = the same picture)."""
    x, y = np.asarray(a, dtype=np.int16), np.asarray(b, dtype=np.int16)
    h, w = min(x.shape[0], y.shape[0]), min(x.shape[1], y.shape[1])
    assert abs(x.shape[0] - y.shape[0]) <= 2 and abs(x.shape[1] - y.shape[1]) <= 2, "page sizes"
    return float((np.abs(x[:h, :w] - y[:h, :w]) > 96).mean())


def ink(page: Image.Image) -> float:
    """Share of dark pixels on a page (0 = blank)."""
    return float((np.asarray(page) < 128).mean())
