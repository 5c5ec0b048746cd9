"""Checks the house rules that no linter holds, and prints the figures.

- ``src/clerk/services/`` has at most 12 top-level entries (capability packages);
- no module under ``src/`` is over 600 lines (Alembic revisions and generated Qt forms
  are exempt);
- no import circle among clerk's modules (import-linter's graph, ``grimp``);
- functions over 60 lines are listed, not refused: some read better whole.

Exit 0 when the rules hold, 1 with each breach named. ``tools/test`` runs it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SERVICES = SRC / "clerk" / "services"
MAX_SERVICE_ENTRIES = 12
MAX_MODULE_LINES = 600
LONG_FUNCTION_LINES = 60
EXEMPT = ("clerk/storage/migrations/versions/", "clerk/gui/forms/")


def modules() -> list[Path]:
    found = sorted(SRC.rglob("*.py"))
    return [p for p in found if not any(part in p.as_posix() for part in EXEMPT)]


def long_functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LONG_FUNCTION_LINES:
                out.append((node.name, length))
    return out


def import_circles() -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), each a circle of imports."""
    graph = grimp.build_graph("clerk", cache_dir=None)
    names = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative Tarjan: the graph is deep enough to make recursion a risk.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        circles.append(sorted(group))

    for name in names:
        if name not in index:
            visit(name)
    return circles


def main() -> int:
    breaches = []
    entries = sorted(p.name for p in SERVICES.iterdir() if p.name != "__pycache__")
    print(f"services/: {len(entries)} top-level entries (at most {MAX_SERVICE_ENTRIES})")
    print("  " + " ".join(entries))
    if len(entries) > MAX_SERVICE_ENTRIES:
        breaches.append(f"services/ has {len(entries)} entries")

    sizes = [(len(p.read_text(encoding="utf-8").splitlines()), p) for p in modules()]
    sizes.sort(reverse=True)
    print(f"modules in src/: {len(sizes)}; the largest:")
    for lines, path in sizes[:5]:
        print(f"  {lines:5d}  {path.relative_to(ROOT)}")
    for lines, path in sizes:
        if lines > MAX_MODULE_LINES:
            breaches.append(f"{path.relative_to(ROOT)} has {lines} lines")

    long = [(n, name, p) for p in modules() for name, n in long_functions(p)]
    long.sort(reverse=True)
    print(f"functions over {LONG_FUNCTION_LINES} lines: {len(long)}")
    for n, name, path in long:
        print(f"  {n:4d}  {path.relative_to(ROOT)}:{name}")

    circles = import_circles()
    print(f"import circles: {len(circles)}")
    for group in circles:
        breaches.append("import circle: " + " ↔ ".join(group))

    for breach in breaches:
        print(f"FAILED: {breach}")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
