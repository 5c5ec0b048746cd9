"""受理: the clerk's page for one applicant at a time, keyboard first.

F2 starts the service for the called ticket (or a walk-in). The applicant is typed or
filled by a licence QR from the barcode gun; the matter is found by pinyin and Enter;
the checklist stays in view while materials are marked (1 received, 2 missing,
3 deferred, 4 exempt, A all received) or set by the scanning panel. F9 accept, F10
accept with deferred materials, F11 one-time notification, F12 refusal (its reason
is written in a panel under the checklist, never in a dialog over it). Every change
is saved as it is made; the documents go to the printer after the decision is stored.
Each key runs one use case of ``clerk.services.intake``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import ClerkError, NotFound
from clerk.domain.halltime import hall_date
from clerk.domain.intake import (
    ApplicantInput,
    Assessment,
    Decision,
    MaterialEntry,
    ScanKind,
    ScanRoute,
    assess,
    received,
)
from clerk.domain.search import SearchIndex
from clerk.domain.subject import Subject, subject_of
from clerk.gui.barcode_gun import BarcodeGun
from clerk.gui.intake_applicant import ApplicantBox
from clerk.gui.intake_checklist import ChecklistTable, LicenceField
from clerk.gui.intake_decisions import DecisionBar, OutcomeLabel, RefusalBox
from clerk.gui.intake_models import IntakeChecklistModel
from clerk.gui.intake_subject import SubjectSearch
from clerk.gui.scan_panel import ScanPanel
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation
from clerk.services import intake, queue
from clerk.services.catalogue import load_search_index
from clerk.services.printing import PrintService
from clerk.storage.holidays import hall_calendar
from clerk.storage.models.base import utcnow

log = logging.getLogger(__name__)


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
        self.licences = intake.TableELicenceProvider(ws.db)
        self.draft: intake.DraftView | None = None
        self.subject: Subject | None = None
        self.catalogue: Catalogue | None = None
        self.ticket: queue.TicketInfo | None = None
        self.outcome: intake.DecisionOutcome | None = None
        self.pending: tuple[Decision, str] | None = None  # a decision to retry with its key
        self.offered: list[intake.DraftView] = []
        self.correction: intake.CaseSummary | None = None
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
        self.start_button.clicked.connect(self.serve)
        top = QHBoxLayout()
        top.addWidget(self.ticket_label, 1)
        top.addWidget(self.start_button)

        self.applicant = ApplicantBox(self)
        self.applicant.edited.connect(self._applicant_edited)
        self.applicant.id_edited.connect(self._id_edited)
        self.name = self.applicant.name
        self.agent_name, self.agent_id = self.applicant.agents

        self.subject_search = SubjectSearch(self)
        self.subject_search.picked.connect(self._picked)
        self.search, self.hits = self.subject_search.search, self.subject_search.hits

        left = QVBoxLayout()
        left.addWidget(self.applicant)
        left.addWidget(self.subject_search, 1)

        self.title = QLabel(self)
        self.title.setObjectName("title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.model = IntakeChecklistModel(self)
        self.table = ChecklistTable(self.model, self)
        self.table.marked.connect(self.set_entry)
        self.table.exempt_asked.connect(self._exempt)
        self.table.problem.connect(lambda text: self.tell(text, error=True))
        self.keys_hint = QLabel(
            self.tr("1/Space received · 2 missing · 3 deferred · 4 exempt · A all received"), self
        )
        self.licence = LicenceField(self)
        self.licence.typed.connect(self._licence_typed)

        self.refusal_box = RefusalBox(self)
        self.refusal_box.confirmed.connect(self._confirm_refusal)
        self.category = self.refusal_box.category
        self.reason, self.basis = self.refusal_box.reason, self.refusal_box.basis

        self.decisions = DecisionBar(self)
        self.decisions.pressed.connect(self.press)
        self.buttons = self.decisions.buttons
        self.result = OutcomeLabel(self)

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
        right.addWidget(self.decisions)
        right.addWidget(self.result)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(banner_row)
        layout.addLayout(top)
        layout.addLayout(columns, 1)

        QShortcut(QKeySequence("F2"), self, self.serve)
        QShortcut(QKeySequence("F3"), self, self.reopen_offered)
        QShortcut(QKeySequence("Ctrl+R"), self, self.receive_correction)
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

    def serve(self) -> None:
        """F2: the called ticket's applicant (or a walk-in) is served."""
        ticket_id = self.ticket.id if self.ticket else None
        db, actor = self.ws.db, self.ws.actor
        self._run(lambda: intake.serve_ticket(db, actor, ticket_id), self._opened)

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
    ) -> tuple[Catalogue, SearchIndex, Subject | None]:
        """The newest catalogue to choose from, and the draft's subject in its own version."""
        _, catalogue = intake.catalogue_for(self.ws.db)
        index = load_search_index(self.ws.db, catalogue.version)
        subject = None
        if draft.subject_code:
            _, own = intake.catalogue_for(self.ws.db, draft.catalogue_version_id)
            subject = subject_of(
                own, draft.subject_kind, draft.subject_code, agent=draft.agent is not None
            )
        return catalogue, index, subject

    def _catalogue_loaded(self, loaded: tuple[Catalogue, SearchIndex, Subject | None]) -> None:
        self.catalogue, self.subject_search.index, self.subject = loaded
        self._show_draft()

    # ------------------------------------------------------------ showing the draft

    def _show_draft(self) -> None:
        draft = self.draft
        editing = draft is not None and draft.status == "open" and self.outcome is None
        for widget in [*self.applicant.fields, self.search, self.hits, self.table]:
            widget.setEnabled(editing)
        if draft is None:
            self.model.set_checklist(None, {}, False)
            self.title.setText(self.tr("No application open"))
            self._update_buttons()
            return
        self.applicant.show_draft(draft)
        self._show_subject(draft.entries)

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

    def _start_scanning(self, subject: Subject) -> None:
        """Pages captured from now on belong to this draft's checklist."""
        draft = self.draft
        if draft is None or draft.status != "open" or self.outcome is not None:
            return
        if self._scanning_for == (draft.id, subject.code, subject.agent):
            return
        self._scanning_for = (draft.id, subject.code, subject.agent)
        materials = [line.material for line in subject.checklist.lines]
        self.scan_panel.start(draft.id, materials, self.applicant.code())

    def assessment(self) -> Assessment | None:
        if self.subject is None:
            return None
        return assess(self.subject.checklist, self.model.entries, self.subject.on_the_spot)

    def _update_buttons(self) -> None:
        open_ = self.draft is not None and self.draft.status == "open" and self.outcome is None
        self.decisions.allow(self.subject, self.assessment(), open_)

    # ------------------------------------------------------------ the applicant

    def _id_edited(self) -> None:
        code = self.applicant.id_number.text().strip()
        if code and not self.name.text().strip():  # a returning applicant?
            self._run(
                lambda: intake.find_applicant(self.ws.db, self.ws.actor, code),
                self._returning,
            )
        else:
            self._applicant_edited()

    def _returning(self, found: intake.ApplicantView | None) -> None:
        if found is not None:
            self.applicant.fill(found)
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
        if self.draft is None:
            return
        changes = self.applicant.changes(self.draft)
        if changes is not None:
            self._save(changes)

    def fill_from_licence(self, applicant: ApplicantInput) -> None:
        self.applicant.fill_from_licence(applicant)
        self._id_edited()  # a returning applicant's name and phone are filled in
        if self.subject is None:
            self.search.setFocus()

    # ------------------------------------------------------------ the matter

    def _picked(self, kind: str, code: str) -> None:
        if self.draft is None or self.catalogue is None:
            return
        agent = self.draft.agent is not None
        self.subject = subject_of(self.catalogue, kind, code, agent=agent)
        self._show_subject({})
        self._save(intake.DraftChanges(subject=(kind, code)))
        self.table.setFocus()

    # ------------------------------------------------------------ the checklist

    def _exempt(self, row: int) -> None:
        line = self.model.lines[row]
        holder = self.applicant.code()
        today = hall_date(utcnow())
        self._run(
            lambda: intake.exempt_entry(self.licences, holder, line, today),
            lambda entry: self._exempt_found(row, entry),
        )

    def _exempt_found(self, row: int, entry: MaterialEntry | None) -> None:
        line = self.model.lines[row]
        if entry is not None:
            self.set_entry(line.material.code, entry)
            return
        self.licence.ask(line)
        self.tell(
            self.tr("No %1 found for this applicant: type its number.").replace(
                "%1", line.material.elicence_type or ""
            )
        )

    def _licence_typed(self, code: str, entry: MaterialEntry) -> None:
        self.set_entry(code, entry)
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
        if decision is Decision.REFUSED:
            self.refusal_box.show()
            self.reason.setFocus()
            return
        result = self.assessment()
        if self.subject is None or result is None:
            self.tell(self.tr("Choose the matter or bundle first."), error=True)
            return
        why = result.refusal_for(self.subject.decision_for(decision))
        if why:
            self.tell(why, error=True)
            return
        self._decide(decision, None)

    def _confirm_refusal(self) -> None:
        self._decide(Decision.REFUSED, self.refusal_box.refusal())

    def _decide(self, decision: Decision, refusal: intake.RefusalInput | None) -> None:
        draft = self.draft
        assert draft is not None
        # The same press again after an error is the same decision: same key, stored once.
        if self.pending is None or self.pending[0] is not decision:
            self.pending = (decision, uuid.uuid4().hex)
        key = self.pending[1]
        ticket_id = self.ticket.id if self.ticket else None
        db, actor, calendar, printer = self.ws.db, self.ws.actor, self.calendar, self.printer
        self._run(
            lambda: intake.decide_and_finish(
                db, actor, draft.id, key, decision, refusal, ticket_id, calendar, printer
            ),
            self._decided,
        )

    def _decided(self, served: intake.Served) -> None:
        outcome = served.outcome
        self.outcome = outcome
        self.pending = None
        self.refusal_box.hide()
        self.result.show_outcome(outcome)
        self.tell(self.tr("Decision stored. F2 serves the next applicant."))
        self._show_draft()
        finished = self.ticket is not None and not served.finish_error
        self.ticket = None
        if served.finish_error:  # the decision stands; the ticket is left as it was
            self.tell(served.finish_error, error=True)
        elif finished:
            self.refresh_ticket()
        self.decided.emit(outcome)

    # ------------------------------------------------------------ the barcode gun

    def route_scan(self, route: ScanRoute) -> None:
        if route.kind is ScanKind.LICENCE and route.applicant is not None:
            self.fill_from_licence(route.applicant)
        elif route.kind is ScanKind.TICKET:
            if self.ticket is not None and self.ticket.number == route.value:
                self.serve()
            else:
                self.tell(
                    self.tr("Ticket %1 is not the one called to this window.").replace(
                        "%1", route.value
                    ),
                    error=True,
                )
        elif route.kind is ScanKind.CASE:
            ticket_id = self.ticket.id if self.ticket else None
            db, actor = self.ws.db, self.ws.actor
            self._run(
                lambda: intake.open_scanned_case(db, actor, route.value, ticket_id),
                self._case_scanned,
            )
        else:
            self.tell(self.tr("Scanned code not recognised: %1").replace("%1", route.value[:40]))

    def _case_scanned(self, found: intake.ScannedCase) -> None:
        if found.draft is not None:
            self._opened(found.draft)
        elif found.correction is not None:
            self._offer_correction(found.correction)

    def open_correction(self, number: str) -> None:
        """A case chosen from the list of corrections due: ready for Ctrl+R."""
        self._run(
            lambda: intake.find_for_correction(self.ws.db, self.ws.actor, number),
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
        self._run(
            lambda: intake.receive_all_deferred(db, actor, case.id),
            lambda done: self.tell(
                self.tr("Case %1: deferred materials received (visit %2).")
                .replace("%1", done.number)
                .replace("%2", str(done.visits))
            ),
        )
