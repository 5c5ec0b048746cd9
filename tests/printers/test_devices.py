"""The other printer plugins: the system printer through Qt, a folder, an ESC/POS roll printer."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from clerk.documents import Paper, render
from clerk.documents import samples as sample
from clerk.plugin_api import PrintFailed
from clerk.services.printing import PrintService
from clerk.settings import Settings
from clerk_printers.escpos import WIDTH_DOTS, EscPosPrinter
from clerk_printers.folder import FolderPrinter
from clerk_printers.system import SystemPrinter
from tests.support import pdf


def test_system_printer_prints_through_qt_off_the_gui_thread(qapp, db, people, cups):
    """QtPdf renders the pages and QPainter paints them on the CUPS queue, in a worker."""
    data = sample.receipt()
    service = PrintService(db, Settings.load())
    before = cups.files()
    try:
        record = service.submit(people.clerk, data, Paper.A5, printer=f"system:{cups.name}")
        record = record.result(timeout=120)
    finally:
        service.close()
    assert record.result == "printed"
    printed = cups.printed_since(before)
    assert pdf.info(printed)["Page size"].endswith("(A5)")  # the page kept its size
    page = pdf.pages(printed, dpi=300)[0]
    assert pdf.codes(page) == {"Code 128": data.case_no, "QR Code": data.case_no}


def test_missing_system_printer_is_named(qapp):
    with pytest.raises(PrintFailed, match="系统中找不到打印机“没有这台”"):
        SystemPrinter("没有这台").print_pdf(render(sample.ticket()), "x")


def test_folder_printer_writes_whole_files_and_reports_an_unwritable_folder(tmp_path):
    document = render(sample.ticket())
    written = FolderPrinter(str(tmp_path / "out")).print_pdf(document, "排队号票 A037")
    assert written.endswith("排队号票_A037.pdf")
    assert (tmp_path / "out" / written.rsplit("/", 1)[1]).read_bytes() == document
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(PrintFailed, match="无法写入文件夹"):
        FolderPrinter(str(tmp_path / "file")).print_pdf(document, "x")
    assert list((tmp_path / "out").glob("*.part")) == []


def test_escpos_printer_sends_a_raster_the_roll_reads_back(tmp_path):
    """The device is a file: its GS v 0 bands are put back together and scanned."""
    device = tmp_path / "lp0"
    data = sample.ticket()
    EscPosPrinter(str(device)).print_pdf(render(data), "排队号票")
    image = _raster_image(device.read_bytes())
    assert image.shape[1] == WIDTH_DOTS
    found = zxingcpp.read_barcodes(np.where(image, 0, 255).astype(np.uint8))
    assert [code.text for code in found] == [data.number]
    assert device.read_bytes().endswith(b"\x1bd\x04\x1dVB\x00")  # fed and cut


def test_escpos_printer_that_is_not_there_is_reported(tmp_path):
    with pytest.raises(PrintFailed, match="热敏打印机 .* 无法写入"):
        EscPosPrinter(str(tmp_path / "no" / "lp0")).print_pdf(render(sample.ticket()), "x")


def _raster_image(stream: bytes) -> np.ndarray:
    assert stream.startswith(b"\x1b@")
    bands = []
    at = 2
    while (at := stream.find(b"\x1dv0\x00", at)) >= 0:
        row_bytes = stream[at + 4] + 256 * stream[at + 5]
        rows = stream[at + 6] + 256 * stream[at + 7]
        start = at + 8
        data = np.frombuffer(stream[start : start + row_bytes * rows], np.uint8)
        bands.append(np.unpackbits(data.reshape(rows, row_bytes), axis=1).astype(bool))
        at = start + row_bytes * rows
    return np.vstack(bands)
