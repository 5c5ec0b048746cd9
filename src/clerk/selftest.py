"""`clerk --self-test`: the smoke test of every package, frozen or run from source.

It migrates a scratch SQLite database, renders a receipt with the bundled fonts, decodes
the bundled code image, reads it again through cv2.VideoCapture (the document camera's
way in) and finds the system's camera backend, starts Qt offscreen with a widget and the Chinese translations,
and loads every device plugin registered through entry points. Each check says what it
found on stdout; whatever fails is named on stderr in Chinese and English, and the exit
code is 1. Nothing outside a scratch folder is written (except the usual log file).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from sqlalchemy.engine import make_url

from clerk.paths import resource
from clerk.plugin_api import PRINTERS, SCANNERS
from clerk.storage import migrations
from clerk.storage.db import open_database

# The bundled image (resources/selftest/code.png) is a QR code holding this text.
CODE_IMAGE = ("selftest", "code.png")
CODE_TEXT = "clerk 自检 self-test"
# The camera backend cv2.VideoCapture opens a document camera with, per system.
CAMERA_BACKENDS = {"linux": "V4L2", "win32": "MSMF"}
# Entry-point groups of the device plugins; keyring finds its OS backends the same way.
PLUGIN_GROUPS = (SCANNERS, PRINTERS)
KEYRING_GROUP = "keyring.backends"


class SelfTestFailure(Exception):
    """A check found the package broken; the message says what it saw."""


@dataclass(frozen=True)
class Check:
    zh: str
    en: str
    run: Callable[[Path], str]  # scratch folder -> what was found


def check_database(scratch: Path) -> str:
    db = open_database(make_url(f"sqlite:///{scratch / 'selftest.sqlite3'}"), migrate=True)
    try:
        state = migrations.state(db.engine)
    finally:
        db.dispose()
    if state != migrations.CURRENT:
        raise SelfTestFailure(f"the scratch database is {state} after migrating")
    return f"{len(list(migrations.script().walk_revisions()))} revisions applied"


def check_document(_scratch: Path) -> str:
    from clerk.documents import render, samples

    pdf = render(samples.receipt())
    if not pdf.startswith(b"%PDF-"):
        raise SelfTestFailure("the receipt is not a PDF")
    if b"/FontFile2" not in pdf:
        raise SelfTestFailure("the receipt embeds no TrueType font (bundled fonts missing?)")
    return f"receipt PDF, {len(pdf)} bytes, fonts embedded"


def check_codes(_scratch: Path) -> str:
    import cv2

    from clerk.scanning.codes import decode_codes

    path = resource(*CODE_IMAGE)
    image = cv2.imread(str(path))
    if image is None:
        raise SelfTestFailure(f"cannot read {path}")
    texts = [code.text for code in decode_codes(image)]
    if CODE_TEXT not in texts:
        raise SelfTestFailure(f"expected {CODE_TEXT!r} in {path.name}, decoded {texts!r}")
    return f"decoded {CODE_TEXT!r}"


def check_capture(_scratch: Path) -> str:
    # The document camera and image sequences go through cv2.VideoCapture: an OpenCV
    # packaged without its video I/O would still decode codes but open no camera.
    import cv2

    path = resource(*CODE_IMAGE)
    capture = cv2.VideoCapture(str(path), cv2.CAP_IMAGES)
    try:
        read, frame = capture.read()
    finally:
        capture.release()
    if not read:
        raise SelfTestFailure(f"cv2.VideoCapture cannot read {path.name} as an image sequence")
    registry = cv2.videoio_registry
    cameras = [
        registry.getBackendName(b) for b in registry.getCameraBackends() if registry.hasBackend(b)
    ]
    wanted = CAMERA_BACKENDS.get(sys.platform)
    if wanted and wanted not in cameras:
        raise SelfTestFailure(f"OpenCV has no {wanted} camera backend (only {cameras})")
    return f"image sequence read ({frame.shape[1]}x{frame.shape[0]}); cameras: {', '.join(cameras)}"


def check_qt(_scratch: Path) -> str:
    # The one Qt import outside clerk.gui: the self-test must prove the Qt platform
    # plugin, widgets and translations are in the package, with no display needed.
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QLabel

    from clerk.gui.translations import install_translators, remove_translators

    existing = QApplication.instance()
    if existing is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    translators = install_translators(app, "zh_CN")
    try:
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if cancel != "取消":
            raise SelfTestFailure(f"Qt's Chinese translation did not load ('Cancel' -> {cancel!r})")
        label = QLabel("综合窗口 self-test")
        label.show()
        app.processEvents()
        image = label.grab().toImage()
        label.close()
        label.deleteLater()
        if image.isNull() or image.width() == 0:
            raise SelfTestFailure("a widget could not be drawn")
    finally:
        remove_translators(app, translators)
    return f"platform {app.platformName()}, widget {image.width()}x{image.height()}, zh_CN"


def check_plugins(_scratch: Path) -> str:
    loaded = []
    for group in PLUGIN_GROUPS:
        for ep in entry_points(group=group):
            ep.load()
            loaded.append(f"{group}:{ep.name}")
    # Frozen without its *.dist-info, keyring would see no backend and no password store.
    backends = [ep.name for ep in entry_points(group=KEYRING_GROUP)]
    if not backends:
        raise SelfTestFailure("no keyring backend registered (package metadata missing)")
    return f"{len(loaded)} device plugins ({', '.join(loaded) or 'none'}); keyring: {', '.join(backends)}"


CHECKS = (
    Check("数据库迁移", "database migration", check_database),
    Check("文书生成", "document rendering", check_document),
    Check("条码识别", "code decoding", check_codes),
    Check("摄像头接口", "camera capture", check_capture),
    Check("图形界面", "Qt offscreen", check_qt),
    Check("设备插件", "device plugins", check_plugins),
)


def run(checks: tuple[Check, ...] = CHECKS) -> int:
    """Run every check (a failure does not stop the others); 0 when all passed."""
    failed = []
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    print(f"clerk self-test{frozen}: {sys.executable}")
    with tempfile.TemporaryDirectory(prefix="clerk-selftest-") as scratch:
        for check in checks:
            started = time.perf_counter()
            try:
                found = check.run(Path(scratch))
            except Exception as exc:  # a self-test reports every failure, whatever its type
                failed.append(check)
                reason = str(exc) if isinstance(exc, SelfTestFailure) else repr(exc)
                print(
                    f"自检失败：{check.zh} / self-test failed: {check.en}: {reason}",
                    file=sys.stderr,
                )
                if not isinstance(exc, SelfTestFailure):
                    traceback.print_exc(file=sys.stderr)
                continue
            seconds = time.perf_counter() - started
            print(f"  ok  {check.zh} / {check.en} ({seconds:.2f} s): {found}")
    if failed:
        names = "、".join(c.zh for c in failed) + " / " + ", ".join(c.en for c in failed)
        print(f"自检未通过 / self-test FAILED: {names}", file=sys.stderr)
        return 1
    print("自检通过 / self-test passed")
    return 0
