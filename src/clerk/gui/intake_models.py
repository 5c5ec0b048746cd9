"""The checklist of the 受理 page as a table: each material, what is asked, its state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from clerk.domain.catalogue import FORM_NAMES, NECESSITY_NAMES, Checklist, ChecklistLine
from clerk.domain.intake import STATE_NAMES, MaterialEntry, MaterialState

Index = QModelIndex | QPersistentModelIndex

STATE_COLOURS = {
    MaterialState.MISSING: QColor("#fde2e1"),
    MaterialState.RECEIVED: QColor("#dcf5dc"),
    MaterialState.DEFERRED: QColor("#fff2cc"),
    MaterialState.EXEMPT: QColor("#dbe9fb"),
}


class IntakeChecklistModel(QAbstractTableModel):
    NAME, ASKED, NECESSITY, STATE, NOTE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: tuple[ChecklistLine, ...] = ()
        self.entries: dict[str, MaterialEntry] = {}
        self.bundle = False
        self.headers = [
            self.tr("Material"),
            self.tr("Asked for"),
            self.tr("Necessity"),
            self.tr("State"),
            self.tr("Note"),
        ]

    def set_checklist(
        self, checklist: Checklist | None, entries: dict[str, MaterialEntry], bundle: bool
    ) -> None:
        self.beginResetModel()
        self.lines = checklist.lines if checklist else ()
        self.entries = dict(entries)
        self.bundle = bundle
        self.endResetModel()

    def set_entry(self, code: str, entry: MaterialEntry) -> None:
        self.entries[code] = entry
        for row, line in enumerate(self.lines):
            if line.material.code == code:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.NOTE))

    def entry(self, row: int) -> MaterialEntry:
        return self.entries.get(self.lines[row].material.code, MaterialEntry())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        entry = self.entry(index.row())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.STATE:
            return QBrush(STATE_COLOURS[entry.state])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        m = line.material
        column = index.column()
        if column == self.NAME:
            return m.name
        if column == self.ASKED:
            copies = self.tr(" × %1").replace("%1", str(m.copies)) if m.copies > 1 else ""
            return FORM_NAMES[m.form] + copies
        if column == self.NECESSITY:
            return NECESSITY_NAMES[m.necessity]
        if column == self.STATE:
            return STATE_NAMES[entry.state]
        return self._note(line, entry)

    def _note(self, line: ChecklistLine, entry: MaterialEntry) -> str:
        m = line.material
        if entry.state is MaterialState.EXEMPT:
            return f"{entry.elicence_type} {entry.elicence_number}"
        if entry.state is MaterialState.DEFERRED and m.correction_days:
            return self.tr("bring within %1 working days").replace("%1", str(m.correction_days))
        if self.bundle:
            return "、".join(line.departments)
        if m.elicence_type and entry.state is MaterialState.MISSING:
            return self.tr("may be exempt: %1").replace("%1", m.elicence_type)
        return m.acceptance_standard
