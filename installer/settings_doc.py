"""The settings table of docs/installing.md, generated from ``clerk.settings.KEYS``.

    .venv/bin/python -m installer.settings_doc          # print the table
    .venv/bin/python -m installer.settings_doc --write  # update docs/installing.md

A test fails when the document's table is not the generated one (a key was added).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from clerk.settings import KEYS

DOC = Path(__file__).resolve().parents[1] / "docs" / "installing.md"
START = "<!-- settings-keys:start (generated: python -m installer.settings_doc --write) -->"
END = "<!-- settings-keys:end -->"


def table() -> str:
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for key, (default, meaning) in KEYS.items():
        shown = f"`{default}`" if default else "(empty)"
        rows.append(f"| `{key}` | {shown} | {meaning.replace('|', '/')} |")
    return "\n".join(rows)


def with_table(text: str) -> str:
    head, start, rest = text.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"{DOC} has no {START} … {END} block")
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="settings table of docs/installing.md")
    parser.add_argument("--write", action="store_true", help="update docs/installing.md in place")
    args = parser.parse_args(argv)
    if args.write:
        DOC.write_text(with_table(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
