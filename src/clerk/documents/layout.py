"""Page formats, paragraph styles and the page frame every document shares."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from clerk.documents.data import Paper
from clerk.documents.fonts import SANS, SERIF, preload, printable
from clerk.documents.template import Template


class _QuickZlib:
    """ReportLab compresses every stream (a slip's font subsets are ~90 KB) at zlib's
    default level 6; level 1 takes ~3 ms less CPU a slip (20.5 → 17.9 ms, bench/
    bench_documents.py) for a file ~5 % larger."""

    @staticmethod
    def compress(data: bytes) -> bytes:
        return zlib.compress(data, 1)

    decompress = staticmethod(zlib.decompress)


pdfdoc.zlib = _QuickZlib

ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm  # 72 mm printable on the usual 80 mm thermal printers


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one paper format."""

    paper: Paper
    title: ParagraphStyle
    hall: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    big: ParagraphStyle

    @property
    def width(self) -> float:
        """Width of the text frame."""
        page_width = ROLL_WIDTH if self.paper is Paper.ROLL80 else _PAGES[self.paper][0]
        return page_width - 2 * margin(self.paper)


_PAGES = {Paper.A4: A4, Paper.A5: A5}
# Body size, title size, margin in mm.
_SIZES = {Paper.A4: (11.0, 20.0, 18.0), Paper.A5: (9.0, 15.0, 10.0), Paper.ROLL80: (9.0, 13.0, 4.0)}


def margin(paper: Paper) -> float:
    return _SIZES[paper][2] * mm


@cache
def styles(paper: Paper) -> Styles:
    preload()
    body_size, title_size, _ = _SIZES[paper]

    def style(
        name: str, font: str = SERIF, size: float = body_size, **kw: object
    ) -> ParagraphStyle:
        # CJK wrapping breaks anywhere, so a 60-character name or a long number never overflows.
        options: dict[str, object] = {"leading": size * 1.45, **kw}
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **options)

    return Styles(
        paper=paper,
        title=style("title", SANS, title_size, alignment=TA_CENTER, spaceAfter=title_size * 0.6),
        hall=style("hall", SANS, body_size * 1.15, alignment=TA_CENTER),
        heading=style("heading", SANS, body_size, spaceBefore=body_size * 0.8, spaceAfter=3),
        body=style("body", firstLineIndent=0, spaceAfter=body_size * 0.4, alignment=TA_LEFT),
        cell=style("cell", size=body_size * 0.9),
        cell_head=style("cell_head", SANS, body_size * 0.9, alignment=TA_CENTER),
        small=style("small", size=body_size * 0.8),
        small_center=style("small_center", size=body_size * 0.8, alignment=TA_CENTER),
        right=style("right", alignment=TA_RIGHT),
        center=style("center", alignment=TA_CENTER),
        big=style("big", SANS, body_size * 4, alignment=TA_CENTER, leading=body_size * 4.4),
    )


def day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def moment(value: datetime) -> str:
    local = value.astimezone()
    return f"{day(local)} {local:%H:%M}"


def build(
    flowables: Sequence[Flowable],
    paper: Paper,
    template: Template,
    *,
    title: str,
    reference: str,
) -> bytes:
    """Lay ``flowables`` out on pages of ``paper`` with the hall's footer; return the PDF."""
    buffer = io.BytesIO()
    page_margin = margin(paper)
    if paper is Paper.ROLL80:
        # A roll has no pages: one page exactly as long as the content.
        width = ROLL_WIDTH - 2 * page_margin
        height = sum(_height(f, width) for f in flowables) + 2 * page_margin + 4
        pagesize = (ROLL_WIDTH, height)
    else:
        pagesize = _PAGES[paper]
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=page_margin,
        rightMargin=page_margin,
        topMargin=page_margin,
        bottomMargin=page_margin + (0 if paper is Paper.ROLL80 else 8 * mm),
        title=printable(title),
        author=printable(template.hall.name),
        subject=printable(reference),
        creator="clerk",
        invariant=True,
        # Otherwise each page starts in Helvetica, a font the PDF would name but not embed.
        initialFontName=SERIF,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")

    def footer(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if paper is Paper.ROLL80:
            return
        canvas.saveState()
        size = _SIZES[paper][0] * 0.75
        canvas.setFont(SERIF, size)
        y = page_margin
        canvas.drawString(page_margin, y, printable(template.hall.footer))
        canvas.drawRightString(
            pagesize[0] - page_margin, y, printable(f"{reference}  第{canvas.getPageNumber()}页")
        )
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate("page", [frame], onPage=footer)])
    doc.build(list(flowables))
    return buffer.getvalue()


def _height(flowable: Flowable, width: float) -> float:
    _, height = flowable.wrap(width, 10_000)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())
