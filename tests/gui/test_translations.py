"""The interface language: Chinese by default, English source text on request."""

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox

from clerk.gui.status_bar import StatusBar
from clerk.gui.translations import install_translators, language, translation_files
from clerk.gui.workstation import Workstation
from tests.gui.conftest import make_actor


def test_chinese_is_the_default_and_clerk_lang_overrides_the_setting(settings, monkeypatch):
    assert language(settings) == "zh_CN"
    settings.set("ui.language", "en")
    assert language(settings) == "en"
    monkeypatch.setenv("CLERK_LANG", "zh_CN")
    assert language(settings) == "zh_CN"


def test_every_module_file_and_qts_own_buttons_are_loaded():
    names = [p.name for p in translation_files("zh_CN")]
    assert names[0] == "qtbase_zh_CN.qm"  # 确定 / 取消 on standard buttons
    assert {"main_window.qm", "sign_in.qm", "catalogue_page.qm"} <= set(names)


def test_english_shows_the_source_text(qtbot, qapp, sqlite_db, settings, workers, chinese):
    ws = Workstation(sqlite_db, make_actor(sqlite_db), settings, workers)
    bar = StatusBar(ws)
    qtbot.addWidget(bar)
    qtbot.waitUntil(lambda: bar.connected is not None)  # its first ping is back
    assert bar.window_label.text() == f"{ws.actor.window_no} 号窗口"
    for translator in chinese:
        qapp.removeTranslator(translator)
    try:
        assert install_translators(qapp, "en") == []
        english = StatusBar(ws)
        qtbot.addWidget(english)
        qtbot.waitUntil(lambda: english.connected is not None)
        assert english.window_label.text() == f"Window {ws.actor.window_no}"
    finally:
        for translator in chinese:
            qapp.installTranslator(translator)
        QLocale.setDefault(QLocale("zh_CN"))


def test_standard_buttons_are_chinese(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "clerk", "x", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
