"""The period's figures for sending upward: an XLSX workbook with the data, the monthly PDF.

Both are made from a ``PeriodReport`` (``clerk.services.stats.period_report``), so they
hold exactly what the console shows, under the same names.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from clerk.documents.monthly_report import monthly_report_pdf
from clerk.domain.errors import ClerkError
from clerk.domain.stats import DIMENSION_NAMES, FIGURES, Figures, PeriodReport, Unit, value_of

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, name in zip(sheet.columns, header, strict=False):
        width = max(len(str(name)) * 2 + 2, 10)
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "B2"
    return sheet


def _value(figures: Figures, name: str, unit: Unit) -> float | int | None:
    value = value_of(figures, name)
    if value is None or unit is Unit.COUNT:
        return value
    return round(float(value), 4 if unit is Unit.SHARE else 2)


def workbook(report: PeriodReport) -> bytes:
    """概况 (the figures by the dimension), 每日, 等候热力, 办件结果, 评价, 否定备案."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    header = [DIMENSION_NAMES[report.dimension], *(f.label for f in FIGURES)]
    rows = [[r.label, *(_value(r, f.name, f.unit) for f in FIGURES)] for r in report.rows]
    if len(report.rows) > 1:
        rows.append([report.hall.label, *(_value(report.hall, f.name, f.unit) for f in FIGURES)])
    summary = _sheet(book, "概况", header, rows)
    for column, definition in enumerate(FIGURES, start=2):
        if definition.unit is Unit.SHARE:
            for (cell,) in summary.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "0.0%"
    _sheet(
        book,
        "每日",
        ["日期", "取号数", "办件数", "评价数", "满意及以上", "满意率"],
        [
            [d.day, d.tickets, d.cases, d.ratings, d.satisfied, d.satisfied_share]
            for d in report.daily
        ],
    )
    _sheet(
        book,
        "等候热力",
        ["星期", "时段", "取号数", "平均等候（分钟）"],
        [
            [
                f"星期{WEEKDAYS[c.weekday - 1]}",
                f"{c.hour:02d}:00",
                c.tickets,
                None if c.wait_avg is None else round(c.wait_avg, 2),
            ]
            for c in report.heat
        ],
    )
    _sheet(book, "办件结果", ["结果", "件数"], [[c.name, c.count] for c in report.outcomes])
    _sheet(book, "评价", ["评价等级", "条数"], [[c.name, c.count] for c in report.rating_levels])
    _sheet(
        book,
        "否定备案",
        ["类型", "类别", "条数"],
        [[c.group, c.name, c.count] for c in report.refusal_categories]
        + [["复核状态", c.name, c.count] for c in report.review_states],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> None:
    """Write an export whole or not at all (a half-written file is never left behind)."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ClerkError(f"无法写入文件 {path}：{exc.strerror or exc}。", repr(exc)) from exc


def save_xlsx(report: PeriodReport, path: Path) -> None:
    write(path, workbook(report))


def save_pdf(report: PeriodReport, path: Path) -> None:
    write(path, monthly_report_pdf(report))
