"""The 排队 page: calling at the window, alerts, transfer, pause, and the evaluator after finishing."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import update

from clerk.gui.main_window import MainWindow
from clerk.gui.queue_page import QueuePage
from clerk.services import queue
from clerk.storage.models.queue import QueueTicket
from tests.queue.conftest import build_hall


def open_page(ws, qtbot):
    page = QueuePage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.snapshot is not None)
    return page


def click(qtbot, page, button):
    before = page.snapshot
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.snapshot is not before and not page.ws.workers.busy)


def test_call_recall_finish_and_rate(ws, qtbot):
    build_hall(ws.db)
    for _ in range(2):
        queue.issue_ticket(ws.db, "C")
    page = open_page(ws, qtbot)
    assert page.window_label.text() == "3 号窗口 — 开放"
    assert page.waiting.rowCount() == 2 and page.number.text() == "无"
    click(qtbot, page, page.call_button)
    assert page.number.text() == "C001"
    assert page.status.text() == "已呼叫 C001。"
    assert not page.call_button.isEnabled()  # one ticket at a time
    click(qtbot, page, page.recall_button)
    assert "已重呼 1 次" in page.details.text()
    click(qtbot, page, page.finish_button)
    qtbot.waitUntil(lambda: page.rating_window is not None and page.rating_window.isVisible())
    assert page.number.text() == "无" and page.waiting.rowCount() == 1
    page.rating_window.close()


def test_overdue_tickets_are_red_and_named_in_the_alert(ws, qtbot):
    build_hall(ws.db)
    late = queue.issue_ticket(ws.db, "C").ticket
    queue.issue_ticket(ws.db, "C")
    queue.issue_ticket(ws.db, "A")  # not for window 3: not listed
    with ws.db.session() as s:
        s.execute(
            update(QueueTicket)
            .where(QueueTicket.id == late.id)
            .values(issued_at=late.issued_at - timedelta(minutes=18))
        )
    page = open_page(ws, qtbot)
    assert page.alerts.text() == "等候超过 15 分钟：C001（18 分钟）"
    assert page.waiting.rowCount() == 2
    assert page.waiting.item(0, 0).foreground().color() == Qt.GlobalColor.red
    assert page.waiting.item(1, 0).foreground().color() != Qt.GlobalColor.red


def test_transfer_to_another_window_with_a_note(ws, qtbot):
    hall = build_hall(ws.db)
    queue.issue_ticket(ws.db, "C")
    page = open_page(ws, qtbot)
    click(qtbot, page, page.call_button)
    qtbot.mouseClick(page.transfer_button, Qt.MouseButton.LeftButton)
    dialog = page.transfer_dialog
    dialog.to_window.setChecked(True)
    dialog.window_box.setCurrentIndex(dialog.window_box.findData("1"))
    dialog.note.setPlainText("需补办营业执照变更")
    before = page.snapshot
    dialog.accept()
    qtbot.waitUntil(lambda: page.snapshot is not before and not ws.workers.busy)
    assert page.status.text() == "C001 已转办。"
    waiting = queue.waiting_tickets(ws.db, hall.window("1"))
    assert [
        (w.ticket.number, w.ticket.target_window_number, w.ticket.transfer_note) for w in waiting
    ] == [("C001", "1", "需补办营业执照变更")]


def test_pause_stops_calling_and_errors_are_shown_in_chinese(ws, qtbot):
    build_hall(ws.db)
    page = open_page(ws, qtbot)
    click(qtbot, page, page.pause_button)
    assert page.window_label.text() == "3 号窗口 — 暂停"
    assert not page.call_button.isEnabled()
    page.call_next()  # the F6 key while paused: the service says why
    qtbot.waitUntil(lambda: "暂停" in page.status.text())
    click(qtbot, page, page.open_button)
    assert page.call_button.isEnabled()
    click(qtbot, page, page.call_button)
    assert page.status.text() == "目前没有本窗口可办理的等候号。"


def test_the_main_window_has_the_queue_page_and_it_opens_the_intake(ws, qtbot):
    build_hall(ws.db)
    queue.issue_ticket(ws.db, "C")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    page = window.pages[1]
    assert isinstance(page, QueuePage)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.snapshot is not None and not ws.workers.busy)
    click(qtbot, page, page.call_button)
    qtbot.mouseClick(page.intake_button, Qt.MouseButton.LeftButton)
    assert type(window.current_page).__name__ == "IntakePage"
    qtbot.waitUntil(lambda: not ws.workers.busy)
    window.close()
