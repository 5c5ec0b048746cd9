"""The ticket machine (`clerk kiosk`): touch-sized buttons per category, 绿色通道, check-in.

A tap issues a ticket off the GUI thread and prints it on the 80 mm roll. A second tap
on the same button within ``DOUBLE_TAP_SECONDS`` carries the same request key, so the
service hands back the same ticket and nothing is printed twice. When the printer fails
the number stays on screen with a note to remember it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk.documents.data import TicketData
from clerk.domain.errors import ClerkError
from clerk.domain.queue import PRIORITY_REASONS, QueueRules
from clerk.gui.large_print import font
from clerk.gui.workers import Workers
from clerk.services import queue
from clerk.services.accounts import Actor
from clerk.services.printing import PrintService
from clerk.services.queue import CategoryInfo, IssuedTicket
from clerk.storage.db import Database

DOUBLE_TAP_SECONDS = 2.0
BUTTON_HEIGHT = 120


class Kiosk(QWidget):
    """``printer`` prints the ticket; ``actor`` is the kiosk's own account (the print log)."""

    def __init__(
        self,
        db: Database,
        workers: Workers,
        actor: Actor,
        printer: PrintService,
        *,
        rules: QueueRules | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._workers = workers
        self._actor = actor
        self._printer = printer
        self._rules = rules or QueueRules()
        self._kiosk_id = uuid.uuid4().hex[:8]
        self._taps = 0
        self._last_tap: tuple[str, str | None, str, float] | None = None
        self.category_buttons: dict[str, QPushButton] = {}
        self.issued: IssuedTicket | None = None
        self._printing: str | None = None  # the ticket whose print result the screen awaits
        self.setWindowTitle(self.tr("Ticket machine"))
        self._build()
        self._workers.run(
            lambda: queue.categories(db), self._show_categories, self._failed, owner=self
        )

    def _build(self) -> None:
        title = QLabel(self.tr("Please choose your service"), self)
        title.setFont(font(30, bold=True))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QGridLayout()
        self.priority = QButtonGroup(self)
        self.priority.setExclusive(False)
        priority_row = QHBoxLayout()
        label = QLabel(self.tr("Priority channel:"), self)
        label.setFont(font(18))
        priority_row.addWidget(label)
        for reason in PRIORITY_REASONS:
            button = QPushButton(reason, self)  # the reasons are the hall's own words
            button.setCheckable(True)
            button.setMinimumHeight(64)
            button.setFont(font(18))
            self.priority.addButton(button)
            priority_row.addWidget(button)
        self.priority.buttonToggled.connect(self._one_priority)
        check_in_row = QHBoxLayout()
        self.booking = QLineEdit(self)
        self.booking.setPlaceholderText(self.tr("Booking code"))
        self.booking.setFont(font(22))
        self.booking.setMinimumHeight(72)
        self.check_in_button = QPushButton(self.tr("Check in appointment"), self)
        self.check_in_button.setFont(font(22))
        self.check_in_button.setMinimumHeight(72)
        self.check_in_button.clicked.connect(self.check_in)
        self.booking.returnPressed.connect(self.check_in)
        check_in_row.addWidget(self.booking, 2)
        check_in_row.addWidget(self.check_in_button, 1)
        self.number = QLabel("", self)
        self.number.setFont(font(72, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel("", self)
        self.detail.setFont(font(22))
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.message = QLabel("", self)
        self.message.setFont(font(20, bold=True))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self.buttons)
        layout.addLayout(priority_row)
        layout.addLayout(check_in_row)
        layout.addWidget(self.number)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _show_categories(self, categories: list[CategoryInfo]) -> None:
        for i, category in enumerate(categories):
            button = QPushButton(f"{category.prefix}  {category.name}", self)
            button.setFont(font(28, bold=True))
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.clicked.connect(lambda _=False, p=category.prefix: self.take(p))
            self.buttons.addWidget(button, i // 2, i % 2)
            self.category_buttons[category.prefix] = button

    @Slot(object, bool)
    def _one_priority(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.priority.buttons():
                if other is not button:
                    other.setChecked(False)

    def _priority_reason(self) -> str | None:
        checked = self.priority.checkedButton()
        return checked.text() if checked is not None else None

    def _request_key(self, prefix: str, reason: str | None) -> str:
        """The same button tapped again within two seconds is the same request."""
        now = time.monotonic()
        last = self._last_tap
        if last and last[:2] == (prefix, reason) and now - last[3] < DOUBLE_TAP_SECONDS:
            key = last[2]
        else:
            self._taps += 1
            key = f"kiosk-{self._kiosk_id}-{self._taps}"
        self._last_tap = (prefix, reason, key, now)
        return key

    def take(self, prefix: str) -> None:
        """A tap on a category button."""
        reason = self._priority_reason()
        key = self._request_key(prefix, reason)
        db, rules = self._db, self._rules
        self.message.setText(self.tr("Issuing your ticket…"))
        self._run(
            lambda: queue.issue_ticket(
                db, prefix, priority_reason=reason, request_key=key, settings=rules
            )
        )

    @Slot()
    def check_in(self) -> None:
        code = self.booking.text().strip()
        if not code:
            self.message.setText(self.tr("Please enter or scan your booking code."))
            return
        db, rules = self._db, self._rules
        self._run(lambda: queue.check_in(db, code, rules))

    def _run(self, fn: Callable[[], IssuedTicket]) -> None:
        self._workers.run(fn, self._issued, self._failed, owner=self)

    def _issued(self, issued: IssuedTicket) -> None:
        if self.issued and self.issued.ticket.id == issued.ticket.id:
            # A double tap: this ticket is on screen and printing already. The two taps'
            # answers may come back in either order, so the repeated flag alone cannot tell.
            return
        self.issued = issued
        for button in self.priority.buttons():
            button.setChecked(False)
        self.booking.clear()
        ticket = issued.ticket
        self.number.setText(ticket.number)
        self.detail.setText(
            self.tr("%1 — %2 waiting ahead of you, about %3 minutes")
            .replace("%1", ticket.category_name)
            .replace("%2", str(issued.waiting_ahead))
            .replace("%3", str(issued.estimated_wait_minutes))
        )
        self.message.setText(self.tr("Printing your ticket…"))
        self._printing = ticket.number
        data = TicketData(
            number=ticket.number,
            category=ticket.category_name,
            waiting_ahead=issued.waiting_ahead,
            issued_at=ticket.issued_at,
            priority=f"绿色通道·{ticket.priority_reason}" if ticket.priority_reason else "",
        )
        printer, actor = self._printer, self._actor
        self._workers.run(
            lambda: printer.submit(actor, data).result(timeout=60),
            lambda _record: self._printed(ticket.number),
            lambda error: self._not_printed(ticket.number, error),
            owner=self,
        )

    def _printed(self, number: str) -> None:
        if self._printing == number:
            self.message.setText(self.tr("Please take your ticket."))

    def _not_printed(self, number: str, error: ClerkError) -> None:
        if self._printing == number:
            self.message.setText(
                self.tr("The printer is not working. Please remember your number: %1").replace(
                    "%1", number
                )
            )
            self.message.setToolTip(error.message)

    def _failed(self, error: ClerkError) -> None:
        # A newer message: the earlier ticket's print finishing must not cover it.
        self._printing = None
        self.message.setText(error.message)
