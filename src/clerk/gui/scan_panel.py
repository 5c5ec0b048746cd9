"""The scan panel the intake page embeds: live preview, pages under each checklist material.

The camera runs on its own thread (``clerk.gui.camera_thread``). Captures are analysed
and kept one after another in the panel's ``JobLane`` on the shell's workers, which keeps
the page order; the lane is held while no draft's session is open, so what arrives then
is kept under the next draft. The GUI thread only paints and reacts.

Scanners arrive two ways, both named in the settings: the hot folder a network scanner
writes into (``scanning.hot_folder``, looked at on a worker every ``HOT_FOLDER_POLL_MS``;
a finished file's pages join the queue, then the file is archived) and a scanner plugin
behind the Scan button (``scanning.scanner`` = ``plugin:device``, e.g. ``sane:…``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.catalogue import MaterialSpec
from clerk.domain.errors import ClerkError
from clerk.gui.camera_thread import CameraThread, to_qimage
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation
from clerk.plugin_api import Capture, LiveSource, PageSource, SourceError
from clerk.scanning.files import ImageFiles
from clerk.scanning.hotfolder import HotFolder
from clerk.scanning.sources import configured_camera, open_source
from clerk.services import scanning
from clerk.services.accounts import Actor
from clerk.storage.db import Database
from clerk.storage.pages import PageStore

log = logging.getLogger(__name__)

HOT_FOLDER_POLL_MS = 1000
HOT_FOLDER_RETRY_S = 30.0  # after a failure (folder gone, disk full, broken file)
THUMB = 96
PAGE_ID = Qt.ItemDataRole.UserRole
UNSORTED = ""


@dataclass
class ScanContext:
    draft_id: int
    materials: tuple[MaterialSpec, ...]
    applicant_code: str = ""


class ScanPanel(QWidget):
    """Live preview, thumbnails under each checklist material, page actions."""

    material_received = Signal(str)  # a material got its first page
    material_emptied = Signal(str)  # a material's last page was moved away or deleted
    page_kept = Signal(int)
    problem = Signal(str)  # a quality warning or an error, for the page's status line

    def __init__(
        self, ws: Workstation, store: PageStore | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.store = store or PageStore.configured(ws.settings)
        self.context: ScanContext | None = None
        self.session: scanning.ScanSession | None = None
        self.camera: CameraThread | None = None
        self.lane = JobLane(ws.workers, self)
        self.lane.hold()  # until a draft's session is open
        self._pages: list[scanning.PageView] = []
        self._thumbs: dict[int, QIcon] = {}
        self._filled: set[str] = set()

        self.preview = QLabel(self.tr("No camera"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #202020; color: #d0d0d0;")
        self.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # space goes to the camera
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.capture_button = QPushButton(self.tr("Capture (Space)"))
        self.auto_box = QCheckBox(self.tr("Capture when still"))
        self.auto_box.setChecked(True)
        self.files_button = QPushButton(self.tr("Add files…"))
        # Opens the document camera named in the settings; after an unplug it reconnects.
        self.camera_button = QPushButton(self.tr("Open camera"))
        # Scans with the scanner named in the settings; hidden when none is.
        self.scanner_button = QPushButton(self.tr("Scan"))
        self.scanner_button.setVisible(self._has_scanner())

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Material"), self.tr("Pages")])
        self.tree.setIconSize(QSize(THUMB, THUMB))
        self.tree.setColumnWidth(0, 300)
        self.move_to = QComboBox()
        self.remember = QCheckBox(self.tr("Remember this form"))
        self.move_button = QPushButton(self.tr("Move page"))
        self.delete_button = QPushButton(self.tr("Delete page"))
        self.recapture_button = QPushButton(self.tr("Recapture"))

        buttons = QHBoxLayout()
        for widget in (
            self.capture_button,
            self.auto_box,
            self.files_button,
            self.camera_button,
            self.scanner_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.preview, 1)
        left.addLayout(buttons)
        left.addWidget(self.status)
        actions = QHBoxLayout()
        action_widgets: tuple[QWidget, ...] = (
            self.move_to,
            self.remember,
            self.move_button,
            self.delete_button,
            self.recapture_button,
        )
        for action in action_widgets:
            actions.addWidget(action)
        right = QVBoxLayout()
        right.addWidget(self.tree, 1)
        right.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.capture_button.clicked.connect(self.capture)
        self.auto_box.toggled.connect(self._auto_toggled)
        self.files_button.clicked.connect(self._choose_files)
        self.camera_button.clicked.connect(self._reconnect)
        self.scanner_button.clicked.connect(self.scan)
        self.move_button.clicked.connect(self._move_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.recapture_button.clicked.connect(self._recapture_selected)
        self.tree.currentItemChanged.connect(self._update_actions)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        space.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        space.activated.connect(self.capture)
        self._camera_source: LiveSource | None = None
        self._hot_folder: HotFolder | None = None
        self._hot_looking = False
        self._hot_problem = ""  # told once until the hot folder answers again
        self._hot_paused_until = 0.0
        self._hot_timer = QTimer(self)
        self._hot_timer.setInterval(HOT_FOLDER_POLL_MS)
        self._hot_timer.timeout.connect(self._look_at_hot_folder)
        self._hot_timer.start()
        self._update_actions()

    def _has_scanner(self) -> bool:
        """The Scan button is shown only where IT named a scanner (``scanning.scanner``)."""
        return bool(self.ws.settings.get("scanning.scanner"))

    # --- the draft and the camera -------------------------------------------------

    def start(
        self, draft_id: int, materials: Sequence[MaterialSpec], applicant_code: str = ""
    ) -> None:
        """Scan for this draft's checklist; its pages already kept are shown."""
        self.context = ScanContext(draft_id, tuple(materials), applicant_code)
        self.session = None
        self.lane.hold()
        self.scanner_button.setVisible(self._has_scanner())
        self.move_to.clear()
        for material in materials:
            self.move_to.addItem(material.name, material.code)
        self.move_to.addItem(self.tr("Not a checklist material"), UNSORTED)
        db, actor, store, context = self.ws.db, self.ws.actor, self.store, self.context

        def open_session() -> tuple[
            scanning.ScanSession, list[tuple[scanning.PageView, np.ndarray]]
        ]:
            session = scanning.ScanSession(
                db, actor, store, context.draft_id, context.materials, context.applicant_code
            )
            pages = session.pages()
            return session, [(p, _thumb(db, actor, store, p)) for p in pages]

        self.ws.workers.run(open_session, self._session_open, self._failed, owner=self)

    def _session_open(
        self, result: tuple[scanning.ScanSession, list[tuple[scanning.PageView, np.ndarray]]]
    ) -> None:
        self.session, pages = result
        self._pages = [p for p, _ in pages]
        self._thumbs = {p.id: QIcon(QPixmap.fromImage(to_qimage(t))) for p, t in pages}
        self._filled = {p.material_code for p in self._pages if p.material_code}
        self._rebuild()
        self.lane.release()

    def start_camera(self, camera: LiveSource) -> None:
        self.stop_camera()
        self._camera_source = camera
        self.camera = CameraThread(camera, self.auto_box.isChecked(), self)
        self.camera.preview.connect(self._show_frame)
        self.camera.captured.connect(self.enqueue)
        self.camera.failed.connect(self._camera_failed)
        self.camera_button.hide()
        self.camera.start()

    def stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.requestInterruption()
            self.camera.wait()
            self.camera.deleteLater()
            self.camera = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._hot_timer.stop()
        self.stop_camera()
        super().closeEvent(event)

    @Slot()
    def capture(self) -> None:
        if self.camera is not None and self.camera.isRunning():
            self.camera.capture_now()

    @Slot(bool)
    def _auto_toggled(self, on: bool) -> None:
        if self.camera is not None:
            self.camera.auto.enabled = on

    @Slot(QImage, int)
    def _show_frame(self, image: QImage, page_seen: int) -> None:
        pixmap = QPixmap.fromImage(image)
        size = self.preview.size()
        if pixmap.width() > size.width() or pixmap.height() > size.height():
            pixmap = pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        self.preview.setPixmap(pixmap)

    @Slot(str)
    def _camera_failed(self, message: str) -> None:
        self.preview.setText(message)
        self.status.setText(message)
        self.camera_button.setText(self.tr("Reconnect camera"))
        self.camera_button.show()
        self.problem.emit(message)

    @Slot()
    def _reconnect(self) -> None:
        if self._camera_source is None:
            try:
                self._camera_source = configured_camera(self.ws.settings)
            except ClerkError as exc:
                self._camera_failed(exc.message)
                return
        self.start_camera(self._camera_source)

    # --- captures, one at a time ---------------------------------------------------

    @Slot(object)
    def enqueue(self, capture: Capture) -> None:
        self._take(capture)

    def add_files(self, paths: Sequence[Path]) -> None:
        """Every page of these files, after what is already queued."""
        self._take(ImageFiles(paths))

    @Slot()
    def scan(self) -> None:
        """Scan with the scanner the settings name (``plugin:device``): every page it gives."""
        plugin, _, device = self.ws.settings.get("scanning.scanner").partition(":")
        try:
            source = open_source(plugin, device=device)
        except ClerkError as exc:
            self._failed(exc)
            return
        if not isinstance(source, PageSource):
            self._failed(SourceError(f"图像来源插件“{plugin}”不是扫描仪。", repr(source)))
            return
        self._take(source)

    @Slot()
    def _look_at_hot_folder(self) -> None:
        """On a worker: which files in the hot folder are finished; they join the queue."""
        folder = self.ws.settings.get("scanning.hot_folder")
        if not folder:
            self._hot_folder = None
            return
        if self._hot_looking or not self.lane.idle or self.session is None:
            return
        if time.monotonic() < self._hot_paused_until:
            return
        if self._hot_folder is None or str(self._hot_folder.folder) != folder:
            self._hot_folder = HotFolder(folder)
        hot = self._hot_folder
        self._hot_looking = True
        self.ws.workers.run(
            hot.finished_files,
            lambda ready: self._hot_folder_ready(hot, ready),
            self._hot_folder_failed,
            owner=self,
        )

    def _hot_folder_ready(self, hot: HotFolder, ready: list[Path]) -> None:
        self._hot_looking = False
        self._hot_problem = ""
        current = self._hot_folder  # None or another folder: the settings changed meanwhile
        if ready and current is not None and hot is current:
            self._take(current)

    def _hot_folder_failed(self, error: ClerkError) -> None:
        """Looking or taking failed: the files stay; told once, tried again after a pause."""
        self._hot_looking = False
        self._hot_paused_until = time.monotonic() + HOT_FOLDER_RETRY_S
        if error.message != self._hot_problem:
            self._hot_problem = error.message
            self.status.setText(error.message)
            self.problem.emit(error.message)

    @Slot()
    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add scanned files"),
            "",
            self.tr("Images and PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"),
        )
        if names:
            self.add_files([Path(n) for n in names])

    def _take(self, job: Capture | PageSource) -> None:
        """Keep the capture, or every page the source gives, after what is already queued."""
        failed = self._hot_folder_failed if isinstance(job, HotFolder) else self._failed
        self.lane.run_when_due(
            lambda: self._taking(job), lambda outcome: self._taken(*outcome, failed), failed
        )

    def _taking(
        self, job: Capture | PageSource
    ) -> Callable[[], tuple[list[tuple[scanning.PageView, np.ndarray]], ClerkError | None]]:
        """When the job's turn comes: the work for the session open then."""
        session, db, actor, store = self.session, self.ws.db, self.ws.actor, self.store
        assert session is not None  # the lane is held while no session is open
        self.status.setText(self.tr("Reading the page…"))

        def take() -> tuple[list[tuple[scanning.PageView, np.ndarray]], ClerkError | None]:
            # Files are decoded page by page here, on the worker, never all at once. The
            # pages kept before a failure (a broken third page) are filed: shown too.
            taken = []
            try:
                for capture in [job] if isinstance(job, Capture) else job.pages():
                    view = session.take(capture)
                    taken.append((view, _thumb(db, actor, store, view)))
            except ClerkError as error:
                if not taken:
                    raise
                log.info("%s (%s)", error.message, error.detail)
                # Without its traceback: the frames it holds (page images) go now.
                return taken, error.with_traceback(None)
            return taken, None

        return take

    def _taken(
        self,
        results: list[tuple[scanning.PageView, np.ndarray]],
        error: ClerkError | None,
        failed: Callable[[ClerkError], None],
    ) -> None:
        for view, thumb in results:
            self._pages.append(view)
            self._thumbs[view.id] = QIcon(QPixmap.fromImage(to_qimage(thumb)))
            self.page_kept.emit(view.id)
        if results:
            self._say(results[-1][0])
        self._rebuild()
        if error is not None:
            failed(error)  # told after the pages it did keep

    def _say(self, view: scanning.PageView) -> None:
        names = {m.code: m.name for m in self.context.materials} if self.context else {}
        if view.material_code:
            text = (
                self.tr("Page %1: %2")
                .replace("%1", str(view.position))
                .replace("%2", names.get(view.material_code, view.material_code))
            )
        else:
            text = self.tr(
                "Page %1 not recognised: choose its material and press Move page."
            ).replace("%1", str(view.position))
        warnings = list(view.notes)
        if view.problems:
            warnings.insert(0, "、".join(view.problems) + self.tr(": please capture again."))
        if warnings:
            text += "\n" + "\n".join(warnings)
            self.problem.emit(" ".join(warnings))
        self.status.setText(text)

    def _failed(self, error: ClerkError) -> None:
        self.status.setText(error.message)
        self.problem.emit(error.message)

    # --- the tree of materials and pages ----------------------------------------------

    def _rebuild(self) -> None:
        if self.context is None:
            return
        selected = self.selected_page()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for material in self.context.materials:
            item = QTreeWidgetItem([material.name, ""])
            groups[material.code] = item
        groups[UNSORTED] = QTreeWidgetItem([self.tr("Not recognised"), ""])
        for page in self._pages:
            parent = groups.get(page.material_code or UNSORTED, groups[UNSORTED])
            label = self.tr("Page %1").replace("%1", str(page.position))
            if page.problems:
                label += " ⚠ " + "、".join(page.problems)
            if page.duplicate_of is not None:
                label += " " + self.tr("(duplicate?)")
            child = QTreeWidgetItem([label, ", ".join(c.format for c in page.codes)])
            child.setData(0, PAGE_ID, page.id)
            if page.id in self._thumbs:
                child.setIcon(0, self._thumbs[page.id])
            parent.addChild(child)
        for code, item in groups.items():
            count = item.childCount()
            item.setText(
                1, self.tr("%1 page(s)").replace("%1", str(count)) if count else self.tr("missing")
            )
            if code != UNSORTED or count:
                self.tree.addTopLevelItem(item)
            item.setExpanded(True)
            for index in range(item.childCount()):
                page_item = item.child(index)
                if page_item is not None and page_item.data(0, PAGE_ID) == selected:
                    self.tree.setCurrentItem(page_item)
        filled = {p.material_code for p in self._pages if p.material_code}
        for code in sorted(filled - self._filled):
            self.material_received.emit(code)
        for code in sorted(self._filled - filled):
            self.material_emptied.emit(code)
        self._filled = filled
        self._update_actions()

    def selected_page(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, PAGE_ID) if item is not None else None
        return int(value) if value is not None else None

    def pages_under(self, code: str | None) -> list[int]:
        return [p.id for p in self._pages if p.material_code == code]

    @Slot()
    def _update_actions(self) -> None:
        has_page = self.selected_page() is not None
        for widget in (
            self.move_button,
            self.delete_button,
            self.recapture_button,
            self.move_to,
            self.remember,
        ):
            widget.setEnabled(has_page)

    def move_page(self, page_id: int, code: str | None, remember: bool = False) -> None:
        db, actor = self.ws.db, self.ws.actor

        def move() -> scanning.PageView:
            view = scanning.file_page(db, actor, page_id, code)
            if remember and code:
                scanning.register_reference_from_page(db, actor, page_id, code)
                if self.session is not None:  # the new form is recognised from now on
                    self.session.references = scanning.load_references(
                        db, self.store, [m.code for m in self.session.materials]
                    )
            return view

        self.ws.workers.run(move, self._replaced, self._failed, owner=self)

    def delete_page(self, page_id: int) -> None:
        db, actor, store = self.ws.db, self.ws.actor, self.store
        self.ws.workers.run(
            lambda: scanning.delete_page(db, actor, store, page_id),
            lambda _: self._removed(page_id),
            self._failed,
            owner=self,
        )

    def _replaced(self, view: scanning.PageView) -> None:
        self._pages = [view if p.id == view.id else p for p in self._pages]
        self._rebuild()

    def _removed(self, page_id: int) -> None:
        self._pages = [p for p in self._pages if p.id != page_id]
        self._thumbs.pop(page_id, None)
        self._rebuild()

    @Slot()
    def _move_selected(self) -> None:
        page_id = self.selected_page()
        if page_id is not None:
            code = self.move_to.currentData() or None
            self.move_page(page_id, code, self.remember.isChecked())

    @Slot()
    def _delete_selected(self) -> None:
        page_id = self.selected_page()
        if page_id is not None:
            self.delete_page(page_id)

    @Slot()
    def _recapture_selected(self) -> None:
        page_id = self.selected_page()
        if page_id is not None:
            self.delete_page(page_id)
            self.status.setText(self.tr("Lay the page under the camera again."))
            if self.camera is not None:
                self.camera.auto.reset()


def _thumb(db: Database, actor: Actor, store: PageStore, view: scanning.PageView) -> np.ndarray:
    return scanning.thumbnail(scanning.page_image(db, actor, store, view.id), 96)
