"""Screenshots of the 补正 page (a manager's list) and of a case opened from it, for docs/intake.md.

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.intake.screenshots_corrections
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from clerk.domain.halltime import hall_date
from clerk.domain.ids import resident_id_check
from clerk.domain.intake import ApplicantInput, ApplicantKind, MaterialEntry, MaterialState
from clerk.gui.corrections_page import CorrectionsPage
from clerk.gui.intake_page import IntakePage
from clerk.gui.main_window import MainWindow
from clerk.gui.workstation import Workstation
from clerk.services import intake
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import CaseMaterial
from tests.intake.conftest import ALL_FOOD
from tests.intake.screenshots import OUT, app, hall, wait

# (name, days past the deadline: negative = still ahead, clerk 1 or 2)
APPLICANTS = [
    ("陈静", 6, 1),
    ("周磊", 2, 2),
    ("王芳", 1, 1),
    ("李娜", 0, 2),
    ("刘洋", -3, 1),
    ("赵敏", -8, 2),
]


def person(name: str, n: int) -> ApplicantInput:
    first17 = f"11010519{80 + n:02d}0{n + 1}1{n:1d}23{n:1d}"
    return ApplicantInput(ApplicantKind.PERSON, name, first17 + resident_id_check(first17))


def main() -> None:
    desk, settings, workers = hall(Path(tempfile.mkdtemp()))
    db = desk.db
    today = hall_date(utcnow())
    for n, (name, late, clerk) in enumerate(APPLICANTS):
        actor = desk.clerk if clerk == 1 else desk.clerk2
        entries = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}
        draft = desk.draft(actor, entries=entries, applicant=person(name, n))
        outcome = intake.defer(db, actor, draft.id, f"shot-{n}")
        with db.session() as s:  # as if accepted some days ago
            s.execute(
                update(CaseMaterial)
                .where(CaseMaterial.case_id == outcome.case_id, CaseMaterial.code == "HEALTH")
                .values(correction_due=today - timedelta(days=late))
            )
    window = MainWindow(Workstation(db, desk.manager, settings, workers))
    window.resize(1500, 760)
    window.show()
    page = window.pages[5]
    assert isinstance(page, CorrectionsPage)
    window.show_page(page)
    wait(lambda: not page.loading and page.model.rowCount() == len(APPLICANTS))
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(OUT / "corrections-list.png"))
    print("wrote", OUT / "corrections-list.png")

    page.open_current()
    intake_page = window.pages[0]
    assert isinstance(intake_page, IntakePage)
    wait(lambda: intake_page.correction is not None and intake_page.idle)
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(OUT / "corrections-opened.png"))
    print("wrote", OUT / "corrections-opened.png")
    window.close()
    intake_page.printer.close()
    workers.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
