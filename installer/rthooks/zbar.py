"""Frozen on Linux, pyzbar must load the zbar library bundled beside the program.

pyzbar asks ``ctypes.util.find_library("zbar")``, which only sees the system's
libraries (ldconfig): on a hall PC without libzbar0 barcode decoding would fail.
This runtime hook runs before any import and answers with the bundled copy first.
"""

import ctypes.util
import glob
import os
import sys

_system_find_library = ctypes.util.find_library


def _bundled_first(name: str) -> str | None:
    bundled = sorted(glob.glob(os.path.join(sys._MEIPASS, f"lib{name}.so*")))  # type: ignore[attr-defined]
    return bundled[0] if bundled else _system_find_library(name)


if sys.platform.startswith("linux"):
    ctypes.util.find_library = _bundled_first
