"""The 否定备案 page driven as a clerk and as a manager would, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clerk.gui.refusal_dialogs import FollowUpDialog, ReviewDialog, UnservedDialog
from clerk.gui.refusal_models import EntriesModel
from clerk.gui.refusals_page import RefusalsPage
from clerk.gui.workstation import Workstation
from clerk.secrets import set_secret
from clerk.services.accounts import Role
from clerk.services.refusals import RefusalFiling, file_refusal, register_key_name, review
from clerk.storage.models.base import utcnow
from tests.gui.conftest import make_actor
from tests.refusals.conftest import HALL_KEY, add_people, notification


@pytest.fixture
def hall(ws):
    """The signed-in clerk 张晓梅 (ws) plus 李/王 accounts, the hall key, three entries.

    Entries 1 and 3 are the signed-in clerk's; entry 2 is 李建国's.
    """
    set_secret(register_key_name(ws.db.url), HALL_KEY)
    staff = add_people(ws.db)
    for actor, filing in (
        (ws.actor, notification()),
        (staff.clerk2, notification(applicant_name="周敏", reason="缺少营业执照副本")),
        (ws.actor, RefusalFiling(kind="unserved", category="系统故障", reason="省平台无法登录")),
    ):
        with ws.db.session() as s:
            file_refusal(s, actor, filing)
    return staff


# QTest types Latin keys only (other text aborts the process); an input method commits
# Chinese text whole, which insert()/insertPlainText() does too.


def open_page(qtbot, ws: Workstation) -> RefusalsPage:
    page = RefusalsPage(ws)
    qtbot.addWidget(page)
    page.resize(1500, 900)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() >= 0)
    return page


def reload(qtbot, page: RefusalsPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()


def column(page: RefusalsPage, col: int) -> list[str]:
    model = page.model
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


@pytest.fixture
def manager_ws(ws, hall, settings, workers):
    actor = make_actor(ws.db, "manager1", Role.MANAGER)
    return Workstation(ws.db, actor, settings, workers)


def test_a_clerk_sees_their_own_entries_masked_and_no_review_buttons(qtbot, ws, hall):
    page = open_page(qtbot, ws)
    assert column(page, EntriesModel.NUMBER) == ["3", "1"]
    assert column(page, EntriesModel.APPLICANT)[1] == "陈静 1101**********002X"
    assert column(page, EntriesModel.STATE) == ["待复核", "待复核"]
    assert not page.review_button.isVisible() and not page.clerk_box.isVisible()
    assert page.state_label.text() == "显示2条，共2条，复核超期0条"
    text = page.detail.toPlainText()
    assert "第3号 · 未能办理" in text and "省平台无法登录" in text and "尚未复核" in text
    page.table.selectRow(1)
    text = page.detail.toPlainText()
    assert "1101**********002X" in text and "138****5678" in text
    assert "11010519491231002X" not in text
    assert "食品安全管理制度、从业人员健康证明" in text


def test_the_clerk_files_an_unserved_applicant(qtbot, ws, hall):
    page = open_page(qtbot, ws)
    qtbot.mouseClick(page.unserved_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, UnservedDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "登记未能办理"
    assert not dialog.ok_button.isEnabled()  # category and reason first
    dialog.category.setCurrentText("非本窗口事项")
    dialog.reason.insertPlainText("公积金提取请到公积金中心窗口")
    dialog.applicant.insert("孙丽")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert column(page, EntriesModel.NUMBER) == ["4", "3", "1"]
    assert page.current_entry().id == 4
    assert "公积金提取请到公积金中心窗口" in page.detail.toPlainText()


def test_the_manager_reviews_disagrees_and_follows_up(qtbot, manager_ws, hall):
    page = open_page(qtbot, manager_ws)
    assert column(page, EntriesModel.NUMBER) == ["3", "2", "1"]
    assert page.clerk_box.isVisible() and page.review_button.isVisible()
    assert not page.follow_up_button.isEnabled()
    page.table.selectRow(1)  # entry 2, 李建国's
    assert page.current_entry().id == 2

    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ReviewDialog) and dialog.windowTitle() == "复核第2号备案"
    dialog.disagree.setChecked(True)
    assert not dialog.ok_button.isEnabled()  # a disagreement needs a comment
    dialog.comment.insertPlainText("营业执照可通过电子证照调取，应当受理")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.current_entry().id == 2
    assert column(page, EntriesModel.STATE)[1] == "已重开"
    assert "不同意：营业执照可通过电子证照调取" in page.detail.toPlainText().replace("\n", "")
    assert not page.review_button.isEnabled() and page.follow_up_button.isEnabled()

    qtbot.mouseClick(page.follow_up_button, Qt.MouseButton.LeftButton)
    follow_up = page.dialog
    assert isinstance(follow_up, FollowUpDialog)
    follow_up.note.insertPlainText("已电话联系申请人，次日受理")
    follow_up.resolved.setChecked(True)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(follow_up.ok_button, Qt.MouseButton.LeftButton)
    assert column(page, EntriesModel.STATE)[1] == "已处理"
    assert "跟进（已处理）：已电话联系申请人，次日受理" in page.detail.toPlainText()

    page.table.selectRow(2)  # entry 1: agree
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert column(page, EntriesModel.STATE) == ["待复核", "已处理", "已同意"]


def test_the_manager_filters_counts_and_sees_overdue_flags(qtbot, manager_ws, hall):
    page = open_page(qtbot, manager_ws)
    counts = {
        page.counts.topLevelItem(i).text(0): {
            page.counts.topLevelItem(i).child(j).text(0): page.counts.topLevelItem(i)
            .child(j)
            .text(1)
            for j in range(page.counts.topLevelItem(i).childCount())
        }
        for i in range(page.counts.topLevelItemCount())
    }
    assert counts["按经办人"] == {"张晓梅 C0101": "2", "李建国 C0102": "1"}
    assert counts["按类别"] == {"材料不齐全": "2", "系统故障": "1"}
    assert counts["按复核状态"]["待复核"] == "3"

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.clerk_box.setCurrentIndex(page.clerk_box.findText("李建国"))
    assert column(page, EntriesModel.NUMBER) == ["2"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.clerk_box.setCurrentIndex(0)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.category_box.setCurrentIndex(page.category_box.findText("系统故障"))
    assert column(page, EntriesModel.NUMBER) == ["3"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.category_box.setCurrentIndex(0)

    # Three days on, nobody has reviewed: every entry is flagged.
    page.clock = lambda: utcnow() + timedelta(days=10)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.state_box.setCurrentIndex(page.state_box.findText("复核超期"))
    assert column(page, EntriesModel.STATE) == ["待复核（超期）"] * 3
    assert page.state_label.text() == "显示3条，共3条，复核超期3条"
    color = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color()
    assert color.name() == "#b3261e"
    assert "待复核（超期）" in page.detail.toPlainText()


def test_export_and_pdf_from_the_page(qtbot, manager_ws, hall, tmp_path):
    page = open_page(qtbot, manager_ws)
    target = tmp_path / "register.xlsx"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.matter_edit.setText("食品经营")
        page.matter_edit.returnPressed.emit()
    page.export_to(target)
    qtbot.waitUntil(lambda: page.state_label.text().startswith("已保存"), timeout=10_000)
    sheet = load_workbook(target)["否定备案"]
    assert [c.value for c in sheet["A"]][1:] == [2, 1]  # the filter applies
    assert sheet["K2"].value == "1101**********002X"
    pdf = tmp_path / "register.pdf"
    page.save_pdf_to(pdf)
    qtbot.waitUntil(lambda: str(pdf) in page.state_label.text(), timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_failed_action_is_told_in_chinese(qtbot, manager_ws, hall, monkeypatch):
    page = open_page(qtbot, manager_ws)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    # Another manager reviews entry 3 while this page still shows it pending.
    review(manager_ws.db, manager_ws.actor, 3, agree=True, comment="")
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert shown == ["第3号否定备案已经复核过，可在下方记录跟进情况。"]
    assert column(page, EntriesModel.STATE)[0] == "已同意"
