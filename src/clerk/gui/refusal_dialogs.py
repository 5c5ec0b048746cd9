"""Dialogs of the 否定备案 page: a manager's review and follow-up, the clerk's unserved filing.

They only collect what was typed; the page sends it to the services, which check it
again (a comment for a disagreement, a category and a reason for a filing).
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.refusals import CATEGORIES, FilingKind
from clerk.services.refusals import RefusalFiling


class _Form(QDialog):
    """A titled form with OK/Cancel; OK is enabled only while ``complete()`` holds."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @Slot()
    def update_ok(self) -> None:
        self.ok_button.setEnabled(self.complete())

    def complete(self) -> bool:
        return True


class ReviewDialog(_Form):
    """Agree, or disagree with a comment (a disagreement reopens the matter)."""

    def __init__(self, entry_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Review entry %1").replace("%1", str(entry_id)),
            self.tr(
                "Do you agree with the window's decision? If not, say why: the entry is "
                "reopened and you record what is done about it."
            ),
            parent,
        )
        self.agree = QRadioButton(self.tr("&Agree"), self)
        self.disagree = QRadioButton(self.tr("&Disagree"), self)
        group = QButtonGroup(self)
        group.addButton(self.agree)
        group.addButton(self.disagree)
        self.agree.setChecked(True)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("Required when you disagree"))
        self.form.addRow(self.agree)
        self.form.addRow(self.disagree)
        self.form.addRow(self.tr("&Comment:"), self.comment)
        self.agree.toggled.connect(self.update_ok)
        self.comment.textChanged.connect(self.update_ok)
        self.update_ok()

    def complete(self) -> bool:
        return self.agree.isChecked() or bool(self.comment.toPlainText().strip())


class FollowUpDialog(_Form):
    """What was done after a disagreement; whether that settles it."""

    def __init__(self, entry_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Follow-up on entry %1").replace("%1", str(entry_id)),
            self.tr("Record what was done: applicant contacted, accepted after all …"),
            parent,
        )
        self.note = QPlainTextEdit(self)
        self.resolved = QCheckBox(self.tr("This &settles the matter"), self)
        self.form.addRow(self.tr("&What was done:"), self.note)
        self.form.addRow(self.resolved)
        self.note.textChanged.connect(self.update_ok)
        self.update_ok()

    def complete(self) -> bool:
        return bool(self.note.toPlainText().strip())


class UnservedDialog(_Form):
    """The clerk's record of an applicant who leaves unserved (无法办理, 非本窗口事项 …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("File an unserved applicant"),
            self.tr(
                "Every applicant who leaves without being served goes on record, with the "
                "reason. Refusals and one-time notifications are filed by the intake page."
            ),
            parent,
        )
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.addItems(list(CATEGORIES[FilingKind.UNSERVED]))
        self.category.setCurrentIndex(-1)
        self.reason = QPlainTextEdit(self)
        self.applicant = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.matter = QLineEdit(self)
        self.ticket = QLineEdit(self)
        self.legal_basis = QLineEdit(self)
        for label, field in (
            (self.tr("&Category:"), self.category),
            (self.tr("&Reason:"), self.reason),
            (self.tr("Applica&nt:"), self.applicant),
            (self.tr("&ID number:"), self.id_number),
            (self.tr("&Phone:"), self.phone),
            (self.tr("&Matter asked for:"), self.matter),
            (self.tr("&Ticket:"), self.ticket),
            (self.tr("&Legal basis:"), self.legal_basis),
        ):
            self.form.addRow(label, field)
        self.category.currentTextChanged.connect(self.update_ok)
        self.reason.textChanged.connect(self.update_ok)
        self.update_ok()

    def complete(self) -> bool:
        return bool(self.category.currentText().strip() and self.reason.toPlainText().strip())

    def filing(self) -> RefusalFiling:
        return RefusalFiling(
            kind=FilingKind.UNSERVED,
            category=self.category.currentText(),
            reason=self.reason.toPlainText(),
            legal_basis=self.legal_basis.text(),
            applicant_name=self.applicant.text(),
            applicant_id_no=self.id_number.text(),
            applicant_phone=self.phone.text(),
            matter_name=self.matter.text(),
            ticket_no=self.ticket.text(),
        )
