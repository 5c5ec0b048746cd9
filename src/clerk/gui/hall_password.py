"""First start on a hall database: ask its password once; the keyring keeps it after that."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from clerk.gui.forms.ui_hall_password import Ui_HallPasswordDialog


class HallPasswordDialog(QDialog):
    """Asks the password of the hall database ``server`` (its description, never a URL)."""

    def __init__(self, server: str, error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HallPasswordDialog()
        self.ui.setupUi(self)
        self.ui.intro.setText(
            self.tr(
                "This workstation uses the hall database %1. Enter its password once: "
                "it is kept in the system keyring, never in a file."
            ).replace("%1", server)
        )
        self.ui.error.setText(error)
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

    def password(self) -> str:
        return self.ui.password.text()
