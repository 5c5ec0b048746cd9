"""受理回执: case number as Code 128 and QR, applicant, matters, materials, promised date."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from clerk.documents.blocks import (
    NO_SIDE_PADDING,
    applicant_rows,
    clerk_text,
    code128,
    facts,
    header,
    materials,
    para,
    qr,
    seal,
    stacked,
    table,
)
from clerk.documents.data import Paper, ReceiptData
from clerk.documents.layout import Styles, day, moment
from clerk.documents.template import Template

RECEIVED = (("材料名称", "name", 4), ("形式及份数", "form", 2), ("收取方式", "source", 4))
EXEMPT = (("材料名称", "name", 5), ("电子证照 / 免提交依据", "note", 4))
DEFERRED = (("材料名称", "name", 5), ("形式及份数", "form", 2), ("补正期限", "deadline", 2))


def case_codes(case_no: str, s: Styles) -> Table:
    """The case number as a QR code and a Code 128 barcode, and the number in text.

    A4: one above the other. A5: the QR code beside the barcode, so that the header is
    lower and an ordinary receipt (a few materials of each kind) keeps to one page.
    """
    if s.paper is Paper.A4:
        side = 24 * mm
        bar_width = side * 2.2
        items = [qr(case_no, side), code128(case_no, bar_width, 9 * mm), para(case_no, s.cell_head)]
        return stacked(items, bar_width)
    side = 17 * mm
    bar_width = 38 * mm
    barcode = stacked([code128(case_no, bar_width, 8 * mm), para(case_no, s.cell_head)], bar_width)
    return table(
        [[qr(case_no, side), barcode]],
        [side, bar_width],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *NO_SIDE_PADDING],
    )


def build(data: ReceiptData, template: Template, s: Styles) -> list[Flowable]:
    title = template.text("receipt", "title")
    story: list[Flowable] = header(template, title, s, case_codes(data.case_no, s))
    rows = [("受理编号", data.case_no), *applicant_rows(data.applicant)]
    if data.bundle:
        rows.append(("一件事", data.bundle))
    rows.append(("申请事项", "；".join(data.matters)))
    if data.department:
        rows.append(("受理部门", data.department))
    rows.append(("受理时间", moment(data.issued_at)))
    rows.append(("承诺办结", day(data.promised_date) if data.promised_date else "即办"))
    story += [Spacer(1, 4), facts(rows, s)]
    for heading, lines, columns in (
        ("已收取材料", data.received, RECEIVED),
        ("免提交材料（已调用电子证照）", data.exempt, EXEMPT),
        ("容缺后补材料", data.deferred, DEFERRED),
    ):
        if lines:
            story += [para(heading, s.heading), materials(lines, s, columns)]
    closing = [
        para(template.text("receipt", "follow_up"), s.body),
        para(f"受理人：{clerk_text(data.clerk)}", s.body),
    ]
    story += [
        Spacer(1, 6),
        seal(template.text("receipt", "seal"), day(data.issued_at.astimezone()), s, closing),
    ]
    return story
