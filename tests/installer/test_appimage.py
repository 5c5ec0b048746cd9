"""The AppImage is the pinned runtime followed by the squashfs image, and nothing else."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from installer import appimage


def test_a_runtime_that_is_not_the_pinned_file_is_refused(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime-x86_64"
    runtime.write_bytes(b"\x7fELF not the pinned runtime")
    image = tmp_path / "clerk.squashfs"
    image.write_bytes(b"hsqs")

    with pytest.raises(ValueError, match="not the pinned AppImage runtime"):
        appimage.assemble(runtime, image, tmp_path / "clerk.AppImage")
    assert not (tmp_path / "clerk.AppImage").exists()


def test_the_appimage_is_runtime_then_image_and_executable(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.write_bytes(b"\x7fELF" + bytes(range(256)) * 4)
    image = tmp_path / "clerk.squashfs"
    image.write_bytes(b"hsqs" + b"\x00" * 1000)
    pinned = hashlib.sha256(runtime.read_bytes()).hexdigest()

    built = appimage.assemble(runtime, image, tmp_path / "clerk.AppImage", pinned=pinned)

    assert built.read_bytes() == runtime.read_bytes() + image.read_bytes()
    assert os.access(built, os.X_OK)


def test_the_pinned_runtime_is_a_sha256() -> None:
    assert len(appimage.RUNTIME_SHA256) == 64 and int(appimage.RUNTIME_SHA256, 16) >= 0
    assert appimage.RUNTIME_URL.endswith("/runtime-x86_64")
