"""Item models of the 否定备案 page: the register's entries, and the counts by group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from clerk.domain.halltime import HALL_TZ
from clerk.services.refusals import EntryRow

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
OVERDUE = QColor("#b3261e")


class EntriesModel(QAbstractTableModel):
    """One row per entry, newest first; the applicant's ID number is masked."""

    NUMBER, TIME, STATE, WINDOW, CLERK, APPLICANT, MATTER, KIND, CATEGORY, REASON = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []
        self._headers = [
            self.tr("No."),
            self.tr("Filed"),
            self.tr("Review"),
            self.tr("Window"),
            self.tr("Clerk"),
            self.tr("Applicant"),
            self.tr("Matter"),
            self.tr("Kind"),
            self.tr("Category"),
            self.tr("Reason"),
        ]

    def set_rows(self, rows: Sequence[EntryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> EntryRow:
        return self._rows[row]

    def row_of(self, entry_id: int) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.id == entry_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and entry.overdue:
            return QBrush(OVERDUE)
        if role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._text(entry, index.column())

    def _text(self, entry: EntryRow, column: int) -> str:
        if column == self.NUMBER:
            return str(entry.id)
        if column == self.TIME:
            return entry.filed_at.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")
        if column == self.WINDOW:
            return entry.window_no
        if column == self.CLERK:
            return entry.clerk_name
        if column == self.APPLICANT:
            return " ".join(x for x in (entry.applicant_name, entry.applicant_id_masked) if x)
        if column == self.MATTER:
            return entry.matter_name or entry.matter_code
        if column == self.KIND:
            return entry.kind_name
        if column == self.CATEGORY:
            return entry.category
        if column == self.REASON:
            return entry.reason
        if entry.overdue:
            return self.tr("%1 (overdue)").replace("%1", entry.state_name)
        return entry.state_name  # STATE

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self._headers[section]
        return None
