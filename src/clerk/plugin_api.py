"""Everything a device plugin may use from clerk, and the only module of clerk it imports.

A plugin is a callable registered under an entry-point group in its distribution's
metadata; clerk finds it by the group and the name the settings give::

    [project.entry-points."clerk.scanners"]     # SCANNERS: image sources
    camera = "clerk_scanners.camera:DocumentCamera"

    [project.entry-points."clerk.printers"]     # PRINTERS: PDF sinks
    cups = "clerk_printers.cups:CupsPrinter"

An image source factory is called with keyword options from the settings (``device=0``,
``folder=...``) and returns a ``PageSource`` or a ``LiveSource``; a printer factory is
called with the target of a ``plugin:target`` setting and returns a ``Printer``. Failures
a clerk can act on are raised as ``SourceError`` or ``PrintFailed`` with a Chinese message.
ID-card readers will be the third kind, under ``clerk.card_readers``, with their protocol
here once the first reader is written.

clerk defines these types here and itself opens plugins only through the groups
(``clerk.scanning.sources``, ``clerk.services.printing``); it never imports a plugin
package. The import contracts in pyproject.toml hold both sides to that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from clerk.domain.errors import ClerkError
from clerk.paths import user_data_dir
from clerk.scanning.images import decode_image_bytes, load_pages, to_bgr

__all__ = [
    "PRINTERS",
    "SCANNERS",
    "Capture",
    "LiveSource",
    "PageSource",
    "PrintFailed",
    "Printer",
    "SourceError",
    "decode_image_bytes",
    "load_pages",
    "to_bgr",
    "user_data_dir",
]

SCANNERS = "clerk.scanners"  # image sources: cameras, scanners, files, hot folders
PRINTERS = "clerk.printers"  # printers: a PDF in, a spooler job id or a file out


# --- image sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    """One image taken from a source, before the pipeline sees it."""

    image: np.ndarray  # 8-bit BGR
    source: str  # what the clerk and the log are told: "camera:0", "file:a.pdf#3", ...
    on_desk: bool  # True for a camera frame (a sheet on a desk), False for a scan


@runtime_checkable
class PageSource(Protocol):
    """Pages that arrive finished: files, a hot folder, a scanner's feeder."""

    title: str  # shown to the clerk, e.g. "热文件夹 D:\\scans"

    def pages(self) -> Iterator[Capture]:
        """Yield what is there now, one page at a time; raise SourceError on failure."""
        ...


@runtime_checkable
class LiveSource(Protocol):
    """A document camera: open, read frames for the preview, close."""

    title: str

    def open(self) -> None: ...

    def read(self) -> np.ndarray:
        """The next frame (8-bit BGR); SourceError when the camera is gone."""
        ...

    def close(self) -> None: ...


class SourceError(ClerkError):
    """A source failed: unplugged, no paper, folder unreachable, disk full."""


# --- printers -----------------------------------------------------------------------------


class PrintFailed(ClerkError):
    """A printer did not print (off, out of paper, paused, missing); the job can be retried."""


class Printer(Protocol):
    """A PDF sink. ``print_pdf`` returns the spooler's job id or the file written, and
    raises ``PrintFailed`` with a Chinese message the clerk can act on."""

    def print_pdf(self, pdf: bytes, title: str) -> str: ...
