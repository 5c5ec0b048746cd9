"""The 目录 page per keystroke, on a city-sized catalogue, on one core, offscreen.

    .venv/bin/python bench/bench_catalogue_page.py [--queries 600]

The catalogue and the typed queries are bench_search's (5,000 matters, 17,414 material
lines, 120 bundles; fixed seed). One keystroke on the page is what ``textChanged`` runs
on the GUI thread: the index search, the hits model reset, the first hit selected, its
checklist built and shown (model reset, column sizing), and the pending events
processed. Baseline, same run, same queries: ``SearchIndex.search`` alone, so the ratio
is what the page adds on top of the search. Also timed: the empty search box, which
lists every bundle and matter (5,120 rows) to browse.

Pinned to one core; the machine (2 cores) is shared with other engineers while this
runs, so timings are noisy: read them so.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="clerk-bench-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.bench_search import SEED, describe, generate, query_mix, timed  # noqa: E402
from clerk.domain.search import SearchIndex  # noqa: E402
from clerk.gui.catalogue_page import SEARCH_LIMIT, CataloguePage  # noqa: E402
from clerk.gui.translations import install_translators  # noqa: E402
from clerk.gui.workers import Workers  # noqa: E402
from clerk.gui.workstation import Workstation  # noqa: E402
from clerk.services.accounts import Actor, Role  # noqa: E402
from clerk.settings import Settings  # noqa: E402
from clerk.storage.db import embedded_url, open_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=600)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

    app = QApplication([])
    install_translators(app, "zh_CN")
    rng = random.Random(SEED)
    catalogue = generate(5000, 17414, rng)
    queries = query_mix(catalogue, args.queries, rng)
    index = SearchIndex.build(catalogue)

    # An empty embedded database: the page's own load finds no catalogue, and the
    # generated one is handed to it the way the worker hands over a loaded one.
    db = open_database(embedded_url("bench.sqlite3"))
    workers = Workers()
    actor = Actor(1, "bench", "测试", "C0000", Role.CLERK, "1")
    page = CataloguePage(Workstation(db, actor, Settings.load(), workers))
    page.resize(1440, 860)
    page.show()
    while workers.busy:
        app.processEvents()

    start = time.perf_counter()
    page._loaded((catalogue, index))
    app.processEvents()
    browse = (time.perf_counter() - start) * 1000
    print(f"catalogue: {len(catalogue.matters)} matters, {len(catalogue.bundles)} bundles")
    print(
        f"empty box, every bundle and matter listed ({page.hits_model.rowCount()} rows): {browse:.1f} ms"
    )

    def keystroke(text: str) -> None:
        page.search(text)
        app.processEvents()

    search_only = timed(lambda q: index.search(q, SEARCH_LIMIT), queries)
    logic = timed(page.search, queries)
    app.processEvents()
    on_page = timed(keystroke, queries)
    print(f"queries: {len(queries)} (limit {SEARCH_LIMIT} hits)")
    print(f"  SearchIndex.search alone (baseline):  {describe(search_only)}")
    print(f"  page logic, painting left out:        {describe(logic)}")
    print(f"  whole keystroke, painted (offscreen): {describe(on_page)}")
    median = statistics.median
    print(
        f"  medians against the search alone: logic {median(logic) / median(search_only):.1f}×, "
        f"whole keystroke {median(on_page) / median(search_only):.1f}×"
    )
    print("machine shared with other engineers while measuring: figures are noisy")

    page.close()
    page.deleteLater()
    workers.shutdown()
    workers.deleteLater()
    app.processEvents()
    db.dispose()


if __name__ == "__main__":
    main()
