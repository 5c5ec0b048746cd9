"""The ticket machine: touch buttons, 绿色通道, check-in, one ticket per double tap, printer faults."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from clerk.gui.kiosk import Kiosk
from clerk.services import queue
from clerk.services.printing import PrintService
from clerk.settings import Settings
from clerk.storage.models.base import utcnow
from clerk.storage.models.queue import QueueTicket
from tests.queue.conftest import build_hall


def make_kiosk(hall, workers, qtbot, printer_target):
    settings = Settings.load()
    settings.set("printers.ticket", printer_target)
    printer = PrintService(hall.db, settings)
    kiosk = Kiosk(hall.db, workers, hall.window("1"), printer)
    qtbot.addWidget(kiosk)
    qtbot.waitUntil(lambda: len(kiosk.category_buttons) == 3)
    return kiosk, printer


@pytest.fixture
def printed(tmp_path) -> Path:
    return tmp_path / "printed"


def pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.exists() else []


def test_tap_issues_prints_and_shows_the_number_and_people_ahead(db, workers, qtbot, printed):
    hall = build_hall(db)
    queue.issue_ticket(db, "A")
    kiosk, printer = make_kiosk(hall, workers, qtbot, f"folder:{printed}")
    assert kiosk.category_buttons["A"].text() == "A  综合受理"
    assert kiosk.category_buttons["A"].minimumHeight() >= 100  # a finger, not a mouse
    qtbot.mouseClick(kiosk.category_buttons["A"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.message.text() == "请取走号票。", timeout=10000)
    assert kiosk.number.text() == "A002"
    assert kiosk.detail.text() == "综合受理 — 您前面还有 1 人等候，预计约 3 分钟"
    assert len(pdfs(printed)) == 1 and "A002" in pdfs(printed)[0]
    printer.close()


def test_double_tap_prints_one_ticket(db, workers, qtbot, printed):
    hall = build_hall(db)
    kiosk, printer = make_kiosk(hall, workers, qtbot, f"folder:{printed}")
    button = kiosk.category_buttons["B"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.message.text() == "请取走号票。", timeout=10000)
    qtbot.waitUntil(lambda: not workers.busy, timeout=10000)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(QueueTicket)) == 1
    assert len(pdfs(printed)) == 1
    printer.close()


def test_priority_channel_and_appointment_check_in(db, workers, qtbot, printed):
    hall = build_hall(db)
    now = utcnow()
    queue.add_appointment(db, hall.admin, "YY88", "C", now, now + timedelta(minutes=30))
    kiosk, printer = make_kiosk(hall, workers, qtbot, f"folder:{printed}")
    elderly = next(b for b in kiosk.priority.buttons() if b.text() == "老年人")
    qtbot.mouseClick(elderly, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.category_buttons["B"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.number.text() == "B001", timeout=10000)
    assert kiosk.issued.ticket.priority_reason == "老年人"
    assert not elderly.isChecked()  # the next person starts without it
    qtbot.keyClicks(kiosk.booking, "yy88")
    qtbot.mouseClick(kiosk.check_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.number.text() == "C001", timeout=10000)
    assert kiosk.issued.ticket.appointment
    qtbot.keyClicks(kiosk.booking, "NOPE")
    qtbot.keyClick(kiosk.booking, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.message.text() == "未找到预约码 NOPE，请核对或取普通号。")
    qtbot.waitUntil(lambda: len(pdfs(printed)) == 2, timeout=10000)
    printer.close()


def test_printer_failure_keeps_the_number_on_screen(db, workers, qtbot, tmp_path):
    hall = build_hall(db)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the printer's folder should be")
    kiosk, printer = make_kiosk(hall, workers, qtbot, f"folder:{blocker / 'printed'}")
    qtbot.mouseClick(kiosk.category_buttons["A"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: kiosk.message.text() == "打印机暂时无法出票，请记住您的号码：A001", timeout=10000
    )
    assert kiosk.number.text() == "A001"
    assert "无法写入文件夹" in kiosk.message.toolTip()
    printer.close()
