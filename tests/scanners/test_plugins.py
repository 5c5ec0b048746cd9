"""Plugins found through entry points; files and SANE sources deliver pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from clerk.scanning.sources import SourceError, available, open_source
from clerk_scanners.files import ImageFiles
from clerk_scanners.sane_scanner import SaneScanner


def test_the_plugins_are_found_by_entry_point() -> None:
    assert {"camera", "files", "hotfolder", "sane", "wia"} <= set(available())
    assert isinstance(open_source("files", paths=[]), ImageFiles)
    with pytest.raises(SourceError, match="未安装"):
        open_source("vendor-x")


def test_files_deliver_every_page_in_order(tmp_path: Path) -> None:
    first = tmp_path / "one.png"
    Image.new("RGB", (200, 100), "white").save(first)
    multi = tmp_path / "two.tif"
    pages = [Image.new("RGB", (80, 60), (i * 90, 0, 0)) for i in range(2)]
    pages[0].save(multi, save_all=True, append_images=pages[1:])
    source = open_source("files", paths=[first, multi])
    assert [c.source for c in source.pages()] == [
        "file:one.png",
        "file:two.tif#1",
        "file:two.tif#2",
    ]


@pytest.fixture
def sane_test_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SANE's own test backend, enabled in a private configuration folder."""
    (tmp_path / "dll.conf").write_text("test\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(tmp_path))


def test_sane_flatbed_and_feeder(sane_test_backend: None) -> None:
    flatbed = list(SaneScanner("test:0", source="Flatbed", resolution=50).pages())
    feeder = list(SaneScanner("test:0", source="Automatic Document Feeder", resolution=50).pages())
    assert len(flatbed) == 1 and flatbed[0].image.ndim == 3
    assert len(feeder) == 10  # the test backend's feeder holds ten sheets
    assert feeder[-1].source == "sane:test:0#10"


def test_sane_without_the_device(sane_test_backend: None) -> None:
    with pytest.raises(SourceError, match="无法打开扫描仪"):
        list(SaneScanner("test:99").pages())
