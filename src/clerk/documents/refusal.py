"""不予受理告知书: what was asked, the reason, the legal basis and the applicant's rights."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from clerk.documents.blocks import applicant_rows, clerk_text, facts, header, para, seal, signatures
from clerk.documents.data import RefusalNoticeData
from clerk.documents.layout import Styles, day, moment
from clerk.documents.template import Template


def build(data: RefusalNoticeData, template: Template, s: Styles) -> list[Flowable]:
    story: list[Flowable] = header(template, template.text("refusal", "title"), s)
    story.append(para(data.doc_no, s.small_center))
    rows = [*applicant_rows(data.applicant), ("申请事项", data.matter)]
    rows.append(("申请时间", moment(data.issued_at)))
    story += [Spacer(1, 4), facts(rows, s), Spacer(1, 6)]
    story.append(para(template.text("refusal", "intro", matter=data.matter), s.body))
    for label, text in (
        ("申请内容", data.request),
        ("不予受理理由", data.reason),
        ("法律依据", data.legal_basis),
    ):
        story += [para(label, s.heading), para(text, s.body)]
    if data.returned_materials:
        story += [para("退回材料", s.heading), para("；".join(data.returned_materials), s.body)]
    story += [
        para("申请人权利", s.heading),
        para(template.text("refusal", "rights"), s.body),
    ]
    closing = [
        para(template.text("refusal", "complaint"), s.body),
        para(f"经办人：{clerk_text(data.clerk)}", s.body),
    ]
    story.append(seal("（业务专用章）", day(data.issued_at.astimezone()), s, closing))
    story.append(
        signatures(["申请人签收" + ("（含退回材料）" if data.returned_materials else "")], s)
    )
    return story
