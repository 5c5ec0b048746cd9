"""Screenshots of the real console windows on a throwaway demo database.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py [NAME ...]

Saves docs/screenshots/<NAME>.png for every shot (or the ones named). To add a shot,
write a function decorated with ``@shot("name")`` that takes the Studio, drives the
windows like a clerk would, and returns the widget to grab (see docs/gui.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

# Settings and data of a throwaway machine: the real user's files are never touched.
_HOME = Path(tempfile.mkdtemp(prefix="clerk-screenshots-"))
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["CLERK_CONFIG_DIR"] = str(_HOME / "config")
os.environ["CLERK_MACHINE_CONFIG_DIR"] = str(_HOME / "machine")
os.environ.pop("CLERK_DATABASE_URL", None)

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from clerk.demo.mode import DEMO_DATABASE, prepare_demo  # noqa: E402
from clerk.gui.app import application  # noqa: E402
from clerk.gui.catalogue_page import CataloguePage  # noqa: E402
from clerk.gui.main_window import MainWindow  # noqa: E402
from clerk.gui.sign_in import SignInDialog  # noqa: E402
from clerk.gui.stats_page import StatsPage  # noqa: E402
from clerk.gui.translations import install_translators, language  # noqa: E402
from clerk.gui.workers import Workers  # noqa: E402
from clerk.gui.workstation import Workstation  # noqa: E402
from clerk.services import accounts  # noqa: E402
from clerk.settings import Settings  # noqa: E402
from clerk.storage.db import embedded_url, open_database  # noqa: E402

SHOTS: dict[str, Callable[[Studio], QWidget]] = {}


def shot(name: str) -> Callable[[Callable[[Studio], QWidget]], Callable[[Studio], QWidget]]:
    def register(function: Callable[[Studio], QWidget]) -> Callable[[Studio], QWidget]:
        SHOTS[name] = function
        return function

    return register


class Studio:
    """The demo database, the worker pool, and the windows a shot asks for."""

    def __init__(self) -> None:
        self.settings = Settings.load()
        self.settings.set("workstation.window_no", "3")
        self.db = open_database(embedded_url(DEMO_DATABASE))
        self.demo_accounts = prepare_demo(self.db)
        self.workers = Workers()
        self._window: MainWindow | None = None

    def wait_until(self, condition: Callable[[], object], seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            QApplication.processEvents()
            time.sleep(0.01)

    def settle(self) -> None:
        """Let layouts and pending paints finish before the grab."""
        for _ in range(5):
            QApplication.processEvents()
            time.sleep(0.05)

    def sign_in_dialog(self) -> SignInDialog:
        dialog = SignInDialog(self.db, self.settings, self.workers, self.demo_accounts)
        dialog.show()
        return dialog

    def main_window(self, username: str = "demo-clerk") -> MainWindow:
        """The console signed in as a demo account, 1440×900, every page loaded."""
        if self._window is None:
            actor = accounts.sign_in(self.db, username, f"{username}-2026", "3")
            ws = Workstation(self.db, actor, self.settings, self.workers, demo=True)
            self._window = MainWindow(ws)
            self._window.resize(1440, 900)
            self._window.show()
            self.wait_until(lambda: self._window is not None and self._window.status.connected)
            self.wait_until(lambda: self.catalogue_page().loaded)
        return self._window

    def catalogue_page(self) -> CataloguePage:
        assert self._window is not None
        return next(p for p in self._window.pages if isinstance(p, CataloguePage))

    def close(self) -> None:
        if self._window is not None:
            self._window.close()
        self.workers.shutdown()
        self.db.dispose()


@shot("sign-in")
def sign_in(studio: Studio) -> QWidget:
    dialog = studio.sign_in_dialog()
    dialog.ui.username.setText("demo-clerk")
    dialog.ui.password.setFocus()
    return dialog


@shot("main-window")
def main_window(studio: Studio) -> QWidget:
    window = studio.main_window()
    window.show_page(window.pages[0])
    return window


def _catalogue_search(studio: Studio, text: str) -> QWidget:
    window = studio.main_window()
    page = studio.catalogue_page()
    window.show_page(page)
    page.ui.search.setText(text)
    return window


@shot("catalogue-matter")
def catalogue_matter(studio: Studio) -> QWidget:
    return _catalogue_search(studio, "食品经营许可")


@shot("catalogue-bundle")
def catalogue_bundle(studio: Studio) -> QWidget:
    return _catalogue_search(studio, "kbsd")  # 开办书店 by its pinyin initials


# ---------------------------------------------------------------- queue (docs/queue.md)


def _queue_hall(studio: Studio) -> None:
    """Categories, windows and a morning's tickets on the demo database (once)."""
    from datetime import timedelta

    from sqlalchemy import update

    from clerk.services import intake, queue
    from clerk.storage.models.queue import QueueTicket

    if any(w.state == "open" for w in queue.windows(studio.db)):
        return
    admin = accounts.sign_in(studio.db, "demo-admin", "demo-admin-2026", "0")
    for i, (prefix, name) in enumerate((("A", "综合受理"), ("B", "企业开办"), ("C", "不动产登记"))):
        queue.save_category(studio.db, admin, prefix, name, [], i)
    for number, prefs in (("1", ["A", "B"]), ("2", ["B", "A"]), ("3", ["A", "C"]), ("5", ["C"])):
        queue.save_window(studio.db, admin, number, prefs)
        clerk = accounts.sign_in(studio.db, "demo-clerk2", "demo-clerk2-2026", number)
        queue.open_window(studio.db, clerk)
    tickets = [queue.issue_ticket(studio.db, prefix).ticket for prefix in "AABACABBAACC"]
    queue.issue_ticket(studio.db, "A", priority_reason="老年人")
    for number in ("1", "2", "5"):
        clerk = accounts.sign_in(studio.db, "demo-clerk2", "demo-clerk2-2026", number)
        ticket = queue.call_next(studio.db, clerk)
        assert ticket is not None
        intake.serve_ticket(studio.db, clerk, ticket.id)
    with studio.db.session() as s:  # two applicants came early this morning
        for ticket, minutes in ((tickets[5], 19), (tickets[11], 17)):
            s.execute(
                update(QueueTicket)
                .where(QueueTicket.id == ticket.id)
                .values(issued_at=ticket.issued_at - timedelta(minutes=minutes))
            )


