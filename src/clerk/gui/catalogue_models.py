"""Item models of the 目录 page: search hits, and a matter's or bundle's checklist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from clerk.domain.catalogue import (
    Catalogue,
    Checklist,
    ChecklistLine,
    Form,
    MaterialSpec,
    MatterSpec,
    Necessity,
    SourceChannel,
)
from clerk.domain.search import Hit

Index = QModelIndex | QPersistentModelIndex
# Plain ints: data() runs for every visible cell and role on each paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_HORIZONTAL = Qt.Orientation.Horizontal


class HitsModel(QAbstractTableModel):
    """What the search found: kind, name, and where (department; a material's matter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._rows: list[tuple[str, str, str]] = []
        self._headers = [self.tr("Kind"), self.tr("Name"), self.tr("Where")]
        self._kinds = {
            "matter": self.tr("Matter"),
            "bundle": self.tr("Bundle"),
            "material": self.tr("Material"),
        }

    def set_hits(self, hits: Sequence[Hit], catalogue: Catalogue | None) -> None:
        matters = catalogue.matters if catalogue is not None else {}
        self.beginResetModel()
        self._hits = list(hits)
        self._rows = [self._row(hit, matters) for hit in self._hits]
        self.endResetModel()

    def _row(self, hit: Hit, matters: Mapping[str, MatterSpec]) -> tuple[str, str, str]:
        where = hit.department
        if hit.matter_code is not None and hit.matter_code in matters:
            where = f"{matters[hit.matter_code].name}（{hit.department}）"
        return self._kinds.get(hit.kind, hit.kind), hit.name, where

    def kinds(self) -> list[str]:
        return list(self._kinds.values())

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role in (_DISPLAY, _TOOLTIP) and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == _HORIZONTAL and role == _DISPLAY:
            return self._headers[section]
        return None


class ChecklistModel(QAbstractTableModel):
    """One row per paper to ask for, with the implementation-list fields the window checks.

    The last column says how many matters a line serves and their departments (the
    tooltip names the matters); it says the most for a bundle.
    """

    COPIES = 2
    SOURCE = 4
    STANDARD = 5
    NEEDED_BY = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[ChecklistLine, ...] = ()
        self._rows: list[tuple[str, ...]] = []
        self._catalogue: Catalogue | None = None
        self._headers = [
            self.tr("Material"),
            self.tr("Form"),
            self.tr("Copies"),
            self.tr("Necessity"),
            self.tr("Source"),
            self.tr("Acceptance standard"),
            self.tr("E-licence"),
            self.tr("Needed by"),
        ]
        self._forms = {
            Form.ORIGINAL: self.tr("Original"),
            Form.COPY: self.tr("Copy"),
            Form.ORIGINAL_AND_COPY: self.tr("Original and copy"),
            Form.ELECTRONIC: self.tr("Electronic"),
        }
        self._sources = {
            SourceChannel.APPLICANT: self.tr("Applicant"),
            SourceChannel.GOVERNMENT: self.tr("Government department"),
            SourceChannel.OTHER: self.tr("Other"),
        }

    def set_checklist(self, checklist: Checklist | None, catalogue: Catalogue | None) -> None:
        self.beginResetModel()
        self._lines = checklist.lines if checklist is not None else ()
        self._catalogue = catalogue
        self._rows = [
            tuple(self._text(line, column) for column in range(len(self._headers)))
            for line in self._lines
        ]
        self.endResetModel()

    def line(self, row: int) -> ChecklistLine:
        return self._lines[row]

    def row_of(self, material_code: str) -> int | None:
        for row, line in enumerate(self._lines):
            if line.material.code == material_code:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            return self._rows[index.row()][index.column()] if index.isValid() else None
        if role == _TOOLTIP and index.isValid():
            line, column = self._lines[index.row()], index.column()
            if column == self.NEEDED_BY:
                return "\n".join(self._needed_by(line))
            if column == self.SOURCE and line.material.source_note:
                return f"{self._rows[index.row()][column]}：{line.material.source_note}"
            return self._rows[index.row()][column]
        if role == _ALIGNMENT and index.column() == self.COPIES:
            return _CENTER
        return None

    def _text(self, line: ChecklistLine, column: int) -> str:
        material = line.material
        if column == 0:
            return material.name
        if column == 1:
            return self._forms[material.form]
        if column == 2:
            return str(material.copies)
        if column == 3:
            return self._necessity(material)
        if column == self.SOURCE:
            return self._sources[material.source_channel]
        if column == 5:
            return material.acceptance_standard
        if column == 6:
            return material.elicence_type or ""
        return (
            self.tr("%1 matters: %2")
            .replace("%1", str(len(line.matter_codes)))
            .replace("%2", "、".join(line.departments))
        )

    def _necessity(self, material: MaterialSpec) -> str:
        if material.necessity is Necessity.REQUIRED:
            return self.tr("Required")
        if material.necessity is Necessity.OPTIONAL:
            return self.tr("Optional")
        if material.correction_days is None:
            return self.tr("Deferrable")
        return self.tr("Deferrable (%1 working days)").replace("%1", str(material.correction_days))

    def _needed_by(self, line: ChecklistLine) -> list[str]:
        matters = self._catalogue.matters if self._catalogue is not None else {}
        names = []
        for code in line.matter_codes:
            matter = matters.get(code)
            names.append(f"{matter.name}（{matter.department}）" if matter else code)
        return names

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == _HORIZONTAL and role == _DISPLAY:
            return self._headers[section]
        return None
