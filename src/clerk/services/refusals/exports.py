"""The refusal register on paper and in a spreadsheet: a PDF register and an XLSX export.

Both show what the actor may see under the filter. ID and phone numbers are masked;
only a manager may ask for them in full in the spreadsheet (for a case file or the
superior authority), and that request is logged with the manager's name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select

from clerk import documents
from clerk.domain.errors import ClerkError, PermissionDenied
from clerk.domain.halltime import HALL_TZ
from clerk.domain.refusals import STATE_NAMES
from clerk.domain.workdays import WorkCalendar
from clerk.services.accounts import Actor
from clerk.services.refusals.register import (
    Counts,
    EntryRow,
    RegisterFilter,
    list_entries,
    register_counts,
)
from clerk.storage.db import Database
from clerk.storage.models.base import utcnow
from clerk.storage.models.refusals import RefusalEntry

log = logging.getLogger(__name__)

COLUMNS = (
    ("编号", 8),
    ("备案时间", 18),
    ("窗口", 6),
    ("经办人", 10),
    ("类型", 10),
    ("类别", 18),
    ("理由", 36),
    ("法律依据", 30),
    ("事实", 24),
    ("申请人", 12),
    ("证件号码", 21),
    ("电话", 14),
    ("地址", 24),
    ("事项编码", 20),
    ("事项名称", 24),
    ("缺少材料", 30),
    ("票号", 8),
    ("办件", 8),
    ("复核状态", 10),
    ("复核超期", 10),
    ("复核与跟进", 48),
)


def local_time(row: EntryRow) -> str:
    return row.filed_at.astimezone(HALL_TZ).strftime("%Y-%m-%d %H:%M")


def review_text(row: EntryRow) -> str:
    """Each verdict and follow-up as one line: date, manager, what, comment."""
    return "\n".join(
        f"{r.recorded_at.astimezone(HALL_TZ):%Y-%m-%d} {r.manager_name} {r.kind_name}"
        + ("（已处理）" if r.resolved else "")
        + (f"：{r.comment}" if r.comment else "")
        for r in row.reviews
    )


def _full_numbers(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    numbers: dict[int, tuple[str, str]] = {}
    with db.session() as s:
        for start in range(0, len(ids), 500):
            query = select(
                RefusalEntry.id, RefusalEntry.applicant_id_no, RefusalEntry.applicant_phone
            ).where(RefusalEntry.id.in_(ids[start : start + 500]))
            numbers.update({i: (n, p) for i, n, p in s.execute(query)})
    return numbers


def _count_sheet(workbook: Workbook, counts: Counts) -> None:
    sheet = workbook.create_sheet("统计")
    sheet.append(["合计", counts.total])
    sheet.append(["复核超期", counts.overdue])
    for title, pairs in (
        ("按复核状态", counts.by_state),
        ("按类别", counts.by_category),
        ("按理由", counts.by_reason),
        ("按事项", counts.by_matter),
        ("按经办人", counts.by_clerk),
    ):
        sheet.append([])
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for label, number in pairs:
            sheet.append([label, number])
    sheet.column_dimensions["A"].width = 48


def export_xlsx(
    db: Database,
    actor: Actor,
    path: Path,
    flt: RegisterFilter | None = None,
    *,
    unmasked: bool = False,
    calendar: WorkCalendar | None = None,
) -> int:
    """Write the register (one row per entry, reviews included) and its counts; return rows."""
    if unmasked and not actor.is_manager:
        raise PermissionDenied("只有大厅负责人可以导出完整的证件号码和电话。")
    rows = list_entries(db, actor, flt, calendar=calendar, limit=None, with_reviews=True)
    full = _full_numbers(db, [r.id for r in rows]) if unmasked else {}
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "否定备案"
    sheet.append([name for name, _ in COLUMNS])
    for row in rows:
        id_no, phone = full.get(row.id, (row.applicant_id_masked, row.applicant_phone_masked))
        sheet.append(
            [
                row.id, local_time(row), row.window_no, row.clerk_name, row.kind_name,
                row.category, row.reason, row.legal_basis, row.facts, row.applicant_name,
                id_no, phone, row.applicant_address, row.matter_code, row.matter_name,
                "、".join(row.missing_materials), row.ticket_no, row.case_id or "",
                row.state_name, "超期" if row.overdue else "", review_text(row),
            ]
        )  # fmt: skip
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
        sheet.cell(1, index).font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    _count_sheet(workbook, register_counts(db, actor, flt, calendar=calendar))
    try:
        workbook.save(path)
    except OSError as exc:
        raise ClerkError(f"无法写入文件 {path}，请检查文件夹和权限。", repr(exc)) from exc
    if unmasked:
        log.warning("refusal register exported unmasked by %s (%d rows)", actor.username, len(rows))
    return len(rows)


PDF_COLUMNS = ("编号", "时间·窗口·经办人", "申请人", "事项", "类型·类别", "理由及依据", "复核")
PDF_WIDTHS = (0.5, 1.3, 2.3, 1.5, 1.1, 2.4, 2.0)


def register_pdf(
    db: Database,
    actor: Actor,
    flt: RegisterFilter | None = None,
    *,
    calendar: WorkCalendar | None = None,
) -> bytes:
    """The paper register local rules ask for: oldest first, masked numbers, reviews."""
    rows = list_entries(db, actor, flt, calendar=calendar, limit=None, with_reviews=True)[::-1]
    table = [
        (
            row.id,
            f"{local_time(row)}\n{row.window_no}号窗口 {row.clerk_name}",
            "\n".join(x for x in (row.applicant_name, row.applicant_id_masked) if x),
            "\n".join(x for x in (row.matter_name, row.matter_code) if x),
            f"{row.kind_name}\n{row.category}",
            "\n".join(
                x
                for x in (
                    row.reason,
                    f"依据：{row.legal_basis}" if row.legal_basis else "",
                    f"缺：{'、'.join(row.missing_materials)}" if row.missing_materials else "",
                )
                if x
            ),
            "\n".join(
                x
                for x in (
                    STATE_NAMES[row.state] + ("（超期）" if row.overdue else ""),
                    review_text(row),
                )
                if x
            ),
        )
        for row in rows
    ]
    printed = utcnow().astimezone(HALL_TZ)
    scope = "本人备案" if not actor.is_manager else "全部窗口"
    return documents.titled_table(
        "否定备案登记簿",
        PDF_COLUMNS,
        table,
        subtitle=f"{scope}，共{len(rows)}条　打印：{printed:%Y-%m-%d %H:%M} {actor.display_name}",
        widths=PDF_WIDTHS,
        reference=f"否定备案登记簿 {printed:%Y%m%d}",
    )
