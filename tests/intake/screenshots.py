"""Screenshots of the 受理 page in each state, for docs/intake.md.

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.intake.screenshots
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keyring
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from clerk.domain.intake import (
    ApplicantInput,
    ApplicantKind,
    Decision,
    MaterialEntry,
    MaterialState,
)
from clerk.gui.intake_page import IntakePage
from clerk.gui.translations import install_translators
from clerk.gui.workers import Workers
from clerk.gui.workstation import Workstation
from clerk.services import intake
from clerk.settings import Settings
from clerk.storage import migrations
from clerk.storage.db import Database, make_engine
from tests.intake.conftest import (
    ALL_FOOD,
    ENTERPRISE,
    OTHER_PERSON_ID,
    PERSON,
    Desk,
    make_desk,
)
from tests.support.keyrings import MemoryKeyring

AGENT = ApplicantInput(ApplicantKind.PERSON, "周磊", OTHER_PERSON_ID, "13900001111")
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
app = QApplication.instance() or QApplication([])


def wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.time() + timeout
    while not condition():
        if time.time() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.01)


def shot(page: IntakePage, name: str) -> None:
    wait(lambda: page.idle)
    for _ in range(20):
        app.processEvents()
    page.window().grab().save(str(OUT / f"intake-{name}.png"))
    print("wrote", OUT / f"intake-{name}.png")


def document_png(page: IntakePage, name: str, tmp: Path) -> None:
    """The first page of the decision's first document, as the applicant gets it."""
    assert page.outcome is not None
    pdf = tmp / f"{name}.pdf"
    pdf.write_bytes(page.outcome.documents[0].pdf)
    target = OUT / f"intake-{name}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(target)], check=True
    )
    print("wrote", target.with_suffix(".png"))


def hall(tmp: Path) -> tuple[Desk, Settings, Workers]:
    """A migrated SQLite hall in ``tmp`` (tests' desk), zh_CN on screen, a folder printer."""
    keyring.set_keyring(MemoryKeyring())
    os.environ["CLERK_CONFIG_DIR"] = str(tmp / "config")
    install_translators(app, "zh_CN")
    url = make_url(f"sqlite:///{tmp / 'shots.sqlite3'}")
    engine = make_engine(url)
    migrations.upgrade(engine)
    desk = make_desk(Database(url, engine))
    settings = Settings.load()
    settings.set("printers.default", f"folder:{tmp / 'printed'}")
    return desk, settings, Workers()


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    desk, settings, workers = hall(tmp)
    db = desk.db

    def fresh_page() -> IntakePage:
        page = IntakePage(Workstation(db, desk.clerk, settings, workers))
        page.resize(1600, 900)
        page.show()
        wait(lambda: page.idle and page.ticket_label.text() != "")
        return page

    page = fresh_page()
    shot(page, "1-empty")

    def opened(entries: dict[str, MaterialEntry], applicant=PERSON) -> IntakePage:  # type: ignore[no-untyped-def]
        draft = desk.draft(entries=entries, applicant=applicant)
        page.open_draft(draft.id)
        wait(
            lambda: (
                page.draft is not None and page.draft.id == draft.id and page.subject is not None
            )
        )
        wait(lambda: page.idle)
        return page

    opened({"ID-CARD": ALL_FOOD["ID-CARD"]})
    page.table.selectRow(1)
    shot(page, "2-checklist")

    opened(ALL_FOOD, ENTERPRISE)
    page.press(Decision.ACCEPTED)
    wait(lambda: page.outcome is not None)
    shot(page, "3-accepted")
    document_png(page, "receipt", tmp)

    opened({**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)})
    page.press(Decision.ACCEPTED_DEFERRED)
    wait(lambda: page.outcome is not None)
    shot(page, "4-deferred")

    opened({"ID-CARD": ALL_FOOD["ID-CARD"]})
    page.press(Decision.NOTIFIED)
    wait(lambda: page.outcome is not None)
    shot(page, "5-notified")
    document_png(page, "notification-slip", tmp)

    opened({"ID-CARD": ALL_FOOD["ID-CARD"]}, ENTERPRISE)
    page.press(Decision.REFUSED)
    page.category.setCurrentIndex(1)
    page.reason.setPlainText("经营场所位于居民住宅楼内，不符合食品经营场所的要求。")
    page.basis.setText("《食品经营许可和备案管理办法》第十一条")
    shot(page, "6-refusal-written")
    page._confirm_refusal()
    wait(lambda: page.outcome is not None)
    shot(page, "7-refused")

    # Through an agent: the authorisation letter is asked for, and stays missing here.
    draft = desk.draft(entries=ALL_FOOD)
    intake.save_draft(db, desk.clerk, draft.id, intake.DraftChanges(agent=AGENT))
    page.open_draft(draft.id)
    wait(lambda: page.subject is not None and page.subject.agent and page.idle)
    page.table.selectRow(3)
    page.press(Decision.ACCEPTED)
    shot(page, "8-agent")
    page.close()
    page.printer.close()
    workers.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
