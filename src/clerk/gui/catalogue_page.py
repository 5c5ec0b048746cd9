"""The 目录 page: search as you type, a matter's material table, a bundle's merged list."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import ClerkError
from clerk.domain.search import Hit, SearchIndex
from clerk.gui.catalogue_models import ChecklistModel, HitsModel
from clerk.gui.forms.ui_catalogue_page import Ui_CataloguePage
from clerk.gui.workstation import Workstation
from clerk.services.catalogue import load_catalogue, load_search_index

SEARCH_LIMIT = 100
# Material table columns sized to their content on each matter or bundle, with a cap.
_MATERIAL_WIDTHS = {0: 240, 1: 200, 2: 60, 3: 220, 4: 140, 6: 140, ChecklistModel.NEEDED_BY: 220}


class CataloguePage(QWidget):
    """Loads the latest catalogue version and its search index off the GUI thread."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CataloguePage()
        self.ui.setupUi(self)
        self._ws = ws
        self.catalogue: Catalogue | None = None
        self._index: SearchIndex | None = None
        self.hits_model = HitsModel(self)
        self.checklist_model = ChecklistModel(self)
        self.ui.hits.setModel(self.hits_model)
        self.ui.materials.setModel(self.checklist_model)
        # One line per material (the full text is in the tooltip); the acceptance
        # standard takes the width that is left.
        # Widths are measured from the text in Python rather than by ResizeToContents
        # header modes, which ask the model for every cell on every reset (a keystroke).
        hits_header = self.ui.hits.horizontalHeader()
        hits_header.setStretchLastSection(False)
        hits_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._fit(self.ui.hits, 0)
        self.ui.hits.setColumnWidth(2, 120)
        # One line per material (the full text is in the tooltip); the acceptance
        # standard takes the width that is left.
        header = self.ui.materials.horizontalHeader()
        header.setSectionResizeMode(ChecklistModel.STANDARD, QHeaderView.ResizeMode.Stretch)
        # The detail gets the room; the hits list keeps its width when the window grows.
        self.ui.splitter.setStretchFactor(0, 0)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([360, 840])
        self._emphasise(self.ui.title, 1.3)
        self._emphasise(self.ui.saving, 1.0)
        self.setFocusProxy(self.ui.search)

        self.ui.search.textChanged.connect(self.search)
        self.ui.search.returnPressed.connect(self.ui.hits.setFocus)
        selection = self.ui.hits.selectionModel()
        selection.currentRowChanged.connect(self._current_hit_changed)
        reload = QAction(self.tr("Reload the catalogue"), self)
        reload.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        reload.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.triggered.connect(self.reload)
        self.addAction(reload)
        self.show_hit(None)
        self.reload()

    @staticmethod
    def _fit(table: QTableView, column: int, widest: int = 10_000) -> None:
        """Size a column to its header and cells, at most ``widest`` pixels."""
        model = table.model()
        metrics = table.fontMetrics()
        texts = [model.headerData(column, Qt.Orientation.Horizontal)]
        if column == 0 and isinstance(model, HitsModel):
            texts += model.kinds()
        else:
            texts += [model.index(row, column).data() for row in range(model.rowCount())]
        width = max(metrics.horizontalAdvance(text or "") for text in texts) + 16
        table.setColumnWidth(column, min(width, widest))

    @staticmethod
    def _emphasise(label: QWidget, scale: float) -> None:
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)

    @property
    def loaded(self) -> bool:
        return self._index is not None

    @Slot()
    def reload(self) -> None:
        self.ui.state.setText(self.tr("Loading the catalogue…"))
        self.ui.state.setStyleSheet("")
        db = self._ws.db
        self._ws.workers.run(
            lambda: (load_catalogue(db), load_search_index(db)),
            self._loaded,
            self._not_loaded,
            owner=self,
        )

    def _loaded(self, loaded: tuple[Catalogue, SearchIndex]) -> None:
        self.catalogue, self._index = loaded
        self.ui.state.setText(
            self.tr("Version %1: %2 matters, %3 bundles")
            .replace("%1", str(self.catalogue.version))
            .replace("%2", str(len(self.catalogue.matters)))
            .replace("%3", str(len(self.catalogue.bundles)))
        )
        self.search(self.ui.search.text())

    def _not_loaded(self, error: ClerkError) -> None:
        self.ui.state.setText(error.message)
        self.ui.state.setStyleSheet("color: #b3261e;")

    @Slot(str)
    def search(self, text: str) -> None:
        if self._index is None or self.catalogue is None:
            return
        text = text.strip()
        hits = self._index.search(text, SEARCH_LIMIT) if text else self._everything()
        self.hits_model.set_hits(hits, self.catalogue)
        if hits:
            self.ui.hits.selectionModel().setCurrentIndex(
                self.hits_model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.show_hit(None)

    def _everything(self) -> list[Hit]:
        """With an empty search box: the bundles, then every matter, to browse."""
        assert self.catalogue is not None
        bundles = [Hit("bundle", b.code, b.name, None, "") for b in self.catalogue.bundles.values()]
        matters = [
            Hit("matter", m.code, m.name, None, m.department)
            for m in sorted(self.catalogue.matters.values(), key=lambda m: m.code)
        ]
        return bundles + matters

    @Slot(QModelIndex, QModelIndex)
    def _current_hit_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_hit(self.hits_model.hit(current.row()) if current.isValid() else None)

    def show_hit(self, hit: Hit | None) -> None:
        """A bundle shows its merged list; a matter (or a material's matter) its materials."""
        catalogue = self.catalogue
        if hit is None or catalogue is None:
            self.ui.title.setText(self.tr("Type to search the catalogue"))
            self.ui.summary.clear()
            self.ui.saving.clear()
            self.checklist_model.set_checklist(None, None)
            return
        if hit.kind == "bundle":
            bundle = catalogue.bundles[hit.code]
            checklist = catalogue.checklist_for_bundle(bundle.code)
            matters = "、".join(catalogue.matters[c].name for c in bundle.matter_codes)
            self.ui.summary.setText(
                self.tr("Bundle %1 · promised in %2 working days · matters: %3")
                .replace("%1", bundle.code)
                .replace("%2", str(bundle.promised_days))
                .replace("%3", matters)
            )
            self.ui.saving.setText(checklist.saving)
        else:
            matter = catalogue.matters[hit.matter_code or hit.code]
            checklist = catalogue.checklist_for_matter(matter.code)
            summary = (
                self.tr("Matter %1 · %2 · legal time limit %3 working days, promised %4 · fee: %5")
                .replace("%1", matter.code)
                .replace("%2", matter.department)
                .replace("%3", str(matter.legal_days))
                .replace("%4", str(matter.promised_days))
                .replace("%5", matter.fee)
            )
            if matter.on_the_spot:
                summary += self.tr(" · completed on the spot")
            self.ui.summary.setText(summary)
            self.ui.saving.setText(checklist.saving)
        self.ui.title.setText(checklist.title)
        self.checklist_model.set_checklist(checklist, catalogue)
        table = self.ui.materials
        table.setColumnHidden(ChecklistModel.NEEDED_BY, hit.kind != "bundle")
        for column, widest in _MATERIAL_WIDTHS.items():
            self._fit(table, column, widest)
        if hit.kind == "material":
            row = self.checklist_model.row_of(hit.code)
            if row is not None:
                table.selectRow(row)
                table.scrollTo(self.checklist_model.index(row, 0))
