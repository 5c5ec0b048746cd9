"""The 目录 page on the demo catalogue: search as you type, matters, bundles, materials."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from clerk.domain.catalogue import Form
from clerk.gui.catalogue_models import ChecklistModel, HitsModel
from clerk.gui.catalogue_page import CataloguePage
from clerk.gui.workstation import Workstation
from clerk.services.catalogue import load_catalogue
from tests.gui.conftest import make_actor


@pytest.fixture
def page(qtbot, demo_ws):
    page = CataloguePage(demo_ws)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    return page


def table(model):
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def search(qtbot, page, text):
    """Type ASCII as keys; Chinese arrives as an input method commits it."""
    page.ui.search.clear()
    if text.isascii():
        qtbot.keyClicks(page.ui.search, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(page.ui.search, event)


def test_pinyin_initials_find_the_bundle_and_show_its_merged_list(qtbot, page):
    search(qtbot, page, "kbsd")
    first = page.hits_model.hit(0)
    assert (first.kind, first.name) == ("bundle", "开办书店")
    assert table(page.hits_model)[0][:2] == ["一件事", "开办书店"]
    assert page.ui.title.text() == "开办书店"

    catalogue = page.catalogue
    checklist = catalogue.checklist_for_bundle(first.code)
    merged, asked = re.fullmatch(r"(\d+) 份材料，原需 (\d+) 份", page.ui.saving.text()).groups()
    assert int(merged) == len(checklist.lines) == page.checklist_model.rowCount()
    assert int(merged) < int(asked)
    assert "承诺时限" in page.ui.summary.text()
    assert not page.ui.materials.isColumnHidden(ChecklistModel.NEEDED_BY)
    # A paper several matters share is asked once and names every matter it serves.
    shared = next(i for i, line in enumerate(checklist.lines) if len(line.matter_codes) > 1)
    line = checklist.lines[shared]
    index = page.checklist_model.index(shared, ChecklistModel.NEEDED_BY)
    assert index.data() == f"{len(line.matter_codes)} 个事项：{'、'.join(line.departments)}"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    for code in line.matter_codes:
        matter = catalogue.matters[code]
        assert f"{matter.name}（{matter.department}）" in tooltip


def test_a_matter_shows_its_material_table_in_chinese(qtbot, page):
    catalogue = page.catalogue
    matter = next(
        m for m in catalogue.matters.values() if any(x.elicence_type for x in m.materials)
    )
    search(qtbot, page, matter.name)
    assert page.hits_model.hit(0).code == matter.code
    assert page.ui.title.text() == matter.name
    assert matter.department in page.ui.summary.text()
    assert f"法定时限 {matter.legal_days} 个工作日" in page.ui.summary.text()
    assert page.ui.materials.isColumnHidden(ChecklistModel.NEEDED_BY)
    headers = [
        page.checklist_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(ChecklistModel.NEEDED_BY)
    ]
    assert headers == ["材料名称", "形式", "份数", "必要性", "来源渠道", "受理标准", "电子证照"]
    rows = table(page.checklist_model)
    assert [row[0] for row in rows] == [m.name for m in matter.materials]
    forms = {Form.ORIGINAL: "原件", Form.COPY: "复印件", Form.ELECTRONIC: "电子"}
    for row, material in zip(rows, matter.materials, strict=True):
        assert row[1] == forms.get(material.form, "原件和复印件")
        assert row[2] == str(material.copies)
        assert row[5] == material.acceptance_standard
        assert row[6] == (material.elicence_type or "")


def test_a_material_hit_opens_its_matter_on_that_line(qtbot, page):
    search(qtbot, page, "身份证")
    hits = [page.hits_model.hit(r) for r in range(page.hits_model.rowCount())]
    row = next(r for r, hit in enumerate(hits) if hit.kind == "material")
    hit = hits[row]
    page.ui.hits.setFocus()
    page.ui.hits.selectRow(row)
    matter = page.catalogue.matters[hit.matter_code]
    assert page.ui.title.text() == matter.name
    assert table(page.hits_model)[row] == ["材料", hit.name, f"{matter.name}（{hit.department}）"]
    selected = page.ui.materials.selectionModel().selectedRows()
    assert [page.checklist_model.line(i.row()).material.code for i in selected] == [hit.code]


def test_keyboard_only_search_then_results(qtbot, page):
    page.setFocus()
    assert page.ui.search.hasFocus()
    qtbot.keyClicks(page.ui.search, "xsecs")  # 新生儿出生
    qtbot.keyClick(page.ui.search, Qt.Key.Key_Return)
    assert page.ui.hits.hasFocus()
    qtbot.keyClick(page.ui.hits, Qt.Key.Key_Down)
    assert page.ui.hits.currentIndex().row() == min(1, page.hits_model.rowCount() - 1)


def test_nothing_found_clears_the_detail(qtbot, page):
    search(qtbot, page, "zzzzqqq")
    assert page.hits_model.rowCount() == 0
    assert page.checklist_model.rowCount() == 0
    assert page.ui.title.text() == "输入文字以检索目录"


def test_empty_search_lists_bundles_then_matters(qtbot, page):
    catalogue = page.catalogue
    assert page.hits_model.rowCount() == len(catalogue.bundles) + len(catalogue.matters)
    kinds = [page.hits_model.hit(r).kind for r in range(page.hits_model.rowCount())]
    assert kinds == ["bundle"] * len(catalogue.bundles) + ["matter"] * len(catalogue.matters)
    assert re.fullmatch(r"第\d+版目录：\d+个事项，\d+个一件事", page.ui.state.text())


def test_without_a_catalogue_the_page_says_what_to_do(qtbot, sqlite_db, settings, workers):
    page = CataloguePage(Workstation(sqlite_db, make_actor(sqlite_db), settings, workers))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: "clerk catalogue import" in page.ui.state.text())
    assert not page.loaded


def test_models_pass_the_qt_model_tester(qtmodeltester, demo_db):
    catalogue = load_catalogue(demo_db)
    checklist_model = ChecklistModel()
    bundle = next(iter(catalogue.bundles))
    checklist_model.set_checklist(catalogue.checklist_for_bundle(bundle), catalogue)
    qtmodeltester.check(checklist_model)
    hits_model = HitsModel()
    from clerk.domain.search import SearchIndex

    hits_model.set_hits(SearchIndex.build(catalogue).search("证", 50), catalogue)
    assert hits_model.rowCount() > 0
    qtmodeltester.check(hits_model)
