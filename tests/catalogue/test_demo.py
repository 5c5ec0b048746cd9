"""The shipped demo catalogue: realistic, complete, and its bundles really save paper."""

from __future__ import annotations

import re

import pytest

from clerk.domain.catalogue import Catalogue, Form, Necessity, SourceChannel
from clerk.domain.ids import validate_uscc
from clerk.services import catalogue
from clerk.services.catalogue import read_catalogue_file

NAMED_BUNDLES = ("开办书店", "开办餐饮店", "新生儿出生", "入学", "公积金提取", "不动产转移登记")
DEPARTMENT_WORDS = (
    "市场监督",
    "卫生健康",
    "公安",
    "人力资源",
    "医疗保障",
    "公积金",
    "不动产",
    "教育",
)


@pytest.fixture(scope="module")
def demo() -> Catalogue:
    return read_catalogue_file(catalogue.demo_catalogue_path())


def bundle_named(demo: Catalogue, name: str) -> str:
    return next(code for code, b in demo.bundles.items() if b.name == name)


def test_the_demo_imports_on_both_databases(db, admin):
    result = catalogue.import_catalogue(db, admin, catalogue.demo_catalogue_path())
    assert result.changed and result.matters >= 40 and result.bundles >= 6
    assert catalogue.load_search_index(db).search("kbsd")[0].name == "开办书店"


def test_it_has_enough_matters_of_enough_departments(demo):
    assert len(demo.matters) >= 40
    departments = {m.department for m in demo.matters.values()}
    assert len(departments) >= 8
    for word in DEPARTMENT_WORDS:
        assert any(word in d for d in departments), word
    for matter in demo.matters.values():
        assert re.fullmatch(r"\d{12}", matter.code), matter.code
        validate_uscc(matter.department_code)
        assert re.search(r"《[^》]+》", matter.legal_basis), matter.name
        assert matter.conditions and 0 <= matter.promised_days <= matter.legal_days
        assert matter.materials, matter.name
    assert sum(m.on_the_spot for m in demo.matters.values()) >= 5
    assert any(m.fee != "不收费" for m in demo.matters.values())


def test_materials_fill_the_implementation_list_fields(demo):
    materials = [x for m in demo.matters.values() for x in m.materials]
    assert {x.form for x in materials} >= {Form.ORIGINAL, Form.COPY}
    assert {x.source_channel for x in materials} == set(SourceChannel)
    assert {x.necessity for x in materials} == set(Necessity)
    deferrable = [x for x in materials if x.deferrable]
    assert deferrable and all(x.correction_days and x.correction_days > 0 for x in deferrable)
    assert any(x.sight_only for x in materials) and any(x.copies > 1 for x in materials)
    assert all(x.acceptance_standard for x in materials if x.necessity is Necessity.REQUIRED)
    elicences = {x.name: x.elicence_type for x in materials if x.elicence_type}
    assert elicences["营业执照"] == "营业执照"
    assert elicences["居民身份证"] == "居民身份证"
    assert elicences["居民户口簿"] == "居民户口簿"


def test_one_code_is_one_paper_everywhere(demo):
    seen: dict[str, str] = {}
    for matter in demo.matters.values():
        for material in matter.materials:
            assert seen.setdefault(material.code, material.name) == material.name
    users = sum(any(x.code == "M-ID-CARD" for x in m.materials) for m in demo.matters.values())
    assert users >= 30


def test_the_business_licence_qr_code_gives_the_uscc(demo):
    licence = next(
        x for m in demo.matters.values() for x in m.materials if x.code == "M-BIZ-LICENCE"
    )
    (rule,) = licence.barcode_rules
    assert rule.format == "QRCode"
    uscc = "91330106MA2H3QXW51"
    validate_uscc(uscc)
    payload = f"https://zwfw.samr.gov.cn/api/licence?code={uscc}&t=1"
    match = re.fullmatch(rule.pattern, payload)
    assert match is not None and match.group("uscc") == uscc
    assert re.fullmatch(rule.pattern, "https://example.org/no-code-here") is None


def test_coded_papers_carry_their_barcode_rules(demo):
    rules = {
        x.name: x.barcode_rules
        for m in demo.matters.values()
        for x in m.materials
        if x.barcode_rules
    }
    assert {"营业执照", "不动产权证书", "出生医学证明", "数码相片回执"} <= set(rules)
    (certificate,) = rules["不动产权证书"]
    match = re.fullmatch(certificate.pattern, "浙(2024)杭州市不动产权第0123456号")
    assert match is not None and match.group("cert_no").endswith("第0123456号")
    (birth,) = rules["出生医学证明"]
    assert re.fullmatch(birth.pattern, "Q330012345").group("cert_no") == "Q330012345"


@pytest.mark.parametrize("name", NAMED_BUNDLES)
def test_each_named_bundle_saves_paper(demo, name):
    checklist = demo.checklist_for_bundle(bundle_named(demo, name))
    bundle = demo.bundles[bundle_named(demo, name)]
    assert len(bundle.matter_codes) >= 3
    assert len(checklist.lines) < checklist.original_count
    assert checklist.saving == f"{len(checklist.lines)} 份材料，原需 {checklist.original_count} 份"
    departments = {d for line in checklist.lines for d in line.departments}
    assert len(departments) >= 2


def test_the_bookstore_bundle_figures(demo):
    checklist = demo.checklist_for_bundle(bundle_named(demo, "开办书店"))
    assert checklist.saving == "20 份材料，原需 40 份"
    lines = {line.material.code: line for line in checklist.lines}
    id_card = lines["M-ID-CARD"]
    assert len(id_card.matter_codes) == 8  # every one of its matters asks for it, once here
    # Copies kept by seven matters, the original only sighted by the tax office:
    assert (id_card.material.form, id_card.material.sight_only) == (Form.ORIGINAL_AND_COPY, True)
    licence = lines["M-BIZ-LICENCE"]
    assert (licence.material.form, licence.material.sight_only) == (Form.ORIGINAL_AND_COPY, True)
    assert licence.material.barcode_rules  # and the QR rule is kept on the merged line
    consent = lines["M-OWNER-CONSENT"]
    assert (consent.material.necessity, consent.material.correction_days) == (
        Necessity.DEFERRABLE,
        5,
    )


def test_the_newborn_bundle_asks_for_the_birth_certificate_once(demo):
    checklist = demo.checklist_for_bundle(bundle_named(demo, "新生儿出生"))
    (line,) = [ln for ln in checklist.lines if ln.material.code == "M-BIRTH-CERT"]
    assert len(line.matter_codes) == 5
    assert {"市卫生健康委员会", "市公安局", "市医疗保障局"} <= set(line.departments)
    # The police keep the original's household-registration part: kept wins over sighted.
    assert (line.material.form, line.material.sight_only) == (Form.ORIGINAL, False)
