"""Printing: a serial queue per printer, the printer set for each document kind, the print log.

A printer is named ``plugin:target`` in the settings (``cups:HallPDF``, ``folder:D:\\prints``,
``system:`` for the default system printer). Plugins are found through the entry-point
group ``clerk.printers``; each is a callable taking the target and returning a ``Printer``
(``clerk.plugin_api``). Each printer gets one worker thread, so one device prints one job
at a time and no job ever runs on the GUI thread. Every attempt, first print or reprint, ends up in
``print_job`` (who, when, which document, which printer, result).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import entry_points

from sqlalchemy import select

from clerk.documents import render
from clerk.documents.data import KIND_NAMES, DocumentData, DocumentKind, Paper, kind_of
from clerk.domain.errors import ClerkError
from clerk.plugin_api import PRINTERS, Printer, PrintFailed
from clerk.services.accounts import Actor, Role, require
from clerk.settings import Settings
from clerk.storage.db import Database
from clerk.storage.models.base import utcnow
from clerk.storage.models.documents import PrintJob

log = logging.getLogger(__name__)

PrinterFactory = Callable[[str], Printer]


@functools.cache
def plugins() -> dict[str, PrinterFactory]:
    """The installed printer plugins by name (``cups``, ``folder``, ``system``, ``escpos`` …).

    Loaded once, by ``PrintService`` on the thread that creates it: the system printer's
    plugin imports Qt, which must not be imported first on a print thread (it crashed).
    """
    return {ep.name: ep.load() for ep in entry_points(group=PRINTERS)}


def open_printer(target: str) -> Printer:
    """The printer named ``plugin:target``."""
    name, sep, rest = target.partition(":")
    available = plugins()
    if not sep or name not in available:
        names = "、".join(f"{n}:…" for n in sorted(available)) or "无"
        raise ClerkError(f"打印机设置“{target}”无法识别，可用的写法：{names}。")
    return available[name](rest)


def printer_target(settings: Settings, kind: DocumentKind) -> str:
    """The printer set for ``kind`` (``printers.<kind>``), else ``printers.default``."""
    return settings.get(f"printers.{kind.value}") or settings.get("printers.default")


@dataclass(frozen=True)
class PrintRecord:
    """One attempt to print a document, as the print log keeps it."""

    id: int
    kind: DocumentKind
    reference: str
    printer: str
    account_id: int
    window_no: str
    reprint: bool
    result: str
    message: str
    spool_ref: str
    requested_at: datetime
    finished_at: datetime | None

    @property
    def title(self) -> str:
        return f"{KIND_NAMES[self.kind]} {self.reference}"


def _record(row: PrintJob) -> PrintRecord:
    return PrintRecord(
        id=row.id,
        kind=DocumentKind(row.kind),
        reference=row.reference,
        printer=row.printer,
        account_id=row.account_id,
        window_no=row.window_no,
        reprint=row.reprint,
        result=row.result,
        message=row.message,
        spool_ref=row.spool_ref,
        requested_at=row.requested_at,
        finished_at=row.finished_at,
    )


class PrintService:
    """Print queues of one workstation: ``submit`` returns at once with a Future."""

    def __init__(
        self,
        db: Database,
        settings: Settings | None = None,
        opener: Callable[[str], Printer] = open_printer,
    ) -> None:
        plugins()
        self._db = db
        self._settings = settings or Settings.load()
        self._open = opener
        self._queues: dict[str, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        actor: Actor,
        data: DocumentData,
        paper: Paper | None = None,
        *,
        printer: str | None = None,
    ) -> Future[PrintRecord]:
        """Render ``data`` and print it on its kind's printer (or ``printer``).

        The Future's result is the log record; on failure it raises ``PrintFailed`` (or
        another ``ClerkError``), and the same call again is the retry.
        """
        kind = kind_of(data)
        return self._enqueue(actor, kind, data.reference, lambda: render(data, paper), printer)

    def submit_pdf(
        self,
        actor: Actor,
        kind: DocumentKind,
        reference: str,
        pdf: bytes,
        *,
        printer: str | None = None,
    ) -> Future[PrintRecord]:
        """Print a PDF rendered before (a stored receipt, the refusal register …)."""
        return self._enqueue(actor, kind, reference, lambda: pdf, printer)

    def close(self, wait: bool = True) -> None:
        with self._lock:
            queues, self._queues = list(self._queues.values()), {}
        for queue in queues:
            queue.shutdown(wait=wait)

    def _enqueue(
        self,
        actor: Actor,
        kind: DocumentKind,
        reference: str,
        make_pdf: Callable[[], bytes],
        printer: str | None,
    ) -> Future[PrintRecord]:
        require(actor, Role.CLERK, Role.MANAGER)
        target = printer or printer_target(self._settings, kind)
        if not target:
            raise ClerkError(f"本机尚未设置打印{KIND_NAMES[kind]}的打印机，请联系信息技术人员。")
        with self._lock:
            queue = self._queues.get(target)
            if queue is None:
                queue = ThreadPoolExecutor(1, thread_name_prefix=f"print {target}")
                self._queues[target] = queue
        return queue.submit(self._print, actor, kind, reference, make_pdf, target)

    def _print(
        self,
        actor: Actor,
        kind: DocumentKind,
        reference: str,
        make_pdf: Callable[[], bytes],
        target: str,
    ) -> PrintRecord:
        job_id = self._start(actor, kind, reference, target)
        title = f"{KIND_NAMES[kind]} {reference}"
        try:
            spool_ref = self._open(target).print_pdf(make_pdf(), title)
        except ClerkError as exc:
            log.warning("print %s on %s failed: %s (%s)", title, target, exc.message, exc.detail)
            self._finish(job_id, "failed", exc.message, "")
            raise
        except Exception as exc:
            log.exception("print %s on %s failed", title, target)
            self._finish(job_id, "failed", "打印时发生程序内部错误，详情已记入日志。", "")
            raise PrintFailed("打印时发生程序内部错误，详情已记入日志。", repr(exc)) from exc
        log.info("printed %s on %s as %s by %s", title, target, spool_ref, actor.username)
        return self._finish(job_id, "printed", "", spool_ref)

    def _start(self, actor: Actor, kind: DocumentKind, reference: str, target: str) -> int:
        with self._db.session() as s:
            printed_before = s.scalar(
                select(PrintJob.id)
                .where(
                    PrintJob.kind == kind.value,
                    PrintJob.reference == reference,
                    PrintJob.result == "printed",
                )
                .limit(1)
            )
            row = PrintJob(
                kind=kind.value,
                reference=reference,
                printer=target,
                account_id=actor.account_id,
                window_no=actor.window_no,
                reprint=printed_before is not None,
                result="printing",
                message="",
                spool_ref="",
                requested_at=utcnow(),
            )
            s.add(row)
            s.flush()
            return row.id

    def _finish(self, job_id: int, result: str, message: str, spool_ref: str) -> PrintRecord:
        with self._db.session() as s:
            row = s.get_one(PrintJob, job_id)
            row.result = result
            row.message = message
            row.spool_ref = spool_ref[:255]
            row.finished_at = utcnow()
            s.flush()
            return _record(row)


def print_log(
    db: Database,
    actor: Actor,
    *,
    kind: DocumentKind | None = None,
    reference: str | None = None,
    limit: int = 200,
) -> list[PrintRecord]:
    """The newest print attempts: a clerk sees their own, managers and admins all."""
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    query = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
    if actor.role is Role.CLERK:
        query = query.where(PrintJob.account_id == actor.account_id)
    if kind is not None:
        query = query.where(PrintJob.kind == kind.value)
    if reference is not None:
        query = query.where(PrintJob.reference == reference)
    with db.session() as s:
        return [_record(row) for row in s.scalars(query)]
