"""Sign-in and first start: what the person at the console types and reads."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from clerk.demo.mode import prepare_demo
from clerk.gui.first_admin import FirstAdminDialog
from clerk.gui.sign_in import SignInDialog
from clerk.services import accounts
from clerk.services.accounts import MAX_FAILED
from tests.gui.conftest import PASSWORD, make_actor


def sign_in_dialog(qtbot, db, settings, workers, demo_accounts=()):
    dialog = SignInDialog(db, settings, workers, demo_accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_in(qtbot, dialog, username, password):
    dialog.ui.username.clear()
    qtbot.keyClicks(dialog.ui.username, username)
    dialog.ui.password.clear()
    qtbot.keyClicks(dialog.ui.password, password)
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)


def wait_idle(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.ui.username.isEnabled() or dialog.result())


def test_right_password_signs_in_at_this_window(qtbot, db, settings, workers):
    make_actor(db)
    settings.set("workstation.window_no", "7")
    dialog = sign_in_dialog(qtbot, db, settings, workers)
    assert dialog.windowTitle() == "登录"
    assert dialog.ui.window_no.text() == "7"
    with qtbot.waitSignal(dialog.accepted):
        type_in(qtbot, dialog, "clerk1", PASSWORD)
    assert dialog.actor is not None
    assert dialog.actor.display_name == "张晓梅"
    assert dialog.actor.window_no == "7"


def test_wrong_password_says_so_in_chinese_and_counts_down(qtbot, db, settings, workers):
    make_actor(db)
    dialog = sign_in_dialog(qtbot, db, settings, workers)
    type_in(qtbot, dialog, "clerk1", "wrong-password")
    qtbot.waitUntil(lambda: "用户名或密码不正确" in dialog.ui.error.text())
    assert f"再错{MAX_FAILED - 1}次将锁定账户" in dialog.ui.error.text()
    assert dialog.ui.password.text() == ""
    assert dialog.ui.password.hasFocus()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.actor is None


def test_fifth_wrong_password_locks_the_account(qtbot, db, settings, workers):
    make_actor(db)
    dialog = sign_in_dialog(qtbot, db, settings, workers)
    for attempt in range(1, MAX_FAILED + 1):
        type_in(qtbot, dialog, "clerk1", f"wrong-{attempt}")
        qtbot.waitUntil(lambda: dialog.ui.username.isEnabled())
    assert "账户已锁定" in dialog.ui.error.text()
    type_in(qtbot, dialog, "clerk1", PASSWORD)  # even the right password, for now
    qtbot.waitUntil(lambda: "请5分钟后再试" in dialog.ui.error.text())
    assert dialog.actor is None


def test_empty_fields_are_asked_for_without_a_database_call(qtbot, db, settings, workers):
    dialog = sign_in_dialog(qtbot, db, settings, workers)
    qtbot.keyClick(dialog.ui.username, Qt.Key.Key_Return)
    assert dialog.ui.error.text() == "请输入用户名和密码。"
    assert not workers.busy


def test_demo_accounts_are_shown_only_in_demo_mode(qtbot, db, settings, workers):
    shown = prepare_demo(db)
    demo = sign_in_dialog(qtbot, db, settings, workers, shown)
    assert demo.ui.demo_box.isVisible()
    rows = [
        [demo.ui.demo_accounts.topLevelItem(i).text(c) for c in range(3)]
        for i in range(demo.ui.demo_accounts.topLevelItemCount())
    ]
    assert ["demo-clerk", "demo-clerk-2026", "窗口人员"] in rows
    assert ["demo-manager", "demo-manager-2026", "大厅负责人"] in rows

    plain = sign_in_dialog(qtbot, db, settings, workers)
    assert not plain.ui.demo_box.isVisible()
    assert plain.ui.demo_accounts.topLevelItemCount() == 0


def test_enter_on_a_demo_account_signs_in_with_it(qtbot, sqlite_db, settings, workers):
    dialog = sign_in_dialog(qtbot, sqlite_db, settings, workers, prepare_demo(sqlite_db))
    tree = dialog.ui.demo_accounts
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(2))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "demo-manager"


def test_first_admin_is_created_from_the_dialog(qtbot, db, workers):
    assert accounts.needs_first_admin(db)
    dialog = FirstAdminDialog(db, workers)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "创建系统管理员账户"
    qtbot.keyClicks(dialog.ui.username, "chief")
    dialog.ui.display_name.setText("赵志强")  # QTest types ASCII only
    qtbot.keyClicks(dialog.ui.password, "short")
    qtbot.keyClicks(dialog.ui.confirm, "shorter")
    qtbot.keyClick(dialog.ui.confirm, Qt.Key.Key_Return)
    assert dialog.ui.error.text() == "两次输入的密码不一致。"

    dialog.ui.confirm.setText("short")
    qtbot.keyClick(dialog.ui.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ui.error.text() == "密码至少需要8位。")
    assert accounts.needs_first_admin(db)

    dialog.ui.password.setText("chief-pass-1")
    dialog.ui.confirm.setText("chief-pass-1")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.ui.confirm, Qt.Key.Key_Return)
    assert not accounts.needs_first_admin(db)
    assert accounts.sign_in(db, "chief", "chief-pass-1", "1").display_name == "赵志强"
