"""The 否定备案 page: the register with filters and counts, an entry with its reviews,
a manager's review and follow-ups, the clerk's "file unserved" action, XLSX and PDF.

Everything that touches the database runs on the workstation's workers; the page
only paints what comes back. A clerk sees their own entries, a manager the hall's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.errors import ClerkError
from clerk.domain.halltime import HALL_TZ, hall_date
from clerk.domain.refusals import STATE_NAMES, ReviewState
from clerk.gui.messages import show_error
from clerk.gui.refusal_dialogs import FollowUpDialog, ReviewDialog, UnservedDialog
from clerk.gui.refusal_models import EntriesModel
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation
from clerk.services.refusals import (
    Choices,
    Counts,
    EntryRow,
    RegisterFilter,
    export_xlsx,
    file_unserved,
    list_entries,
    record_follow_up,
    register_choices,
    register_counts,
    register_pdf,
    review,
)
from clerk.storage.models.base import utcnow

OVERDUE = "overdue"  # the state box's extra choice


class RefusalsPage(QWidget):
    """``loaded`` is emitted each time the list, counts and filter choices have arrived."""

    loaded = Signal()

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self.clock: Callable[[], datetime] = utcnow  # what "now" is for overdue flags
        self.loading = False
        self._loads = JobLane(ws.workers, self)  # only the latest load is shown
        self.dialog: QDialog | None = None
        self._select_after_load: int | None = None
        self.model = EntriesModel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        layout.addLayout(self._action_bar())
        layout.addWidget(self._body(), 1)
        self.state_label = QLabel(self)
        layout.addWidget(self.state_label)
        self.setFocusProxy(self.table)
        refresh = QAction(self.tr("Reload the register"), self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)
        self.show_entry(None)
        self.refresh()

    # --- building -------------------------------------------------------------------

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        today = QDate.currentDate()
        self.use_dates = QCheckBox(self.tr("&Dates"), self)
        self.date_from = QDateEdit(today.addDays(-30), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.use_dates.toggled.connect(self.refresh)
        self.window_box = self._combo(self.tr("All windows"))
        self.clerk_box = self._combo(self.tr("All clerks"))
        self.category_box = self._combo(self.tr("All categories"))
        self.state_box = self._combo(self.tr("Any review state"))
        for state in ReviewState:
            self.state_box.addItem(STATE_NAMES[state], state.value)
        self.state_box.addItem(self.tr("Review overdue"), OVERDUE)
        self.matter_edit = QLineEdit(self)
        self.matter_edit.setPlaceholderText(self.tr("Matter code or name"))
        self.matter_edit.setClearButtonEnabled(True)
        self.matter_edit.returnPressed.connect(self.refresh)
        self.matter_edit.textChanged.connect(lambda text: text or self.refresh())
        widgets: list[QWidget] = [self.use_dates, self.date_from, QLabel("–", self), self.date_to]
        widgets += [self.window_box, self.clerk_box, self.category_box, self.state_box]
        for widget in widgets:
            bar.addWidget(widget)
        bar.addWidget(self.matter_edit, 1)
        # A clerk sees only their own entries: no window or clerk to choose.
        self.window_box.setVisible(self._ws.actor.is_manager)
        self.clerk_box.setVisible(self._ws.actor.is_manager)
        return bar

    def _combo(self, everything: str) -> QComboBox:
        box = QComboBox(self)
        box.addItem(everything, None)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.currentIndexChanged.connect(self.refresh)
        return box

    def _action_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.unserved_button = QPushButton(self.tr("File &unserved applicant…"), self)
        self.review_button = QPushButton(self.tr("Re&view…"), self)
        self.follow_up_button = QPushButton(self.tr("Record &follow-up…"), self)
        self.export_button = QPushButton(self.tr("E&xport XLSX…"), self)
        self.pdf_button = QPushButton(self.tr("Save &PDF register…"), self)
        self.unserved_button.clicked.connect(self.file_unserved)
        self.review_button.clicked.connect(self.review_current)
        self.follow_up_button.clicked.connect(self.follow_up_current)
        self.export_button.clicked.connect(self._ask_export)
        self.pdf_button.clicked.connect(self._ask_pdf)
        bar.addWidget(self.unserved_button)
        bar.addWidget(self.review_button)
        bar.addWidget(self.follow_up_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.pdf_button)
        self.review_button.setVisible(self._ws.actor.is_manager)
        self.follow_up_button.setVisible(self._ws.actor.is_manager)
        return bar

    def _body(self) -> QSplitter:
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = QTextBrowser(self)
        self.counts = QTreeWidget(self)
        self.counts.setHeaderLabels([self.tr("Counts"), self.tr("Entries")])
        self.counts.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts.header().setStretchLastSection(False)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.detail)
        side.addWidget(self.counts)
        side.setSizes([520, 280])
        body = QSplitter(self)
        body.addWidget(self.table)
        body.addWidget(side)
        body.setSizes([820, 460])
        return body

    # --- loading --------------------------------------------------------------------

    def current_filter(self) -> RegisterFilter:
        state = self.state_box.currentData()
        dates = self.use_dates.isChecked()
        return RegisterFilter(
            date_from=self.date_from.date().toPython() if dates else None,  # type: ignore[arg-type]
            date_to=self.date_to.date().toPython() if dates else None,  # type: ignore[arg-type]
            window_no=self.window_box.currentData() or "",
            clerk_id=self.clerk_box.currentData(),
            matter=self.matter_edit.text().strip(),
            category=self.category_box.currentData() or "",
            state=ReviewState(state) if state and state != OVERDUE else None,
            overdue_only=state == OVERDUE,
        )

    @Slot()
    def refresh(self, select: int | None = None) -> None:
        """Load the list, the counts and the filter choices again (F5)."""
        current = self.current_entry()
        self._select_after_load = select or (current.id if current else None)
        self.loading = True
        self.state_label.setText(self.tr("Loading the register…"))
        self.state_label.setStyleSheet("")
        db, actor, flt, now = self._ws.db, self._ws.actor, self.current_filter(), self.clock()

        def load() -> tuple[list[EntryRow], Counts, Choices]:
            rows = list_entries(db, actor, flt, now=now, with_reviews=True)
            return rows, register_counts(db, actor, flt, now=now), register_choices(db, actor)

        self._loads.run_latest(load, self._loaded, self._not_loaded)

    def _loaded(self, result: tuple[list[EntryRow], Counts, Choices]) -> None:
        rows, counts, choices = result
        self.loading = False
        self._offer(choices)
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column, width in ((EntriesModel.APPLICANT, 220), (EntriesModel.MATTER, 200)):
            header.resizeSection(column, min(header.sectionSize(column), width))
        self._show_counts(counts)
        self.state_label.setText(
            self.tr("%1 entries shown, %2 in total, %3 reviews overdue")
            .replace("%1", str(len(rows)))
            .replace("%2", str(counts.total))
            .replace("%3", str(counts.overdue))
        )
        row = self.model.row_of(self._select_after_load) if self._select_after_load else None
        self._select_row(0 if row is None and rows else row)
        self.loaded.emit()

    def _not_loaded(self, error: ClerkError) -> None:
        self.loading = False
        self.state_label.setText(error.message)
        self.state_label.setStyleSheet("color: #b3261e;")
        self.loaded.emit()

    def _offer(self, choices: Choices) -> None:
        """Fill the filter boxes with what occurs, keeping what is chosen."""
        for box, items in (
            (
                self.window_box,
                [(self.tr("Window %1").replace("%1", w), w) for w in choices.windows],
            ),
            (self.clerk_box, [(name, clerk_id) for clerk_id, name in choices.clerks]),
            (self.category_box, [(c, c) for c in choices.categories]),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for text, value in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
            box.blockSignals(False)

    def _show_counts(self, counts: Counts) -> None:
        self.counts.clear()
        groups: list[tuple[str, list[tuple[str, int]]]] = [
            (self.tr("By review state"), counts.by_state),
            (self.tr("By category"), counts.by_category),
            (self.tr("By reason"), counts.by_reason),
            (self.tr("By matter"), counts.by_matter),
            (self.tr("By clerk"), counts.by_clerk),
        ]
        for title, pairs in groups:
            group = QTreeWidgetItem(self.counts, [title, str(sum(n for _, n in pairs))])
            for label, number in pairs:
                QTreeWidgetItem(group, [label or self.tr("(none)"), str(number)])
            group.setExpanded(True)

    # --- the current entry ----------------------------------------------------------

    def current_entry(self) -> EntryRow | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _select_row(self, row: int | None) -> None:
        if row is None:
            self.show_entry(None)
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.show_entry(self.model.entry(row))

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_entry(self.model.entry(current.row()) if current.isValid() else None)

    def show_entry(self, entry: EntryRow | None) -> None:
        manager = self._ws.actor.is_manager
        self.review_button.setEnabled(
            manager and entry is not None and entry.state is ReviewState.PENDING
        )
        self.follow_up_button.setEnabled(
            manager
            and entry is not None
            and entry.state in (ReviewState.REOPENED, ReviewState.RESOLVED)
        )
        self.detail.setHtml(self._detail_html(entry) if entry else "")

    def _detail_html(self, e: EntryRow) -> str:
        state = escape(e.state_name)
        if e.overdue:
            overdue = self.tr("%1 (overdue)").replace("%1", e.state_name)
            state = f'<span style="color:#b3261e">{escape(overdue)}</span>'
        fields = [
            (self.tr("Filed"), e.filed_at.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")),
            (self.tr("Window and clerk"), f"{e.window_no} · {e.clerk_name}"),
            (self.tr("Applicant"), e.applicant_name),
            (self.tr("ID number"), e.applicant_id_masked),
            (self.tr("Phone"), e.applicant_phone_masked),
            (self.tr("Address"), e.applicant_address),
            (self.tr("Matter"), " ".join(x for x in (e.matter_name, e.matter_code) if x)),
            (self.tr("Ticket"), e.ticket_no),
            (self.tr("Case"), str(e.case_id) if e.case_id else ""),
            (self.tr("Category"), e.category),
            (self.tr("Reason"), e.reason),
            (self.tr("Legal basis"), e.legal_basis),
            (self.tr("Facts"), e.facts),
            (self.tr("Missing materials"), "、".join(e.missing_materials)),
        ]
        rows = "".join(
            f"<tr><td style='color:#555;padding-right:12px'>{escape(k)}</td>"
            f"<td>{escape(v)}</td></tr>"
            for k, v in fields
            if v
        )
        settled = self.tr(" (settled)")
        reviews = "".join(
            f"<li>{r.recorded_at.astimezone(HALL_TZ):%Y-%m-%d %H:%M} {escape(r.manager_name)} "
            f"<b>{escape(r.kind_name)}</b>{escape(settled) if r.resolved else ''}"
            f"{'：' + escape(r.comment) if r.comment else ''}</li>"
            for r in e.reviews
        )
        no_review = self.tr("No review yet")
        heading = self.tr("Reviews and follow-ups")
        title = self.tr("No. %1 · %2").replace("%1", str(e.id)).replace("%2", e.kind_name)
        return (
            f"<h3>{escape(title)} · {state}</h3><table>{rows}</table>"
            f"<h4>{escape(heading)}</h4><ul>{reviews or '<li>' + escape(no_review) + '</li>'}</ul>"
        )

    # --- actions --------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        """Open a dialog without a nested event loop; ``on_accept`` runs when OK is pressed."""
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _act(self, fn: Callable[[], Any], select: Callable[[Any], int | None]) -> None:
        self._ws.workers.run(
            fn, lambda result: self.refresh(select(result)), self._failed, owner=self
        )

    def _failed(self, error: ClerkError) -> None:
        show_error(self, error)
        self.refresh()

    @Slot()
    def review_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = ReviewDialog(entry.id, self)
        db, actor = self._ws.db, self._ws.actor

        def submit() -> None:
            agree, comment = dialog.agree.isChecked(), dialog.comment.toPlainText()
            self._act(lambda: review(db, actor, entry.id, agree, comment), lambda _: entry.id)

        self._open(dialog, submit)

    @Slot()
    def follow_up_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = FollowUpDialog(entry.id, self)
        db, actor = self._ws.db, self._ws.actor

        def submit() -> None:
            note, resolved = dialog.note.toPlainText(), dialog.resolved.isChecked()
            self._act(
                lambda: record_follow_up(db, actor, entry.id, note, resolved), lambda _: entry.id
            )

        self._open(dialog, submit)

    @Slot()
    def file_unserved(self) -> None:
        dialog = UnservedDialog(self)
        db, actor = self._ws.db, self._ws.actor

        def submit() -> None:
            filing = dialog.filing()
            self._act(lambda: file_unserved(db, actor, filing), lambda entry: entry.id)

        self._open(dialog, submit)

    def _save_path(self, caption: str, suffix: str, pattern: str) -> Path | None:
        default = f"否定备案登记簿-{hall_date(self.clock()):%Y%m%d}.{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, caption, default, pattern)
        return Path(name) if name else None

    @Slot()
    def _ask_export(self) -> None:
        path = self._save_path(self.tr("Export the register"), "xlsx", self.tr("Excel (*.xlsx)"))
        if path is not None:
            self.export_to(path)

    @Slot()
    def _ask_pdf(self) -> None:
        path = self._save_path(self.tr("Save the register"), "pdf", self.tr("PDF (*.pdf)"))
        if path is not None:
            self.save_pdf_to(path)

    def export_to(self, path: Path) -> None:
        """The register under the current filter as XLSX (numbers masked)."""
        db, actor, flt = self._ws.db, self._ws.actor, self.current_filter()
        self._ws.workers.run(
            lambda: export_xlsx(db, actor, path, flt),
            lambda _: self._saved(path),
            self._not_saved,
            owner=self,
        )

    def save_pdf_to(self, path: Path) -> None:
        db, actor, flt = self._ws.db, self._ws.actor, self.current_filter()

        def save() -> None:
            data = register_pdf(db, actor, flt)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise ClerkError(f"无法写入文件 {path}，请检查文件夹和权限。", repr(exc)) from exc

        self._ws.workers.run(save, lambda _: self._saved(path), self._not_saved, owner=self)

    def _not_saved(self, error: ClerkError) -> None:
        show_error(self, error)

    def _saved(self, path: Path) -> None:
        self.state_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.state_label.setStyleSheet("")
