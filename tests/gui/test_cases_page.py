"""The 办件 page: a clerk's own cases, a manager's whole hall; search, scan and open a case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clerk.domain.intake import MaterialEntry, MaterialState
from clerk.gui.cases_page import CasesModel, CasesPage
from clerk.gui.main_window import MainWindow
from clerk.gui.workers import Workers
from clerk.services import intake
from clerk.services.accounts import Actor
from clerk.storage.db import Database
from tests.gui.test_corrections_page import console, intake_page
from tests.gui.test_intake_page import Keyboard
from tests.intake.conftest import (
    ALL_FOOD,
    ENTERPRISE,
    OTHER_PERSON_ID,
    PERSON,
    PERSON_ID,
    USCC,
    Desk,
    make_desk,
)

OTHER = intake.ApplicantInput(PERSON.kind, "周磊", OTHER_PERSON_ID)


@pytest.fixture
def desk(db: Database) -> Desk:
    return make_desk(db)


def accepted(desk: Desk, actor: Actor, applicant: intake.ApplicantInput) -> str:
    draft = desk.draft(actor, entries=ALL_FOOD, applicant=applicant)
    return intake.accept(desk.db, actor, draft.id, f"accept-{draft.id}").number


def deferred(desk: Desk, actor: Actor, applicant: intake.ApplicantInput) -> str:
    entries = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}
    draft = desk.draft(actor, entries=entries, applicant=applicant)
    return intake.defer(desk.db, actor, draft.id, f"defer-{draft.id}").number


@pytest.fixture
def cases(desk: Desk) -> dict[str, str]:
    """Two cases of the signed-in clerk, one of another clerk's."""
    return {
        "mine": accepted(desk, desk.clerk, PERSON),
        "deferred": deferred(desk, desk.clerk, OTHER),
        "theirs": accepted(desk, desk.clerk2, ENTERPRISE),
    }


@pytest.fixture
def clerk_window(qtbot: QtBot, desk: Desk, workers: Workers) -> Iterator[MainWindow]:
    window = console(qtbot, desk, desk.clerk, workers)
    yield window
    intake_page(window).printer.close()


def cases_page(qtbot: QtBot, window: MainWindow) -> CasesPage:
    """Ctrl+7 shows the 办件 page; the latest cases load as it appears."""
    page = window.pages[6]
    assert isinstance(page, CasesPage)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is page
    assert page.search.hasFocus()
    qtbot.waitUntil(lambda: not page.loading)
    return page


def numbers(page: CasesPage) -> list[str]:
    return [page.model.rows[r].number for r in range(page.model.rowCount())]


def cell(page: CasesPage, row: int, column: int) -> object:
    return page.model.data(page.model.index(row, column))


def search(qtbot: QtBot, page: CasesPage, text: str) -> None:
    """Typed by hand into the search box, then Enter."""
    page.search.clear()
    keys = Keyboard()
    with qtbot.waitSignal(page.loaded):
        keys.type(text)
        keys.press(Qt.Key.Key_Return, "\r")


def test_a_clerk_sees_only_their_own_cases_and_finds_them_by_number_id_and_name(
    qtbot: QtBot, cases: dict[str, str], clerk_window: MainWindow
) -> None:
    page = cases_page(qtbot, clerk_window)
    assert page.heading.text() == "我的办件"
    assert numbers(page) == [cases["deferred"], cases["mine"]]  # the latest first
    assert page.table.isColumnHidden(CasesModel.CLERK)
    assert cell(page, 1, CasesModel.DECISION) == "受理"
    assert cell(page, 1, CasesModel.APPLICANT) == "陈静 1101**********1239"
    assert PERSON_ID not in page.detail.text()
    assert page.summary.text() == "共找到 2 件。"

    search(qtbot, page, cases["mine"])
    assert numbers(page) == [cases["mine"]]
    search(qtbot, page, PERSON_ID)
    assert numbers(page) == [cases["mine"]]
    search(qtbot, page, "周")
    assert numbers(page) == [cases["deferred"]]
    search(qtbot, page, cases["theirs"])  # another clerk's case is not found
    assert numbers(page) == []
    assert page.summary.text() == "共找到 0 件。"
    assert page.detail.text() == ""

    page.search.clear()
    with qtbot.waitSignal(page.loaded):
        page.decision_box.setCurrentIndex(page.decision_box.findText("容缺受理"))
    assert numbers(page) == [cases["deferred"]]


def test_opening_a_row_shows_the_case_and_one_owing_materials_opens_for_correction(
    qtbot: QtBot, cases: dict[str, str], clerk_window: MainWindow
) -> None:
    page = cases_page(qtbot, clerk_window)
    # The barcode gun on this page searches the scanned case number.
    page.search.setText("周")  # whatever was in the box: the scan replaces it
    with qtbot.waitSignal(page.loaded):
        Keyboard().scan(cases["mine"])
    assert page.search.text() == cases["mine"]
    detail = page.detail.text()
    assert cases["mine"] in detail and "食品经营许可（新办）" in detail and "无" in detail
    assert not page.open_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # nothing owed: the case stays shown
    assert clerk_window.current_page is page

    search(qtbot, page, "周磊")
    assert "1 份容缺材料尚未补交" in page.detail.text()
    assert page.open_button.isEnabled()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window_intake = intake_page(clerk_window)
    assert clerk_window.current_page is window_intake
    qtbot.waitUntil(lambda: window_intake.correction is not None)
    assert cases["deferred"] in window_intake.banner.text()


def test_a_manager_sees_every_clerks_cases(
    qtbot: QtBot, desk: Desk, cases: dict[str, str], workers: Workers
) -> None:
    window = console(qtbot, desk, desk.manager, workers)
    try:
        page = cases_page(qtbot, window)
        assert page.heading.text() == "全厅办件"
        assert not page.table.isColumnHidden(CasesModel.CLERK)
        assert numbers(page) == [cases["theirs"], cases["deferred"], cases["mine"]]
        assert [cell(page, r, CasesModel.CLERK) for r in range(3)] == ["李建国", "张晓梅", "张晓梅"]
        search(qtbot, page, USCC)
        assert numbers(page) == [cases["theirs"]]
        # A USCC is public (the enterprise register): shown whole, as on every list.
        assert cell(page, 0, CasesModel.APPLICANT) == f"北京墨香书店有限公司 {USCC}"
        search(qtbot, page, OTHER_PERSON_ID)
        assert cell(page, 0, CasesModel.APPLICANT) == "周磊 4403**********4567"
    finally:
        intake_page(window).printer.close()
