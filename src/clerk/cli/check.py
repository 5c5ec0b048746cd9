"""`clerk check`: which catalogue materials a set of images holds; `clerk reference add`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.domain.catalogue import NECESSITY_NAMES, Necessity
from clerk.domain.errors import ClerkError, NotFound
from clerk.scanning.images import load_pages
from clerk.services.catalogue import load_catalogue
from clerk.services.scanning import check_files, register_reference_image
from clerk.storage.pages import PageStore


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="say which catalogue materials the images hold (exit 0 complete, 1 missing, 2 error)",
    )
    subject = parser.add_mutually_exclusive_group(required=True)
    subject.add_argument("--matter", metavar="CODE", help="check against this matter's materials")
    subject.add_argument("--bundle", metavar="CODE", help="check against this bundle's materials")
    parser.add_argument(
        "--applicant", default="", help="the applicant's USCC, to compare with codes"
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "images", nargs="+", type=Path, metavar="IMAGE", help="JPEG, PNG, TIFF or PDF"
    )
    parser.set_defaults(handler=check)

    reference = subparsers.add_parser("reference", help="reference images that identify forms")
    sub = reference.add_subparsers(dest="reference_command", required=True, metavar="ACTION")
    add = sub.add_parser(
        "add", parents=[common], help="register a blank form for a material (manager)"
    )
    add.add_argument("material", metavar="CODE", help="material code from the catalogue")
    add.add_argument("image", type=Path, help="the blank form: image or PDF (first page)")
    add_user_option(add)
    add.set_defaults(handler=add_reference)


def check(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        catalogue = load_catalogue(db)
        try:
            if args.matter:
                checklist = catalogue.checklist_for_matter(args.matter)
            else:
                checklist = catalogue.checklist_for_bundle(args.bundle)
        except KeyError as exc:
            kind = "事项" if args.matter else "一件事"
            raise NotFound(
                f"目录中没有编码为 {args.matter or args.bundle} 的{kind}。", repr(exc)
            ) from exc
        report = check_files(db, checklist, args.images, args.applicant)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{report.title}：{'材料齐全' if report.complete else '缺少必要材料'}")
        for m in report.materials:
            if m.present:
                mark, state = "✓", "已有 " + "、".join(m.pages)
            else:
                mark = "✗" if m.necessity is Necessity.REQUIRED else "-"
                state = "缺"
            print(f"{mark} {m.name}（{m.code}，{NECESSITY_NAMES[m.necessity]}）：{state}")
            for code in m.codes:
                print(f"    码：{code}")
        if report.unidentified:
            print("未识别的页面：" + "、".join(report.unidentified))
        for note in report.notes:
            print(f"注意：{note}")
    return 0 if report.complete else 1


def add_reference(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        catalogue = load_catalogue(db)
        known = {m.code for matter in catalogue.matters.values() for m in matter.materials}
        if args.material not in known:
            raise ClerkError(f"目录中没有编码为 {args.material} 的材料。")
        first = next(iter(load_pages(args.image)))
        ref_id = register_reference_image(
            db, actor, PageStore.configured(), args.material, first.image
        )
    finally:
        db.dispose()
    print(f"已登记参考图像 {ref_id}：{args.material}")
    return 0
