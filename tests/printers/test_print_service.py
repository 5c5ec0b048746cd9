"""The print service on both databases: queues, the printer per kind, the print log, roles."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from clerk.documents import render
from clerk.documents import samples as sample
from clerk.documents.data import DocumentKind
from clerk.domain.errors import ClerkError, PermissionDenied
from clerk.plugin_api import PrintFailed
from clerk.services.printing import PrintService, print_log
from clerk.settings import Settings
from clerk_printers.folder import FolderPrinter
from tests.support import pdf


@pytest.fixture
def settings(cups) -> Settings:
    settings = Settings.load()
    settings.set("printers.default", f"cups:{cups.name}")
    return settings


def test_print_then_reprint_are_logged_with_who_where_and_result(db, people, cups, settings):
    service = PrintService(db, settings)
    try:
        data = sample.receipt()
        first = service.submit(people.clerk, data).result(timeout=120)
        again = service.submit(people.clerk, data).result(timeout=120)
    finally:
        service.close()
    assert (first.result, first.reprint) == ("printed", False)
    assert (again.result, again.reprint) == ("printed", True)
    assert first.printer == f"cups:{cups.name}" and first.window_no == "3"
    assert first.account_id == people.clerk.account_id
    assert first.finished_at is not None and first.finished_at >= first.requested_at
    assert pdf.ink(pdf.pages(cups.printed(again.spool_ref))[0]) > 0.02
    log = print_log(db, people.manager, kind=DocumentKind.RECEIPT, reference=data.case_no)
    assert [(r.id, r.reprint) for r in log] == [(again.id, True), (first.id, False)]


def test_failed_print_is_logged_and_the_retry_prints(db, people, cups, settings):
    service = PrintService(db, settings)
    data = sample.notification()
    cups.disable("printer switched off")
    try:
        with pytest.raises(PrintFailed, match="已暂停"):
            service.submit(people.clerk, data).result(timeout=120)
    finally:
        cups.enable()
    try:
        retry = service.submit(people.clerk, data).result(timeout=120)
    finally:
        service.close()
    assert retry.result == "printed" and not retry.reprint  # the first attempt printed nothing
    failed, printed = reversed(print_log(db, people.clerk))
    assert failed.result == "failed" and "已暂停" in failed.message
    assert printed.id == retry.id


def test_printer_per_kind_comes_from_the_settings(db, people, cups, settings, tmp_path):
    settings.set("printers.ticket", f"folder:{tmp_path / 'tickets'}")
    service = PrintService(db, settings)
    try:
        ticket = service.submit(people.clerk, sample.ticket()).result(timeout=120)
        slip = service.submit(people.clerk, sample.commitment()).result(timeout=120)
    finally:
        service.close()
    assert ticket.printer == f"folder:{tmp_path / 'tickets'}"
    assert Path(ticket.spool_ref).parent == tmp_path / "tickets"
    assert "A037" in pdf.flat(Path(ticket.spool_ref))
    assert slip.printer == f"cups:{cups.name}"


def test_stored_pdf_is_printed_as_it_is(db, people, tmp_path):
    document = render(sample.refusal())
    service = PrintService(db, Settings.load())
    try:
        record = service.submit_pdf(
            people.manager,
            DocumentKind.REFUSAL,
            "示审不受〔2026〕第0012号",
            document,
            printer=f"folder:{tmp_path}",
        ).result(timeout=60)
    finally:
        service.close()
    assert Path(record.spool_ref).read_bytes() == document
    assert record.title == "不予受理告知书 示审不受〔2026〕第0012号"


def test_only_clerks_and_managers_print_and_clerks_see_their_own_log(db, people, tmp_path):
    service = PrintService(db, Settings.load())
    target = f"folder:{tmp_path}"
    try:
        with pytest.raises(PermissionDenied):
            service.submit(people.admin, sample.ticket(), printer=target)
        mine = service.submit(people.clerk, sample.ticket(), printer=target).result(timeout=60)
        theirs = service.submit(people.other_clerk, sample.ticket(), printer=target).result(60)
    finally:
        service.close()
    assert [r.id for r in print_log(db, people.clerk)] == [mine.id]
    assert [r.id for r in print_log(db, people.other_clerk)] == [theirs.id]
    assert {r.id for r in print_log(db, people.manager)} == {mine.id, theirs.id}
    assert {r.id for r in print_log(db, people.admin)} == {mine.id, theirs.id}


def test_unknown_printer_setting_is_explained(db, people):
    settings = Settings.load()
    settings.set("printers.receipt", "laser:front-desk")
    service = PrintService(db, settings)
    try:
        with pytest.raises(ClerkError, match="打印机设置“laser:front-desk”无法识别.*cups:…"):
            service.submit(people.clerk, sample.receipt()).result(timeout=60)
    finally:
        service.close()
    (record,) = print_log(db, people.clerk)
    assert record.result == "failed" and "无法识别" in record.message


def test_one_job_at_a_time_per_printer(db, people, tmp_path):
    """A stand-in device that notes how many jobs it holds at once (a real folder printer)."""
    busy = 0
    most = 0
    lock = threading.Lock()

    class CountingPrinter(FolderPrinter):
        def print_pdf(self, pdf_bytes: bytes, title: str) -> str:
            nonlocal busy, most
            with lock:
                busy += 1
                most = max(most, busy)
            try:
                return super().print_pdf(pdf_bytes, title)
            finally:
                with lock:
                    busy -= 1

    service = PrintService(db, Settings.load(), opener=lambda target: CountingPrinter(target))
    try:
        futures = [
            service.submit(people.clerk, sample.ticket(), printer=str(tmp_path)) for _ in range(6)
        ]
        records = [f.result(timeout=120) for f in futures]
    finally:
        service.close()
    assert most == 1
    assert [r.reprint for r in records] == [False] + [True] * 5
    assert len(list(tmp_path.glob("*.pdf"))) == 6
