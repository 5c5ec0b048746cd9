"""`clerk documents`: sample documents for checking a hall template, printing, the print log."""

from __future__ import annotations

import argparse
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.documents import reload_template, render
from clerk.documents.data import KIND_NAMES, DocumentKind, Paper
from clerk.documents.samples import SAMPLES, sample
from clerk.domain.errors import ClerkError
from clerk.services.printing import PrintService, plugins, print_log, printer_target
from clerk.settings import Settings

SAMPLE_KINDS = [kind.value for kind in SAMPLES]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("documents", help="documents: sample, print, printers, log")
    sub = parser.add_subparsers(dest="documents_command", required=True, metavar="ACTION")

    make = sub.add_parser(
        "sample",
        parents=[common],
        help="render a document of KIND with sample data (checks the hall template)",
    )
    make.add_argument("kind", choices=SAMPLE_KINDS, metavar="KIND", help=", ".join(SAMPLE_KINDS))
    make.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    make.add_argument("--paper", choices=[p.value for p in Paper], help="a4 (default), a5, roll80")
    make.set_defaults(handler=make_sample)

    send = sub.add_parser(
        "print", parents=[common], help="print a PDF, or a sample, and record it in the print log"
    )
    send.add_argument("kind", choices=[k.value for k in DocumentKind], metavar="KIND")
    what = send.add_mutually_exclusive_group(required=True)
    what.add_argument("--file", type=Path, metavar="FILE.pdf", help="the PDF to print")
    what.add_argument("--sample", action="store_true", help="print KIND's sample document")
    send.add_argument("--reference", default="", help="case, slip or ticket number to log")
    send.add_argument("--printer", help="plugin:target (default: the printers.KIND setting)")
    add_user_option(send)
    send.set_defaults(handler=print_document)

    sub.add_parser(
        "printers", parents=[common], help="printer plugins and the printer set per kind"
    ).set_defaults(handler=list_printers)

    log = sub.add_parser("log", parents=[common], help="the newest print attempts")
    log.add_argument("--limit", type=int, default=50)
    add_user_option(log)
    log.set_defaults(handler=show_log)


def make_sample(args: argparse.Namespace) -> int:
    reload_template()  # IT runs this right after editing the template
    data = sample(DocumentKind(args.kind))
    document = render(data, Paper(args.paper) if args.paper else None)
    try:
        args.out.write_bytes(document)
    except OSError as exc:
        raise ClerkError(f"无法写入 {args.out}：{exc.strerror or exc}", repr(exc)) from exc
    print(f"已生成{KIND_NAMES[DocumentKind(args.kind)]}样张：{args.out}")
    return 0


def print_document(args: argparse.Namespace) -> int:
    kind = DocumentKind(args.kind)
    db = open_db(args)
    service = PrintService(db)
    try:
        actor = actor_from_args(args, db)
        if args.sample:
            if kind not in SAMPLES:
                raise ClerkError(f"{KIND_NAMES[kind]}没有样张。")
            future = service.submit(actor, sample(kind), printer=args.printer)
        else:
            try:
                document = args.file.read_bytes()
            except OSError as exc:
                raise ClerkError(f"无法读取 {args.file}：{exc.strerror or exc}", repr(exc)) from exc
            reference = args.reference or args.file.stem
            future = service.submit_pdf(actor, kind, reference, document, printer=args.printer)
        record = future.result()
    finally:
        service.close()
        db.dispose()
    again = "（重印）" if record.reprint else ""
    print(f"已打印{again}：{record.title} → {record.printer}（{record.spool_ref}）")
    return 0


def list_printers(args: argparse.Namespace) -> int:
    print("可用的打印机插件：" + "、".join(f"{name}:…" for name in sorted(plugins())))
    settings = Settings.load()
    for kind in DocumentKind:
        print(f"printers.{kind.value}\t{KIND_NAMES[kind]}\t{printer_target(settings, kind)}")
    return 0


def show_log(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        records = print_log(db, actor_from_args(args, db), limit=args.limit)
    finally:
        db.dispose()
    for r in records:
        when = r.requested_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        flag = "重印" if r.reprint else "首印"
        result = {"printed": "成功", "failed": "失败", "printing": "未完成"}[r.result]
        print(f"{when}\t{r.title}\t{flag}\t{r.printer}\t{result}\t{r.message}")
    return 0
