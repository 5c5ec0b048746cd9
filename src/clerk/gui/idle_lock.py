"""Console lock: after N idle minutes the pages are hidden until the clerk's password is given."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from clerk.domain.errors import ClerkError
from clerk.gui.forms.ui_lock_panel import Ui_LockPanel
from clerk.gui.workstation import Workstation
from clerk.services import accounts

# What counts as someone at the console: a barcode gun types, so keys count too.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once no input reached the application for ``interval_ms`` (0 = never)."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._timer.setInterval(interval_ms)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.resume()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        self.resume()

    def resume(self) -> None:
        if self._timer.interval() > 0:
            self._timer.start()

    def pause(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()
        return False


class LockPanel(QWidget):
    """Shown instead of the pages; the same account's password unlocks (lockout rules apply)."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LockPanel()
        self.ui.setupUi(self)
        self._ws = ws
        font = self.ui.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.ui.heading.setFont(font)
        self.ui.who.setText(
            self.tr("Signed in: %1 (%2), window %3")
            .replace("%1", ws.actor.display_name)
            .replace("%2", ws.actor.staff_no)
            .replace("%3", ws.actor.window_no)
        )
        self.setFocusProxy(self.ui.password)
        self.ui.password.returnPressed.connect(self.unlock)
        self.ui.unlock.clicked.connect(self.unlock)
        self.ui.sign_out.clicked.connect(self.sign_out_requested)

    def reset(self) -> None:
        self.ui.password.clear()
        self.ui.error.clear()
        self.ui.unlock.setEnabled(True)

    @Slot()
    def unlock(self) -> None:
        password = self.ui.password.text()
        if not password:
            return
        self.ui.unlock.setEnabled(False)
        ws = self._ws
        self._ws.workers.run(
            lambda: accounts.sign_in(ws.db, ws.actor.username, password, ws.actor.window_no),
            lambda _actor: self.unlocked.emit(),
            self._refused,
            owner=self,
        )

    def _refused(self, error: ClerkError) -> None:
        self.ui.unlock.setEnabled(True)
        self.ui.error.setText(error.message)
        self.ui.password.clear()
        self.ui.password.setFocus()