@shot("queue-kiosk")
def queue_kiosk(studio: Studio) -> QWidget:
    from clerk.gui.kiosk import Kiosk
    from clerk.services.printing import PrintService

    _queue_hall(studio)
    studio.settings.set("printers.ticket", f"folder:{_HOME / 'printed'}")
    actor = accounts.sign_in(studio.db, "demo-clerk", "demo-clerk-2026", "0")
    printer = PrintService(studio.db, studio.settings)
    kiosk = Kiosk(studio.db, studio.workers, actor, printer)
    kiosk.resize(1280, 900)
    kiosk.show()
    studio.wait_until(lambda: len(kiosk.category_buttons) == 3)
    kiosk.category_buttons["B"].click()
    studio.wait_until(lambda: kiosk.message.text() == kiosk.tr("Please take your ticket."))
    return kiosk


@shot("queue-display")
def queue_display(studio: Studio) -> QWidget:
    from clerk.gui.display import HallDisplay

    _queue_hall(studio)
    display = HallDisplay(studio.db, studio.workers, speech_engine=None, chime=False)
    display.resize(1600, 900)
    display.show()
    display.start()
    studio.wait_until(lambda: display.recent.rowCount() >= 3 and display.loads.rowCount() == 3)
    return display


@shot("queue-page")
def queue_page(studio: Studio) -> QWidget:
    from clerk.gui.queue_page import QueuePage

    _queue_hall(studio)
    window = studio.main_window()
    page = next(p for p in window.pages if isinstance(p, QueuePage))
    window.show_page(page)
    page.call_next()
    studio.wait_until(lambda: page.snapshot is not None and page.snapshot.current is not None)
    return window


