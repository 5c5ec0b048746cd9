"""The hot folder: a file is taken once it is complete, archived after, kept on failure."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from clerk.plugin_api import PageSource, SourceError
from clerk.scanning.hotfolder import HotFolder


def _jpeg(colour: int = 200) -> bytes:
    _ok, data = cv2.imencode(".jpg", np.full((400, 300, 3), colour, np.uint8))
    return data.tobytes()


def _look(folder: HotFolder, now: float) -> list[Path]:
    return folder.finished_files(now=now)


def test_a_file_still_being_written_is_not_taken(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path, settle_seconds=2)
    data = _jpeg()
    path = tmp_path / "scan001.jpg"
    path.write_bytes(data[:1000])
    assert _look(hot, 0.0) == []
    path.write_bytes(data)  # the scanner writes the rest
    assert _look(hot, 1.0) == []
    assert _look(hot, 2.5) == []  # changed since: the clock starts again
    assert _look(hot, 5.0) == [path]


def test_a_finished_file_is_taken_once_and_archived(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path / "in", settle_seconds=0, min_free_bytes=0)
    hot.folder.mkdir()
    (hot.folder / "a.jpg").write_bytes(_jpeg())
    assert isinstance(hot, PageSource)
    assert list(hot.pages()) == []  # first look: not yet known to be still
    taken = list(hot.pages())
    assert [c.source for c in taken] == ["hotfolder:a.jpg"] and not taken[0].on_desk
    assert not (hot.folder / "a.jpg").exists()
    assert len(list(hot.archive.rglob("a.jpg"))) == 1
    assert list(hot.pages()) == []  # never twice


def test_a_page_that_could_not_be_kept_stays_in_the_folder(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path, settle_seconds=0, min_free_bytes=0)
    (tmp_path / "b.jpg").write_bytes(_jpeg())
    hot.finished_files()
    pages = hot.pages()
    next(pages)  # the consumer fails to keep it and stops here
    pages.close()
    assert (tmp_path / "b.jpg").exists()
    assert [c.source for c in hot.pages()] == ["hotfolder:b.jpg"]  # taken again


def _tiff(path: Path, shades: list[int]) -> None:
    frames = [Image.fromarray(np.full((400, 300), shade, np.uint8)) for shade in shades]
    frames[0].save(path, save_all=True, append_images=frames[1:])


def test_a_file_kept_in_part_is_taken_again_from_the_first_page_not_kept(
    tmp_path: Path,
) -> None:
    hot = HotFolder(tmp_path, settle_seconds=0, min_free_bytes=0)
    _tiff(tmp_path / "e.tif", [40, 120, 200])
    hot.finished_files()
    pages = hot.pages()
    next(pages)  # page 1 kept …
    next(pages)  # … page 2 handed over, and keeping it fails: the consumer stops
    pages.close()
    assert (tmp_path / "e.tif").exists()
    again = list(hot.pages())
    assert [c.source for c in again] == ["hotfolder:e.tif#2", "hotfolder:e.tif#3"]
    assert [int(c.image.mean()) for c in again] == [120, 200]
    assert not (tmp_path / "e.tif").exists()  # all three kept: archived

    # A new file under the same name is a new scan: taken whole.
    _tiff(tmp_path / "e.tif", [60, 90])
    hot.finished_files()
    pages = hot.pages()
    next(pages)
    pages.close()
    assert [c.source for c in hot.pages()] == ["hotfolder:e.tif#1", "hotfolder:e.tif#2"]


def test_a_full_disk_leaves_the_file_where_it_is(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path, settle_seconds=0, min_free_bytes=10**18)  # the quota is spent
    (tmp_path / "c.jpg").write_bytes(_jpeg())
    hot.finished_files()
    with pytest.raises(SourceError, match="磁盘空间不足") as raised:
        list(hot.pages())
    assert "未丢失" in raised.value.message
    assert (tmp_path / "c.jpg").exists()


def test_a_broken_file_names_itself(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path, settle_seconds=0, min_free_bytes=0)
    (tmp_path / "d.jpg").write_bytes(_jpeg()[:500])
    hot.finished_files()
    with pytest.raises(Exception, match="d.jpg"):
        list(hot.pages())
    assert (tmp_path / "d.jpg").exists()


def test_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="找不到热文件夹"):
        HotFolder(tmp_path / "share").finished_files()
