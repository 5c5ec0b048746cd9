"""Screenshots of the scan panel: live preview on the camera stand-in, pages filed by material.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_scan_panel.py

Writes docs/screenshots/scan-panel.png (a page still under the camera, three papers
filed, one unrecognised with a warning) and docs/screenshots/scan-panel-unplugged.png.
Everything lives in a throwaway folder: a migrated SQLite file with the desk catalogue
of bench/make_desk_corpus.py and its blank forms as reference images.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
_HOME = Path(tempfile.mkdtemp(prefix="clerk-scan-shots-"))
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["CLERK_CONFIG_DIR"] = str(_HOME / "config")
os.environ["CLERK_MACHINE_CONFIG_DIR"] = str(_HOME / "machine")
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.make_desk_corpus import DESK_CATALOGUE, write_camera_video  # noqa: E402
from clerk.gui.scan_panel import ScanPanel  # noqa: E402
from clerk.gui.translations import install_translators  # noqa: E402
from clerk.gui.workers import Workers  # noqa: E402
from clerk.gui.workstation import Workstation  # noqa: E402
from clerk.services.intake import serve_ticket  # noqa: E402
from clerk.services.scanning import register_reference_image  # noqa: E402
from clerk.settings import Settings  # noqa: E402
from clerk.storage import migrations  # noqa: E402
from clerk.storage.db import Database, make_engine  # noqa: E402
from clerk.storage.pages import PageStore  # noqa: E402
from clerk_scanners.camera import DocumentCamera  # noqa: E402
from tests.support.desk import flat_page, make_hall, reference_images  # noqa: E402


def wait(app: QApplication, condition, ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``condition()`` holds.

    Not a processEvents() loop: PySide6 6.12's processEvents() (and QTest.qWait) drop a
    reference to None on every call, and a busy loop crashes Python 3.11 within seconds.
    """
    loop = QEventLoop()
    clock = QElapsedTimer()
    clock.start()
    poll = QTimer()
    poll.setInterval(20)

    def check() -> None:
        if condition() or clock.elapsed() > ms:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the scan panel did not get there in time")


def main() -> None:
    app = QApplication([])
    install_translators(app, "zh_CN")
    url = make_url(f"sqlite:///{_HOME / 'clerk.sqlite3'}")
    engine = make_engine(url)
    migrations.upgrade(engine)
    db = Database(url, engine)
    hall = make_hall(db, _HOME)
    for code, image in reference_images().items():
        register_reference_image(db, hall.manager, hall.store, code, image)
    workers = Workers()
    ws = Workstation(db, hall.clerk, Settings.load(), workers)
    panel = ScanPanel(ws, PageStore(_HOME / "pages", min_free_bytes=0))
    panel.setWindowTitle("扫描")
    panel.resize(1500, 860)
    panel.show()
    materials = [line.material for line in DESK_CATALOGUE.checklist_for_matter("SP-001").lines]
    draft = serve_ticket(db, hall.clerk)
    panel.start(draft.id, materials)
    wait(app, lambda: panel.session is not None)

    files = []
    for material in ("YYZZ", "JKZ", "OTHER"):
        path = _HOME / f"{material}.png"
        cv2.imwrite(str(path), flat_page(material, seed=9)[0])
        files.append(path)
    panel.add_files(files)
    wait(app, lambda: len(panel._pages) == 3 and not workers.busy)

    video = _HOME / "desk.avi"
    write_camera_video(video, still=200)
    kept = []
    panel.page_kept.connect(kept.append)
    panel.start_camera(DocumentCamera(str(video)))
    wait(app, lambda: bool(kept) and not workers.busy)
    clock = QElapsedTimer()
    clock.start()
    wait(app, lambda: clock.elapsed() > 1500)  # the preview keeps the sheet in view
    OUT.mkdir(parents=True, exist_ok=True)
    panel.grab().save(str(OUT / "scan-panel.png"))
    # The video ends as an unplugged camera would.
    wait(app, lambda: panel.camera_button.isVisible(), ms=120_000)
    panel.grab().save(str(OUT / "scan-panel-unplugged.png"))
    panel.stop_camera()
    panel.close()
    workers.shutdown(10_000)
    db.dispose()
    print(f"saved {OUT / 'scan-panel.png'} and {OUT / 'scan-panel-unplugged.png'}")


if __name__ == "__main__":
    main()
