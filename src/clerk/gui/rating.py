"""The evaluator (好差评) the applicant touches after the service: five levels, reason tags.

Opened by the 排队 page when a ticket is finished, on a second screen when there is one.
Each case of the visit is rated in turn (一事一评); a visit without a case is rated once.
不满意 or worse opens a follow-up for the manager (``queue.rate`` decides and dates it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk.domain import ratings as levels
from clerk.domain.errors import ClerkError
from clerk.gui.large_print import font
from clerk.gui.workstation import Workstation
from clerk.services import queue
from clerk.services.queue import RatingResult, RatingSubject

LEVEL_COLOURS = {
    "very_satisfied": "#2e7d32",
    "satisfied": "#558b2f",
    "basically_satisfied": "#f9a825",
    "dissatisfied": "#ef6c00",
    "very_dissatisfied": "#c62828",
}


class RatingWindow(QDialog):
    """Emits ``done_rating`` when every subject of the ticket is rated (or none was left)."""

    done_rating = Signal()

    def __init__(self, ws: Workstation, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._ticket_id = ticket_id
        self.subjects: list[RatingSubject] = []
        self.last_result: RatingResult | None = None
        self.setWindowTitle(self.tr("Please rate our service"))
        self._build()
        self._load()

    def _build(self) -> None:
        self.heading = QLabel(self.tr("Please rate our service"), self)
        self.heading.setFont(font(26, bold=True))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subject = QLabel("", self)
        self.subject.setFont(font(18))
        self.subject.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subject.setWordWrap(True)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for code, name in levels.LEVELS.items():
            button = QPushButton(name, self)  # the five levels are the national wording
            button.setCheckable(True)
            button.setMinimumSize(150, 110)
            button.setFont(font(20, bold=True))
            button.setStyleSheet(
                f"QPushButton {{ border:3px solid {LEVEL_COLOURS[code]}; border-radius:10px; }}"
                f"QPushButton:checked {{ background:{LEVEL_COLOURS[code]}; color:white; }}"
            )
            self.level_group.addButton(button)
            self.level_buttons[code] = button
            row.addWidget(button)
        self.level_group.buttonToggled.connect(self._level_chosen)
        self.reason_buttons: dict[str, QPushButton] = {}
        tags = QGridLayout()
        for i, reason in enumerate(levels.GOOD_REASONS + levels.POOR_REASONS):
            button = QPushButton(reason, self)
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.setFont(font(16))
            button.setStyleSheet("QPushButton:checked { background:#1565c0; color:white; }")
            self.reason_buttons[reason] = button
            tags.addWidget(button, i // 5, i % 5)
        self.reasons_label = QLabel(self.tr("Reasons (optional):"), self)
        self.reasons_label.setFont(font(16))
        self.submit = QPushButton(self.tr("Submit"), self)
        self.submit.setFont(font(22, bold=True))
        self.submit.setMinimumHeight(80)
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self._submit)
        self.message = QLabel("", self)
        self.message.setFont(font(16))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subject)
        layout.addLayout(row)
        layout.addWidget(self.reasons_label)
        layout.addLayout(tags)
        layout.addWidget(self.submit)
        layout.addWidget(self.message)
        self._level_chosen()

    def place_on_second_screen(self) -> None:
        """The applicant's screen, when the workstation has two."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].availableGeometry())

    def _load(self) -> None:
        db, actor, ticket_id = self._ws.db, self._ws.actor, self._ticket_id
        self._ws.workers.run(
            lambda: queue.rating_subjects(db, actor, ticket_id),
            self._loaded,
            self._failed,
            owner=self,
        )

    def _loaded(self, subjects: list[RatingSubject]) -> None:
        self.subjects = subjects
        if not subjects:
            self.done_rating.emit()
            self.accept()
            return
        current = subjects[0]
        text = current.matter_name
        if current.case_number:
            text = self.tr("%1 (case %2)").replace("%1", text).replace("%2", current.case_number)
        self.subject.setText(text)
        for button in [*self.level_buttons.values(), *self.reason_buttons.values()]:
            button.setChecked(False)
        self.submit.setEnabled(False)

    def _level_chosen(self, *_: object) -> None:
        checked = self.level_group.checkedButton()
        code = next((c for c, b in self.level_buttons.items() if b is checked), None)
        self.submit.setEnabled(code is not None)
        poor = code is not None and levels.is_poor(code)
        # Good reasons for a good rating, poor ones for a poor rating.
        for reason, button in self.reason_buttons.items():
            button.setVisible(code is not None and (reason in levels.POOR_REASONS) == poor)
            if not button.isVisible():
                button.setChecked(False)

    def choose(self, code: str) -> None:
        self.level_buttons[code].setChecked(True)

    def _submit(self) -> None:
        checked = self.level_group.checkedButton()
        code = next(c for c, b in self.level_buttons.items() if b is checked)
        reasons = [r for r, b in self.reason_buttons.items() if b.isChecked()]
        subject = self.subjects[0]
        db, actor, ticket_id = self._ws.db, self._ws.actor, self._ticket_id
        self.submit.setEnabled(False)
        self._ws.workers.run(
            lambda: queue.rate(db, actor, ticket_id, code, reasons, case_id=subject.case_id),
            self._rated,
            self._failed,
            owner=self,
        )

    def _rated(self, result: RatingResult) -> None:
        self.last_result = result
        if result.follow_up_due is not None:
            self.message.setText(
                self.tr("We are sorry. The hall manager will call you back by %1.").replace(
                    "%1", result.follow_up_due.isoformat()
                )
            )
        else:
            self.message.setText(self.tr("Thank you for your rating."))
        self._load()

    def _failed(self, error: ClerkError) -> None:
        self.message.setText(error.message)
        self._level_chosen()
