"""一次性告知单: everything missing at once, the art. 32 statement, and the reopen QR code."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from clerk.documents.blocks import (
    applicant_rows,
    clerk_text,
    facts,
    header,
    materials,
    para,
    qr,
    seal,
    signatures,
    stacked,
)
from clerk.documents.data import NotificationSlipData, Paper
from clerk.documents.layout import Styles, day, moment
from clerk.documents.template import Template

MISSING = (
    ("需补正材料", "name", 4),
    ("形式及份数", "form", 2),
    ("受理标准", "standard", 4),
    ("获取方式", "source", 3),
)


def reopen_code(code: str, s: Styles) -> Table:
    side = 24 * mm if s.paper is Paper.A4 else 18 * mm
    return stacked([qr(code, side), para(f"续办码 {code}", s.small_center)], side + 14 * mm)


def build(data: NotificationSlipData, template: Template, s: Styles) -> list[Flowable]:
    title = template.text("notification", "title")
    story: list[Flowable] = header(template, title, s, reopen_code(data.reopen_code, s))
    if data.doc_no:
        story.append(para(data.doc_no, s.small_center))
    rows = [*applicant_rows(data.applicant), ("申请事项", data.matter)]
    rows.append(("申请时间", moment(data.issued_at)))
    if data.promised_days is not None:
        rows.append(("承诺时限", f"{data.promised_days}个工作日"))
    if data.fees:
        rows.append(("收费标准", data.fees))
    story += [Spacer(1, 4), facts(rows, s)]
    story.append(Spacer(1, 6))
    story.append(para(template.text("notification", "intro", matter=data.matter), s.body))
    story.append(para(f"需补正材料（共{len(data.missing)}项）", s.heading))
    story.append(materials(data.missing, s, MISSING))
    story.append(Spacer(1, 4))
    for label, text in (("受理条件", data.conditions), ("设定依据", data.legal_basis)):
        if text:
            story.append(para(f"{label}：{text}", s.body))
    story.append(para(template.text("notification", "statement"), s.body))
    closing = [
        para(template.text("notification", "return_hint"), s.body),
        para(template.text("notification", "contact"), s.body),
        para(f"告知人：{clerk_text(data.clerk)}", s.body),
    ]
    story += [
        seal("（业务专用章）", day(data.issued_at.astimezone()), s, closing),
        signatures(["申请人签收"], s),
    ]
    return story
