"""The scan panel with a real camera stand-in (an AVI through VideoCapture) and real files."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from bench.make_desk_corpus import write_camera_video
from clerk.gui.camera_thread import CameraThread
from clerk.gui.scan_panel import PAGE_ID, ScanPanel
from clerk.gui.workstation import Workstation
from clerk.scanning import pipeline
from clerk.scanning.codes import Code
from clerk.scanning.live import preview_outline
from clerk.services.accounts import Role
from clerk.services.intake import serve_ticket
from clerk.services.scanning import register_reference_image
from clerk.storage.pages import PageStore
from clerk_scanners.camera import DocumentCamera
from tests.gui.conftest import make_actor
from tests.support.desk import MATERIALS, desk_photo, flat_page, reference_images
from tests.support.vendor import PLUGIN, install_vendor_camera


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("camera") / "desk.avi"
    write_camera_video(path, still=30)
    return path


@pytest.fixture
def panel(ws: Workstation, qtbot: QtBot, tmp_path: Path) -> ScanPanel:
    store = PageStore(tmp_path / "pages", min_free_bytes=0)
    manager = make_actor(ws.db, "manager1", Role.MANAGER)
    for code, image in reference_images().items():
        register_reference_image(ws.db, manager, store, code, image)
    draft = serve_ticket(ws.db, ws.actor)
    widget = ScanPanel(ws, store)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.start(draft.id, MATERIALS)
    qtbot.waitUntil(lambda: widget.session is not None, timeout=20_000)
    return widget


def _texts(panel: ScanPanel) -> dict[str, str]:
    tree = panel.tree
    found = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        assert item is not None
        found[item.text(0)] = item.text(1)
    return found


def _page_items(panel: ScanPanel) -> list[QTreeWidgetItem]:
    tree, found = panel.tree, []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        assert group is not None
        for j in range(group.childCount()):
            child = group.child(j)
            if child is not None and child.data(0, PAGE_ID) is not None:
                found.append(child)
    return sorted(found, key=lambda item: int(item.data(0, PAGE_ID)))


def test_the_camera_previews_captures_by_itself_and_reports_the_unplug(
    panel: ScanPanel, qtbot: QtBot, video: Path
) -> None:
    with qtbot.waitSignal(panel.material_received, timeout=60_000) as received:
        panel.start_camera(DocumentCamera(str(video)))
    assert received.args == ["SQS"]
    assert not panel.preview.pixmap().isNull()
    assert _texts(panel)["食品经营许可申请书"] == "1 页"
    assert _texts(panel)["营业执照副本"] == "缺"
    # The video ends as a camera pulled out would: the panel says so and offers to reconnect.
    qtbot.waitUntil(lambda: panel.camera_button.isVisibleTo(panel), timeout=30_000)
    assert "拔出" in panel.status.text()
    panel.stop_camera()


def test_space_captures_when_automatic_capture_is_off(
    panel: ScanPanel, qtbot: QtBot, video: Path
) -> None:
    panel.auto_box.setChecked(False)
    panel.show()
    qtbot.waitExposed(panel)
    panel.preview.setFocus()
    seen: list[int] = []
    panel.start_camera(DocumentCamera(str(video)))
    assert panel.camera is not None
    panel.camera.preview.connect(lambda _image, page: seen.append(page))
    qtbot.waitUntil(lambda: len(seen) > 12 and all(seen[-9:]), timeout=30_000)  # lying still
    with qtbot.waitSignal(panel.page_kept, timeout=60_000):
        qtbot.keyClick(panel.preview, " ")
    panel.stop_camera()
    assert len(panel.pages_under("SQS")) == 1


def test_files_are_filed_moved_remembered_and_deleted(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    licence = tmp_path / "licence.png"
    other = tmp_path / "note.png"
    cv2.imwrite(str(licence), flat_page("YYZZ")[0])
    cv2.imwrite(str(other), flat_page("OTHER")[0])

    with qtbot.waitSignal(panel.material_received, timeout=60_000) as received:
        panel.add_files([licence, other])
    assert received.args == ["YYZZ"]
    qtbot.waitUntil(lambda: len(panel.pages_under(None)) == 1, timeout=60_000)
    assert _texts(panel)["未识别"] == "1 页"

    (unsorted,) = panel.pages_under(None)
    with qtbot.waitSignal(panel.material_received, timeout=20_000) as moved:
        panel.move_page(unsorted, "ZLHT", remember=True)
    assert moved.args == ["ZLHT"]
    assert "未识别" not in _texts(panel)
    qtbot.waitUntil(lambda: not panel.ws.workers.busy)
    assert panel.session is not None and "ZLHT" in panel.session.references.material_codes

    with qtbot.waitSignal(panel.material_emptied, timeout=20_000) as emptied:
        panel.delete_page(unsorted)
    assert emptied.args == ["ZLHT"]
    assert _texts(panel)["经营场所租赁合同"] == "缺"


def test_a_broken_file_is_told_and_the_panel_goes_on(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really")
    with qtbot.waitSignal(panel.problem, timeout=20_000) as problem:
        panel.add_files([broken])
    assert "broken.jpg" in problem.args[0]
    good = tmp_path / "form.png"
    cv2.imwrite(str(good), flat_page("JKZ")[0])
    with qtbot.waitSignal(panel.material_received, timeout=60_000):
        panel.add_files([good])


def test_the_camera_named_in_the_settings_opens_with_one_click(
    panel: ScanPanel, qtbot: QtBot, video: Path
) -> None:
    panel.ws.settings.set("scanning.camera", str(video))
    assert not panel.camera_button.isHidden()
    with qtbot.waitSignal(panel.material_received, timeout=60_000) as received:
        panel.camera_button.click()
    assert received.args == ["SQS"]
    assert panel.camera_button.isHidden()
    panel.stop_camera()


def test_a_camera_that_cannot_be_opened_is_told_in_chinese(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    panel.ws.settings.set("scanning.camera", str(tmp_path / "no-such-camera.avi"))
    panel.camera_button.click()
    qtbot.waitUntil(lambda: "高拍仪" in panel.status.text(), timeout=20_000)
    assert not panel.camera_button.isHidden()
    assert panel.camera_button.text() == "重新连接高拍仪"


def test_a_vendor_camera_from_the_settings_and_nothing_slow_on_the_gui_thread(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor = install_vendor_camera(tmp_path / "site", monkeypatch)
    photo = tmp_path / "desk.jpg"
    cv2.imwrite(str(photo), desk_photo(flat_page("SQS")[0]))
    decoded_on: list[str] = []

    def decode_codes(image: np.ndarray) -> list[Code]:
        decoded_on.append(threading.current_thread().name)
        return real_decode(image)

    real_decode = pipeline.decode_codes
    monkeypatch.setattr(pipeline, "decode_codes", decode_codes)
    panel.ws.settings.set("scanning.camera_plugin", PLUGIN)
    panel.ws.settings.set("scanning.camera", str(photo))

    with qtbot.waitSignal(panel.material_received, timeout=60_000) as received:
        panel.camera_button.click()
    panel.stop_camera()

    assert received.args == ["SQS"]
    assert not panel.preview.pixmap().isNull()
    (camera,) = vendor.VendorCamera.made
    # Frames are read, and codes decoded, off the GUI thread.
    main = threading.main_thread().name
    assert camera.read_on and main not in camera.read_on
    assert decoded_on and main not in decoded_on


def test_a_page_shows_its_thumbnail_warning_duplicate_and_is_taken_again(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    form = flat_page("JKZ")[0]
    small = tmp_path / "small.png"  # 620 px across: 分辨率不足
    cv2.imwrite(str(small), cv2.resize(form, (form.shape[1] // 2, form.shape[0] // 2)))

    with qtbot.waitSignal(panel.problem, timeout=60_000) as problem:
        panel.add_files([small])
    assert "分辨率不足" in problem.args[0]
    assert "分辨率不足：请重新拍摄。" in panel.status.text()
    (first,) = _page_items(panel)
    first_id = first.data(0, PAGE_ID)
    assert first.text(0) == "第 1 页 ⚠ 分辨率不足"
    assert not first.icon(0).isNull()  # the page's thumbnail
    assert first.icon(0).availableSizes()

    with qtbot.waitSignal(panel.page_kept, timeout=60_000):
        panel.add_files([small])  # the same page again
    qtbot.waitUntil(lambda: len(_page_items(panel)) == 2, timeout=20_000)
    again = _page_items(panel)[1]
    assert again.text(0).startswith("第 2 页") and again.text(0).endswith("（可能重复）")

    panel.tree.setCurrentItem(again)
    assert panel.recapture_button.isEnabled()
    panel.recapture_button.click()
    qtbot.waitUntil(lambda: len(_page_items(panel)) == 1, timeout=20_000)
    assert _page_items(panel)[0].data(0, PAGE_ID) == first_id
    assert panel.status.text() == "请把这一页重新放到高拍仪下。"


def test_a_scanners_hot_folder_fills_the_open_application(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    hot = tmp_path / "hot"
    hot.mkdir()
    cv2.imwrite(str(hot / "scan0001.png"), flat_page("YYZZ")[0])

    with qtbot.waitSignal(panel.material_received, timeout=60_000) as received:
        panel.ws.settings.set("scanning.hot_folder", str(hot))
    assert received.args == ["YYZZ"]
    assert panel.session is not None
    assert [p.source for p in panel.session.pages()] == ["hotfolder:scan0001.png"]
    qtbot.waitUntil(lambda: not (hot / "scan0001.png").exists(), timeout=20_000)
    assert len(list((hot / "archive").rglob("scan0001.png"))) == 1

    # The share goes away: said in Chinese, the pages kept stay.
    with qtbot.waitSignal(panel.problem, timeout=20_000) as problem:
        panel.ws.settings.set("scanning.hot_folder", str(tmp_path / "gone"))
    assert "找不到热文件夹" in problem.args[0]
    assert _texts(panel)["营业执照副本"] == "1 页"


def test_a_broken_page_in_a_hot_folder_file_keeps_and_shows_the_pages_before_it(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path
) -> None:
    hot = tmp_path / "hot"
    hot.mkdir()
    pages = [flat_page("YYZZ")[0], flat_page("SQS")[0]]
    frames = [Image.fromarray(cv2.cvtColor(p, cv2.COLOR_BGR2RGB)) for p in pages]
    tiny = Image.new("RGB", (10, 10), "white")  # the scanner's third page: no page at all
    frames[0].save(hot / "scan0002.tif", save_all=True, append_images=[frames[1], tiny])

    with qtbot.waitSignal(panel.problem, timeout=60_000) as problem:
        panel.ws.settings.set("scanning.hot_folder", str(hot))
    assert "scan0002.tif" in problem.args[0] and "图像太小" in problem.args[0]
    assert panel.status.text() == problem.args[0]
    # The two pages before it are filed and shown; the file stays for another try.
    assert panel.session is not None
    sources = [p.source for p in panel.session.pages()]
    assert sources == ["hotfolder:scan0002.tif#1", "hotfolder:scan0002.tif#2"]
    assert len(_page_items(panel)) == 2
    assert _texts(panel)["营业执照副本"] == "1 页"
    assert (hot / "scan0002.tif").exists()


def test_no_scan_button_before_a_draft_where_no_scanner_is_set_up(
    ws: Workstation, qtbot: QtBot, tmp_path: Path
) -> None:
    widget = ScanPanel(ws, PageStore(tmp_path / "pages", min_free_bytes=0))
    qtbot.addWidget(widget)
    assert widget.scanner_button.isHidden()


def test_the_scan_button_scans_with_the_scanner_in_the_settings(
    panel: ScanPanel, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert panel.scanner_button.isHidden()  # no scanner set up
    (tmp_path / "sane").mkdir()
    (tmp_path / "sane" / "dll.conf").write_text("test\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(tmp_path / "sane"))  # SANE's test backend
    assert panel.context is not None
    draft_id = panel.context.draft_id

    panel.ws.settings.set("scanning.scanner", "nosuch:0")
    panel.start(draft_id, MATERIALS)
    qtbot.waitUntil(lambda: panel.session is not None, timeout=20_000)
    assert not panel.scanner_button.isHidden()
    panel.scanner_button.click()
    assert "未安装名为“nosuch”的图像来源插件" in panel.status.text()

    panel.ws.settings.set("scanning.scanner", "sane:test:0")
    with qtbot.waitSignal(panel.page_kept, timeout=60_000) as kept:
        panel.scanner_button.click()
    assert panel.session is not None
    (page,) = [p for p in panel.session.pages() if p.id == kept.args[0]]
    assert page.source == "sane:test:0#1"
    # Every page the scanner gave is kept and shown, in order (one from the flatbed; the
    # test backend remembers a feeder chosen earlier in the process, which gives ten).
    qtbot.waitUntil(lambda: not panel.ws.workers.busy, timeout=60_000)
    sources = [p.source for p in panel.session.pages()]
    assert sources == [f"sane:test:0#{i + 1}" for i in range(len(sources))]
    assert len(_page_items(panel)) == len(sources)


def test_the_preview_draws_the_sheets_outline(video: Path, qtbot: QtBot) -> None:
    camera = DocumentCamera(str(video))
    camera.open()
    frames = [camera.read() for _ in range(20)]  # 3 empty frames, the sheet slides in, lies
    camera.close()
    empty, still = frames[0], frames[-1]
    assert preview_outline(empty) is None
    outline = preview_outline(still)
    assert outline is not None

    drawn = CameraThread._draw(still, outline)
    scale = drawn.width() / still.shape[1]
    assert (drawn.width(), drawn.height()) == (960, 540)
    for x, y in np.round(outline.corners * scale).astype(int):
        colour = drawn.pixelColor(int(x), int(y))
        assert (colour.red(), colour.green(), colour.blue()) == (60, 200, 60)
    plain = CameraThread._draw(empty, None)
    x, y = np.round(outline.corners[0] * scale).astype(int)
    colour = plain.pixelColor(int(x), int(y))
    assert (colour.red(), colour.green(), colour.blue()) != (60, 200, 60)
