"""The whole build: frozen folder, AppDir, squashfs, MSI, each checked (a few minutes)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from installer import appimage, build


def sections(library: Path) -> str:
    return subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True).stdout


@pytest.mark.slow
def test_every_package_is_built_and_passes_its_checks(tmp_path: Path) -> None:
    out = tmp_path / "installers"

    assert build.main(["--out", str(out)]) == 0

    report = (out / "report.txt").read_text(encoding="utf-8")
    assert "frozen clerk --self-test passed" in report
    assert "clerk --self-test from the unpacked image's AppRun passed" in report
    assert "file components, upgrade code, properties, clerk.ini rows checked" in report
    unpacked = out / "squashfs-root"
    assert os.access(unpacked / "AppRun", os.X_OK)
    assert (unpacked / f"{appimage.APP_ID}.desktop").is_file()
    assert (unpacked / "usr" / "share" / "metainfo" / f"{appimage.APP_ID}.metainfo.xml").is_file()
    # Nothing unused came along: no QtWebEngine, no virtual keyboard, no embedded-display
    # platform, no host-only SANE library, no Qt media backend with its FFmpeg and the
    # QtQuick/QtQml it links (the chime plays without them), no unused Qt binding.
    internal = out / "dist" / "clerk" / "_internal"
    names = {p.name for p in internal.rglob("*")}
    unused = ("WebEngine", "VirtualKeyboard", "libqeglfs", "libqvnc", "libsane", "libqgtk3")
    unused += ("ffmpegmediaplugin", "libQt6Quick", "libQt6Qml", "QtOpenGL.abi3")
    assert not {n for n in names if any(u in n for u in unused)}
    assert not list(internal.glob("PySide6/Qt/lib/libavcodec*"))
    assert list(internal.glob("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so"))
    # Symbol tables stripped where the loaded segments stay as they were: libpython's
    # 17 MB of them go, numpy's patchelf-ed OpenBLAS keeps its own and still loads.
    (libpython,) = internal.glob("libpython3*.so*")
    assert ".symtab" not in sections(libpython)
    assert list(internal.glob("PySide6/Qt/plugins/platforms/libqoffscreen.so"))
    assert list(internal.glob("PySide6/Qt/plugins/platforms/libqxcb.so"))
    assert list(internal.glob("PySide6/Qt/translations/qtbase_zh_CN.qm"))
    assert not list(internal.glob("PySide6/Qt/translations/qtbase_de.qm"))
    assert list(internal.glob("clerk-*.dist-info/entry_points.txt"))
