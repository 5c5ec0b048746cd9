"""The 受理 page driven by keys, as a clerk works it: counted presses, the barcode gun, drafts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from clerk.domain import workdays
from clerk.domain.intake import AGENT_LETTER, Decision, MaterialEntry, MaterialState
from clerk.gui.intake_page import IntakePage
from clerk.gui.workers import Workers
from clerk.gui.workstation import Workstation
from clerk.services import intake, queue
from clerk.settings import Settings
from clerk.storage.db import Database
from clerk.storage.models.intake import Case
from tests.intake.conftest import (
    ALL_FOOD,
    ENTERPRISE,
    OTHER_PERSON_ID,
    PERSON,
    USCC,
    Desk,
    make_desk,
)
from tests.intake.test_decisions import pdf_text

HUMAN_GAP = 90  # ms between keys of a quick typist
GUN_GAP = 4  # ms between keys of a barcode gun


@dataclass
class Keyboard:
    """Key presses with real timestamps, counted like the clerk's fingers."""

    presses: int = 0
    clock: int = 1_000

    def press(self, key: Qt.Key, text: str = "", gap: int = HUMAN_GAP, count: bool = True) -> None:
        self.clock += gap
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            event.setTimestamp(self.clock)
            QApplication.sendEvent(target, event)
        self.presses += count

    def type(self, text: str, gap: int = HUMAN_GAP, count: bool = True) -> None:
        for char in text:
            key = (
                Qt.Key(ord(char.upper()))
                if char.isascii() and char.isalnum()
                else Qt.Key.Key_unknown
            )
            self.press(key, char, gap, count)

    def scan(self, text: str) -> None:
        """The barcode gun: not the clerk's keys, so not counted."""
        self.clock += 2_000
        self.type(text, GUN_GAP, count=False)
        self.press(Qt.Key.Key_Return, "\r", GUN_GAP, count=False)

    def shortcut(self, page: QWidget, sequence: str) -> None:
        """A function key or Ctrl+… reaches its QShortcut through the window."""
        QTest.keySequence(page.window(), sequence)
        self.presses += 1


@pytest.fixture
def desk(db: Database) -> Desk:
    return make_desk(db)


@pytest.fixture
def page(qtbot: QtBot, desk: Desk, workers: Workers, tmp_path: Path) -> Iterator[IntakePage]:
    settings = Settings.load()
    settings.set("printers.default", f"folder:{tmp_path / 'printed'}")
    ws = Workstation(desk.db, desk.clerk, settings, workers)
    page = IntakePage(ws)
    qtbot.addWidget(page)
    page.resize(1500, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.idle and page.ticket_label.text() != "")
    yield page
    page.printer.close()


def printed(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "printed"
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def test_called_ticket_to_printed_receipt_in_at_most_ten_presses(
    qtbot: QtBot, desk: Desk, page: IntakePage, tmp_path: Path
) -> None:
    # The applicant has been here before (the returning applicant's name is on file).
    earlier = desk.draft(desk.clerk2, entries=ALL_FOOD, applicant=ENTERPRISE)
    intake.accept(desk.db, desk.clerk2, earlier.id, "earlier")
    queue.save_category(desk.db, desk.admin, "A", "综合受理", ["M-FOOD"], 0)
    queue.save_window(desk.db, desk.admin, "3", ["A"])
    queue.open_window(desk.db, desk.clerk)
    queue.issue_ticket(desk.db, "A")
    called = queue.call_next(desk.db, desk.clerk)
    assert called is not None
    page.refresh_ticket()
    qtbot.waitUntil(lambda: called.number in page.ticket_label.text())

    keys = Keyboard()
    keys.shortcut(page, "F2")  # start the service for the called ticket
    qtbot.waitUntil(lambda: page.draft is not None and page.idle)
    keys.scan(f"https://zzlz.gsxt.gov.cn/verify?uscc={USCC}")  # the e-licence QR
    qtbot.waitUntil(lambda: page.name.text() == ENTERPRISE.name and page.idle)
    assert page.search.hasFocus()
    keys.type("spjy")  # 食品经营许可 by pinyin initials
    keys.press(Qt.Key.Key_Return, "\r")
    qtbot.waitUntil(lambda: page.subject is not None and page.idle)
    # The checklist is in view while the scanning panel recognises each paper.
    assert page.table.isVisible() and page.model.rowCount() == 3
    for code in ("ID-CARD", "BIZ-LICENCE", "HEALTH"):
        page.scan_panel.material_received.emit(code)  # as the scanning panel signals
    qtbot.waitUntil(lambda: page.buttons[Decision.ACCEPTED].isEnabled() and page.idle)
    keys.shortcut(page, "F9")  # 受理
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=20_000)
    qtbot.waitUntil(lambda: len(printed(tmp_path)) == 1, timeout=20_000)

    assert keys.presses <= 10, keys.presses
    assert page.outcome.number in page.result.text()
    assert QApplication.activeModalWidget() is None  # no dialog ever hid the checklist
    with desk.db.session() as s:
        case = s.get_one(Case, page.outcome.case_id)
        assert case.ticket_id == called.id and case.applicant_id is not None
        assert case.materials_received == 3
    assert printed(tmp_path)[0].read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: page.idle)
    assert queue.current_ticket(desk.db, desk.clerk) is None  # the ticket is finished


