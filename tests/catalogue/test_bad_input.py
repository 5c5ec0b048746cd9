"""Bad catalogue files: every problem named by sheet, row and column; nothing imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clerk.domain.catalogue import Catalogue
from clerk.services import catalogue
from clerk.services.catalogue import (
    MAX_FILE_BYTES,
    CatalogueFileError,
    Problem,
    read_catalogue_file,
    write_catalogue_file,
)
from tests.catalogue.conftest import small, write_json


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue_file(path)
    return caught.value.problems


def places(problems: list[Problem]) -> list[tuple[str, int | None, str]]:
    return [(p.sheet, p.row, p.column) for p in problems]


def good_catalogue(tmp_path: Path) -> Catalogue:
    return read_catalogue_file(write_json(tmp_path / "good.json", small()))


def workbook(tmp_path: Path) -> Path:
    """The small catalogue as an XLSX file, to spoil with openpyxl."""
    path = tmp_path / "hall.xlsx"
    write_catalogue_file(good_catalogue(tmp_path), path)
    return path


def edit(path: Path, sheet: str, cell: str, value: Any) -> Path:
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


# --- JSON -------------------------------------------------------------------------------


def test_gbk_json_is_refused_with_the_encoding_named(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(small(), ensure_ascii=False).encode("gbk"))
    (problem,) = problems_of(path)
    assert "不是 UTF-8 编码" in problem.message and "GBK" in problem.message


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"matters": [\n  {"code": "A",}\n]}', encoding="utf-8")
    (problem,) = problems_of(path)
    assert "JSON 格式有误：第2行第16列" in str(problem)


def test_a_100_mb_file_is_refused_by_its_size_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: 100 MB of nothing, which no parser would call JSON
        handle.truncate(100 * 1024 * 1024)
    (problem,) = problems_of(path)
    assert "文件过大（100 MB）" in problem.message
    assert f"{MAX_FILE_BYTES // 2**20} MB" in problem.message


def test_duplicate_codes_name_the_second_one_and_the_first(tmp_path):
    document = small()
    document["matters"][2]["code"] = "000117015000"
    document["matters"][1]["materials"][1]["code"] = "M-ID-CARD"
    problems = problems_of(write_json(tmp_path / "dup.json", document))
    assert places(problems) == [
        ("事项", 3, "code"),
        ("事项第2项的材料", 2, "code"),
        ("事项第2项的材料", 2, "name"),
    ]
    assert "事项编码“000117015000”重复（第1项已有）" in problems[0].message
    assert "材料编码“M-ID-CARD”重复" in problems[1].message
    assert "同一编码须是同一种材料" in problems[2].message


def test_a_bundle_naming_an_unknown_matter(tmp_path):
    document = small()
    document["bundles"][0]["matters"].append("999999999999")
    (problem,) = problems_of(write_json(tmp_path / "bundle.json", document))
    assert places([problem]) == [("一件事", 1, "matters")]
    assert "事项“999999999999”不在事项表中" in problem.message


def test_every_bad_value_is_reported_at_once(tmp_path):
    document = small()
    food, book, spot = document["matters"]
    food["legal_days"] = -3
    food["materials"][0]["form"] = "扫描件"
    food["materials"][1]["copies"] = "两份"
    book["materials"][0]["copies"] = 1.5
    book["materials"][1]["necessity"] = "容缺"  # deferrable, but no correction period
    spot["promised_days"] = 2  # more than the legal 1 day
    spot["on_the_spot"] = "maybe"
    spot["colour"] = "red"
    problems = problems_of(write_json(tmp_path / "bad.json", document))
    assert sorted(map(str, problems)) == sorted(
        [
            "事项第1项“legal_days”：天数不能为负数：-3",
            "事项第1项的材料第1项“form”：“扫描件”不是可选值，应为：电子、复印件、原件、原件和复印件",
            "事项第1项的材料第2项“copies”：应为整数，实为“两份”",
            "事项第2项的材料第1项“copies”：应为整数，实为“1.5”",
            "事项第2项的材料第2项“correction_days”：容缺材料须填写补正期限（工作日）",
            "事项第3项“promised_days”：承诺时限2天不能超过法定时限1天",
            "事项第3项“on_the_spot”：应填“是”或“否”，实为“maybe”",
            "事项第3项“colour”：不认识的字段",
        ]
    )
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue_file(tmp_path / "bad.json")
    assert caught.value.message.startswith("目录文件有8处问题，未导入任何内容：\n")


def test_a_long_list_of_problems_is_summarised(tmp_path):
    document = small()
    document["matters"] = [
        {"code": f"X{i}", "name": f"事项{i}", "department": "市民政局"} for i in range(30)
    ]
    document["bundles"] = []
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue_file(write_json(tmp_path / "many.json", document))
    assert len(caught.value.problems) == 60  # legal and promised days missing in each
    assert caught.value.message.count("\n") == 11 and "另有50处问题" in caught.value.message


def test_a_broken_barcode_rule_is_named(tmp_path):
    document = small()
    document["matters"][0]["materials"][0]["barcode_rules"] = [
        {"pattern": "(?P<uscc>[0-9", "format": "QRCode"}
    ]
    (problem,) = problems_of(write_json(tmp_path / "rule.json", document))
    assert places([problem]) == [("事项第1项的材料第1项的条码规则", 1, "pattern")]
    assert "不是有效的正则表达式" in problem.message


def test_a_misspelt_symbology_is_refused_and_case_is_forgiven(tmp_path):
    document = small()
    rules = document["matters"][0]["materials"][0]["barcode_rules"] = [
        {"pattern": "(?P<id_number>\\d{17}[\\dX])", "format": "code128"}
    ]
    licence = read_catalogue_file(write_json(tmp_path / "ok.json", document))
    assert licence.matters["000117015000"].materials[0].barcode_rules[0].format == "Code128"
    rules[0]["format"] = "QR码"
    (problem,) = problems_of(write_json(tmp_path / "rule.json", document))
    assert places([problem]) == [("事项第1项的材料第1项的条码规则", 1, "format")]
    assert problem.message.startswith("“QR码”不是可识别的码制，应为：QRCode、")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "文件是空的"),
        (b"[1, 2]", "最外层应为对象"),
        (b'{"bundles": []}', "缺少 matters"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
    ],
)
def test_files_that_are_not_a_catalogue(tmp_path, content, expected):
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    assert expected in str(problems_of(path)[0])


def test_a_missing_file_is_named(tmp_path):
    (problem,) = problems_of(tmp_path / "nowhere.json")
    assert problem.message == "找不到文件：nowhere.json"


# --- XLSX -------------------------------------------------------------------------------


def test_a_workbook_imports_with_columns_in_any_order_and_units_left_out(tmp_path):
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["事项"]
    sheet.move_range("A1:A4", cols=20)  # 事项编码 moves to the far right
    sheet["E1"] = "法定办结时限"  # header without its unit
    book.save(path)
    assert read_catalogue_file(path).matters == good_catalogue(tmp_path).matters


def test_a_misspelt_column_is_named_and_the_required_one_missed(tmp_path):
    path = edit(workbook(tmp_path), "材料", "C1", "材料明称")
    problems = problems_of(path)
    assert places(problems)[:2] == [("材料", 1, "材料明称"), ("材料", 1, "材料名称")]
    assert [p.message for p in problems[:2]] == ["不认识的列名", "缺少这一列"]
    assert str(problems[0]) == "工作表“材料”第1行“材料明称”列：不认识的列名"


def test_a_missing_sheet_is_named(tmp_path):
    path = workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["事项"].title = "Sheet1"
    book.save(path)
    assert [str(p) for p in problems_of(path)] == [
        "缺少工作表“事项”（现有：Sheet1、材料、条码规则、一件事）"
    ]


def test_formulas_are_refused_cell_by_cell(tmp_path):
    path = workbook(tmp_path)
    edit(path, "材料", "E3", "=1+1")  # 份数
    edit(path, "事项", "E2", "=SUM(F2:F3)")  # 法定办结时限
    problems = problems_of(path)
    assert places(problems) == [
        ("事项", 2, "法定办结时限（工作日）"),
        ("材料", 3, "份数"),
    ]
    assert all("单元格含公式" in p.message for p in problems)


def test_duplicate_codes_and_unknown_matters_in_a_workbook(tmp_path):
    path = workbook(tmp_path)
    edit(path, "事项", "A4", "000105001000")  # third matter takes the first's code
    edit(path, "一件事", "E2", "000117015000、000000000001")
    problems = problems_of(path)
    assert places(problems)[0] == ("事项", 4, "事项编码")
    assert ("一件事", 2, "包含事项") in places(problems)
    assert any("事项“000000000001”不在事项表中" in p.message for p in problems)


def test_a_material_of_an_unknown_matter(tmp_path):
    path = edit(workbook(tmp_path), "材料", "A2", "000000000001")
    (problem,) = problems_of(path)
    assert str(problem) == "工作表“材料”第2行“事项编码”列：事项“000000000001”不在事项表中"


@pytest.mark.parametrize(
    ("cell", "value", "column", "message"),
    [
        ("D2", "扫描件", "材料形式", "“扫描件”不是可选值"),
        ("E2", -1, "份数", "份数至少为 1"),
        ("E2", "2份", "份数", "应为整数"),
        ("E2", 2.5, "份数", "应为整数"),
        ("B2", 12345, "材料编码", "编码须为文本"),
        ("F2", "可能", "必要性", "“可能”不是可选值"),
    ],
)
def test_bad_cells_in_the_materials_sheet(tmp_path, cell, value, column, message):
    path = edit(workbook(tmp_path), "材料", cell, value)
    (problem,) = problems_of(path)
    assert (problem.sheet, problem.row, problem.column) == ("材料", 2, column)
    assert message in problem.message


def test_negative_days_in_the_matters_sheet(tmp_path):
    path = edit(workbook(tmp_path), "事项", "F3", -2)  # 承诺办结时限
    (problem,) = problems_of(path)
    assert str(problem) == "工作表“事项”第3行“承诺办结时限（工作日）”列：天数不能为负数：-2"


def test_a_file_called_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("事项编码,事项名称\n", encoding="utf-8")
    assert "不是有效的 XLSX" in problems_of(path)[0].message


def test_an_old_xls_workbook_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert "另存为 .xlsx" in problems_of(path)[0].message


# --- nothing imported, on both databases ---------------------------------------------


@pytest.mark.parametrize("spoil", ["unknown matter", "gbk", "formula"])
def test_a_bad_file_changes_nothing_in_the_database(db, admin, tmp_path, spoil):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v1.json", small()))
    before = catalogue.load_catalogue(db)
    if spoil == "unknown matter":
        document = small()
        document["matters"][0]["name"] = "改过的名称"  # a real change, spoilt by the bundle
        document["bundles"][0]["matters"] = ["000117015000", "404"]
        bad = write_json(tmp_path / "bad.json", document)
    elif spoil == "gbk":
        bad = tmp_path / "bad.json"
        bad.write_bytes(json.dumps(small(), ensure_ascii=False).encode("gbk"))
    else:
        bad = edit(workbook(tmp_path), "材料", "E2", "=2")
    with pytest.raises(CatalogueFileError):
        catalogue.import_catalogue(db, admin, bad)
    assert [v.number for v in catalogue.list_versions(db)] == [1]
    assert catalogue.load_catalogue(db).matters == before.matters
