"""受理: the clerk's page for one applicant at a time, keyboard first.

F2 starts the service for the called ticket (or a walk-in). The applicant is typed or
filled by a licence QR from the barcode gun; the matter is found by pinyin and Enter;
the checklist stays in view while materials are marked (1 received, 2 missing,
3 deferred, 4 exempt, A all received) or set by the scanning panel. F9 accept, F10
accept with deferred materials, F11 one-time notification, F12 refusal (its reason
is written in a panel under the checklist, never in a dialog over it). Every change
is saved as it is made; the documents go to the printer after the decision is stored.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk.documents.data import KIND_NAMES
from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import ClerkError, NotFound
from clerk.domain.halltime import hall_date
from clerk.domain.intake import (
    DECISION_NAMES,
    REFUSAL_CATEGORY_NAMES,
    ApplicantInput,
    ApplicantKind,
    Assessment,
    Decision,
    MaterialEntry,
    MaterialState,
    RefusalCategory,
    ScanKind,
    ScanRoute,
    assess,
    received,
)
from clerk.domain.search import SearchIndex
from clerk.gui.barcode_gun import BarcodeGun
from clerk.gui.intake_models import IntakeChecklistModel
from clerk.gui.scan_panel import ScanPanel
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation
from clerk.services import corrections, elicence, intake, queue
from clerk.services.catalogue import load_search_index
from clerk.services.printing import PrintService
from clerk.services.workdays import hall_calendar
from clerk.storage.models.base import utcnow

log = logging.getLogger(__name__)

STATE_KEYS = {
    Qt.Key.Key_1: MaterialState.RECEIVED,
    Qt.Key.Key_Space: MaterialState.RECEIVED,
    Qt.Key.Key_2: MaterialState.MISSING,
    Qt.Key.Key_3: MaterialState.DEFERRED,
    Qt.Key.Key_4: MaterialState.EXEMPT,
}


class IntakePage(QWidget):
    """Emits ``decided(DecisionOutcome)`` when a decision is stored (its documents printing)."""

    decided = Signal(object)

    def __init__(
        self, ws: Workstation, parent: QWidget | None = None, printer: PrintService | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.printer = printer or PrintService(ws.db, ws.settings)
        self.calendar = hall_calendar(ws.settings)
        self.licences = elicence.TableELicenceProvider(ws.db)
        self.draft: intake.DraftView | None = None
        self.subject: intake.Subject | None = None
        self.catalogue: Catalogue | None = None
        self.index: SearchIndex | None = None
        self.ticket: queue.TicketInfo | None = None
        self.outcome: intake.DecisionOutcome | None = None
        self.pending: tuple[Decision, str] | None = None  # a decision to retry with its key
        self.offered: list[intake.DraftView] = []
        self.correction: intake.CaseSummary | None = None
        self._licence_row = -1
        self.lane = JobLane(ws.workers, self)
        self._offered = False
        self._build()
        self.gun = BarcodeGun(self)
        self.gun.scanned.connect(self.route_scan)
        self.destroyed.connect(lambda: self.printer.close(wait=False))
        self._show_draft()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.reopen_button = QPushButton(self.tr("Re&open (F3)"), self)
        self.reopen_button.hide()
        self.reopen_button.clicked.connect(self.reopen_offered)
        self.correction_button = QPushButton(self.tr("Deferred materials received (Ctrl+R)"), self)
        self.correction_button.hide()
        self.correction_button.clicked.connect(self.receive_correction)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.reopen_button)
        banner_row.addWidget(self.correction_button)

        self.ticket_label = QLabel(self)
        self.start_button = QPushButton(self.tr("&Start service (F2)"), self)
        self.start_button.clicked.connect(self.start_service)
        top = QHBoxLayout()
        top.addWidget(self.ticket_label, 1)
        top.addWidget(self.start_button)

        applicant = QGroupBox(self.tr("Applicant"), self)
        form = QFormLayout(applicant)
        self.kind = QComboBox(applicant)
        self.kind.addItem(self.tr("Person"), ApplicantKind.PERSON)
        self.kind.addItem(self.tr("Enterprise"), ApplicantKind.ENTERPRISE)
        self.name = QLineEdit(applicant)
        self.id_number = QLineEdit(applicant)
        self.id_number.setPlaceholderText(self.tr("Resident ID number or USCC"))
        self.phone = QLineEdit(applicant)
        self.legal_rep = QLineEdit(applicant)
        self.agent_name = QLineEdit(applicant)
        self.agent_id = QLineEdit(applicant)
        self.agent_id.setPlaceholderText(self.tr("Agent's resident ID number"))
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Legal representative"), self.legal_rep)
        form.addRow(self.tr("Agent"), self.agent_name)
        form.addRow(self.tr("Agent's ID"), self.agent_id)
        for field in (self.name, self.phone, self.legal_rep, self.agent_name, self.agent_id):
            field.editingFinished.connect(self._applicant_edited)
        self.id_number.editingFinished.connect(self._id_edited)
        self.kind.currentIndexChanged.connect(self._kind_changed)

        subject = QGroupBox(self.tr("Matter or bundle"), self)
        subject_layout = QVBoxLayout(subject)
        self.search = QLineEdit(subject)
        self.search.setPlaceholderText(self.tr("Chinese, full pinyin or initials; Enter picks"))
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._pick_hit)
        self.hits = QListWidget(subject)
        self.hits.itemActivated.connect(lambda _item: self._pick_hit())
        subject_layout.addWidget(self.search)
        subject_layout.addWidget(self.hits)

        left = QVBoxLayout()
        left.addWidget(applicant)
        left.addWidget(subject, 1)

        self.title = QLabel(self)
        self.title.setObjectName("title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.model = IntakeChecklistModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            IntakeChecklistModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.table.horizontalHeader().setSectionResizeMode(
            IntakeChecklistModel.NOTE, QHeaderView.ResizeMode.Stretch
        )
        self.table.installEventFilter(self)
        self.keys_hint = QLabel(
            self.tr("1/Space received · 2 missing · 3 deferred · 4 exempt · A all received"), self
        )
        self.licence = QLineEdit(self)
        self.licence.setPlaceholderText(self.tr("E-licence number, Enter to record"))
        self.licence.returnPressed.connect(self._licence_typed)
        self.licence.hide()

        self.refusal_box = QGroupBox(self.tr("Refusal"), self)
        refusal_form = QFormLayout(self.refusal_box)
        self.category = QComboBox(self.refusal_box)
        for category in RefusalCategory:
            self.category.addItem(REFUSAL_CATEGORY_NAMES[category], category)
        self.request = QLineEdit(self.refusal_box)
        self.request.setPlaceholderText(self.tr("What was asked, when no matter is chosen"))
        self.reason = QPlainTextEdit(self.refusal_box)
        self.reason.setFixedHeight(60)
        self.basis = QLineEdit(self.refusal_box)
        self.refuse_button = QPushButton(self.tr("Refuse and print (Ctrl+Enter)"), self.refusal_box)
        self.refuse_button.clicked.connect(self._confirm_refusal)
        refusal_form.addRow(self.tr("Category"), self.category)
        refusal_form.addRow(self.tr("Request"), self.request)
        refusal_form.addRow(self.tr("Reason"), self.reason)
        refusal_form.addRow(self.tr("Legal basis"), self.basis)
        refusal_form.addRow(self.refuse_button)
        self.refusal_box.hide()

        self.buttons: dict[Decision, QPushButton] = {}
        decisions = QHBoxLayout()
        for decision, key in (
            (Decision.ACCEPTED, "F9"),
            (Decision.ACCEPTED_DEFERRED, "F10"),
            (Decision.NOTIFIED, "F11"),
            (Decision.REFUSED, "F12"),
        ):
            button = QPushButton(f"{DECISION_NAMES[decision]} ({key})", self)
            button.clicked.connect(lambda _=False, d=decision: self.press(d))
            decisions.addWidget(button)
            self.buttons[decision] = button
            QShortcut(QKeySequence(key), self, lambda d=decision: self.press(d))
        self.result = QLabel(self)
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The scanning panel sits under the checklist; the checklist keeps the larger share.
        self.scan_panel = ScanPanel(self.ws, parent=self)
        self.scan_panel.material_received.connect(self.material_scanned)
        self.scan_panel.material_emptied.connect(lambda code: self.set_entry(code, MaterialEntry()))
        self.scan_panel.problem.connect(self.tell)
        self._scanning_for: tuple[int, str, bool] | None = None
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.scan_panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(split, 1)
        right.addWidget(self.keys_hint)
        right.addWidget(self.licence)
        right.addWidget(self.refusal_box)
        right.addLayout(decisions)
        right.addWidget(self.result)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(banner_row)
        layout.addLayout(top)
        layout.addLayout(columns, 1)

        QShortcut(QKeySequence("F2"), self, self.start_service)
        QShortcut(QKeySequence("F3"), self, self.reopen_offered)
        QShortcut(QKeySequence("Ctrl+R"), self, self.receive_correction)
        QShortcut(QKeySequence("Ctrl+Return"), self.refusal_box, self._confirm_refusal)
        self.setFocusProxy(self.start_button)

    # ------------------------------------------------------------ work off the GUI thread

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Database work, one job after another in the order asked (saves before decisions)."""
        self.lane.run(fn, done, self._job_failed)

    def _job_failed(self, error: ClerkError) -> None:
        self.lane.clear()  # what followed depended on this
        self.tell(error.message, error=True)

    @property
    def idle(self) -> bool:
        return self.lane.idle

    def tell(self, text: str, error: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet("color: #b00020;" if error else "")

    # ------------------------------------------------------------ starting

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_ticket()
        if not self._offered:
            self._offered = True
            self._run(lambda: intake.my_open_drafts(self.ws.db, self.ws.actor), self._offer)

    def _offer(self, drafts: list[intake.DraftView]) -> None:
        """Drafts left open (a crash, a power cut) are offered again."""
        self.offered = drafts
        if drafts and self.draft is None:
            self.tell(
                self.tr("%1 unfinished application(s) from before; F3 reopens the latest.").replace(
                    "%1", str(len(drafts))
                )
            )
            self.reopen_button.show()

    def reopen_offered(self) -> None:
        drafts = self.offered
        if not drafts:
            return
        self.reopen_button.hide()
        self.open_draft(drafts[0].id)

    def refresh_ticket(self) -> None:
        db, actor = self.ws.db, self.ws.actor

        def current() -> queue.TicketInfo | None:
            try:
                return queue.current_ticket(db, actor)
            except NotFound:  # a window outside the queue serves walk-ins only
                return None

        self._run(current, self._ticket_shown)

    def _ticket_shown(self, ticket: queue.TicketInfo | None) -> None:
        self.ticket = ticket
        if ticket is None:
            self.ticket_label.setText(self.tr("No ticket called: F2 serves a walk-in."))
        else:
            self.ticket_label.setText(
                self.tr("Ticket %1 (%2) called to this window.")
                .replace("%1", ticket.number)
                .replace("%2", ticket.category_name)
            )

    def start_service(self) -> None:
        ticket_id = self.ticket.id if self.ticket else None
        db, actor = self.ws.db, self.ws.actor

        def work() -> intake.DraftView:
            if ticket_id is not None:
                queue.begin_service(db, actor, ticket_id)
            return intake.start_service(db, actor, ticket_id)

        self._run(work, self._opened)

    def open_draft(self, draft_id: int) -> None:
        ticket_id = self.ticket.id if self.ticket else None
        self._run(
            lambda: intake.open_draft(self.ws.db, self.ws.actor, draft_id, ticket_id),
            self._opened,
        )

    def _opened(self, draft: intake.DraftView) -> None:
        self.draft = draft
        self.outcome = None
        self.pending = None
        self.result.clear()
        self.tell(
            self.tr("Application %1 · visit %2 · first clerk %3")
            .replace("%1", str(draft.id))
            .replace("%2", str(draft.visits))
            .replace("%3", draft.first_clerk)
        )
        self._run(lambda: self._load_catalogue(draft), self._catalogue_loaded)
        self.name.setFocus() if draft.applicant is None else self.search.setFocus()

    def _load_catalogue(
        self, draft: intake.DraftView
    ) -> tuple[Catalogue, SearchIndex, intake.Subject | None]:
        """The newest catalogue to choose from, and the draft's subject in its own version."""
        _, catalogue = intake.catalogue_for(self.ws.db)
        index = load_search_index(self.ws.db, catalogue.version)
        subject = None
        if draft.subject_code:
            _, own = intake.catalogue_for(self.ws.db, draft.catalogue_version_id)
            subject = intake.subject_of(
                own, draft.subject_kind, draft.subject_code, agent=draft.agent is not None
            )
        return catalogue, index, subject

    def _catalogue_loaded(
        self, loaded: tuple[Catalogue, SearchIndex, intake.Subject | None]
    ) -> None:
        self.catalogue, self.index, self.subject = loaded
        self._show_draft()

    # ------------------------------------------------------------ showing the draft

    def _show_draft(self) -> None:
        draft = self.draft
        editing = draft is not None and draft.status == "open" and self.outcome is None
        fields: list[QWidget] = [self.kind, self.name, self.id_number, self.phone, self.legal_rep]
        fields += [self.agent_name, self.agent_id, self.search, self.hits, self.table]
        for widget in fields:
            widget.setEnabled(editing)
        if draft is None:
            self.model.set_checklist(None, {}, False)
            self.title.setText(self.tr("No application open"))
            self._update_buttons()
            return
        self._fill_applicant(draft.applicant)
        self.agent_name.setText(draft.agent.name if draft.agent else "")
        self.agent_id.setText(draft.agent.id_number if draft.agent else "")
        self._kind_changed()
        self._show_subject(draft.entries)

    def _fill_applicant(self, applicant: intake.ApplicantView | None) -> None:
        if applicant is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(applicant.kind))
        self.name.setText(applicant.name)
        self.id_number.setText(applicant.id_number)
        self.phone.setText(applicant.phone)
        self.legal_rep.setText(applicant.legal_representative)

    def _show_subject(self, entries: dict[str, MaterialEntry]) -> None:
        subject = self.subject
        if subject is None:
            self.title.setText(self.tr("Choose the matter or bundle"))
            self.model.set_checklist(None, {}, False)
        else:
            self.title.setText(f"{subject.name} · {subject.checklist.saving}")
            self.model.set_checklist(subject.checklist, entries, subject.kind == "bundle")
            if self.model.rowCount():
                self.table.selectRow(0)
            self._start_scanning(subject)
        self._update_buttons()

    def _start_scanning(self, subject: intake.Subject) -> None:
        """Pages captured from now on belong to this draft's checklist."""
        draft = self.draft
        if draft is None or draft.status != "open" or self.outcome is not None:
            return
        if self._scanning_for == (draft.id, subject.code, subject.agent):
            return
        self._scanning_for = (draft.id, subject.code, subject.agent)
        materials = [line.material for line in subject.checklist.lines]
        self.scan_panel.start(draft.id, materials, self.id_number.text().strip().upper())

    def assessment(self) -> Assessment | None:
        if self.subject is None:
            return None
        return assess(self.subject.checklist, self.model.entries, self.subject.on_the_spot)

    def _update_buttons(self) -> None:
        result = self.assessment()
        open_ = self.draft is not None and self.draft.status == "open" and self.outcome is None
        for decision, button in self.buttons.items():
            allowed = decision is Decision.REFUSED or (
                result is not None and decision in result.allowed
            )
            if decision is Decision.ACCEPTED and result is not None:
                allowed = bool({Decision.ACCEPTED, Decision.COMPLETED_ON_THE_SPOT} & result.allowed)
            button.setEnabled(open_ and allowed)

    # ------------------------------------------------------------ the applicant

    def _kind_changed(self) -> None:
        enterprise = self.kind.currentData() is ApplicantKind.ENTERPRISE
        self.legal_rep.setEnabled(enterprise and self.name.isEnabled())

    def _applicant_input(self) -> ApplicantInput | None:
        if not self.name.text().strip() or not self.id_number.text().strip():
            return None
        return ApplicantInput(
            ApplicantKind(self.kind.currentData()),
            self.name.text(),
            self.id_number.text(),
            self.phone.text(),
            self.legal_rep.text(),
        )

    def _id_edited(self) -> None:
        code = self.id_number.text().strip()
        if code and not self.name.text().strip():  # a returning applicant?
            self._run(
                lambda: intake.find_applicant(self.ws.db, self.ws.actor, code),
                self._returning,
            )
        else:
            self._applicant_edited()

    def _returning(self, found: intake.ApplicantView | None) -> None:
        if found is not None:
            self._fill_applicant(found)
            self._applicant_edited()
            self._run(
                lambda: intake.waiting_drafts(self.ws.db, self.ws.actor, found.id_number),
                self._waiting,
            )

    def _waiting(self, drafts: list[intake.DraftView]) -> None:
        if drafts:
            self.offered = drafts
            self.tell(
                self.tr("This applicant was told what to bring: F3 reopens that application.")
            )
            self.reopen_button.show()

    def _applicant_edited(self) -> None:
        given = self._applicant_input()
        if self.draft is None or given is None:
            return
        agent = None
        if self.agent_name.text().strip() and self.agent_id.text().strip():
            agent = ApplicantInput(
                ApplicantKind.PERSON, self.agent_name.text(), self.agent_id.text()
            )
        # Both agent fields emptied: no agent any more (and no authorisation letter).
        gone = not (self.agent_name.text().strip() or self.agent_id.text().strip())
        remove = gone and self.draft.agent is not None
        self._save(intake.DraftChanges(applicant=given, agent=agent, remove_agent=remove))

    def fill_from_licence(self, applicant: ApplicantInput) -> None:
        self.kind.setCurrentIndex(self.kind.findData(applicant.kind))
        if applicant.name:
            self.name.setText(applicant.name)
        self.id_number.setText(applicant.id_number)
        if applicant.legal_representative:
            self.legal_rep.setText(applicant.legal_representative)
        self._id_edited()  # a returning applicant's name and phone are filled in
        if self.subject is None:
            self.search.setFocus()

    # ------------------------------------------------------------ the matter

    def _search(self, text: str) -> None:
        self.hits.clear()
        if self.index is None:
            return
        for hit in self.index.search(text, 8):
            code = hit.matter_code if hit.kind == "material" else hit.code
            kind = "bundle" if hit.kind == "bundle" else "matter"
            label = (
                f"{hit.name} · {hit.department}"
                if hit.kind != "bundle"
                else f"【一件事】{hit.name}"
            )
            item = QListWidgetItem(label, self.hits)
            item.setData(Qt.ItemDataRole.UserRole, (kind, code))
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def _pick_hit(self) -> None:
        item = self.hits.currentItem()
        if item is None or self.draft is None or self.catalogue is None:
            return
        kind, code = item.data(Qt.ItemDataRole.UserRole)
        agent = self.draft.agent is not None
        self.subject = intake.subject_of(self.catalogue, kind, code, agent=agent)
        self._show_subject({})
        self._save(intake.DraftChanges(subject=(kind, code)))
        self.table.setFocus()

    # ------------------------------------------------------------ the checklist

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._checklist_key(event)
        return super().eventFilter(watched, event)

    def _checklist_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        row = self.table.currentIndex().row()
        if event.key() == Qt.Key.Key_A:
            for line in self.model.lines:
                if (
                    self.model.entries.get(line.material.code, MaterialEntry()).state
                    is MaterialState.MISSING
                ):
                    self.set_entry(line.material.code, received(line))
            return True
        state = STATE_KEYS.get(Qt.Key(event.key()))
        if state is None or row < 0:
            return False
        self.mark(row, state)
        return True

    def mark(self, row: int, state: MaterialState) -> None:
        line = self.model.lines[row]
        if state is MaterialState.RECEIVED:
            self.set_entry(line.material.code, received(line))
        elif state is MaterialState.MISSING:
            self.set_entry(line.material.code, MaterialEntry())
        elif state is MaterialState.DEFERRED:
            if not line.material.deferrable:
                self.tell(self.tr("This material cannot be deferred."), error=True)
                return
            self.set_entry(line.material.code, MaterialEntry(MaterialState.DEFERRED))
        else:
            self._exempt(row)
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)

    def _exempt(self, row: int) -> None:
        line = self.model.lines[row]
        if not line.material.elicence_type:
            self.tell(self.tr("No e-licence replaces this material."), error=True)
            return
        holder = self.id_number.text().strip().upper()
        today = hall_date(utcnow())
        self._run(
            lambda: elicence.exempt_entry(self.licences, holder, line, today),
            lambda entry: self._exempt_found(row, entry),
        )

    def _exempt_found(self, row: int, entry: MaterialEntry | None) -> None:
        line = self.model.lines[row]
        if entry is not None:
            self.set_entry(line.material.code, entry)
            return
        self._licence_row = row
        self.licence.clear()
        self.licence.show()
        self.licence.setFocus()
        self.tell(
            self.tr("No %1 found for this applicant: type its number.").replace(
                "%1", line.material.elicence_type or ""
            )
        )

    def _licence_typed(self) -> None:
        number = self.licence.text().strip()
        if not number:
            return
        line = self.model.lines[self._licence_row]
        entry = MaterialEntry(
            MaterialState.EXEMPT,
            elicence_type=line.material.elicence_type or "",
            elicence_number=number,
        )
        self.licence.hide()
        self.set_entry(line.material.code, entry)
        self.table.setFocus()

    def set_entry(self, code: str, entry: MaterialEntry) -> None:
        """Set one material's state (the keyboard, or the scanning panel's signal)."""
        if self.draft is None or self.subject is None or self.outcome is not None:
            return
        self.model.set_entry(code, entry)
        self._update_buttons()
        self._save(intake.DraftChanges(entries={code: entry}))

    def material_scanned(self, code: str) -> None:
        """The scanning panel recognised the paper of ``code``: it is received."""
        for line in self.model.lines:
            if line.material.code == code:
                self.set_entry(code, received(line))

    def _save(self, changes: intake.DraftChanges) -> None:
        draft = self.draft
        if draft is None:
            return
        self._run(
            lambda: intake.save_draft(self.ws.db, self.ws.actor, draft.id, changes),
            self._saved,
        )

    def _saved(self, draft: intake.DraftView) -> None:
        self.draft = draft
        subject = self.subject
        if subject is not None and subject.agent != (draft.agent is not None):
            # The agent came or went: the authorisation letter joins or leaves the checklist.
            self.subject = subject.through_agent(draft.agent is not None)
            codes = {line.material.code for line in self.subject.checklist.lines}
            self._show_subject({c: e for c, e in self.model.entries.items() if c in codes})

    # ------------------------------------------------------------ decisions

    def press(self, decision: Decision) -> None:
        if self.draft is None or self.outcome is not None:
            return
        result = self.assessment()
        if decision is Decision.REFUSED:
            self.refusal_box.show()
            self.reason.setFocus()
            return
        wanted = (
            Decision.COMPLETED_ON_THE_SPOT
            if (
                decision is Decision.ACCEPTED
                and self.subject is not None
                and self.subject.on_the_spot
            )
            else decision
        )
        if result is None:
            self.tell(self.tr("Choose the matter or bundle first."), error=True)
            return
        why = result.refusal_for(wanted)
        if why:
            self.tell(why, error=True)
            return
        self._decide(decision, None)

    def _confirm_refusal(self) -> None:
        refusal = intake.RefusalInput(
            RefusalCategory(self.category.currentData()),
            self.reason.toPlainText(),
            self.basis.text(),
            self.request.text(),
        )
        self._decide(Decision.REFUSED, refusal)

    def _decide(self, decision: Decision, refusal: intake.RefusalInput | None) -> None:
        draft = self.draft
        assert draft is not None
        # The same press again after an error is the same decision: same key, stored once.
        if self.pending is None or self.pending[0] is not decision:
            self.pending = (decision, uuid.uuid4().hex)
        key = self.pending[1]
        db, actor, calendar, printer = self.ws.db, self.ws.actor, self.calendar, self.printer

        def work() -> intake.DecisionOutcome:
            if decision is Decision.ACCEPTED:
                return intake.accept(db, actor, draft.id, key, calendar, printer)
            if decision is Decision.ACCEPTED_DEFERRED:
                return intake.defer(db, actor, draft.id, key, calendar, printer)
            if decision is Decision.NOTIFIED:
                return intake.notify_missing(db, actor, draft.id, key, calendar, printer)
            assert refusal is not None
            return intake.refuse(db, actor, draft.id, key, refusal, calendar, printer)

        self._run(work, self._decided)

    def _decided(self, outcome: intake.DecisionOutcome) -> None:
        self.outcome = outcome
        self.pending = None
        self.refusal_box.hide()
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
        self.result.setText("\n".join(lines))
        self.result.setStyleSheet("color: #8a5a00;" if outcome.warning else "")
        self.tell(self.tr("Decision stored. F2 serves the next applicant."))
        self._show_draft()
        self._finish_ticket()
        self.decided.emit(outcome)

    def _finish_ticket(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        self.ticket = None
        self._run(lambda: queue.finish(self.ws.db, self.ws.actor, ticket.id), lambda _t: None)
        self.refresh_ticket()

    # ------------------------------------------------------------ the barcode gun

    def route_scan(self, route: ScanRoute) -> None:
        if route.kind is ScanKind.LICENCE and route.applicant is not None:
            self.fill_from_licence(route.applicant)
        elif route.kind is ScanKind.TICKET:
            if self.ticket is not None and self.ticket.number == route.value:
                self.start_service()
            else:
                self.tell(
                    self.tr("Ticket %1 is not the one called to this window.").replace(
                        "%1", route.value
                    ),
                    error=True,
                )
        elif route.kind is ScanKind.CASE:
            self._run(
                lambda: self._case_scanned(route.value),
                lambda found: self._case_found(route.value, found),
            )
        else:
            self.tell(self.tr("Scanned code not recognised: %1").replace("%1", route.value[:40]))

    def _case_scanned(self, number: str) -> tuple[str, Any]:
        pending = corrections.find_for_correction(self.ws.db, self.ws.actor, number)
        if pending:
            return "correction", pending[0]
        return "draft", intake.draft_of_case(self.ws.db, self.ws.actor, number)

    def _case_found(self, number: str, found: tuple[str, Any]) -> None:
        what, value = found
        if what == "draft":
            self.open_draft(value)
            return
        self._offer_correction(value)

    def open_correction(self, number: str) -> None:
        """A case chosen from the list of corrections due: ready for Ctrl+R."""
        self._run(
            lambda: corrections.find_for_correction(self.ws.db, self.ws.actor, number),
            lambda found: self._correction_found(number, found),
        )

    def _correction_found(self, number: str, found: list[intake.CaseSummary]) -> None:
        if found:
            self._offer_correction(found[0])
        else:
            self.tell(self.tr("Case %1 owes no deferred materials any more.").replace("%1", number))

    def _offer_correction(self, case: intake.CaseSummary) -> None:
        self.correction = case
        self.correction_button.show()
        self.tell(
            self.tr("Case %1 (%2, %3) owes deferred materials: Ctrl+R marks them received.")
            .replace("%1", case.number)
            .replace("%2", case.applicant_name)
            .replace("%3", case.subject_name)
        )

    def receive_correction(self) -> None:
        case = self.correction
        if case is None:
            return
        self.correction = None
        self.correction_button.hide()
        db, actor = self.ws.db, self.ws.actor

        def work() -> intake.CaseSummary:
            codes = [c for c, _, _ in corrections.pending_materials(db, actor, case.id)]
            return corrections.receive_correction(db, actor, case.id, codes)

        self._run(
            work,
            lambda done: self.tell(
                self.tr("Case %1: deferred materials received (visit %2).")
                .replace("%1", done.number)
                .replace("%2", str(done.visits))
            ),
        )


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
