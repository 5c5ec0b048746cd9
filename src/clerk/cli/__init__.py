"""The `clerk` command: the GUI by default, subcommands for IT and scripts.

Each module in this package that defines ``register(subparsers, common)`` adds its
subcommands; ``common`` is the parent parser that gives every one ``--database``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from clerk import __version__, logs
from clerk.domain.errors import ClerkError

log = logging.getLogger(__name__)


DATABASE_HELP = "database URL (default: $CLERK_DATABASE_URL, the settings, or the embedded file)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clerk",
        description="综合窗口工作台 clerk: without a subcommand it opens the console.",
    )
    parser.add_argument("--database", metavar="URL", help=DATABASE_HELP)
    # Each subcommand takes --database too. Its default is left out of the namespace, so a
    # subcommand without the flag keeps one given before it (`clerk --database URL db
    # upgrade`) instead of resetting it to None and silently opening the embedded file.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=DATABASE_HELP)
    parser.add_argument("--version", action="version", version=f"clerk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the console on the demo database")
    parser.add_argument("--verbose", action="store_true", help="log debug detail")
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation works, then exit"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{module.name}")
        if hasattr(mod, "register"):
            mod.register(subparsers, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.setup(args.verbose)
    handler = getattr(args, "handler", None)
    try:
        if args.self_test:
            from clerk.selftest import run as self_test

            return self_test()
        if handler is None:
            from clerk.gui.app import run

            return run(args)
        return int(handler(args) or 0)
    except ClerkError as exc:
        log.error("%s (%s)", exc.message, exc.detail)
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
