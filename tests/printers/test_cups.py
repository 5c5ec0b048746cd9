"""Printing through a real CUPS queue (cups-pdf): the printed file is read back."""

from __future__ import annotations

import pytest

from clerk.documents import render
from clerk.documents import samples as sample
from clerk.plugin_api import PrintFailed
from clerk_printers import cups as cups_plugin
from clerk_printers.cups import CupsPrinter
from tests.support import pdf


def test_receipt_printed_through_cups_keeps_its_text_and_codes(cups):
    data = sample.receipt()
    document = render(data)
    job = CupsPrinter(cups.name).print_pdf(document, f"受理回执 {data.case_no}")
    printed = cups.printed(job)
    # The spooler's filters (pdftops, Ghostscript) keep the embedded glyphs but not the
    # text layer, as a printer would: compare the printed page as a picture instead.
    page = pdf.pages(printed, dpi=100)[0]
    assert pdf.ink(page) > 0.02
    assert pdf.difference(page, pdf.pages(document, dpi=100)[0]) < 0.01
    assert pdf.codes(pdf.pages(printed, dpi=300)[0]) == {  # an office printer's resolution
        "Code 128": data.case_no,
        "QR Code": data.case_no,
    }


def test_paused_printer_is_reported_in_chinese_and_the_retry_prints(cups):
    printer = CupsPrinter(cups.name)
    document = render(sample.ticket())
    cups.disable("out of paper")
    try:
        with pytest.raises(PrintFailed) as caught:
            printer.print_pdf(document, "排队号票 A037")
        assert f"打印机“{cups.name}”已暂停（out of paper）" in caught.value.message
        assert "重试" in caught.value.message
        assert cups.stopped()  # an operator's pause is not lifted by a print
    finally:
        cups.enable()
    job = printer.print_pdf(document, "排队号票 A037")
    assert pdf.codes(pdf.pages(cups.printed(job), dpi=203)[0]) == {"Code 128": "A037"}


def test_unknown_queue_is_named_in_the_message(cups):
    with pytest.raises(PrintFailed, match="找不到打印机“no-such-queue”"):
        CupsPrinter("no-such-queue").print_pdf(render(sample.ticket()), "x")


def test_out_of_paper_is_reported_and_the_retry_after_loading_paper_prints(faulty_printer):
    """CUPS stops the queue of a printer out of paper; the clerk's retry starts it again."""
    printer = CupsPrinter(faulty_printer.name)
    document = render(sample.ticket())
    faulty_printer.set("media-empty")
    with pytest.raises(PrintFailed) as caught:
        printer.print_pdf(document, "排队号票 A037")
    assert caught.value.message == (
        f"打印机“{faulty_printer.name}”缺纸，请装纸，本次打印已取消。处理后请重试。"
    )
    assert faulty_printer.stopped() and faulty_printer.pending() == ""  # nothing left to print
    faulty_printer.set("ready")  # paper loaded
    job = printer.print_pdf(document, "排队号票 A037")
    assert faulty_printer.printed() == [job]  # printed once, by the retry
    assert not faulty_printer.stopped()


def test_printer_switched_off_is_reported_and_its_job_cancelled(faulty_printer, monkeypatch):
    monkeypatch.setattr(cups_plugin, "FAULT_SECONDS", 1.0)  # instead of 15 s
    printer = CupsPrinter(faulty_printer.name)
    document = render(sample.ticket())
    faulty_printer.set("offline")
    with pytest.raises(PrintFailed) as caught:
        printer.print_pdf(document, "排队号票 A037")
    assert caught.value.message == (
        f"打印机“{faulty_printer.name}”未开机或未连接，本次打印已取消。处理后请重试。"
    )
    assert faulty_printer.pending() == ""
    faulty_printer.set("ready")  # switched on
    job = printer.print_pdf(document, "排队号票 A037")
    assert faulty_printer.printed() == [job]
