"""The console's main window: a shell that composes the pages, the status bar and the lock."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from clerk import __version__
from clerk.domain.errors import ClerkError
from clerk.gui.cases_page import CasesPage
from clerk.gui.catalogue_page import CataloguePage
from clerk.gui.corrections_page import CorrectionsPage
from clerk.gui.forms.ui_main_window import Ui_MainWindow
from clerk.gui.idle_lock import IdleWatcher, LockPanel
from clerk.gui.intake_page import IntakePage
from clerk.gui.messages import show_error
from clerk.gui.queue_page import QueuePage
from clerk.gui.refusals_page import RefusalsPage
from clerk.gui.stats_page import StatsPage
from clerk.gui.status_bar import StatusBar
from clerk.gui.workstation import Workstation


class MainWindow(QMainWindow):
    """Emits ``closed`` when the window closes; ``signed_out`` tells whether to sign in again."""

    closed = Signal()

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ws = ws
        self.signed_out = False
        title = self.tr("Comprehensive window console")
        if ws.demo:
            title += self.tr(" [demo data]")
        self.setWindowTitle(f"{title} — {ws.actor.display_name}")

        self.pages: list[QWidget] = []
        for number, (name, page) in enumerate(self._page_list(), start=1):
            self._add_page(number, name, page)
        self.ui.pages.currentChanged.connect(self._focus_page)

        self.status = StatusBar(ws, self)
        self.setStatusBar(self.status)
        self.lock_panel = LockPanel(ws, self)
        self.ui.stack.addWidget(self.lock_panel)
        self.lock_panel.unlocked.connect(self.unlock)
        self.lock_panel.sign_out_requested.connect(self.sign_out)
        minutes = ws.settings.get_int("security.idle_lock_minutes")
        self.idle = IdleWatcher(minutes * 60_000, self)
        self.idle.idle.connect(self.lock)

        self.ui.action_lock.triggered.connect(self.lock)
        self.ui.action_sign_out.triggered.connect(self.sign_out)
        self.ui.action_quit.triggered.connect(self.close)
        self.ui.action_about.triggered.connect(self._about)
        ws.workers.unhandled.connect(self._report)

    def _page_list(self) -> list[tuple[str, QWidget]]:
        """The pages in tab order (Ctrl+1 …); a capability puts its page class here.

        Each page is a QWidget built with the Workstation; its focus proxy gets the focus
        when the page is shown.
        """
        ws = self.ws
        intake = IntakePage(ws)
        corrections = CorrectionsPage(ws)
        # A case chosen in the list of corrections due opens on the 受理 page.
        corrections.case_chosen.connect(lambda number: self._correct(intake, number))
        cases = CasesPage(ws)
        cases.case_chosen.connect(lambda number: self._correct(intake, number))
        return [
            (self.tr("&Intake"), intake),
            (self.tr("&Queue"), QueuePage(ws)),
            (self.tr("&Refusal register"), RefusalsPage(ws)),
            (self.tr("&Statistics"), StatsPage(ws)),
            (self.tr("Cata&logue"), CataloguePage(ws)),
            (self.tr("Corrections &due"), corrections),
            (self.tr("C&ase search"), cases),
        ]

    def _correct(self, intake: IntakePage, number: str) -> None:
        self.show_page(intake)
        intake.open_correction(number)

    def _add_page(self, number: int, name: str, page: QWidget) -> None:
        self.pages.append(page)
        self.ui.pages.addTab(page, name)
        action = QAction(name, self)
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda: self.show_page(page))
        self.ui.menu_pages.addAction(action)

    def show_page(self, page: QWidget) -> None:
        self.ui.pages.setCurrentWidget(page)
        self._focus_page()

    @property
    def current_page(self) -> QWidget:
        return self.ui.pages.currentWidget()

    @property
    def locked(self) -> bool:
        return self.ui.stack.currentWidget() is self.lock_panel

    @Slot()
    def _focus_page(self) -> None:
        self.current_page.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def lock(self) -> None:
        """Hide the pages (an applicant's data may be on them) until the password is given."""
        if self.locked:
            return
        self.idle.pause()
        self.lock_panel.reset()
        self._show_locked(True)
        self.lock_panel.setFocus()

    @Slot()
    def unlock(self) -> None:
        self._show_locked(False)
        self.idle.resume()
        self._focus_page()

    def _show_locked(self, locked: bool) -> None:
        self.ui.stack.setCurrentWidget(self.lock_panel if locked else self.ui.console)
        self.menuBar().setEnabled(not locked)
        # Disabled actions keep their shortcuts from reaching the hidden pages.
        for action in [*self.ui.menu_pages.actions(), self.ui.action_lock]:
            action.setEnabled(not locked)

    @Slot()
    def sign_out(self) -> None:
        self.signed_out = True
        self.close()

    def _report(self, error: ClerkError) -> None:
        show_error(self, error)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About clerk"),
            self.tr("clerk %1: the console of a comprehensive service window.").replace(
                "%1", __version__
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.pause()
        self.status.stop()
        super().closeEvent(event)
        self.closed.emit()
