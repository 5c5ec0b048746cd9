"""Plugins found through entry points; files and SANE sources deliver pages."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PIL import Image

from clerk.plugin_api import LiveSource, SourceError
from clerk.scanning.files import ImageFiles
from clerk.scanning.pipeline import process
from clerk.scanning.sources import available, configured_camera, open_source
from clerk.settings import Settings
from clerk_scanners.camera import DocumentCamera
from clerk_scanners.sane_scanner import SaneScanner
from tests.support.desk import MATERIALS, desk_photo, flat_page, reference_index
from tests.support.vendor import PLUGIN, install_vendor_camera


def test_the_plugins_are_found_by_entry_point() -> None:
    assert {"camera", "files", "hotfolder", "sane", "wia"} <= set(available())
    assert isinstance(open_source("files", paths=[]), ImageFiles)
    with pytest.raises(SourceError, match="未安装"):
        open_source("vendor-x")


def test_a_vendor_camera_is_a_plugin_of_its_own_chosen_in_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.load()
    assert isinstance(configured_camera(settings), DocumentCamera)  # clerk's own by default

    vendor = install_vendor_camera(tmp_path / "site", monkeypatch)
    photo = tmp_path / "desk.jpg"
    cv2.imwrite(str(photo), desk_photo(flat_page("JKZ")[0]))
    settings.set("scanning.camera_plugin", PLUGIN)
    settings.set("scanning.camera", str(photo))
    settings.set("scanning.camera_resolution", "4000x3000")

    assert PLUGIN in available()
    camera = configured_camera(settings)
    assert isinstance(camera, LiveSource) and camera is vendor.VendorCamera.made[-1]
    assert camera.size == (4000, 3000)
    camera.open()
    page = process(camera.read(), f"camera:{camera.title}", MATERIALS, reference_index())
    camera.close()
    assert page.identification.material_code == "JKZ" and page.identification.accepted


def test_a_plugin_that_refuses_its_options_is_told_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_vendor_camera(tmp_path / "site", monkeypatch)
    with pytest.raises(SourceError, match=f"“{PLUGIN}”无法按当前设置创建"):
        open_source(PLUGIN, port="COM3")
    settings = Settings.load()
    settings.set("scanning.camera_plugin", "files")  # a plugin, but not a camera's
    with pytest.raises(SourceError, match="“files”"):
        configured_camera(settings)


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
