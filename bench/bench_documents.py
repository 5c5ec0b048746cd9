"""How fast a one-time notification slip listing 10 materials renders.

Targets (issue 5): at most 30 ms median once warm; the first document after start at most
1 s (fonts loaded). Baseline measured in the same run: the same slip with ReportLab's
built-in STSong-Light CID font, which embeds no glyphs (what the embedded subsets cost).

    .venv/bin/python bench/bench_documents.py [--rounds 50]

Cold figures come from fresh interpreters (imports, font loading, first layout).
The machine is shared: timings are noisy, read the spread as well as the median. The
warm figures are given as wall time and as the rendering thread's CPU time, which another
engineer's load on the same cores changes far less.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Any

COLD_CHILD = """
import json, time
t0 = time.perf_counter()
from clerk.documents import preload, render
from clerk.documents.samples import notification
t1 = time.perf_counter()
preload()
t2 = time.perf_counter()
render(notification(10))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "fonts": t2 - t1, "first": t3 - t2, "total": t3 - t0}))
"""


def cid_fonts() -> None:
    """Stand STSong-Light in for both embedded faces (the baseline, glyphs not embedded)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from clerk.documents import fonts

    for name in (fonts.SERIF, fonts.SANS):
        font = UnicodeCIDFont("STSong-Light")
        font.fontName = font.name = name
        pdfmetrics.registerFont(font)
        fonts._glyphs[name] = frozenset(range(0x20, 0x10000))


def warm(rounds: int) -> dict[str, list[float]]:
    from clerk.documents import render
    from clerk.documents.samples import notification

    data = notification(10)
    render(data)  # warm-up
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.thread_time()
        render(data)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return {"wall": wall, "cpu": cpu}


def child(mode: str, rounds: int) -> Any:
    code = COLD_CHILD if mode == "cold" else None
    args = [sys.executable, "-c", code] if code else [sys.executable, __file__, "--child", mode]
    out = subprocess.run(
        [*args, "--rounds", str(rounds)] if not code else args,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--child", choices=["warm", "cid"])
    args = parser.parse_args()
    if args.child:
        if args.child == "cid":
            cid_fonts()
        print(json.dumps(warm(args.rounds)))
        return

    from clerk.documents import render
    from clerk.documents.samples import notification

    size = len(render(notification(10)))
    embedded = child("warm", args.rounds)
    baseline = child("cid", args.rounds)
    colds = [child("cold", 0) for _ in range(args.cold_runs)]

    print(f"notification slip, 10 materials, A4 ({size / 1024:.0f} KB with embedded subsets)")
    print(
        f"  warm, embedded fonts:   median {ms(statistics.median(embedded['wall']))}"
        f"   p90 {ms(statistics.quantiles(embedded['wall'], n=10)[-1])}   (target <= 30 ms)"
    )
    print(f"    CPU time of the rendering thread: median {ms(statistics.median(embedded['cpu']))}")
    print(
        "  warm, STSong CID (baseline, no glyphs embedded): median"
        f" {ms(statistics.median(baseline['wall']))}"
    )
    ratio = statistics.median(embedded["wall"]) / statistics.median(baseline["wall"])
    print(f"  ratio embedded / baseline: {ratio:.2f}")
    first = statistics.median(c["total"] for c in colds)
    print(f"cold start, {len(colds)} fresh interpreters (median):   (target <= 1 s)")
    for key in ("import", "fonts", "first", "total"):
        values = [c[key] for c in colds]
        print(f"  {key:7s} {ms(statistics.median(values))}")
    print(f"  ratio first document / warm: {first / statistics.median(embedded['wall']):.1f}")
    print("(the machine is shared with other engineers: figures are noisy)")


if __name__ == "__main__":
    main()
