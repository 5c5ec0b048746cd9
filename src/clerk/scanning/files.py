"""Image and PDF files chosen by the clerk: every page of every file, in order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from clerk.plugin_api import Capture
from clerk.scanning.images import load_pages


class ImageFiles:
    """``PageSource`` over JPEG, PNG, TIFF (all pages) and PDF (all pages rendered)."""

    def __init__(self, paths: Sequence[str | Path] = ()) -> None:
        self.paths = [Path(p) for p in paths]
        self.title = "文件" if len(self.paths) != 1 else f"文件 {self.paths[0].name}"

    def pages(self) -> Iterator[Capture]:
        for path in self.paths:
            for page in load_pages(path):
                yield Capture(page.image, page.source, on_desk=False)
