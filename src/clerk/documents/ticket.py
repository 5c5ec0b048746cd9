"""The queue ticket on the 80 mm roll: number, category, people ahead, time, hall."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer

from clerk.documents.blocks import code128, para
from clerk.documents.data import TicketData
from clerk.documents.layout import Styles, moment
from clerk.documents.template import Template


def build(data: TicketData, template: Template, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        para(template.hall.name, s.hall),
        para(template.text("ticket", "title"), s.small_center),
        HRFlowable(width="100%", thickness=0.6, spaceBefore=3, spaceAfter=3),
        para(data.number, s.big),
        para(data.category, s.hall),
    ]
    if data.priority:
        story.append(para(data.priority, s.small_center))
    story += [
        Spacer(1, 3),
        para(f"您前面还有 {data.waiting_ahead} 人等候", s.hall),
        para(moment(data.issued_at), s.small_center),
        Spacer(1, 3),
        code128(data.number, s.width * 0.7, 10 * mm),
        HRFlowable(width="100%", thickness=0.6, spaceBefore=4, spaceAfter=3),
        para(template.text("ticket", "note"), s.small),
    ]
    if template.hall.phone:
        story.append(para(f"咨询电话：{template.hall.phone}", s.small))
    return story
