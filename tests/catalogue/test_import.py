"""Import, versions, idempotence and export round trips, on both databases."""

from __future__ import annotations

import json

import openpyxl
import pytest

from clerk.domain.catalogue import Form, Necessity
from clerk.domain.errors import ClerkError, NotFound, PermissionDenied
from clerk.services import catalogue
from clerk.services.catalogue import read_catalogue_file
from tests.catalogue.conftest import small, write_json


def test_a_file_becomes_version_1_and_the_same_file_again_changes_nothing(db, admin, tmp_path):
    path = write_json(tmp_path / "hall.json", small())
    first = catalogue.import_catalogue(db, admin, path)
    assert first == catalogue.ImportResult(1, True, matters=3, materials=5, bundles=1)
    again = catalogue.import_catalogue(db, admin, path)
    assert again == catalogue.ImportResult(1, False, matters=3, materials=5, bundles=1)
    assert [v.number for v in catalogue.list_versions(db)] == [1]


def test_a_changed_file_makes_a_new_version_and_the_old_one_stays(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v1.json", small()))
    changed = small()
    changed["matters"][0]["promised_days"] = 3
    changed["matters"][0]["materials"][1]["correction_days"] = 5
    result = catalogue.import_catalogue(db, admin, write_json(tmp_path / "v2.json", changed))
    assert (result.version, result.changed) == (2, True)

    old, new = catalogue.load_catalogue(db, 1), catalogue.load_catalogue(db)
    assert (old.version, new.version) == (1, 2)
    assert old.matters["000117015000"].promised_days == 5
    assert new.matters["000117015000"].promised_days == 3
    assert old.matters["000117015000"].materials[1].correction_days == 10
    assert new.matters["000117015000"].materials[1].correction_days == 5

    versions = catalogue.list_versions(db)
    assert [(v.number, v.source_name, v.imported_by) for v in versions] == [
        (2, "v2.json", "赵志强"),
        (1, "v1.json", "赵志强"),
    ]
    assert all(v.matters == 3 and v.bundles == 1 for v in versions)


def test_order_of_matters_in_the_file_is_not_a_change(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "a.json", small()))
    shuffled = small()
    shuffled["matters"].reverse()
    result = catalogue.import_catalogue(db, admin, write_json(tmp_path / "b.json", shuffled))
    assert (result.version, result.changed) == (1, False)


def test_only_an_admin_imports(db, clerk, tmp_path):
    with pytest.raises(PermissionDenied, match="系统管理员"):
        catalogue.import_catalogue(db, clerk, write_json(tmp_path / "hall.json", small()))
    assert catalogue.list_versions(db) == []


def test_a_hall_without_a_catalogue_is_told_so(db):
    with pytest.raises(NotFound, match="还没有导入事项目录"):
        catalogue.load_catalogue(db)
    assert catalogue.list_versions(db) == []


def test_asking_for_a_version_that_does_not_exist(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "hall.json", small()))
    with pytest.raises(NotFound, match="没有第7版目录"):
        catalogue.load_catalogue(db, 7)


def test_stored_fields_come_back_as_imported(db, admin, tmp_path):
    path = catalogue.demo_catalogue_path()
    catalogue.import_catalogue(db, admin, path)
    assert catalogue.load_catalogue(db).matters == read_catalogue_file(path).matters
    assert catalogue.load_catalogue(db).bundles == read_catalogue_file(path).bundles


def test_demo_seeding_needs_no_account(db):
    result = catalogue.seed_demo_catalogue(db)
    assert result.changed and result.matters >= 40
    (version,) = catalogue.list_versions(db)
    assert (version.imported_by, version.source_name) == ("", "demo.json")


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_then_import_is_unchanged(db, admin, tmp_path, suffix):
    catalogue.import_catalogue(db, admin, catalogue.demo_catalogue_path())
    folder = tmp_path / "out"
    folder.mkdir()
    exported = folder / f"exported{suffix}"
    catalogue.export_catalogue(db, exported)
    assert read_catalogue_file(exported).matters == catalogue.load_catalogue(db).matters
    result = catalogue.import_catalogue(db, admin, exported)
    assert (result.version, result.changed) == (1, False)
    assert [p.name for p in folder.iterdir()] == [exported.name]  # no temporary left over


def test_an_exported_workbook_is_in_chinese_for_the_admin_to_edit(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "hall.json", small()))
    path = tmp_path / "目录.xlsx"
    catalogue.export_catalogue(db, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["事项", "材料", "条码规则", "一件事"]
    headers = [c.value for c in book["材料"][1]]
    assert headers[:6] == ["事项编码", "材料编码", "材料名称", "材料形式", "份数", "必要性"]
    first = [c.value for c in book["材料"][2]]
    assert first[:6] == ["000105001000", "M-ID-CARD", "居民身份证", "复印件", 1, "必要"]
    assert [c.value for c in book["一件事"][2]][-1] == "000117015000\n000105001000"


def test_an_edited_workbook_imports_as_a_new_version(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "hall.json", small()))
    path = tmp_path / "hall.xlsx"
    catalogue.export_catalogue(db, path)
    book = openpyxl.load_workbook(path)
    sheet = book["材料"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "M-LEASE":
            row[5].value = "容缺可后补"  # 必要性
            row[6].value = 15  # 补正期限
    book.save(path)
    assert catalogue.import_catalogue(db, admin, path).version == 2
    lease = catalogue.load_catalogue(db).matters["000105001000"].materials[1]
    assert (lease.code, lease.necessity, lease.correction_days) == (
        "M-LEASE",
        Necessity.DEFERRABLE,
        15,
    )


def test_an_older_version_can_be_exported(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v1.json", small()))
    changed = small()
    changed["matters"][1]["materials"][0]["form"] = "original_and_copy"
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v2.json", changed))
    out = tmp_path / "old.json"
    catalogue.export_catalogue(db, out, version=1)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["matters"][0]["materials"][0]["form"] == Form.COPY


def test_export_to_an_unknown_kind_of_file_is_refused(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "hall.json", small()))
    with pytest.raises(ClerkError, match="请用 .json 或 .xlsx"):
        catalogue.export_catalogue(db, tmp_path / "hall.csv")
    assert not (tmp_path / "hall.csv").exists()


def test_export_into_a_missing_folder_says_so(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "hall.json", small()))
    with pytest.raises(ClerkError, match="无法写入文件"):
        catalogue.export_catalogue(db, tmp_path / "nowhere" / "hall.json")


def test_the_search_index_follows_the_latest_version(db, admin, tmp_path):
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v1.json", small()))
    assert catalogue.load_search_index(db).search("hjzm")[0].name == "户籍证明开具"
    changed = small()
    changed["matters"][2]["name"] = "户籍证明出具"
    catalogue.import_catalogue(db, admin, write_json(tmp_path / "v2.json", changed))
    assert catalogue.load_search_index(db).search("hjzm")[0].name == "户籍证明出具"
    assert catalogue.load_search_index(db, 1).search("hjzm")[0].name == "户籍证明开具"
