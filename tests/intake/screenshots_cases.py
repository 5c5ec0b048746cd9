"""Screenshot of the 办件 page (a manager's search of the whole hall), for docs/intake.md.

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.intake.screenshots_cases
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from clerk.domain.intake import MaterialEntry, MaterialState
from clerk.gui.cases_page import CasesPage
from clerk.gui.intake_page import IntakePage
from clerk.gui.main_window import MainWindow
from clerk.gui.workstation import Workstation
from clerk.services import intake
from tests.intake.conftest import ALL_FOOD, ENTERPRISE
from tests.intake.decision_loop import DEFERRED, REFUSAL
from tests.intake.screenshots import OUT, app, hall, wait
from tests.intake.screenshots_corrections import person

MISSING = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.MISSING)}
# (name, decision, clerk 1 or 2)
APPLICANTS = [
    ("陈静", "accept", 1),
    ("周磊", "defer", 2),
    ("王芳", "notify", 1),
    ("李娜", "accept", 2),
    ("刘洋", "refuse", 1),
    ("赵敏", "defer", 1),
]


def main() -> None:
    desk, settings, workers = hall(Path(tempfile.mkdtemp()))
    db = desk.db
    cases = [("北京墨香书店有限公司", "accept", 2), *APPLICANTS]
    for n, (name, decision, clerk) in enumerate(cases):
        actor = desk.clerk if clerk == 1 else desk.clerk2
        applicant = ENTERPRISE if n == 0 else person(name, n)
        entries = {"defer": DEFERRED, "notify": MISSING}.get(decision, ALL_FOOD)
        draft = desk.draft(actor, entries=entries, applicant=applicant)
        key = f"shot-{n}"
        if decision == "accept":
            intake.accept(db, actor, draft.id, key)
        elif decision == "defer":
            intake.defer(db, actor, draft.id, key)
        elif decision == "notify":
            intake.notify_missing(db, actor, draft.id, key)
        else:
            intake.refuse(db, actor, draft.id, key, REFUSAL)
    window = MainWindow(Workstation(db, desk.manager, settings, workers))
    window.resize(1500, 760)
    window.show()
    page = window.pages[6]
    assert isinstance(page, CasesPage)
    window.show_page(page)
    wait(lambda: not page.loading and page.model.rowCount() == len(cases))
    page.table.selectRow(0)  # 赵敏's case, still owing a deferred material
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(OUT / "cases-search.png"))
    print("wrote", OUT / "cases-search.png")
    window.close()
    intake_page = window.pages[0]
    assert isinstance(intake_page, IntakePage)
    intake_page.printer.close()
    workers.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
