"""The 排队 page: call, recall, no-show, transfer, pause, finish, and the waiting list.

The page refreshes the window's state, its current ticket and the waiting list every
``REFRESH_MS`` while it is shown. Tickets past ``queue.wait_alert_minutes`` are red and
named in the alert line (a manager sees the whole hall). Finishing a ticket opens the
evaluator (好差评) on the applicant's screen; "Open intake" shows the 受理 page, which
takes the called ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.errors import ClerkError
from clerk.domain.queue import WINDOW_STATE_NAMES
from clerk.gui.large_print import font
from clerk.gui.rating import RatingWindow
from clerk.gui.workstation import Workstation
from clerk.services import queue
from clerk.services.queue import (
    CategoryInfo,
    TicketInfo,
    WaitingTicket,
    WindowInfo,
    load_rules,
)

REFRESH_MS = 5_000


@dataclass(frozen=True)
class Snapshot:
    """What the page shows, read in one worker job."""

    window: WindowInfo | None
    current: TicketInfo | None
    waiting: list[WaitingTicket]
    categories: list[CategoryInfo]
    windows: list[WindowInfo]


class TransferDialog(QDialog):
    """To another category or to one window, with a note for whoever serves next."""

    def __init__(
        self,
        categories: list[CategoryInfo],
        windows: list[WindowInfo],
        own_window: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the ticket"))
        self.to_category = QRadioButton(self.tr("To a service &category"), self)
        self.to_window = QRadioButton(self.tr("To a &window"), self)
        self.to_category.setChecked(True)
        self.category = QComboBox(self)
        for c in categories:
            self.category.addItem(f"{c.prefix} {c.name}", c.prefix)
        self.window_box = QComboBox(self)
        for w in windows:
            if w.number != own_window:
                self.window_box.addItem(self.tr("Window %1").replace("%1", w.number), w.number)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("What the applicant still needs"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.to_category, self.category)
        form.addRow(self.to_window, self.window_box)
        form.addRow(self.tr("&Note:"), self.note)
        form.addRow(buttons)

    def target(self) -> dict[str, str]:
        if self.to_window.isChecked():
            return {"window_number": self.window_box.currentData()}
        return {"category_prefix": self.category.currentData()}


class QueuePage(QWidget):
    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.rules = load_rules(ws.settings)
        self.snapshot: Snapshot | None = None
        self.rating_window: RatingWindow | None = None
        self.transfer_dialog: TransferDialog | None = None
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.setFocusProxy(self.call_button)

    def _build(self) -> None:
        self.window_label = QLabel("", self)
        self.window_label.setFont(font(14, bold=True))
        self.open_button = self._button(self.tr("&Open / resume"), self.open_window)
        self.pause_button = self._button(self.tr("Pa&use"), self.pause_window)
        self.close_button = self._button(self.tr("Close &window"), self.close_window)
        top = QHBoxLayout()
        top.addWidget(self.window_label, 1)
        for b in (self.open_button, self.pause_button, self.close_button):
            top.addWidget(b)

        self.number = QLabel("", self)
        self.number.setFont(font(40, bold=True))
        self.details = QLabel("", self)
        self.details.setWordWrap(True)
        self.call_button = self._button(self.tr("Call ne&xt"), self.call_next, "F6")
        self.recall_button = self._button(self.tr("&Recall"), self.recall, "F7")
        self.no_show_button = self._button(self.tr("&No-show"), self.no_show, "F9")
        self.intake_button = self._button(self.tr("Open &intake"), self.open_intake)
        self.transfer_button = self._button(self.tr("&Transfer…"), self.transfer)
        self.finish_button = self._button(self.tr("&Finish"), self.finish, "F8")
        actions = QHBoxLayout()
        for b in (
            self.call_button,
            self.recall_button,
            self.no_show_button,
            self.intake_button,
            self.transfer_button,
            self.finish_button,
        ):
            actions.addWidget(b)
        current = QGroupBox(self.tr("Current ticket"), self)
        box = QVBoxLayout(current)
        box.addWidget(self.number)
        box.addWidget(self.details)
        box.addLayout(actions)

        self.alerts = QLabel("", self)
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet("color:#b71c1c; font-weight:bold;")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.waiting = QTableWidget(0, 4, self)
        self.waiting.setHorizontalHeaderLabels(
            [self.tr("Ticket"), self.tr("Service"), self.tr("Waited"), self.tr("Note")]
        )
        self.waiting.verticalHeader().setVisible(False)
        self.waiting.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.waiting.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(current)
        layout.addWidget(self.alerts)
        layout.addWidget(QLabel(self.tr("Waiting for this window"), self))
        layout.addWidget(self.waiting, 1)
        layout.addWidget(self.status)
        self._show(None)

    def _button(self, text: str, slot: Callable[[], None], key: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if key:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda: button.click())  # nothing when disabled
            self.addAction(action)
            button.setToolTip(key)
        return button

    # ------------------------------------------------------------ refreshing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    @Slot()
    def refresh(self) -> None:
        db, actor, rules = self.ws.db, self.ws.actor, self.rules

        def read() -> Snapshot:
            mine = [w for w in queue.windows(db) if w.number == actor.window_no]
            return Snapshot(
                mine[0] if mine else None,
                queue.current_ticket(db, actor) if mine else None,
                queue.waiting_tickets(db, actor, rules) if mine or actor.is_manager else [],
                queue.categories(db),
                queue.windows(db),
            )

        self.ws.workers.run(read, self._show, self._failed, owner=self)

    def _show(self, snapshot: Snapshot | None) -> None:
        self.snapshot = snapshot
        window = snapshot.window if snapshot else None
        current = snapshot.current if snapshot else None
        if window is None:
            self.window_label.setText(
                self.tr("Window %1 is not set up in the queue").replace(
                    "%1", self.ws.actor.window_no
                )
            )
        else:
            self.window_label.setText(
                self.tr("Window %1 — %2")
                .replace("%1", window.number)
                .replace("%2", WINDOW_STATE_NAMES[window.state])
            )
        state = window.state if window else None
        self.open_button.setEnabled(window is not None and state != "open")
        self.pause_button.setEnabled(state == "open")
        self.close_button.setEnabled(window is not None and state != "closed")
        self.call_button.setEnabled(state == "open" and current is None)
        called = current is not None and current.state == "called"
        self.recall_button.setEnabled(called)
        self.no_show_button.setEnabled(called)
        for b in (self.intake_button, self.transfer_button, self.finish_button):
            b.setEnabled(current is not None)
        self._show_current(current)
        self._show_waiting(snapshot.waiting if snapshot else [])

    def _show_current(self, ticket: TicketInfo | None) -> None:
        if ticket is None:
            self.number.setText(self.tr("No ticket"))
            self.details.setText("")
            return
        self.number.setText(ticket.number)
        parts = [f"{ticket.category_name} · {ticket.state_name}"]
        if ticket.priority_reason:
            parts.append(self.tr("Priority: %1").replace("%1", ticket.priority_reason))
        if ticket.appointment:
            parts.append(self.tr("Appointment"))
        if ticket.recall_count:
            parts.append(self.tr("Recalled %1 times").replace("%1", str(ticket.recall_count)))
        if ticket.transfer_note:
            parts.append(self.tr("Transfer note: %1").replace("%1", ticket.transfer_note))
        self.details.setText("　".join(parts))

    def _show_waiting(self, waiting: list[WaitingTicket]) -> None:
        self.waiting.setRowCount(len(waiting))
        for row, w in enumerate(waiting):
            t = w.ticket
            notes = []
            if t.priority_reason:
                notes.append(self.tr("Priority: %1").replace("%1", t.priority_reason))
            if t.appointment:
                notes.append(self.tr("Appointment"))
            if t.target_window_number:
                notes.append(self.tr("Sent to window %1").replace("%1", t.target_window_number))
            if t.transfer_note:
                notes.append(t.transfer_note)
            texts = (
                t.number,
                t.category_name,
                self.tr("%1 min").replace("%1", str(w.waited_minutes)),
                "；".join(notes),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if w.overdue:
                    item.setForeground(Qt.GlobalColor.red)
                self.waiting.setItem(row, column, item)
        late = [w for w in waiting if w.overdue]
        if late:
            names = "、".join(
                self.tr("%1 (%2 min)")
                .replace("%1", w.ticket.number)
                .replace("%2", str(w.waited_minutes))
                for w in late
            )
            self.alerts.setText(
                self.tr("Waiting longer than %1 minutes: %2")
                .replace("%1", str(self.rules.alert_minutes))
                .replace("%2", names)
            )
        else:
            self.alerts.setText("")

    # ------------------------------------------------------------ actions

    def _act(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.refresh()

        self.ws.workers.run(fn, finished, self._failed, owner=self)

    def _failed(self, error: ClerkError) -> None:
        self.status.setText(error.message)
        self.status.setStyleSheet("color:#b71c1c;")

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("")

    def _current_id(self) -> int | None:
        current = self.snapshot.current if self.snapshot else None
        return current.id if current else None

    @Slot()
    def open_window(self) -> None:
        db, actor = self.ws.db, self.ws.actor
        self._act(lambda: queue.open_window(db, actor))

    @Slot()
    def pause_window(self) -> None:
        db, actor = self.ws.db, self.ws.actor
        self._act(lambda: queue.pause_window(db, actor))

    @Slot()
    def close_window(self) -> None:
        db, actor = self.ws.db, self.ws.actor
        self._act(lambda: queue.close_window(db, actor))

    @Slot()
    def call_next(self) -> None:
        db, actor, rules = self.ws.db, self.ws.actor, self.rules
        self._act(lambda: queue.call_next(db, actor, rules), self._called)

    def _called(self, ticket: TicketInfo | None) -> None:
        if ticket is None:
            self._tell(self.tr("Nobody is waiting for this window."))
        else:
            self._tell(self.tr("%1 called.").replace("%1", ticket.number))

    @Slot()
    def recall(self) -> None:
        ticket_id = self._current_id()
        if ticket_id is None:
            return
        db, actor, rules = self.ws.db, self.ws.actor, self.rules
        self._act(lambda: queue.recall(db, actor, ticket_id, rules), self._recalled)

    def _recalled(self, result: queue.RecallResult) -> None:
        if result.no_show:
            self._tell(self.tr("Recall limit reached: the ticket is marked as a no-show."))
        else:
            self._tell(self.tr("Recalled."))

    @Slot()
    def no_show(self) -> None:
        ticket_id = self._current_id()
        if ticket_id is not None:
            db, actor = self.ws.db, self.ws.actor
            self._act(lambda: queue.mark_no_show(db, actor, ticket_id))

    @Slot()
    def open_intake(self) -> None:
        """Show the 受理 page: it takes the called ticket (F2 there starts the service)."""
        main = self.window()
        pages: list[QWidget] = getattr(main, "pages", [])
        intake = next((p for p in pages if type(p).__name__ == "IntakePage"), None)
        if intake is not None:
            main.show_page(intake)  # type: ignore[attr-defined]

    @Slot()
    def transfer(self) -> None:
        if self.snapshot is None or self._current_id() is None:
            return
        dialog = TransferDialog(
            self.snapshot.categories, self.snapshot.windows, self.ws.actor.window_no, self
        )
        dialog.accepted.connect(self._transfer_accepted)
        self.transfer_dialog = dialog
        dialog.open()

    def _transfer_accepted(self) -> None:
        dialog, ticket_id = self.transfer_dialog, self._current_id()
        if dialog is None or ticket_id is None:
            return
        target, note = dialog.target(), dialog.note.toPlainText()
        db, actor = self.ws.db, self.ws.actor
        self._act(lambda: queue.transfer(db, actor, ticket_id, note, **target), self._moved)

    def _moved(self, ticket: TicketInfo) -> None:
        self._tell(self.tr("%1 transferred.").replace("%1", ticket.number))

    @Slot()
    def finish(self) -> None:
        ticket_id = self._current_id()
        if ticket_id is not None:
            db, actor = self.ws.db, self.ws.actor
            self._act(lambda: queue.finish(db, actor, ticket_id), self._finished)

    def _finished(self, ticket: TicketInfo) -> None:
        self._tell(
            self.tr("%1 finished: the applicant is asked to rate.").replace("%1", ticket.number)
        )
        window = RatingWindow(self.ws, ticket.id, self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.place_on_second_screen()
        self.rating_window = window
        window.show()
