"""The print preview dialog: the PDF shown by QtPdf, printing on a worker, failure and retry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPdf import QPdfDocument

from clerk.documents import render
from clerk.documents import samples as sample
from clerk.documents.data import DocumentKind
from clerk.gui.print_preview import PrintPreviewDialog
from clerk.services.printing import PrintService, print_log


def test_preview_prints_reports_a_failure_and_retries(qtbot, ws, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the print folder should be")
    ws.settings.set("printers.receipt", f"folder:{blocked}")
    service = PrintService(ws.db, ws.settings)
    data = sample.receipt()
    dialog = PrintPreviewDialog(ws, service, DocumentKind.RECEIPT, data.case_no, render(data))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.document.pageCount() == 1
    assert dialog.printer_label.text() == f"打印机：folder:{blocked}"

    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled())
    assert "无法写入文件夹" in dialog.status.text()
    assert dialog.print_button.text() == "重试(&R)"

    blocked.unlink()  # the clerk has the folder fixed; the retry goes through
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.status.text() == "已打印。"
    assert Path(dialog.record.spool_ref).parent == blocked
    results = [r.result for r in print_log(ws.db, ws.actor, reference=data.case_no)]
    assert results == ["printed", "failed"]
    service.close()
    dialog.close()