def test_hand_typing_is_never_taken_for_a_scan(qtbot: QtBot, page: IntakePage) -> None:
    keys = Keyboard()
    keys.shortcut(page, "F2")
    qtbot.waitUntil(lambda: page.draft is not None and page.idle)
    page.name.setFocus()
    keys.type("A012", gap=70)  # looks like a ticket number, typed by a person
    keys.press(Qt.Key.Key_Return, "\r", gap=70)
    assert page.name.text() == "A012"
    keys.scan("A012")  # the same text from the gun is routed, and taken out of the field
    assert page.name.text() == "A012"
    assert "A012" in page.banner.text()


def begin_food_licence(qtbot: QtBot, page: IntakePage) -> Keyboard:
    """F2, the applicant from a licence, 食品经营许可 by its initials: the checklist is up."""
    keys = Keyboard()
    keys.shortcut(page, "F2")
    qtbot.waitUntil(lambda: page.draft is not None and page.idle)
    page.fill_from_licence(PERSON)
    page.name.setText(PERSON.name)
    page._applicant_edited()
    page.search.setFocus()
    keys.type("spjy")
    keys.press(Qt.Key.Key_Return, "\r")
    qtbot.waitUntil(lambda: page.subject is not None and page.idle)
    return keys


def test_keys_mark_materials_and_the_decisions_follow_the_states(
    qtbot: QtBot, desk: Desk, page: IntakePage
) -> None:
    keys = begin_food_licence(qtbot, page)
    assert page.table.hasFocus()
    keys.press(Qt.Key.Key_1, "1")  # 身份证 received
    keys.press(Qt.Key.Key_2, "2")  # 营业执照 missing
    keys.press(Qt.Key.Key_3, "3")  # 健康证明 deferred
    qtbot.waitUntil(lambda: page.idle)
    states = [page.model.entry(r).state for r in range(3)]
    assert states == [MaterialState.RECEIVED, MaterialState.MISSING, MaterialState.DEFERRED]
    assert not page.buttons[Decision.ACCEPTED].isEnabled()
    assert not page.buttons[Decision.ACCEPTED_DEFERRED].isEnabled()
    assert page.buttons[Decision.NOTIFIED].isEnabled()
    saved = intake.get_draft(desk.db, desk.clerk, page.draft.id)
    assert saved.entries["HEALTH"] == MaterialEntry(MaterialState.DEFERRED)

    keys.shortcut(page, "F11")  # 一次性告知
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=20_000)
    assert page.outcome.decision is Decision.NOTIFIED
    assert "一次性告知" in page.result.text()


def test_refusal_is_written_under_the_checklist_and_needs_its_basis(
    qtbot: QtBot, desk: Desk, page: IntakePage
) -> None:
    draft = desk.draft(entries={"ID-CARD": ALL_FOOD["ID-CARD"]})
    intake.release_draft(desk.db, desk.clerk, draft.id)
    page.open_draft(draft.id)
    qtbot.waitUntil(lambda: page.subject is not None and page.idle)
    keys = Keyboard()
    keys.shortcut(page, "F12")
    assert page.refusal_box.isVisible() and page.table.isVisible()
    assert QApplication.activeModalWidget() is None
    page.reason.setPlainText("经营场所位于居民住宅楼内。")
    page._confirm_refusal()
    qtbot.waitUntil(lambda: page.idle)
    assert "法律依据" in page.banner.text() and page.outcome is None
    page.basis.setText("《食品经营许可管理办法》第十一条")
    page._confirm_refusal()
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=20_000)
    assert page.outcome.decision is Decision.REFUSED


