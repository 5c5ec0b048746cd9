"""The console shell: pages by keyboard, the status bar, the idle lock, sign-out."""

import pytest
from PySide6.QtCore import Qt

from clerk.gui.catalogue_page import CataloguePage
from clerk.gui.main_window import MainWindow
from clerk.gui.workstation import Workstation
from clerk.services.accounts import MAX_FAILED
from tests.gui.conftest import PASSWORD, make_actor

PAGE_NAMES = [
    "受理(&I)",
    "排队(&Q)",
    "否定备案(&R)",
    "统计(&S)",
    "目录(&L)",
    "补正(&D)",
    "办件(&A)",
]


@pytest.fixture
def window(qtbot, ws):
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # A slow page load or ping must not outlive the test.
    qtbot.waitUntil(lambda: window.status.connected is not None)
    return window


def test_pages_are_in_order_with_chinese_names(window):
    tabs = window.ui.pages
    assert [tabs.tabText(i) for i in range(tabs.count())] == PAGE_NAMES
    assert window.windowTitle() == "综合窗口工作台 — 张晓梅"


def test_ctrl_and_a_number_switches_pages_and_focuses_the_page(qtbot, window):
    for number in (5, 2, 1, 4, 3, 5):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.ui.pages.currentIndex() == number - 1
    catalogue = window.current_page
    assert isinstance(catalogue, CataloguePage)
    qtbot.waitUntil(lambda: catalogue.ui.search.hasFocus())


def test_menus_name_every_action_with_its_shortcut(window):
    pages = window.ui.menu_pages.actions()
    assert [a.shortcut().toString() for a in pages] == [f"Ctrl+{n}" for n in range(1, 8)]
    assert window.ui.action_lock.shortcut().toString() == "Ctrl+L"
    assert window.ui.action_quit.shortcut().toString() == "Ctrl+Q"
    titles = [
        m.title() for m in (window.ui.menu_console, window.ui.menu_pages, window.ui.menu_help)
    ]
    assert titles == ["工作台(&C)", "页面(&P)", "帮助(&H)"]


def test_status_bar_shows_window_clerk_database_and_connection(qtbot, window, ws):
    status = window.status
    assert status.window_label.text() == "3 号窗口"
    assert status.clerk_label.text() == "张晓梅（C0101）"
    assert status.database_label.text() == ws.db.describe()
    assert "password" not in status.database_label.text().lower()
    qtbot.waitUntil(lambda: status.connection_label.text() == "已连接")


def test_status_bar_says_when_the_hall_database_is_gone(
    qtbot, pg_db, postgres_template, settings, workers
):
    ws = Workstation(pg_db, make_actor(pg_db), settings, workers)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    status = window.status
    assert status.database_label.text().startswith("大厅数据库 127.0.0.1:5432/")
    qtbot.waitUntil(lambda: status.connection_label.text() == "已连接")
    # The pages' first reads (the intake page's ticket, then its drafts) must be over:
    # a connection still out when the engine is disposed would land, open, in the old
    # pool and be garbage-collected during a later test, failing it.
    qtbot.waitUntil(lambda: not workers.busy)
    postgres_template.drop(pg_db)  # the server forgets the database, as if it went away
    status.ping()
    qtbot.waitUntil(lambda: status.connection_label.text() == "连接中断")


def test_idle_console_locks_and_the_same_password_unlocks(qtbot, window):
    window.idle.set_interval(50)  # stands in for security.idle_lock_minutes
    qtbot.waitUntil(lambda: window.locked)
    panel = window.lock_panel
    assert panel.isVisible() and not window.ui.pages.isVisible()
    assert panel.ui.who.text() == "当前登录：张晓梅（工号 C0101），3 号窗口"
    # Page shortcuts do nothing while locked.
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.pages.currentIndex() == 0 and window.locked

    qtbot.waitUntil(lambda: panel.ui.password.hasFocus())
    qtbot.keyClicks(panel.ui.password, "not-my-password")
    qtbot.keyClick(panel.ui.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: f"再错{MAX_FAILED - 1}次" in panel.ui.error.text())
    assert window.locked

    window.idle.set_interval(60_000)
    qtbot.keyClicks(panel.ui.password, PASSWORD)
    qtbot.keyClick(panel.ui.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.ui.pages.isVisible()


def test_input_keeps_the_console_unlocked(qtbot, window):
    window.idle.set_interval(400)
    search = window.pages[4].ui.search
    window.show_page(window.pages[4])
    for _ in range(10):
        qtbot.keyClick(search, Qt.Key.Key_A)
        qtbot.waitUntil(lambda: window.idle._timer.remainingTime() > 200)
        assert not window.locked
    qtbot.waitUntil(lambda: window.locked)


def test_ctrl_l_locks_at_once_and_sign_out_closes(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    with qtbot.waitSignal(window.closed):
        qtbot.mouseClick(window.lock_panel.ui.sign_out, Qt.MouseButton.LeftButton)
    assert window.signed_out and not window.isVisible()


def test_idle_lock_minutes_come_from_the_settings(qtbot, db, settings, workers):
    settings.set("security.idle_lock_minutes", "2")
    window = MainWindow(Workstation(db, make_actor(db), settings, workers))
    qtbot.addWidget(window)
    assert window.idle._timer.interval() == 2 * 60_000