@shot("queue-rating")
def queue_rating(studio: Studio) -> QWidget:
    from clerk.gui.rating import RatingWindow
    from clerk.services import queue

    _queue_hall(studio)
    clerk = accounts.sign_in(studio.db, "demo-clerk2", "demo-clerk2-2026", "2")
    ticket = queue.current_ticket(studio.db, clerk)
    assert ticket is not None
    queue.finish(studio.db, clerk, ticket.id)
    ws = Workstation(studio.db, clerk, studio.settings, studio.workers, demo=True)
    window = RatingWindow(ws, ticket.id)
    window.resize(1100, 560)
    window.show()
    studio.wait_until(lambda: bool(window.subjects))
    window.choose("satisfied")
    window.reason_buttons["办事高效"].setChecked(True)
    return window


def _stats_page(studio: Studio, tab: int) -> StatsPage:
    """The 统计 page of a manager on a generated 60-window hall (bench/make_hall_year.py,
    5% of the tickets, 70 working days), counting the last 30 days by window."""
    import io
    from datetime import date, timedelta

    from PySide6.QtCore import QDate
    from sqlalchemy.engine import make_url

    from clerk.services.accounts import Actor, Role
    from clerk.storage.db import Database, make_engine

    sys.path.insert(0, str(ROOT))
    from bench.make_hall_year import make

    url = make_url(f"sqlite:///{_HOME / 'hall-year.sqlite3'}")
    if not (_HOME / "hall-year.sqlite3").exists():
        make(url.render_as_string(), scale=0.05, days=70, out=io.StringIO())
    db = Database(url, make_engine(url))
    manager = Actor(2, "manager", "王丽华", "M0001", Role.MANAGER, "")
    page = StatsPage(Workstation(db, manager, studio.settings, studio.workers))
    start = date.today() - timedelta(days=30)
    page.first.setDate(QDate(start.year, start.month, start.day))
    page.dimension.setCurrentIndex(page.dimension.findData("window"))
    page.tabs.setCurrentIndex(tab)
    page.resize(1440, 900)
    loaded: list[bool] = []
    page.loaded.connect(lambda: loaded.append(True))
    page.board_loaded.connect(lambda: loaded.append(True))
    page.show()
    studio.wait_until(lambda: len(loaded) >= 2, 60)
    return page


@shot("stats-figures")
def stats_figures(studio: Studio) -> QWidget:
    return _stats_page(studio, 0)


@shot("stats-heat-map")
def stats_heat_map(studio: Studio) -> QWidget:
    return _stats_page(studio, 1)


@shot("stats-daily")
def stats_daily(studio: Studio) -> QWidget:
    return _stats_page(studio, 2)


@shot("stats-drill")
def stats_drill(studio: Studio) -> QWidget:
    from clerk.services.stats import Focus

    page = _stats_page(studio, 3)
    page.open_drill("wait_p90", Focus())
    studio.wait_until(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None
    page.dialog.resize(1100, 560)
    return page.dialog


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        print(f"unknown shot(s): {', '.join(unknown)}; known: {', '.join(SHOTS)}")
        return 2
    app = application()
    install_translators(app, language(Settings.load()))
    OUT.mkdir(parents=True, exist_ok=True)
    studio = Studio()
    try:
        for name in names or list(SHOTS):
            widget = SHOTS[name](studio)
            studio.settle()
            path = OUT / f"{name}.png"
            if not widget.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            print(f"{path.relative_to(ROOT)}: {widget.width()}×{widget.height()}")
            if widget is not studio._window:
                widget.close()
    finally:
        studio.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
