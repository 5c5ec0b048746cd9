"""The whole build: frozen folder, AppDir, squashfs, MSI, each checked (a few minutes)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from installer import appimage, build


def sections(library: Path) -> str:
    return subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every package, built once for the tests of this module."""
    out = tmp_path_factory.mktemp("build") / "installers"
    assert build.main(["--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_every_package_is_built_and_passes_its_checks(out: Path) -> None:
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
    unused += ("libspeechd",)  # the host's, like libsane
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


@pytest.mark.slow
def test_the_frozen_program_fills_a_demo_database_and_starts_host_programs_with_host_libraries(
    out: Path, tmp_path: Path
) -> None:
    # `clerk demo` runs each past day in a child: the host's faketime starting clerk again.
    # A faketime in front of the real one notes the library path the host program got.
    noted = tmp_path / "library-path"
    spy = tmp_path / "bin" / "faketime"
    spy.parent.mkdir()
    spy.write_text(
        f'#!/bin/sh\necho "${{LD_LIBRARY_PATH-}}" >> {noted}\n'
        'PATH="${PATH#*:}" exec faketime "$@"\n'
    )
    spy.chmod(0o755)
    # The demo's register key goes from clerk to its children when no keyring holds it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"},
        "PATH": f"{spy.parent}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "CLERK_CONFIG_DIR": str(tmp_path / "config"),
        "CLERK_MACHINE_CONFIG_DIR": str(tmp_path / "machine"),
    }
    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    program = out / "dist" / "clerk" / "clerk"

    done = subprocess.run(
        [str(program), "demo", "--days", "1", "--applicants", "2", "--database", database],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr
    assert "演示数据已写入" in done.stdout
    # Without the runtime hook, the host's faketime (and lp, speech-dispatcher) would run
    # with the bundled folder first in LD_LIBRARY_PATH. (OpenCV's loader adds its
    # "cv2/../../lib64", a folder that does not exist.)
    (seen,) = noted.read_text().splitlines()
    frozen = (out / "dist" / "clerk").resolve()
    bundled = [
        entry
        for entry in seen.split(":")
        if entry and Path(entry).resolve().is_dir() and Path(entry).resolve().is_relative_to(frozen)
    ]
    assert bundled == []
