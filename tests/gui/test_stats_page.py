"""The 统计 page driven as a manager (and a clerk) would, on the fixed hall of tests/stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from clerk.domain.stats import FIGURES
from clerk.gui.stats_page import StatsPage
from clerk.gui.workstation import Workstation
from tests.stats.dataset import FixedHall, build


@pytest.fixture
def hall(db) -> FixedHall:
    return build(db)


def page_for(qtbot, hall: FixedHall, actor, settings, workers) -> StatsPage:
    page = StatsPage(Workstation(hall.db, actor, settings, workers))
    qtbot.addWidget(page)
    page.first.setDate(QDate(2026, 3, 2))
    page.last.setDate(QDate(2026, 3, 3))
    return page


def show(qtbot, page: StatsPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)


def cell(page: StatsPage, figure: str, column: int = 0) -> str:
    row = [f.name for f in FIGURES].index(figure)
    return page.figures.item(row, column).text()


def test_a_manager_reads_the_period_by_window(qtbot, hall, settings, workers):
    page = page_for(qtbot, hall, hall.manager, settings, workers)
    page.dimension.setCurrentIndex(page.dimension.findData("window"))
    show(qtbot, page)
    headers = [
        page.figures.horizontalHeaderItem(c).text() for c in range(page.figures.columnCount())
    ]
    assert headers == ["1 号窗口", "2 号窗口", "（未分配）", "全大厅"]
    assert page.figures.verticalHeaderItem(0).text() == "取号数"
    assert (cell(page, "tickets", 3), cell(page, "wait_p90", 3)) == ("6", "18.0")
    assert (cell(page, "wait_p90", 0), cell(page, "within_alert_share", 1)) == ("14.0", "50.0%")
    assert cell(page, "one_visit_share", 3) == "66.7%"
    assert page.status.text() == "2026年3月2日至2026年3月3日　全大厅"


def test_charts_show_the_period_and_open_what_is_behind(qtbot, hall, settings, workers):
    page = page_for(qtbot, hall, hall.manager, settings, workers)
    show(qtbot, page)
    series = page.daily.chart().series()[0]
    tickets, cases = series.barSets()
    assert [tickets.at(i) for i in range(tickets.count())] == [4, 2]
    assert [cases.at(i) for i in range(cases.count())] == [4, 4]
    assert [len(s.points()) for s in page.heat_map.bands] == [0, 0, 2, 1, 0]  # 11.7, 12, 15 minutes
    line = page.satisfaction.chart().series()[0]
    assert [p.y() for p in line.points()] == [pytest.approx(200 / 3), 0.0]
    refusal_bars = page.refusals.chart().series()[0].barSets()[0]
    assert refusal_bars.count() == 3
    # A click on Monday's ticket bar: the bar set tells which bar, the page opens its tickets.
    tickets.clicked.emit(0)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=20_000)
    assert page.dialog.table.rowCount() == 4
    assert page.dialog.summary.text() == "全大厅　共 4 条"
    page.dialog.close()
    page.dialog = None
    # The 9 o'clock Monday cell of the heat map: three tickets.
    band = page.heat_map.bands[2]
    band.clicked.emit(next(p for p in band.points() if p.x() == 0))
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=20_000)
    numbers = sorted(
        page.dialog.table.item(r, 0).text() for r in range(page.dialog.table.rowCount())
    )
    assert numbers == ["A001", "A002", "A003"]
    page.dialog.close()


def test_enter_on_a_figure_opens_its_cases(qtbot, hall, settings, workers):
    page = page_for(qtbot, hall, hall.manager, settings, workers)
    page.dimension.setCurrentIndex(page.dimension.findData("window"))
    page.resize(1200, 800)
    with qtbot.waitSignal(page.loaded, timeout=20_000):  # shown: the page counts by itself
        page.show()
    qtbot.waitExposed(page)
    row = [f.name for f in FIGURES].index("refused")
    page.figures.scrollToItem(page.figures.item(row, 1))
    rect = page.figures.visualItemRect(page.figures.item(row, 1))
    qtbot.mouseClick(page.figures.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(page.figures, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=20_000)
    dialog = page.dialog
    assert dialog.windowTitle() == "指标明细：不予受理"
    assert dialog.summary.text() == "2 号窗口　共 1 条"
    assert [dialog.table.item(0, c).text() for c in (0, 2, 3)] == ["2026C6", "不予受理", "代办护照"]
    dialog.close()


def test_the_live_board(qtbot, hall, settings, workers):
    page = page_for(qtbot, hall, hall.manager, settings, workers)
    with qtbot.waitSignal(page.board_loaded, timeout=20_000):
        page.refresh_board()
    assert page.board.isVisibleTo(page)
    assert page.board_labels["windows"].text() == "1 / 1 / 0"
    assert page.board_labels["waiting"].text() == "0"
    assert page.categories.rowCount() == 2 and page.categories.item(0, 0).text() == "A 综合受理"
    assert page.today.text().startswith("今日：今日取号 0")


def test_a_clerk_sees_only_their_own_figures(qtbot, hall, settings, workers):
    page = page_for(qtbot, hall, hall.clerk_a, settings, workers)
    assert not page.board.isVisibleTo(page) and not page.dimension.isEnabled()
    show(qtbot, page)
    assert page.figures.horizontalHeaderItem(0).text() == "张晓梅（C0101）"
    assert (cell(page, "tickets"), cell(page, "cases")) == ("3", "5")


def test_exports_to_the_files_chosen(qtbot, hall, settings, workers, tmp_path, monkeypatch):
    page = page_for(qtbot, hall, hall.manager, settings, workers)
    show(qtbot, page)
    chosen: list[Path] = []

    def save_as(*_args: object) -> tuple[str, str]:  # the file dialog, answered
        return str(chosen[-1]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    chosen.append(tmp_path / "figures.xlsx")
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert load_workbook(chosen[-1])["概况"]["B2"].value == 6
    chosen.append(tmp_path / "report.pdf")
    with qtbot.waitSignal(page.exported, timeout=30_000):
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert chosen[-1].read_bytes().startswith(b"%PDF")
    assert page.status.text() == f"已保存：{chosen[-1]}"