def test_a_draft_left_open_is_offered_again_and_a_held_one_names_its_holder(
    qtbot: QtBot, desk: Desk, workers: Workers, tmp_path: Path
) -> None:
    mine = desk.draft(entries={"ID-CARD": ALL_FOOD["ID-CARD"]})
    theirs = desk.draft(desk.clerk2)
    ws = Workstation(desk.db, desk.clerk, Settings.load(), workers)
    page = IntakePage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.reopen_button.isVisible())
    assert "1" in page.banner.text()
    page.reopen_offered()
    qtbot.waitUntil(lambda: page.subject is not None and page.idle)
    assert page.draft.id == mine.id
    assert page.model.entry(0).state is MaterialState.RECEIVED
    page.open_draft(theirs.id)
    qtbot.waitUntil(lambda: "李建国" in page.banner.text())
    assert page.draft.id == mine.id  # still on the clerk's own draft
    page.printer.close()


def test_a_scanned_notification_slip_reopens_its_draft(
    qtbot: QtBot, desk: Desk, page: IntakePage
) -> None:
    draft = desk.draft(entries={"ID-CARD": ALL_FOOD["ID-CARD"]})
    slip = intake.notify_missing(desk.db, desk.clerk, draft.id, "n1")
    page.setFocus()
    Keyboard().scan(slip.number)
    qtbot.waitUntil(lambda: page.draft is not None and page.draft.id == draft.id and page.idle)
    assert page.draft.visits == 2
    with desk.db.session() as s:
        assert s.scalar(select(Case.number).where(Case.draft_id == draft.id)) == slip.number


def test_an_agent_brings_the_authorisation_letter_onto_the_checklist_and_the_receipt(
    qtbot: QtBot, desk: Desk, page: IntakePage, tmp_path: Path
) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    intake.release_draft(desk.db, desk.clerk, draft.id)
    page.open_draft(draft.id)
    qtbot.waitUntil(lambda: page.subject is not None and page.idle)
    assert page.model.rowCount() == 3 and page.buttons[Decision.ACCEPTED].isEnabled()

    def agent(name: str, id_number: str) -> None:
        """The clerk types (or clears) the agent's name and ID number, Enter after each."""
        keys = Keyboard()
        for field, text in ((page.agent_name, name), (page.agent_id, id_number)):
            field.setFocus()
            field.clear()
            keys.type(text)
            keys.press(Qt.Key.Key_Return, "\r")

    def row(n: int) -> list[str]:
        return [page.model.index(n, c).data() for c in range(4)]

    agent("周磊", OTHER_PERSON_ID)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4 and page.idle)
    assert row(3) == ["授权委托书", "原件", "必要", "缺"]
    assert page.title.text() == "食品经营许可（新办） · 4 份材料"
    assert not page.buttons[Decision.ACCEPTED].isEnabled()
    assert page.scan_panel.move_to.findData(AGENT_LETTER.code) >= 0  # scanned like any other
    Keyboard().shortcut(page, "F9")
    assert page.banner.text() == "还缺必要材料：授权委托书，不能受理。"

    agent("", "")  # the agent is removed: the letter leaves the checklist
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and page.idle)
    assert page.buttons[Decision.ACCEPTED].isEnabled()
    assert intake.get_draft(desk.db, desk.clerk, draft.id).agent is None

    agent("周磊", OTHER_PERSON_ID)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4 and page.idle)
    page.scan_panel.material_received.emit(AGENT_LETTER.code)  # the letter is scanned
    qtbot.waitUntil(lambda: page.buttons[Decision.ACCEPTED].isEnabled() and page.idle)
    assert row(3)[3] == "已收"
    Keyboard().shortcut(page, "F9")
    qtbot.waitUntil(lambda: len(printed(tmp_path)) == 1, timeout=20_000)
    receipt = pdf_text(printed(tmp_path)[0].read_bytes())
    assert "授权委托书" in receipt and "周磊" in receipt


def test_a_promised_date_past_the_calendar_is_flagged_on_the_page(
    qtbot: QtBot, desk: Desk, page: IntakePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a day of a year the installed holiday calendar does not know yet."""
    monkeypatch.setattr(workdays, "_OFFICIAL_YEARS", set())
    keys = begin_food_licence(qtbot, page)
    keys.press(Qt.Key.Key_A, "a")  # everything received
    qtbot.waitUntil(lambda: page.buttons[Decision.ACCEPTED].isEnabled() and page.idle)
    keys.shortcut(page, "F9")
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=20_000)
    assert "年法定节假日安排尚未导入，日期按法定节假日和周末推算" in page.result.text()
    assert "color: #8a5a00" in page.result.styleSheet()
    qtbot.waitUntil(lambda: page.idle)
