"""The decisions of the 受理 page: F9-F12, the refusal written under the checklist, and
what the page says once a decision is stored."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from clerk.documents.data import KIND_NAMES
from clerk.domain.intake import (
    DECISION_NAMES,
    REFUSAL_CATEGORY_NAMES,
    Assessment,
    Decision,
    RefusalCategory,
)
from clerk.domain.subject import Subject
from clerk.services import intake

KEYS = (
    (Decision.ACCEPTED, "F9"),
    (Decision.ACCEPTED_DEFERRED, "F10"),
    (Decision.NOTIFIED, "F11"),
    (Decision.REFUSED, "F12"),
)


class DecisionBar(QWidget):
    """One button and one function key per decision; ``pressed(Decision)`` for either."""

    pressed = Signal(object)

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Decision, QPushButton] = {}
        for decision, key in KEYS:
            button = QPushButton(f"{DECISION_NAMES[decision]} ({key})", self)
            button.clicked.connect(lambda _=False, d=decision: self.pressed.emit(d))
            row.addWidget(button)
            self.buttons[decision] = button
            QShortcut(QKeySequence(key), page, lambda d=decision: self.pressed.emit(d))

    def allow(self, subject: Subject | None, result: Assessment | None, open_: bool) -> None:
        """A refusal is always possible on an open draft; the others as the materials allow."""
        for decision, button in self.buttons.items():
            allowed = decision is Decision.REFUSED or (
                subject is not None
                and result is not None
                and subject.decision_for(decision) in result.allowed
            )
            button.setEnabled(open_ and allowed)


class RefusalBox(QGroupBox):
    """不予受理 written under the checklist, never in a dialog over it; Ctrl+Enter confirms."""

    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Refusal"), parent)
        form = QFormLayout(self)
        self.category = QComboBox(self)
        for category in RefusalCategory:
            self.category.addItem(REFUSAL_CATEGORY_NAMES[category], category)
        self.request = QLineEdit(self)
        self.request.setPlaceholderText(self.tr("What was asked, when no matter is chosen"))
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(60)
        self.basis = QLineEdit(self)
        self.refuse_button = QPushButton(self.tr("Refuse and print (Ctrl+Enter)"), self)
        self.refuse_button.clicked.connect(self.confirmed)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Request"), self.request)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Legal basis"), self.basis)
        form.addRow(self.refuse_button)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.confirmed.emit)
        self.hide()

    def refusal(self) -> intake.RefusalInput:
        return intake.RefusalInput(
            RefusalCategory(self.category.currentData()),
            self.reason.toPlainText(),
            self.basis.text(),
            self.request.text(),
        )


class OutcomeLabel(QLabel):
    """The stored decision: its case number, dates, documents and any calendar warning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_outcome(self, outcome: intake.DecisionOutcome) -> None:
        lines = [
            self.tr("%1: case number %2")
            .replace("%1", DECISION_NAMES[outcome.decision])
            .replace("%2", outcome.number)
        ]
        if outcome.promised_date is not None:
            lines.append(
                self.tr("Promised completion: %1").replace("%1", _day(outcome.promised_date))
            )
        if outcome.correction_due is not None:
            lines.append(
                self.tr("Deferred materials due: %1").replace("%1", _day(outcome.correction_due))
            )
        kinds = "、".join(KIND_NAMES[d.kind] for d in outcome.documents)
        lines.append(self.tr("Documents stored and sent to the printer: %1").replace("%1", kinds))
        if outcome.warning:
            lines.append(outcome.warning)
        self.setText("\n".join(lines))
        self.setStyleSheet("color: #8a5a00;" if outcome.warning else "")


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
