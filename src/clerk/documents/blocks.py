"""Building blocks the documents share: header, codes, fact table, material table, signatures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
import zxingcpp
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from clerk.documents.data import ApplicantLine, ClerkLine, MaterialLine, Paper
from clerk.documents.fonts import SANS, SERIF, markup, printable
from clerk.documents.layout import Styles, day
from clerk.documents.template import Template

DATE_LINE = "日期：　　　年　　月　　日"
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#EEEEEE")
RULED = [
    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]
HEAD_ROW = ("BACKGROUND", (0, 0), (-1, 0), SHADE)
QUIET_MODULES = 4  # the light margin around a QR code, in modules


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped, cleaned, wrapped)."""
    return Paragraph(markup(text, style.fontName), style)


def table(
    cells: Sequence[Sequence[Any]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]] = (),
    repeat_rows: int = 0,
) -> Table:
    """A table whose own font is the embedded serif (ReportLab's default is Helvetica)."""
    result = Table(cells, colWidths=list(widths), repeatRows=repeat_rows)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), *commands]))
    return result


class QrCode(Flowable):
    """A QR code (level M) ``size`` square, its four-module quiet zone included.

    zxing-cpp encodes it (ReportLab's pure-Python encoder took a third of a receipt's
    rendering trying its eight masks); each row's dark runs are drawn as one filled path.
    """

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        code = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        self.dark = numpy.asarray(code.to_image(scale=1, add_quiet_zones=False)) == 0
        self.width = self.height = size
        self.hAlign = "CENTER"

    def draw(self) -> None:
        count = len(self.dark)
        unit = self.width / (count + 2 * QUIET_MODULES)
        path = self.canv.beginPath()
        for y, row in enumerate(self.dark):
            edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], row, [0]))))
            top = self.height - (QUIET_MODULES + y + 1) * unit
            for start, end in zip(edges[::2], edges[1::2], strict=True):
                path.rect((QUIET_MODULES + start) * unit, top, (end - start) * unit, unit)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr(value: str, size: float) -> QrCode:
    """A QR code (level M) ``size`` square, quiet zone included."""
    return QrCode(value, size)


def code128(value: str, width: float, height: float) -> Flowable:
    """A Code 128 barcode of ``value`` no wider than ``width`` (module width 0.2–0.35 mm)."""
    probe = Code128(value, barWidth=1, barHeight=height, quiet=True)
    bar_width = max(0.2 * mm, min(0.35 * mm, width / probe.width))
    barcode = Code128(
        value, barWidth=bar_width, barHeight=height, quiet=True, humanReadable=False, fontName=SANS
    )
    barcode.hAlign = "CENTER"
    return barcode


def header(
    template: Template, title: str, s: Styles, codes: Flowable | None = None
) -> list[Flowable]:
    """Emblem and hall name, the title, and (right) the document's codes."""
    hall = template.hall
    left: list[Flowable] = []
    if hall.emblem is not None:
        side = 14 * mm if s.paper is Paper.A4 else 10 * mm
        left.append(Image(str(hall.emblem), width=side, height=side, kind="proportional"))
    left.append(para(hall.name, s.hall))
    if hall.department:
        left.append(para(hall.department, s.small_center))
    left.append(Spacer(1, 4))
    left.append(para(title, s.title))
    if codes is None:
        return left
    code_width = codes.wrap(s.width, s.width)[0]
    return [
        table(
            [[left, codes]],
            [s.width - code_width - 4, code_width + 4],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_SIDE_PADDING],
        )
    ]


NO_SIDE_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]


