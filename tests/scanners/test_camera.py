"""The document camera plugin through real VideoCapture, on an AVI and an image sequence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.make_desk_corpus import write_camera_sequence, write_camera_video
from clerk.plugin_api import LiveSource, SourceError
from clerk.scanning.live import AutoCapture, preview_outline
from clerk_scanners.camera import DocumentCamera


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("camera") / "desk.avi"
    return path, write_camera_video(path)


def test_frames_come_through_videocapture_until_the_camera_is_gone(video: tuple[Path, int]) -> None:
    path, count = video
    camera = DocumentCamera(str(path), width=1920, height=1080)
    assert isinstance(camera, LiveSource)
    camera.open()
    assert camera.frame_size == (1920, 1080)
    frames = [camera.read() for _ in range(count)]
    assert all(f.shape == (1080, 1920, 3) for f in frames)
    # The file ends like a camera pulled out mid-preview: a clear message, no crash.
    with pytest.raises(SourceError, match="拔出"):
        camera.read()
    camera.close()


def test_auto_capture_takes_the_still_sheet_once(video: tuple[Path, int]) -> None:
    path, count = video
    camera = DocumentCamera(str(path))
    auto = AutoCapture()
    taken, outlined = [], 0
    for index in range(count):
        frame = camera.read()
        outline = preview_outline(frame)
        outlined += outline is not None
        if auto.update(frame, outline):
            taken.append(index)
    camera.close()
    # 3 empty frames, 6 sliding in (blurred), 12 still, 1 moved away.
    assert len(taken) == 1 and 9 <= taken[0] < 21
    assert outlined >= 12


def test_an_image_sequence_plays_as_a_camera(tmp_path: Path) -> None:
    pattern = write_camera_sequence(tmp_path / "frames", size=(960, 540))
    camera = DocumentCamera(pattern)
    camera.open()
    first = camera.read()
    assert first.shape == (540, 960, 3)
    camera.close()


def test_a_camera_that_is_not_there(tmp_path: Path) -> None:
    camera = DocumentCamera(str(tmp_path / "no-such-camera.avi"))
    with pytest.raises(SourceError, match="无法打开高拍仪"):
        camera.open()


def test_resolution_focus_and_exposure_are_asked_and_what_comes_is_reported(
    video: tuple[Path, int],
) -> None:
    path, _count = video
    camera = DocumentCamera(str(path), width=4000, height=3000, focus=30, exposure=-6)
    camera.open()
    # A video file, like a camera without these controls, keeps its own size: the frame
    # size it actually gives is what is reported, and frames come as before.
    assert camera.frame_size == (1920, 1080)
    assert camera.read().shape == (1080, 1920, 3)
    camera.close()
