"""The 补正 page: a clerk's and a manager's lists of corrections due; a row opens the correction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from clerk.domain.halltime import hall_date
from clerk.domain.intake import MaterialEntry, MaterialState
from clerk.gui.corrections_page import CorrectionsModel, CorrectionsPage
from clerk.gui.intake_page import IntakePage
from clerk.gui.main_window import MainWindow
from clerk.gui.workers import Workers
from clerk.gui.workstation import Workstation
from clerk.services import intake
from clerk.services.accounts import Actor
from clerk.settings import Settings
from clerk.storage.db import Database
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, CaseMaterial
from tests.intake.conftest import ALL_FOOD, OTHER_PERSON_ID, PERSON, Desk, make_desk

DEFERRED = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}
OTHER = intake.ApplicantInput(PERSON.kind, "周磊", OTHER_PERSON_ID)


def deferred(
    desk: Desk, actor: Actor, applicant: intake.ApplicantInput, late: int
) -> intake.DecisionOutcome:
    """A 容缺受理 case whose deferred material is due ``late`` days ago (negative: ahead)."""
    draft = desk.draft(actor, entries=DEFERRED, applicant=applicant)
    outcome = intake.defer(desk.db, actor, draft.id, f"defer-{draft.id}")
    due = hall_date(utcnow()) - timedelta(days=late)
    with desk.db.session() as s:
        s.execute(
            update(CaseMaterial)
            .where(CaseMaterial.case_id == outcome.case_id, CaseMaterial.code == "HEALTH")
            .values(correction_due=due)
        )
    return outcome


@pytest.fixture
def desk(db: Database) -> Desk:
    return make_desk(db)


def console(qtbot: QtBot, desk: Desk, actor: Actor, workers: Workers) -> MainWindow:
    window = MainWindow(Workstation(desk.db, actor, Settings.load(), workers))
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.status.connected is not None)
    return window


@pytest.fixture
def clerk_window(qtbot: QtBot, desk: Desk, workers: Workers) -> Iterator[MainWindow]:
    window = console(qtbot, desk, desk.clerk, workers)
    yield window
    intake_page(window).printer.close()


def intake_page(window: MainWindow) -> IntakePage:
    page = window.pages[0]
    assert isinstance(page, IntakePage)
    return page


def corrections_page(qtbot: QtBot, window: MainWindow) -> CorrectionsPage:
    """Ctrl+6 shows the 补正 page; its list loads as it appears."""
    page = window.pages[5]
    assert isinstance(page, CorrectionsPage)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is page
    qtbot.waitUntil(lambda: not page.loading)
    return page


def cell(page: CorrectionsPage, row: int, column: int, role: int = 0) -> object:
    return page.model.data(page.model.index(row, column), Qt.ItemDataRole(role))


def test_a_clerk_sees_their_own_cases_the_overdue_one_stands_out_and_opens_for_correction(
    qtbot: QtBot, desk: Desk, clerk_window: MainWindow
) -> None:
    mine = deferred(desk, desk.clerk, PERSON, late=3).number
    due = hall_date(utcnow()) - timedelta(days=3)
    deferred(desk, desk.clerk2, OTHER, late=5)  # another clerk's case: not on this list
    page = corrections_page(qtbot, clerk_window)

    assert page.heading.text() == "我受理的待补正办件"
    assert page.model.rowCount() == 1
    assert [cell(page, 0, c) for c in range(CorrectionsModel.CLERK)] == [
        mine,
        "陈静 1101**********1239",
        "食品经营许可（新办）",
        "从业人员健康证明",
        f"{due.year}年{due.month}月{due.day}日",
        "已逾期 3 天",
    ]
    background = cell(page, 0, CorrectionsModel.NUMBER, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color().name() == "#fde2e1"
    assert page.table.isColumnHidden(CorrectionsModel.CLERK)
    assert page.summary.text() == "共 1 件待补正，其中 1 件已逾期。"

    # Enter on the row: the 受理 page has the case ready; Ctrl+R marks it received.
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window_intake = intake_page(clerk_window)
    assert clerk_window.current_page is window_intake
    qtbot.waitUntil(lambda: window_intake.correction is not None)
    assert mine in window_intake.banner.text() and "Ctrl+R" in window_intake.banner.text()
    assert window_intake.correction_button.isVisible()
    qtbot.keyClick(clerk_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "来办" in window_intake.banner.text())
    assert window_intake.banner.text() == f"办件 {mine}：容缺材料已补交（第2次来办）。"
    assert not window_intake.correction_button.isVisible()
    with desk.db.session() as s:
        case = s.query(Case).filter_by(number=mine).one()
        assert case.completed_at is not None and case.visits == 2

    page = corrections_page(qtbot, clerk_window)  # shown again: the list is read again
    assert page.model.rowCount() == 0
    assert page.summary.text() == "共 0 件待补正，其中 0 件已逾期。"
    assert not page.open_button.isEnabled()


def test_a_manager_sees_every_clerks_cases_and_can_keep_only_the_overdue(
    qtbot: QtBot, desk: Desk, workers: Workers
) -> None:
    late = deferred(desk, desk.clerk, PERSON, late=1)
    ahead = deferred(desk, desk.clerk2, OTHER, late=-2).number
    window = console(qtbot, desk, desk.manager, workers)
    try:
        page = corrections_page(qtbot, window)
        assert page.heading.text() == "全厅待补正办件"
        assert not page.table.isColumnHidden(CorrectionsModel.CLERK)
        rows = [
            [cell(page, r, c) for c in (0, CorrectionsModel.LATE, CorrectionsModel.CLERK)]
            for r in range(page.model.rowCount())
        ]
        assert rows == [[late.number, "已逾期 1 天", "张晓梅"], [ahead, "还剩 2 天", "李建国"]]
        assert cell(page, 1, 0, Qt.ItemDataRole.BackgroundRole) is None
        assert page.summary.text() == "共 2 件待补正，其中 1 件已逾期。"

        page.show_box.setCurrentIndex(page.show_box.findText("仅逾期"))
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1)
        assert cell(page, 0, 0) == late.number

        # A case corrected at another window meanwhile: F5 reloads, opening it says so.
        intake.receive_correction(desk.db, desk.clerk2, late.case_id, ["HEALTH"])
        page.open_current()
        window_intake = intake_page(window)
        qtbot.waitUntil(lambda: "已无待补交" in window_intake.banner.text())
        assert window_intake.correction is None
        window.show_page(page)
        with qtbot.waitSignal(page.loaded):
            qtbot.keyClick(page.table, Qt.Key.Key_F5)
        assert page.model.rowCount() == 0
    finally:
        intake_page(window).printer.close()
