"""补正 page: cases owing deferred materials, due and overdue; a row opens the correction.

A clerk sees the cases they accepted with deferred materials (容缺受理), a manager every
case of the hall (the services decide: ``intake.cases_due``). Each row shows the
case number, the applicant (ID masked), the matter, the materials still owed, the
deadline and how late it is; overdue rows stand out. Enter or a double click on a row
emits ``case_chosen(number)``: the main window shows the 受理 page with that case ready
for the correction (Ctrl+R marks its deferred materials received).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QPushButton,
    QWidget,
)

from clerk.gui.case_list import CaseList, Index, RowsModel
from clerk.gui.workstation import Workstation
from clerk.services import intake

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_TEXT = QColor("#b3261e")


class CorrectionsModel(RowsModel[intake.CaseDue]):
    """One row per case owing deferred materials, the most overdue first."""

    NUMBER, APPLICANT, MATTER, MATERIALS, DUE, LATE, CLERK = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Case number"),
            self.tr("Applicant"),
            self.tr("Matter"),
            self.tr("Deferred materials"),
            self.tr("Due"),
            self.tr("Overdue"),
            self.tr("Accepted by"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.rows[index.row()]
        if case.overdue:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(OVERDUE_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.LATE:
                return QBrush(OVERDUE_TEXT)
            if role == Qt.ItemDataRole.FontRole and index.column() == self.LATE:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, index.column())
        return None

    def _text(self, case: intake.CaseDue, column: int) -> str:
        if column == self.NUMBER:
            return case.number
        if column == self.APPLICANT:
            return f"{case.applicant_name} {case.applicant_masked_id}"
        if column == self.MATTER:
            return case.subject_name
        if column == self.MATERIALS:
            return "、".join(case.materials)
        if column == self.DUE:
            return f"{case.due.year}年{case.due.month}月{case.due.day}日"
        if column == self.LATE:
            return self.lateness(case)
        return case.clerk_name

    def lateness(self, case: intake.CaseDue) -> str:
        if case.overdue:
            return self.tr("%1 day(s) overdue").replace("%1", str(case.days_late))
        if case.days_left == 0:
            return self.tr("due today")
        return self.tr("%1 day(s) left").replace("%1", str(case.days_left))


class CorrectionsPage(CaseList[intake.CaseDue]):
    """Emits ``case_chosen(number)`` when the clerk opens a row; ``loaded`` after each load."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        model = CorrectionsModel()
        super().__init__(ws, model, CorrectionsModel.MATERIALS, CorrectionsModel.CLERK, parent)
        self.heading.setText(
            self.tr("Cases of the whole hall owing deferred materials")
            if ws.actor.is_manager
            else self.tr("My cases owing deferred materials")
        )
        self.show_box = QComboBox(self)
        self.show_box.addItem(self.tr("Due and overdue"), False)
        self.show_box.addItem(self.tr("Overdue only"), True)
        self.show_box.currentIndexChanged.connect(self.refresh)
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("&Open for correction (Enter)"), self)
        self.open_button.clicked.connect(self.open_current)
        self.bar.addStretch(1)
        self.bar.addWidget(self.show_box)
        self.bar.addWidget(self.refresh_button)
        self.bar.addWidget(self.open_button)
        self.setFocusProxy(self.table)

        refresh = QAction(self.tr("Refresh the list"), self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)

    def fetch(self) -> Callable[[], list[intake.CaseDue]]:
        overdue_only = bool(self.show_box.currentData())
        db, actor = self.ws.db, self.ws.actor
        return lambda: intake.cases_due(db, actor, overdue_only=overdue_only)

    def shown(self, rows: list[intake.CaseDue]) -> None:
        overdue = sum(r.overdue for r in rows)
        self.tell(
            self.tr("%1 case(s) owe deferred materials, %2 of them overdue.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue)),
            error=bool(overdue),
        )
        self.open_button.setEnabled(bool(rows))

    def opened(self, case: intake.CaseDue) -> None:
        self.case_chosen.emit(case.number)
