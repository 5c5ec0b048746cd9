"""Each document read back as the applicant would: its text, its codes, its fonts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from clerk.documents import Paper, render
from clerk.documents import samples as sample
from clerk.documents.data import ApplicantLine, DocumentKind, MaterialLine
from tests.support import pdf

A4_AND_A5 = [Paper.A4, Paper.A5]


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_receipt_holds_case_applicant_materials_and_dates(paper):
    data = sample.receipt()
    text = pdf.flat(render(data, paper))
    for expected in (
        "受理回执",
        "示例市政务服务中心",
        data.case_no,
        "示例市书香文化传播有限公司",
        "91210100MA0QXXXX2B",  # a USCC is public: printed whole
        "024*****4321",  # the contact phone is masked
        "开办书店一件事",
        "食品经营许可（新办）；出版物零售单位设立",
        "已收取材料",
        "法定代表人身份证明",
        "复印件1份",
        "免提交材料",
        "电子营业执照，已核验",
        "容缺后补材料",
        "2026年12月1日",  # deferred material's deadline
        "承诺办结2026年12月11日",
        "0000-12345678",  # how to follow up: phone …
        "示例市人民路1号",  # … and address
        "李明，工号A0137，3号窗口",
        "受理专用章",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_receipt_for_a_person_masks_the_id_number(paper):
    data = dataclasses.replace(sample.receipt(), applicant=sample.PERSON)
    text = pdf.flat(render(data, paper))
    assert "王小红" in text and "身份证号码2101**********123X" in text
    assert "21010219900101123X" not in text and "13812345678" not in text


EVERY_KIND_AND_PAPER = [
    (kind, paper)
    for kind in sample.SAMPLES
    for paper in ([Paper.ROLL80] if kind is DocumentKind.TICKET else A4_AND_A5)
]


@pytest.mark.parametrize(("kind", "paper"), EVERY_KIND_AND_PAPER)
def test_each_sample_keeps_to_one_page(kind, paper):
    """An ordinary case (four materials received, two deferred …) is one sheet, A5 too."""
    assert pdf.page_count(render(sample.sample(kind), paper)) == 1


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_receipt_case_number_decodes_from_barcode_and_qr(paper):
    data = sample.receipt()
    page = pdf.pages(render(data, paper), dpi=200)[0]
    assert pdf.codes(page) == {"Code 128": data.case_no, "QR Code": data.case_no}


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_notification_slip_lists_every_missing_material_once(paper):
    data = sample.notification(missing=10)
    document = render(data, paper)
    text = pdf.flat(document)
    assert "一次性告知单" in text and "需补正材料（共10项）" in text
    for line in data.missing:
        assert text.count(line.name) >= 1, line.name
        assert line.standard.replace(" ", "") in text
        assert line.source.replace(" ", "") in text
        assert f"{line.form}{line.copies}份" in text  # the form and copies required
    assert "第三十二条" in text and "本单为一次性告知" in text
    assert "2101**********123X" in text and "21010219900101123X" not in text
    assert "138****5678" in text
    assert "李明" in text and "2026年11月24日" in text
    assert "监督电话：12345" in text
    assert pdf.codes(pdf.pages(document, dpi=200)[0]) == {"QR Code": data.reopen_code}


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_commitment_has_deferred_materials_deadline_consequences_and_signatures(paper):
    data = sample.commitment()
    text = pdf.flat(render(data, paper))
    assert "容缺受理承诺书" in text
    assert "从业人员健康证明" in text and "食品安全管理人员培训合格证明" in text
    assert "2026年12月1日" in text.split("补正期限", 1)[1]  # each material's deadline
    assert "于2026年12月1日前补齐" in text
    assert "如未在2026年12月1日前补齐" in text and "后果" in text
    assert "承诺人（签名或盖章）：" in text and "受理人（签名）：" in text


@pytest.mark.parametrize("paper", A4_AND_A5)
def test_refusal_notice_states_reason_basis_and_rights(paper):
    data = sample.refusal()
    text = pdf.flat(render(data, paper))
    assert "不予受理告知书" in text and data.doc_no in text
    assert "不符合经营场所的法定条件" in text
    assert "《出版管理条例》第三十五条" in text
    assert "六十日内依法申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text
    assert "投诉监督电话：12345" in text
    assert "申请书原件" in text  # returned materials
    assert "经办人：李明，工号A0137，3号窗口" in text and "2026年11月24日" in text


def test_ticket_on_the_roll_shows_number_category_queue_and_time():
    data = sample.ticket()
    document = render(data)
    text = pdf.flat(document)
    for expected in (
        "A037",
        "企业开办",
        "您前面还有5人等候",
        "2026年11月24日",
        "示例市政务服务中心",
    ):
        assert expected in text, expected
    page = pdf.pages(document, dpi=203)[0]
    # An 80 mm roll: 80 mm wide at 203 dpi, as long as the ticket needs.
    assert page.width == pytest.approx(80 / 25.4 * 203, abs=2)
    assert page.height < page.width * 1.5
    assert pdf.codes(page) == {"Code 128": "A037"}


def test_a5_slip_is_a5_and_a4_is_a4():
    a4 = pdf.info(render(sample.commitment(), Paper.A4))["Page size"]
    a5 = pdf.info(render(sample.commitment(), Paper.A5))["Page size"]
    assert a4.startswith("595.276 x 841.89 pts (A4)")
    assert a5.startswith("419.528 x 595.276 pts")


def test_ticket_only_on_the_roll_and_slips_only_on_sheets():
    with pytest.raises(ValueError):
        render(sample.ticket(), Paper.A4)
    with pytest.raises(ValueError):
        render(sample.receipt(), Paper.ROLL80)


@pytest.mark.parametrize("kind", list(sample.SAMPLES))
def test_every_font_is_embedded_as_a_subset(kind):
    fonts = pdf.fonts(render(sample.sample(kind)))
    assert fonts, "the document has text"
    for font in fonts:
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), font


HOSTILE_NAME = "A&B<script>alert(1)</script>公司😀"
LONG_COMPANY = ("示例市书香文化传播" * 7)[:56] + "有限公司"  # 60 characters, no space
RARE_IN_FONT = "𠂇"  # U+20087, beyond the BMP, in Noto Serif SC
RARE_MISSING = "𠮷"  # U+20BB7 (the 吉 of 𠮷野家), in neither font


def test_markup_characters_and_emoji_print_as_text():
    applicant = ApplicantLine.person(HOSTILE_NAME, "21010219900101123X", "13812345678")
    data = dataclasses.replace(sample.notification(), applicant=applicant)
    text = pdf.flat(render(data))
    # Escaped, not interpreted; the emoji becomes the visible placeholder 〓.
    assert "A&B<script>alert(1)</script>公司〓" in text


def test_sixty_character_company_name_wraps_inside_its_cell():
    assert len(LONG_COMPANY) == 60
    applicant = ApplicantLine.enterprise(LONG_COMPANY, "91210100MA0QXXXX2B", "13812345678")
    for paper in A4_AND_A5:
        data = dataclasses.replace(sample.receipt(), applicant=applicant)
        document = render(data, paper)
        assert LONG_COMPANY in pdf.flat(document)
        width = 595 if paper is Paper.A4 else 420
        for word in _words(document):
            assert word["xMax"] <= width - 10, word


def test_characters_beyond_the_bmp_print_or_show_a_placeholder():
    name = f"王{RARE_IN_FONT}{RARE_MISSING}"
    material = MaterialLine(f"{RARE_IN_FONT}氏宗祠证明 & <附件>", standard="👍 原件")
    data = dataclasses.replace(
        sample.notification(),
        applicant=ApplicantLine.person(name, "21010219900101123X"),
        missing=(material,),
    )
    text = pdf.flat(render(data))
    assert f"王{RARE_IN_FONT}〓" in text  # the glyph it has is printed and extracts right
    assert f"{RARE_IN_FONT}氏宗祠证明&<附件>" in text
    assert "〓原件" in text


def test_emoji_sequences_give_one_placeholder_each():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one family emoji, five code points
    thumbs = "\U0001f44d\U0001f3fd"  # with a skin tone
    data = dataclasses.replace(sample.ticket(), category=f"企业{family}开办{thumbs}")
    assert "企业〓开办〓" in pdf.flat(render(data))


def test_long_material_list_continues_on_the_next_page_with_its_header():
    data = sample.notification(missing=40)
    document = render(data, Paper.A5)
    assert pdf.page_count(document) >= 3
    for page in range(2, pdf.page_count(document) + 1):
        page_text = pdf.text(document, "-f", str(page), "-l", str(page))
        assert f"第{page}页" in "".join(page_text.split())
    assert "需补正材料" in pdf.text(document, "-f", "2", "-l", "2")


def test_dates_print_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        late = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 01:30 next day in Beijing
        data = dataclasses.replace(sample.notification(), issued_at=late)
        assert "2026年11月25日01:30" in pdf.flat(render(data))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_deadline_column_prints_dates():
    deferred = (MaterialLine("消防安全检查合格证明", deadline=date(2027, 1, 5)),)
    data = dataclasses.replace(sample.commitment(), deferred=deferred)
    assert "2027年1月5日" in pdf.flat(render(data))


def test_kind_of_each_sample_matches_its_key():
    from clerk.documents.data import kind_of

    for kind in DocumentKind:
        if kind in sample.SAMPLES:
            assert kind_of(sample.sample(kind)) is kind


def _words(document: bytes) -> list[dict[str, float]]:
    import re

    html = pdf.text(document, "-bbox")
    return [
        {"xMin": float(a), "xMax": float(b)}
        for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', html)
    ]
