"""Search as you type over the demo catalogue: Chinese, pinyin, initials, codes, ranking."""

from __future__ import annotations

import pytest

from clerk.domain import search as search_module
from clerk.domain.catalogue import Catalogue, MatterSpec
from clerk.domain.search import Hit, SearchIndex, pinyin_keys
from clerk.services.catalogue import demo_catalogue_path, read_catalogue_file


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(read_catalogue_file(demo_catalogue_path()))


def names(hits: list[Hit]) -> list[str]:
    return [h.name for h in hits]


@pytest.mark.parametrize(
    "query", ["开办书店", "书店", "kbsd", "KBSD", "ｋｂｓｄ", "kaibanshudian", "kai ban shu dian"]
)
def test_the_bookstore_bundle_is_found_every_way_a_clerk_types_it(index, query):
    first = index.search(query)[0]
    assert first == Hit("bundle", "YJS-001", "开办书店", None, first.department)
    assert "市市场监督管理局" in first.department and "市消防救援支队" in first.department


def test_a_pinyin_prefix_finds_both_opening_bundles_first(index):
    assert names(index.search("kaiban")[:2]) == ["开办书店", "开办餐饮店"]


def test_chinese_substring_finds_matters_inside_names(index):
    hits = index.search("公积金")
    matters = [h for h in hits if h.kind == "matter"]
    assert {h.name for h in matters} >= {
        "单位住房公积金缴存登记",
        "购买自住住房提取住房公积金",
        "离退休提取住房公积金",
    }
    assert all("公积金" in h.name for h in hits)


def test_exact_beats_prefix_beats_substring(index):
    hits = index.search("入学")
    assert hits[0] == Hit("bundle", "YJS-004", "入学", None, hits[0].department)
    assert {h.name for h in hits[1:3]} == {"入托入学预防接种证查验", "义务教育阶段新生入学登记"}
    prefixed = index.search("户籍证明")
    assert names(prefixed)[0] == "户籍证明开具"  # a matter before the material of that very name


def test_matters_and_bundles_come_before_materials(index):
    hits = index.search("营业执照")
    kinds = [h.kind for h in hits]
    assert kinds[:2] == ["matter", "matter"]
    assert set(names(hits[:2])) == {"营业执照变更登记", "营业执照遗失补领"}
    assert kinds.index("material") == 2 and set(kinds[2:]) == {"material"}


def test_a_material_hit_names_each_matter_that_asks_for_it(index):
    catalogue = read_catalogue_file(demo_catalogue_path())
    asking = {
        m.code
        for m in catalogue.matters.values()
        if any(x.code == "M-BIZ-LICENCE" for x in m.materials)
    }
    hits = index.search("yyzz", limit=100)
    assert [h.kind for h in hits[:2]] == ["matter", "matter"]  # 营业执照变更登记, 营业执照遗失补领
    licence = [h for h in hits if h.code == "M-BIZ-LICENCE"]
    assert {h.matter_code for h in licence} == asking and len(licence) == len(asking) > 10
    food = next(h for h in licence if h.matter_code == "301117015000")
    assert (food.kind, food.name, food.department) == ("material", "营业执照", "市市场监督管理局")
    assert all(h.kind == "material" and h.name.startswith("营业执照") for h in hits[2:])


def test_codes_are_found_by_prefix_and_in_any_case(index):
    assert names(index.search("YJS-003")) == ["新生儿出生"]
    assert names(index.search("yjs-00")[:7]) == [
        "入学",
        "开办书店",
        "开办餐饮店",
        "新生儿出生",
        "公积金提取",
        "身后一件事",
        "不动产转移登记",
    ]  # all bundles, shorter names first, then by code
    assert index.search("301117015")[0].name == "食品经营许可（新办）"
    material = index.search("m-birth-cert")[0]
    assert (material.kind, material.name) == ("material", "出生医学证明")


def test_a_syllable_start_ranks_before_a_match_inside_a_syllable():
    inside = MatterSpec("A1", "开办", "市市场监督管理局", 1, 1, ())  # kai-b(an)
    start = MatterSpec("B1", "平安", "市公安局", 1, 1, ())  # ping-(an)
    index = SearchIndex.build(Catalogue(1, {"A1": inside, "B1": start}))
    assert names(index.search("an")) == ["平安", "开办"]


def test_limit_and_empty_queries(index):
    assert len(index.search("z", limit=5)) == 5
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("qqqqxxx") == []


def test_queries_use_the_keys_built_once(index, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("pinyin computed during a query")

    monkeypatch.setattr(search_module, "lazy_pinyin", refuse)
    assert names(index.search("xsecs"))[0] == "新生儿出生"


def test_pinyin_keys_keep_latin_letters_and_digits_whole():
    full, initials, starts = pinyin_keys("5G基站（ICP）备案")
    assert (full, initials) == ("5gjizhanicpbeian", "5gjzicpba")
    assert sorted(starts) == [0, 2, 4, 8, 11, 14]
