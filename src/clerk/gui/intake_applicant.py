"""The applicant on the 受理 page: who applies (a person or an enterprise) and their agent."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from clerk.domain.intake import ApplicantInput, ApplicantKind
from clerk.services import intake


class ApplicantBox(QGroupBox):
    """Emits ``edited`` when a field other than the ID number was changed and left, and
    ``id_edited`` for the ID number (a returning applicant is looked up by it)."""

    edited = Signal()
    id_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Applicant"), parent)
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Person"), ApplicantKind.PERSON)
        self.kind.addItem(self.tr("Enterprise"), ApplicantKind.ENTERPRISE)
        self.name = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.id_number.setPlaceholderText(self.tr("Resident ID number or USCC"))
        self.phone = QLineEdit(self)
        self.legal_rep = QLineEdit(self)
        self.agent_name = QLineEdit(self)
        self.agent_id = QLineEdit(self)
        self.agent_id.setPlaceholderText(self.tr("Agent's resident ID number"))
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Legal representative"), self.legal_rep)
        form.addRow(self.tr("Agent"), self.agent_name)
        form.addRow(self.tr("Agent's ID"), self.agent_id)
        for field in (self.name, self.phone, self.legal_rep, self.agent_name, self.agent_id):
            field.editingFinished.connect(self.edited)
        self.id_number.editingFinished.connect(self.id_edited)
        self.kind.currentIndexChanged.connect(self.kind_changed)

    @property
    def fields(self) -> list[QWidget]:
        return [self.kind, self.name, self.id_number, self.phone, self.legal_rep, *self.agents]

    @property
    def agents(self) -> list[QLineEdit]:
        return [self.agent_name, self.agent_id]

    def kind_changed(self) -> None:
        enterprise = self.kind.currentData() is ApplicantKind.ENTERPRISE
        self.legal_rep.setEnabled(enterprise and self.name.isEnabled())

    def show_draft(self, draft: intake.DraftView) -> None:
        self.fill(draft.applicant)
        self.agent_name.setText(draft.agent.name if draft.agent else "")
        self.agent_id.setText(draft.agent.id_number if draft.agent else "")
        self.kind_changed()

    def fill(self, applicant: intake.ApplicantView | None) -> None:
        if applicant is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(applicant.kind))
        self.name.setText(applicant.name)
        self.id_number.setText(applicant.id_number)
        self.phone.setText(applicant.phone)
        self.legal_rep.setText(applicant.legal_representative)

    def fill_from_licence(self, applicant: ApplicantInput) -> None:
        """What a licence QR tells: the kind, the code, the name and representative if any."""
        self.kind.setCurrentIndex(self.kind.findData(applicant.kind))
        if applicant.name:
            self.name.setText(applicant.name)
        self.id_number.setText(applicant.id_number)
        if applicant.legal_representative:
            self.legal_rep.setText(applicant.legal_representative)

    def code(self) -> str:
        """The applicant's resident ID number or USCC as typed, normalised."""
        return self.id_number.text().strip().upper()

    def applicant(self) -> ApplicantInput | None:
        """The applicant typed so far (None until both name and ID number are there)."""
        if not self.name.text().strip() or not self.id_number.text().strip():
            return None
        return ApplicantInput(
            ApplicantKind(self.kind.currentData()),
            self.name.text(),
            self.id_number.text(),
            self.phone.text(),
            self.legal_rep.text(),
        )

    def changes(self, draft: intake.DraftView) -> intake.DraftChanges | None:
        """The applicant and agent to save on ``draft`` (None while the applicant is unknown)."""
        given = self.applicant()
        if given is None:
            return None
        agent = None
        if self.agent_name.text().strip() and self.agent_id.text().strip():
            agent = ApplicantInput(
                ApplicantKind.PERSON, self.agent_name.text(), self.agent_id.text()
            )
        # Both agent fields emptied: no agent any more (and no authorisation letter).
        gone = not (self.agent_name.text().strip() or self.agent_id.text().strip())
        remove = gone and draft.agent is not None
        return intake.DraftChanges(applicant=given, agent=agent, remove_agent=remove)