def stacked(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables one above the other, centred in a column ``width`` wide (codes and captions)."""
    return table(
        [[f] for f in flowables],
        [width],
        [
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            *NO_SIDE_PADDING,
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )


def facts(rows: Sequence[tuple[str, str]], s: Styles, columns: int = 2) -> Table:
    """Label–value pairs in ``columns`` pairs per line, ruled like a form."""
    cells: list[list[Paragraph]] = []
    line: list[Paragraph] = []
    for label, value in rows:
        line += [para(label, s.cell_head), para(value, s.cell)]
        if len(line) == 2 * columns:
            cells.append(line)
            line = []
    if line:
        line += [para("", s.cell)] * (2 * columns - len(line))
        cells.append(line)
    label_width = s.cell.fontSize * 8 + 6  # 统一社会信用代码 on one line
    value_width = s.width / columns - label_width
    shaded = [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in range(0, 2 * columns, 2)]
    return table(cells, [label_width, value_width] * columns, [*RULED, *shaded])


def applicant_rows(applicant: ApplicantLine) -> list[tuple[str, str]]:
    rows = [("申请人", applicant.name), (applicant.id_label, applicant.id_masked or "—")]
    rows.append(("联系电话", applicant.phone_masked or "—"))
    if applicant.agent:
        rows.append(("代办人", applicant.agent))
    return rows


def clerk_text(clerk: ClerkLine) -> str:
    parts = [clerk.name]
    if clerk.staff_no:
        parts.append(f"工号 {clerk.staff_no}")
    if clerk.window_no:
        parts.append(f"{clerk.window_no}号窗口")
    return "，".join(parts)


def materials(
    lines: Sequence[MaterialLine], s: Styles, columns: Sequence[tuple[str, str, float]]
) -> Table:
    """A numbered material table; ``columns`` are (heading, field, relative width)."""
    head = [para("序号", s.cell_head)] + [para(h, s.cell_head) for h, _, _ in columns]
    rows: list[list[Paragraph]] = [head]
    for number, line in enumerate(lines, 1):
        cells = [para(_field(line, field), s.cell) for _, field, _ in columns]
        rows.append([para(str(number), s.cell), *cells])
    number_width = s.cell.fontSize * 2 + 6
    total = sum(w for _, _, w in columns)
    widths = [number_width] + [(s.width - number_width) * w / total for _, _, w in columns]
    return table(rows, widths, [*RULED, HEAD_ROW], repeat_rows=1)


def _field(line: MaterialLine, field: str) -> str:
    if field == "form":
        return f"{line.form} {line.copies}份" if line.copies else line.form
    if field == "deadline":
        return day(line.deadline) if line.deadline else "—"
    return str(getattr(line, field)) or "—"


def signatures(labels: Sequence[str], s: Styles) -> Table:
    """Lines to sign and date on, one per label."""
    rows = [[para(f"{label}：", s.body), "", para(DATE_LINE, s.body)] for label in labels]
    padding = 16  # the cells' left and right padding, and a little air

    def width(text: str) -> float:
        return stringWidth(markup(text), s.body.fontName, s.body.fontSize)

    label_width = max(width(f"{label}：") for label in labels) + padding
    date_width = width(DATE_LINE) + padding
    return table(
        rows,
        [label_width, s.width - label_width - date_width, date_width],
        [
            ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), s.body.fontSize * 1.6),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ],
    )


class SealPlace(Flowable):
    """A dashed circle where the seal goes, with the seal's name in it."""

    def __init__(self, text: str, diameter: float, size: float) -> None:
        super().__init__()
        self.text = printable(text, SANS)
        self.diameter = diameter
        self.size = size
        self.width = self.height = diameter

    def draw(self) -> None:
        radius = self.diameter / 2
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.grey)
        canvas.setFillColor(colors.grey)
        canvas.setDash(3, 3)
        canvas.circle(radius, radius, radius - 1, stroke=1, fill=0)
        canvas.setFont(SANS, self.size)
        canvas.drawCentredString(radius, radius - self.size / 3, self.text)
        canvas.restoreState()


def seal(text: str, issued: str, s: Styles, beside: Sequence[Flowable] = ()) -> Table:
    """``beside`` on the left; on the right the place for the seal (a dashed circle) and date."""
    diameter = 36 * mm if s.paper is Paper.A4 else 22 * mm
    right = diameter + 16 * mm
    return table(
        [[list(beside), SealPlace(text, diameter, s.small.fontSize)], ["", para(issued, s.center)]],
        [s.width - right, right],
        [
            ("ALIGN", (1, 0), (1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ],
    )
