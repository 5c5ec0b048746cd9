"""`clerk` without a subcommand: open the database, sign in, run the console.

The start, in order: translators; the database (the demo file with ``--demo``; a hall
database's password asked once and kept in the keyring); the first administrator on an
empty database; then sign-in and the main window, again after each sign-out. Any
ClerkError on the way is shown in Chinese and ends the program with nothing changed.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy.engine import URL

from clerk.demo.mode import DEMO_DATABASE, prepare_demo
from clerk.domain.errors import ClerkError, DatabaseUnavailable
from clerk.gui.first_admin import FirstAdminDialog
from clerk.gui.hall_password import HallPasswordDialog
from clerk.gui.messages import show_error
from clerk.gui.sign_in import SignInDialog
from clerk.gui.translations import install_translators, language, remove_translators
from clerk.gui.workers import Workers
from clerk.gui.workstation import Workstation
from clerk.paths import resource
from clerk.secrets import set_secret
from clerk.services import accounts
from clerk.services.accounts import Role
from clerk.settings import Settings
from clerk.storage.db import Database, embedded_url, open_database, password_key, resolve_url

log = logging.getLogger(__name__)


def application() -> QApplication:
    """The process's QApplication (an existing one in tests); plain, no subclass."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("clerk")
    app.setWindowIcon(QIcon(str(resource("icons", "clerk.svg"))))
    # Windows come and go (sign-in, main window, sign-in again): run() decides when to stop.
    app.setQuitOnLastWindowClosed(False)
    return app


def load_for_console() -> None:
    """What the console needs once the clerk is signed in: the main window's modules (its
    pages bring openpyxl, pypinyin's dictionaries, OpenCV, QtCharts: as much CPU as all
    that comes before the sign-in window) and the print fonts (~0.2 s)."""
    importlib.import_module("clerk.gui.main_window")
    importlib.import_module("clerk.documents").preload()


def run(args: argparse.Namespace) -> int:
    app = application()
    translators: list[QTranslator] = []
    workers = Workers()
    # Loaded on a worker while the clerk signs in, started from the first dialog's event
    # loop, so the sign-in window does not wait for it (nor share the interpreter with it).
    loader = QTimer(singleShot=True, interval=0)
    loader.timeout.connect(lambda: workers.run(load_for_console))
    loader.start()
    try:
        settings = Settings.load()
        translators = install_translators(app, language(settings))
        app.setApplicationDisplayName(
            QCoreApplication.translate("App", "Comprehensive window console")
        )
        return _console(args, settings, workers)
    except ClerkError as exc:
        log.error("start failed: %s (%s)", exc.message, exc.detail)
        show_error(None, exc)
        return 2
    finally:
        loader.stop()
        workers.shutdown()
        workers.deleteLater()
        remove_translators(app, translators)


def _console(args: argparse.Namespace, settings: Settings, workers: Workers) -> int:
    demo_accounts: list[tuple[str, str, Role]] = []
    if args.demo:
        opened: Database | None = open_database(embedded_url(DEMO_DATABASE))
    else:
        opened = _open(resolve_url(args.database, settings))
    if opened is None:
        return 1
    db = opened
    try:
        if args.demo:
            demo_accounts = prepare_demo(db)
        username = ""
        if accounts.needs_first_admin(db):
            first = FirstAdminDialog(db, workers)
            if first.exec() != QDialog.DialogCode.Accepted:
                return 1
            username = first.username
        while True:
            dialog = SignInDialog(db, settings, workers, demo_accounts)
            if username:
                dialog.set_username(username)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
                return 0
            # Imported by load_for_console by now (or waited for, if the clerk was quicker).
            from clerk.gui.main_window import MainWindow

            ws = Workstation(db, dialog.actor, settings, workers, demo=args.demo)
            window = MainWindow(ws)
            loop = QEventLoop()
            window.closed.connect(loop.quit)
            window.show()
            loop.exec()
            window.deleteLater()
            if not window.signed_out:
                return 0
            username = ws.actor.username
    finally:
        workers.shutdown()  # no job may touch the database after this
        db.dispose()


def _open(url: URL) -> Database | None:
    """Open the database; a hall database without a stored password asks for it first."""
    if url.get_backend_name() != "postgresql" or url.password is not None:
        return open_database(url)
    error = ""
    server = f"{url.host}:{url.port or 5432}/{url.database}"
    while True:
        dialog = HallPasswordDialog(server, error)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        password = dialog.password()
        try:
            db = open_database(url.set(password=password))
        except DatabaseUnavailable as exc:
            log.warning("hall database refused: %s (%s)", exc.message, exc.detail)
            error = exc.message
            continue
        # Kept only once it worked: a typo never lands in the keyring.
        set_secret(password_key(url), password)
        return db
