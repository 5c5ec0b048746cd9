"""The sign-in dialog: username, password, this window's number; demo accounts in demo mode."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidgetItem, QWidget

from clerk.domain.errors import ClerkError
from clerk.gui.forms.ui_sign_in import Ui_SignInDialog
from clerk.gui.workers import Workers
from clerk.services import accounts
from clerk.services.accounts import Actor, Role
from clerk.settings import Settings
from clerk.storage.db import Database

WINDOW_KEY = "workstation.window_no"


class SignInDialog(QDialog):
    """Accepted once ``accounts.sign_in`` returned an ``Actor`` (in ``self.actor``)."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        workers: Workers,
        demo_accounts: Sequence[tuple[str, str, Role]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        heading = self.ui.heading.font()
        heading.setBold(True)
        heading.setPointSizeF(heading.pointSizeF() * 1.4)
        self.ui.heading.setFont(heading)
        self._db = db
        self._settings = settings
        self._workers = workers
        self.actor: Actor | None = None
        self._sign_in_button = self.ui.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ui.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ui.buttons.accepted.connect(self.sign_in)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.window_no.setText(settings.get(WINDOW_KEY))
        # IT may fix the window number in the machine's settings.
        self.ui.window_no.setReadOnly(WINDOW_KEY in settings.locked_keys())
        self._show_demo_accounts(demo_accounts)
        self.ui.username.setFocus()

    def _show_demo_accounts(self, demo_accounts: Sequence[tuple[str, str, Role]]) -> None:
        self.ui.demo_box.setVisible(bool(demo_accounts))
        roles = {
            Role.CLERK: self.tr("Clerk"),
            Role.MANAGER: self.tr("Hall manager"),
            Role.ADMIN: self.tr("Administrator"),
        }
        for username, password, role in demo_accounts:
            QTreeWidgetItem(self.ui.demo_accounts, [username, password, roles[role]])
        tree = self.ui.demo_accounts
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)
        # Every demo account in sight, without scrolling.
        row = tree.fontMetrics().height() + 8
        header = tree.header().sizeHint().height()
        tree.setMinimumHeight(header + row * len(demo_accounts) + 2 * tree.frameWidth())
        # Enter on an account fills it in, then the dialog's default button signs in.
        self.ui.demo_accounts.itemActivated.connect(self._fill_in)
        self.ui.demo_accounts.itemDoubleClicked.connect(self._fill_in)

    @Slot(QTreeWidgetItem)
    def _fill_in(self, item: QTreeWidgetItem) -> None:
        self.ui.username.setText(item.text(0))
        self.ui.password.setText(item.text(1))

    def set_username(self, username: str) -> None:
        self.ui.username.setText(username)
        self.ui.password.setFocus()

    @Slot()
    def sign_in(self) -> None:
        username = self.ui.username.text().strip()
        password = self.ui.password.text()
        window_no = self.ui.window_no.text().strip()
        if not username or not password:
            self.ui.error.setText(self.tr("Enter your username and password."))
            return
        if not window_no:
            self.ui.error.setText(self.tr("Enter the number of this window."))
            self.ui.window_no.setFocus()
            return
        self._set_busy(True)
        db = self._db
        self._workers.run(
            lambda: accounts.sign_in(db, username, password, window_no),
            self._signed_in,
            self._refused,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self.ui.error.setText(self.tr("Signing in…") if busy else "")
        self._sign_in_button.setEnabled(not busy)
        for field in (self.ui.username, self.ui.password, self.ui.window_no):
            field.setEnabled(not busy)

    def _signed_in(self, actor: Actor) -> None:
        if not self.ui.window_no.isReadOnly() and actor.window_no != self._settings.get(WINDOW_KEY):
            self._settings.set(WINDOW_KEY, actor.window_no)
        self.actor = actor
        self.accept()

    def _refused(self, error: ClerkError) -> None:
        self._set_busy(False)
        self.ui.error.setText(error.message)
        self.ui.password.clear()
        self.ui.password.setFocus()
