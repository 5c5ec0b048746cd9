"""GUI fixtures: Chinese translations loaded, a workstation on a real database, no leaks.

Every GUI test runs offscreen with the zh_CN translations installed, as a clerk sees it.
A test fails when it leaves a visible window, an active timer or a busy worker pool.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from clerk.demo.mode import prepare_demo
from clerk.gui.translations import install_translators, remove_translators
from clerk.gui.workers import Workers
from clerk.gui.workstation import Workstation
from clerk.services import accounts
from clerk.services.accounts import Actor, Role
from clerk.services.catalogue import seed_demo_catalogue
from clerk.settings import Settings
from clerk.storage.db import Database, make_engine
from tests.support.actors import add_actor
from tests.support.databases import SqliteTemplate

PASSWORD = "window-pass-1"


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = install_translators(qapp, "zh_CN")
    assert translators, "no zh_CN translations found: run tools/update_translations"
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture(autouse=True)
def no_leaks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Set up before qtbot, so this runs after qtbot has closed the test's widgets."""
    timers: list[QTimer] = []
    start = QTimer.start

    def tracked_start(timer: QTimer, *args: int) -> None:
        timers.append(timer)
        start(timer, *args)

    monkeypatch.setattr(QTimer, "start", tracked_start)
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not windows, f"test left windows open: {windows}"
    active = [t for t in timers if _alive(t) and t.isActive()]
    assert not active, f"test left timers running: {[t.parent() for t in active]}"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def _alive(obj: QTimer) -> bool:
    try:
        obj.isActive()
    except RuntimeError:  # its C++ object is gone
        return False
    return True


@pytest.fixture
def workers(qtbot: QtBot) -> Iterator[Workers]:
    pool = Workers()
    yield pool
    assert pool.shutdown(10_000), "a job still ran 10 s after the test"
    qtbot.waitUntil(lambda: not pool.busy)
    pool.deleteLater()


@pytest.fixture
def settings() -> Settings:
    return Settings.load()


@functools.cache
def _password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)


def make_actor(db: Database, username: str = "clerk1", role: Role = Role.CLERK) -> Actor:
    """An account 张晓梅 (C0101) with PASSWORD, signed in at window 3 by the real service.

    The row is written directly with one hash computed per run: argon2 takes most of a
    second on this machine, and account creation is tested in tests/foundation.
    """
    add_actor(db, username, role, name="张晓梅", staff_no="C0101", password_hash=_password_hash())
    return accounts.sign_in(db, username, PASSWORD, "3")


@pytest.fixture
def ws(db: Database, settings: Settings, workers: Workers) -> Workstation:
    """A clerk (张晓梅, C0101) signed in at window 3, on SQLite and on PostgreSQL."""
    return Workstation(db, make_actor(db), settings, workers)


@pytest.fixture(scope="session")
def demo_template(
    sqlite_template: SqliteTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A migrated SQLite file with the demo accounts and catalogue, seeded once per run."""
    db = sqlite_template.database(tmp_path_factory.mktemp("demo-template"))
    prepare_demo(db)
    db.dispose()
    return Path(str(db.url.database))


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_db(
    request: pytest.FixtureRequest, demo_template: Path, tmp_path: Path
) -> Iterator[Database]:
    """The demo catalogue on SQLite (a copy of the template) and on PostgreSQL (seeded)."""
    if request.param == "postgresql":
        db = request.getfixturevalue("pg_db")
        seed_demo_catalogue(db)
        yield db
        return
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    url = make_url(f"sqlite:///{path}")
    db = Database(url, make_engine(url))
    yield db
    db.dispose()


@pytest.fixture
def demo_ws(demo_db: Database, settings: Settings, workers: Workers) -> Workstation:
    return Workstation(demo_db, make_actor(demo_db), settings, workers, demo=True)
