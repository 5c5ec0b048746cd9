"""`clerk` without a subcommand, driven from start to finish through its real windows."""

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clerk.cli import build_parser
from clerk.demo.mode import DEMO_DATABASE
from clerk.gui.app import run
from clerk.gui.first_admin import FirstAdminDialog
from clerk.gui.hall_password import HallPasswordDialog
from clerk.gui.main_window import MainWindow
from clerk.gui.sign_in import SignInDialog
from clerk.secrets import get_secret
from clerk.services import accounts
from clerk.storage.db import embedded_url, open_database, password_key
from tests.gui.conftest import make_actor
from tests.gui.modal import ModalDriver


def run_clerk(handler, *argv: str) -> tuple[int, list[str]]:
    driver = ModalDriver(handler)
    try:
        code = run(build_parser().parse_args(list(argv)))
    finally:
        driver.stop()
    return code, driver.seen


def answer_message(messages: list[str]):
    def handler(widget: QWidget) -> bool:
        if isinstance(widget, QMessageBox):
            messages.append(widget.text())
            widget.accept()
            return True
        return False

    return handler


def test_corrupt_database_shows_a_chinese_message_and_is_left_alone(tmp_path: Path):
    path = tmp_path / "clerk.sqlite3"
    garbage = b"not a database at all " * 200
    path.write_bytes(garbage)
    messages: list[str] = []
    code, _ = run_clerk(answer_message(messages), "--database", f"sqlite:///{path}")
    assert code == 2
    assert messages == ["数据库文件已损坏，程序未做任何修改。请联系信息技术人员从备份恢复。"]
    assert path.read_bytes() == garbage


def test_database_newer_than_clerk_is_refused_untouched(sqlite_db):
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_future')"))
    sqlite_db.dispose()
    messages: list[str] = []
    code, _ = run_clerk(answer_message(messages), "--database", str(sqlite_db.url))
    assert code == 2
    assert messages == ["数据库版本比本程序新，请先升级 clerk。程序未对数据库做任何修改。"]
    with sqlite_db.engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        assert "9999_future" in set(versions)


def test_demo_signs_in_shows_the_console_and_signs_out_again():
    steps: list[str] = []

    def handler(widget: QWidget) -> bool:
        if isinstance(widget, SignInDialog) and not steps:
            assert widget.ui.demo_box.isVisible()
            widget.ui.username.setText("demo-clerk")
            widget.ui.password.setText("demo-clerk-2026")
            QTest.keyClick(widget.ui.password, Qt.Key.Key_Return)
            steps.append("signed in")
            return True
        if isinstance(widget, MainWindow) and widget.status.connected:
            assert "【演示数据】" in widget.windowTitle()
            assert widget.ws.actor.username == "demo-clerk"
            widget.ui.action_sign_out.trigger()
            steps.append("signed out")
            return True
        if isinstance(widget, SignInDialog) and steps == ["signed in", "signed out"]:
            assert widget.ui.username.text() == "demo-clerk"
            widget.reject()
            steps.append("quit")
            return True
        return False

    code, seen = run_clerk(handler, "--demo")
    assert code == 0
    assert seen == ["SignInDialog", "MainWindow", "SignInDialog"]
    demo_file = Path(str(embedded_url(DEMO_DATABASE).database))
    assert demo_file.is_file()
    assert not Path(str(embedded_url().database)).exists()  # the real database is not touched


def test_print_fonts_load_on_a_worker_while_the_sign_in_window_waits(monkeypatch):
    """The first document after start must not wait for the fonts, nor the GUI thread."""
    import clerk.documents

    threads: list[threading.Thread] = []
    load = clerk.documents.preload

    def preload() -> None:
        threads.append(threading.current_thread())
        load()

    monkeypatch.setattr(clerk.documents, "preload", preload)

    def handler(widget: QWidget) -> bool:
        if isinstance(widget, SignInDialog) and threads:  # the fonts loaded meanwhile
            widget.reject()
            return True
        return False

    code, seen = run_clerk(handler, "--demo")
    assert (code, seen) == (0, ["SignInDialog"])
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


def test_first_start_asks_for_the_administrator_then_signs_in():
    def handler(widget: QWidget) -> bool:
        if isinstance(widget, FirstAdminDialog):
            widget.ui.username.setText("chief")
            widget.ui.display_name.setText("赵志强")
            widget.ui.password.setText("chief-pass-1")
            widget.ui.confirm.setText("chief-pass-1")
            QTest.keyClick(widget.ui.confirm, Qt.Key.Key_Return)
            return True
        if isinstance(widget, SignInDialog):
            assert not widget.ui.demo_box.isVisible()
            assert widget.ui.username.text() == "chief"
            widget.reject()
            return True
        return False

    code, seen = run_clerk(handler)
    assert code == 0
    assert seen == ["FirstAdminDialog", "SignInDialog"]
    db = open_database(embedded_url())
    try:
        assert not accounts.needs_first_admin(db)
    finally:
        db.dispose()


def test_hall_database_password_is_asked_once_and_kept_in_the_keyring(pg_db, isolated_machine):
    make_actor(pg_db)
    url = pg_db.url.set(password=None)
    asked: list[str] = []

    def handler(widget: QWidget) -> bool:
        if isinstance(widget, HallPasswordDialog):
            asked.append(widget.ui.intro.text())
            widget.ui.password.setText("hall-secret")
            widget.accept()
            return True
        if isinstance(widget, SignInDialog):
            widget.reject()
            return True
        return False

    code, seen = run_clerk(handler, "--database", url.render_as_string(hide_password=False))
    assert code == 0
    assert seen == ["HallPasswordDialog", "SignInDialog"]
    assert f"127.0.0.1:5432/{url.database}" in asked[0]
    assert get_secret(password_key(make_url(str(url)))) == "hall-secret"

    # The next start finds it in the keyring and asks nothing.
    code, seen = run_clerk(
        lambda w: isinstance(w, SignInDialog) and w.reject() is None, "--database", str(url)
    )
    assert (code, seen) == (0, ["SignInDialog"])
