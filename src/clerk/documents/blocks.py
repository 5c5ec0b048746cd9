"""Building blocks the documents share: header, codes, fact table, material table, signatures."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Circle, Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from clerk.documents.data import ApplicantLine, ClerkLine, MaterialLine, Paper
from clerk.documents.fonts import SANS, markup, printable
from clerk.documents.layout import Styles, day
from clerk.documents.template import Template

DATE_LINE = "日期：　　　年　　月　　日"
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#EEEEEE")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped, cleaned, wrapped)."""
    return Paragraph(markup(text, style.fontName), style)


def qr(value: str, size: float) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def code128(value: str, width: float, height: float) -> Flowable:
    """A Code 128 barcode of ``value`` no wider than ``width`` (module width 0.2–0.35 mm)."""
    probe = Code128(value, barWidth=1, barHeight=height, quiet=True)
    bar_width = max(0.2 * mm, min(0.35 * mm, width / probe.width))
    barcode = Code128(value, barWidth=bar_width, barHeight=height, quiet=True, humanReadable=False)
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
    table = Table([[left, codes]], colWidths=[s.width - code_width - 4, code_width + 4])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


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
    table = Table(cells, colWidths=[label_width, value_width] * columns)
    table.setStyle(grid(label_columns=range(0, 2 * columns, 2)))
    return table


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
        rows.append(
            [para(str(number), s.cell)] + [para(_field(line, f), s.cell) for _, f, _ in columns]
        )
    number_width = s.cell.fontSize * 2 + 6
    total = sum(w for _, _, w in columns)
    widths = [number_width] + [(s.width - number_width) * w / total for _, _, w in columns]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = grid(label_columns=())
    style.add("BACKGROUND", (0, 0), (-1, 0), SHADE)
    table.setStyle(style)
    return table


def _field(line: MaterialLine, field: str) -> str:
    if field == "form":
        return f"{line.form} {line.copies}份" if line.copies else line.form
    if field == "deadline":
        return day(line.deadline) if line.deadline else "—"
    return str(getattr(line, field)) or "—"


def grid(label_columns: Sequence[int] | range) -> TableStyle:
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    for column in label_columns:
        style.add("BACKGROUND", (column, 0), (column, -1), SHADE)
    return style


def signatures(labels: Sequence[str], s: Styles) -> Table:
    """Lines to sign and date on, one per label."""
    rows = [[para(f"{label}：", s.body), "", para(DATE_LINE, s.body)] for label in labels]
    padding = 16  # the cells' left and right padding, and a little air

    def width(text: str) -> float:
        return stringWidth(markup(text), s.body.fontName, s.body.fontSize)

    label_width = max(width(f"{label}：") for label in labels) + padding
    date_width = width(DATE_LINE) + padding
    table = Table(rows, colWidths=[label_width, s.width - label_width - date_width, date_width])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), s.body.fontSize * 1.6),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def seal(text: str, issued: str, s: Styles, beside: Sequence[Flowable] = ()) -> Table:
    """``beside`` on the left; on the right the place for the seal (a dashed circle) and date."""
    diameter = 36 * mm if s.paper is Paper.A4 else 26 * mm
    circle = Drawing(diameter, diameter)
    circle.add(
        Circle(
            diameter / 2,
            diameter / 2,
            diameter / 2 - 1,
            strokeColor=colors.grey,
            strokeDashArray=[3, 3],
            fillColor=None,
        )
    )
    circle.add(
        String(
            diameter / 2,
            diameter / 2 - 3,
            printable(text, SANS),
            fontName=SANS,
            fontSize=s.small.fontSize,
            fillColor=colors.grey,
            textAnchor="middle",
        )
    )
    right = diameter + 16 * mm
    table = Table(
        [[list(beside), circle], ["", para(issued, s.center)]],
        colWidths=[s.width - right, right],
    )
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table
