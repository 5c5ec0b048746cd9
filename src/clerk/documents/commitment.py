"""容缺受理承诺书: the deferred materials, the deadline, the consequences, signature lines."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from clerk.documents.blocks import applicant_rows, facts, header, materials, para, signatures
from clerk.documents.data import CommitmentData
from clerk.documents.layout import Styles, day, moment
from clerk.documents.template import Template

DEFERRED = (
    ("容缺材料", "name", 4),
    ("形式及份数", "form", 2),
    ("受理标准", "standard", 3.5),
    ("补正期限", "deadline", 2.5),  # a date on one line on A5 too
)


def build(data: CommitmentData, template: Template, s: Styles) -> list[Flowable]:
    deadline = day(data.deadline)
    story: list[Flowable] = header(template, template.text("commitment", "title"), s)
    rows = [("受理编号", data.case_no), *applicant_rows(data.applicant), ("申请事项", data.matter)]
    rows.append(("受理时间", moment(data.issued_at)))
    story += [Spacer(1, 4), facts(rows, s), Spacer(1, 6)]
    story.append(
        para(template.text("commitment", "pledge", matter=data.matter, deadline=deadline), s.body)
    )
    story += [para("容缺后补材料", s.heading), materials(data.deferred, s, DEFERRED), Spacer(1, 4)]
    story.append(para(template.text("commitment", "consequences", deadline=deadline), s.body))
    story.append(
        para(f"经办窗口：{data.clerk.window_no or '—'}号窗口　受理人：{data.clerk.name}", s.body)
    )
    story.append(signatures(["承诺人（签名或盖章）", "受理人（签名）"], s))
    return story
