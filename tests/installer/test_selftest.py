"""`clerk --self-test`: passes on a good installation, names what fails in Chinese and English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clerk import selftest

CLERK = Path(sys.executable).with_name("clerk")


def test_the_clerk_command_runs_every_check_and_exits_0() -> None:
    done = subprocess.run(
        [str(CLERK), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for check in selftest.CHECKS:
        assert f"ok  {check.zh} / {check.en}" in done.stdout
    assert "decoded 'clerk 自检 self-test'" in done.stdout
    assert "platform offscreen" in done.stdout
    assert "image sequence read (132x132); cameras: V4L2" in done.stdout
    assert done.stdout.rstrip().endswith("自检通过 / self-test passed")


def test_a_failing_check_is_named_and_the_others_still_run(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The bundled image holds another text than the one now expected: decoding "fails".
    monkeypatch.setattr(selftest, "CODE_TEXT", "another code")
    checks = tuple(c for c in selftest.CHECKS if c.en in ("code decoding", "Qt offscreen"))

    assert selftest.run(checks) == 1

    out, err = capsys.readouterr()
    assert "自检失败：条码识别 / self-test failed: code decoding" in err
    assert "decoded ['clerk 自检 self-test']" in err
    assert "ok  图形界面 / Qt offscreen" in out
    assert "自检未通过 / self-test FAILED: 条码识别 / code decoding" in err


def test_an_unexpected_error_is_reported_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The code image is missing from the package: cv2 reads nothing.
    monkeypatch.setattr(selftest, "CODE_IMAGE", ("selftest", "missing.png"))
    checks = tuple(c for c in selftest.CHECKS if c.en == "code decoding")

    assert selftest.run(checks) == 1

    err = capsys.readouterr().err
    assert "self-test failed: code decoding: cannot read" in err
    assert "missing.png" in err


def test_an_opencv_without_the_camera_backend_fails_the_camera_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As if the packaged OpenCV had been built without V4L2: no document camera would open.
    monkeypatch.setitem(selftest.CAMERA_BACKENDS, sys.platform, "NO_SUCH_BACKEND")
    checks = tuple(c for c in selftest.CHECKS if c.en == "camera capture")

    assert selftest.run(checks) == 1

    err = capsys.readouterr().err
    assert "自检失败：摄像头接口 / self-test failed: camera capture" in err
    assert "OpenCV has no NO_SUCH_BACKEND camera backend (only ['V4L2'" in err
