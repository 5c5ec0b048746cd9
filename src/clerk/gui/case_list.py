"""What the pages listing cases share: the table model and the page's list, loaded off the GUI thread.

``RowsModel`` is a read-only table over a list of rows (one dataclass per row);
``CaseList`` a page with a bold heading, the table (one case per row, a row chosen by
keys, Enter or a double click opens it) and a summary line. It reads its rows again each
time it is shown and on ``refresh``; only the latest read is shown, the chosen case stays
chosen. The 补正 page (``corrections_page``) and the 办件 page (``cases_page``) are two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.errors import ClerkError
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """``rows`` under ``headers``; a subclass sets the headers and gives ``data``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.headers: list[str] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class NumberedCase(Protocol):
    @property
    def number(self) -> str: ...


Case = TypeVar("Case", bound=NumberedCase)


class CaseList(QWidget, Generic[Case]):
    """Emits ``case_chosen(number)`` when a case is opened; ``loaded`` after each load.

    A subclass adds its controls to ``bar`` (after the heading), gives ``fetch`` (the
    service call) and ``opened`` (what opening a row does), and may override ``shown``.
    """

    case_chosen = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        ws: Workstation,
        model: RowsModel[Case],
        stretch: int,
        clerk_column: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.loading = False
        self._loads = JobLane(ws.workers, self)  # only the latest load is shown
        self.model = model
        model.setParent(self)

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.bar = QHBoxLayout()
        self.bar.addWidget(self.heading)

        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(clerk_column, not ws.actor.is_manager)
        self.table.activated.connect(lambda _index: self.open_current())
        self.summary = QLabel(self)

        self.page_layout = QVBoxLayout(self)
        self.page_layout.addLayout(self.bar)
        self.page_layout.addWidget(self.table, 1)
        self.page_layout.addWidget(self.summary)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # cases were decided or corrected elsewhere in the meantime

    def fetch(self) -> Callable[[], list[Case]]:
        """The service call reading the rows (run off the GUI thread)."""
        raise NotImplementedError

    def opened(self, case: Case) -> None:
        """Enter or a double click on the row of ``case``."""
        raise NotImplementedError

    def shown(self, rows: list[Case]) -> None:
        """The rows are on the table: say so in the summary."""

    @Slot()
    def refresh(self) -> None:
        self.loading = True
        self._loads.run_latest(self.fetch(), self._show, self._not_loaded)

    def _not_loaded(self, error: ClerkError) -> None:
        self.loading = False
        self.tell(error.message, error=True)

    def tell(self, text: str, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b00020;" if error else "")

    def _show(self, rows: list[Case]) -> None:
        chosen = self.current_case()
        self.model.set_rows(rows)
        numbers = [r.number for r in rows]
        if rows:
            row = numbers.index(chosen.number) if chosen and chosen.number in numbers else 0
            self.table.selectRow(row)
        self.shown(rows)
        self.loading = False
        self.loaded.emit()

    def current_case(self) -> Case | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    @Slot()
    def open_current(self) -> None:
        case = self.current_case()
        if case is not None:
            self.opened(case)
