"""The tickets, cases, materials, ratings or register entries behind one statistics figure."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.services.stats import DrillList


class DrillDialog(QDialog):
    def __init__(self, listed: DrillList, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Behind the figure: %1").replace("%1", listed.title))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        if listed.truncated:
            summary = self.tr("%1 — %2 rows, the first %3 shown")
        else:
            summary = self.tr("%1 — %2 rows")
        self.summary = QLabel(
            summary.replace("%1", scope)
            .replace("%2", str(listed.total))
            .replace("%3", str(len(listed.rows))),
            self,
        )
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(listed.rows), len(listed.columns), self)
        self.table.setHorizontalHeaderLabels(list(listed.columns))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for r, row in enumerate(listed.rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setFocusProxy(self.table)
