"""`clerk catalogue`: import, export, search and list the hall's catalogue versions."""

from __future__ import annotations

import argparse
from pathlib import Path

from clerk.cli.common import actor_from_args, add_user_option, open_db
from clerk.domain.catalogue import FORM_NAMES, NECESSITY_NAMES, Necessity
from clerk.services import catalogue

KIND_NAMES = {"matter": "事项", "bundle": "一件事", "material": "材料"}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("catalogue", help="the hall's catalogue: import, export, search")
    sub = parser.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")

    importer = sub.add_parser(
        "import", parents=[common], help="import a JSON or XLSX catalogue as a new version (admin)"
    )
    importer.add_argument("file", type=Path)
    add_user_option(importer)
    importer.set_defaults(handler=import_file)

    exporter = sub.add_parser(
        "export", parents=[common], help="export a version as JSON or XLSX (by extension)"
    )
    exporter.add_argument("file", type=Path)
    exporter.add_argument("--version", type=int, help="version number (default: the latest)")
    exporter.set_defaults(handler=export_file)

    searcher = sub.add_parser(
        "search", parents=[common], help="find matters, bundles and materials"
    )
    searcher.add_argument("text", help="Chinese, pinyin, pinyin initials or a code")
    searcher.add_argument("--limit", type=int, default=30)
    searcher.add_argument("--version", type=int, help="version number (default: the latest)")
    searcher.set_defaults(handler=search)

    sub.add_parser("versions", parents=[common], help="list the catalogue versions").set_defaults(
        handler=versions
    )

    show = sub.add_parser(
        "show", parents=[common], help="a matter's or bundle's material checklist"
    )
    show.add_argument("code")
    show.add_argument("--version", type=int, help="version number (default: the latest)")
    show.set_defaults(handler=show_checklist)


def import_file(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        actor = actor_from_args(args, db)
        result = catalogue.import_catalogue(db, actor, args.file)
    finally:
        db.dispose()
    counts = f"{result.matters} 个事项、{result.materials} 条材料、{result.bundles} 个一件事"
    if result.changed:
        print(f"已导入为第 {result.version} 版目录：{counts}")
    else:
        print(f"内容与第 {result.version} 版相同，未作改动（{counts}）")
    return 0


def export_file(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        catalogue.export_catalogue(db, args.file, args.version)
        number = args.version or catalogue.load_catalogue(db).version
    finally:
        db.dispose()
    print(f"已导出第 {number} 版目录到 {args.file}")
    return 0


def search(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        hits = catalogue.load_search_index(db, args.version).search(args.text, args.limit)
    finally:
        db.dispose()
    if not hits:
        print(f"没有找到“{args.text}”")
        return 1
    for hit in hits:
        where = f"{hit.department}" + (f"（事项 {hit.matter_code}）" if hit.matter_code else "")
        print(f"{KIND_NAMES[hit.kind]}\t{hit.code}\t{hit.name}\t{where}")
    return 0


def versions(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        rows = catalogue.list_versions(db)
    finally:
        db.dispose()
    if not rows:
        print("还没有导入目录。")
        return 1
    for v in rows:
        when = v.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = v.imported_by or "演示数据"
        print(
            f"第 {v.number} 版\t{when}\t{who}\t{v.source_name}\t"
            f"{v.matters} 个事项、{v.bundles} 个一件事"
        )
    return 0


def show_checklist(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        loaded = catalogue.load_catalogue(db, args.version)
    finally:
        db.dispose()
    if args.code in loaded.bundles:
        checklist = loaded.checklist_for_bundle(args.code)
    elif args.code in loaded.matters:
        checklist = loaded.checklist_for_matter(args.code)
    else:
        print(f"第 {loaded.version} 版目录中没有编码为“{args.code}”的事项或一件事")
        return 1
    print(f"{checklist.title}：{checklist.saving}，承诺 {checklist.promised_days} 个工作日")
    for number, line in enumerate(checklist.lines, start=1):
        material = line.material
        terms = f"{FORM_NAMES[material.form]} {material.copies} 份"
        if material.necessity is not Necessity.REQUIRED:
            terms += f"，{NECESSITY_NAMES[material.necessity]}"
        if material.deferrable:
            terms += f" {material.correction_days} 个工作日"
        print(f"{number:>3}. {material.name}（{terms}）\t{'、'.join(line.departments)}")
    return 0
