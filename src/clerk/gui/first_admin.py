"""First start on an empty database: the dialog that creates the administrator account."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from clerk.domain.errors import ClerkError
from clerk.gui.forms.ui_first_admin import Ui_FirstAdminDialog
from clerk.gui.workers import Workers
from clerk.services import accounts
from clerk.storage.db import Database


class FirstAdminDialog(QDialog):
    """Accepted once ``accounts.create_first_admin`` stored the account."""

    def __init__(self, db: Database, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstAdminDialog()
        self.ui.setupUi(self)
        self._db = db
        self._workers = workers
        self._create_button = self.ui.buttons.addButton(
            self.tr("&Create account"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ui.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ui.buttons.accepted.connect(self.create_account)
        self.ui.buttons.rejected.connect(self.reject)

    @property
    def username(self) -> str:
        return self.ui.username.text().strip()

    @Slot()
    def create_account(self) -> None:
        username, name = self.username, self.ui.display_name.text()
        password = self.ui.password.text()
        if password != self.ui.confirm.text():
            self.ui.error.setText(self.tr("The two passwords differ."))
            self.ui.confirm.clear()
            self.ui.confirm.setFocus()
            return
        self._create_button.setEnabled(False)
        self.ui.error.clear()
        db = self._db
        self._workers.run(
            lambda: accounts.create_first_admin(db, username, name, password),
            lambda _: self.accept(),
            self._refused,
            owner=self,
        )

    def _refused(self, error: ClerkError) -> None:
        self._create_button.setEnabled(True)
        self.ui.error.setText(error.message)
