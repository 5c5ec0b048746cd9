"""办件 page: case search and history; a clerk sees their own cases, a manager the hall's.

The search box takes a case number (typed, or scanned with the barcode gun anywhere on
the page), a resident ID number or USCC, or part of the applicant's name; the decision
box narrows to one decision. The services decide whose cases come back
(``intake.search_cases``): a clerk's own, or every case of the hall for a manager. IDs
are masked on the list. The chosen row is shown in full below the table; a case that
still owes deferred materials opens on the 受理 page ready for the correction (Enter, or
a double click), as from the 补正 page: ``case_chosen(number)``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clerk.domain.halltime import HALL_TZ
from clerk.domain.intake import DECISION_NAMES, Decision, ScanKind, ScanRoute
from clerk.gui.barcode_gun import BarcodeGun
from clerk.gui.case_list import CaseList, Index, RowsModel
from clerk.gui.workstation import Workstation
from clerk.services import intake


def _day(case: intake.CaseSummary) -> str:
    day = case.promised_date
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _decided(case: intake.CaseSummary) -> str:
    return case.decided_at.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")


class CasesModel(RowsModel[intake.CaseSummary]):
    """One row per case, the latest decided first."""

    NUMBER, DECISION, APPLICANT, MATTER, DECIDED, PROMISED, VISITS, OWED, CLERK = range(9)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Case number"),
            self.tr("Decision"),
            self.tr("Applicant"),
            self.tr("Matter"),
            self.tr("Decided"),
            self.tr("Promised by"),
            self.tr("Visits"),
            self.tr("Owed materials"),
            self.tr("Clerk"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        case = self.rows[index.row()]
        column = index.column()
        texts = {
            self.NUMBER: case.number,
            self.DECISION: DECISION_NAMES[case.decision],
            self.APPLICANT: f"{case.applicant_name} {case.applicant_masked_id}",
            self.MATTER: case.subject_name,
            self.DECIDED: _decided(case),
            self.PROMISED: _day(case),
            self.VISITS: str(case.visits),
            self.OWED: str(case.pending_corrections) if case.pending_corrections else "",
            self.CLERK: case.clerk_name,
        }
        return texts[column]


class CasesPage(CaseList[intake.CaseSummary]):
    """Emits ``case_chosen(number)`` to correct a case; ``loaded`` after each search."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(ws, CasesModel(), CasesModel.MATTER, CasesModel.CLERK, parent)
        self.heading.setText(
            self.tr("Cases of the whole hall") if ws.actor.is_manager else self.tr("My cases")
        )
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Case number, ID number / USCC, or part of a name — Enter searches")
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.decision_box = QComboBox(self)
        self.decision_box.addItem(self.tr("All decisions"), None)
        for decision in Decision:
            self.decision_box.addItem(DECISION_NAMES[decision], decision.value)
        self.decision_box.currentIndexChanged.connect(self.refresh)
        self.open_button = QPushButton(self.tr("&Open for correction (Enter)"), self)
        self.open_button.clicked.connect(self.open_current)
        self.bar.addWidget(self.search, 1)
        self.bar.addWidget(self.decision_box)
        self.bar.addWidget(self.open_button)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_case())
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_layout.insertWidget(2, self.detail)  # under the list, above the summary
        self.setFocusProxy(self.search)
        self.search.installEventFilter(self)

        self.gun = BarcodeGun(self)
        self.gun.scanned.connect(self.route_scan)

    def route_scan(self, route: ScanRoute) -> None:
        """A scanned case number (or licence's ID) is searched; a ticket belongs to 受理."""
        if route.kind is ScanKind.TICKET:
            self.tell(self.tr("Ticket %1: call it on the Intake page.").replace("%1", route.value))
            return
        self.search.setText(route.value)
        self.refresh()

    def fetch(self) -> Callable[[], list[intake.CaseSummary]]:
        text = self.search.text()
        chosen = self.decision_box.currentData()
        decision = Decision(chosen) if chosen else None
        db, actor = self.ws.db, self.ws.actor
        return lambda: intake.search_cases(db, actor, text, decision)

    def shown(self, rows: list[intake.CaseSummary]) -> None:
        self._show_case()
        self.tell(self.tr("%1 case(s) found.").replace("%1", str(len(rows))))

    def _show_case(self) -> None:
        case = self.current_case()
        self.open_button.setEnabled(case is not None and case.pending_corrections > 0)
        if case is None:
            self.detail.clear()
            return
        fields = [
            (self.tr("Case number"), case.number),
            (self.tr("Decision"), DECISION_NAMES[case.decision]),
            (self.tr("Applicant"), f"{case.applicant_name} {case.applicant_masked_id}"),
            (self.tr("Matter"), case.subject_name),
            (self.tr("Window and clerk"), f"{case.window_no} · {case.clerk_name}"),
            (self.tr("Decided"), _decided(case)),
            (self.tr("Promised by"), _day(case)),
            (self.tr("Visits"), str(case.visits)),
            (
                self.tr("Owed materials"),
                self.tr("%1 deferred material(s) not yet received").replace(
                    "%1", str(case.pending_corrections)
                )
                if case.pending_corrections
                else self.tr("none"),
            ),
        ]
        self.detail.setText(
            "<table>"
            + "".join(
                f"<tr><td style='color:#555;padding-right:12px'>{escape(k)}</td>"
                f"<td>{escape(v)}</td></tr>"
                for k, v in fields
            )
            + "</table>"
        )

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        """Down from the search box goes to the list, so the keyboard reaches every row."""
        if (
            watched is self.search
            and event.type() == event.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rows
        ):
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def opened(self, case: intake.CaseSummary) -> None:
        if case.pending_corrections > 0:
            self.case_chosen.emit(case.number)
