"""A vendor's camera SDK as a plugin of its own: a separate installed distribution.

``install_vendor_camera`` writes a module and its ``.dist-info`` (with an
``entry_points.txt`` under ``clerk.scanners``) into a folder and puts the folder on
``sys.path``: exactly what ``pip install vendor-camera`` leaves behind, and nothing in
``clerk`` knows its name. The stand-in camera serves a picture file as its frames, not
through ``cv2.VideoCapture``, and notes the thread each frame is read on.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

PLUGIN = "vendorcam"
MODULE = "vendor_camera"

SOURCE = '''"""Stand-in for a vendor's document camera SDK."""

import threading

import cv2

from clerk.plugin_api import SourceError


class VendorCamera:
    made = []  # every camera the factory made, for the tests to look at

    def __init__(self, device="", width=0, height=0):
        self.device = str(device)
        self.size = (int(width), int(height))
        self.title = "厂商高拍仪"
        self.fps = 15.0
        self.read_on = set()  # names of the threads frames were read on
        self._frame = None
        VendorCamera.made.append(self)

    def open(self):
        self._frame = cv2.imread(self.device)
        if self._frame is None:
            raise SourceError("厂商高拍仪没有连接。", self.device)

    def read(self):
        if self._frame is None:
            self.open()
        self.read_on.add(threading.current_thread().name)
        return self._frame.copy()

    def close(self):
        self._frame = None
'''


def install_vendor_camera(folder: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Install the vendor's plugin for one test; returns its module (``VendorCamera.made``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{MODULE}.py").write_text(SOURCE, encoding="utf-8")
    info = folder / f"{MODULE}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: vendor-camera\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[clerk.scanners]\n{PLUGIN} = {MODULE}:VendorCamera\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(folder))
    module = importlib.import_module(MODULE)
    # Forgotten again after the test, like the folder on sys.path.
    del sys.modules[MODULE]
    monkeypatch.setitem(sys.modules, MODULE, module)
    return module
