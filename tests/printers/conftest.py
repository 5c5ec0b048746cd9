"""A real CUPS queue with the cups-pdf backend, started here if CUPS is not running."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database
from tests.support.actors import add_actor

PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"


def _lp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, check=False
    )


def _wait(condition, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what} after {timeout} s")


@dataclass(frozen=True)
class CupsQueue:
    name: str
    out: Path

    def printed(self, job: str, timeout: float = 60) -> Path:
        """The PDF cups-pdf wrote for ``job`` (``queue-N``), once it is there."""
        number = job.rsplit("-", 1)[1]
        return _wait(
            lambda: next(iter(self.out.glob(f"*job_{number}.pdf")), None),
            timeout,
            f"cups-pdf output of job {job}",
        )

    def files(self) -> set[Path]:
        return set(self.out.glob("*.pdf"))

    def printed_since(self, before: set[Path], timeout: float = 60) -> Path:
        """The one PDF written since ``before``, once the queue is done with it (for jobs
        whose id the printer plugin does not tell, like Qt's)."""

        def done() -> Path | None:
            if _lp("lpstat", "-W", "not-completed", "-o", self.name).stdout.strip():
                return None
            new = self.files() - before
            return new.pop() if len(new) == 1 else None

        return _wait(done, timeout, "cups-pdf output")

    def stopped(self) -> bool:
        return _stopped(self.name)

    def disable(self, reason: str) -> None:
        _lp("cupsdisable", "-r", reason, self.name).check_returncode()

    def enable(self) -> None:
        _lp("cupsenable", self.name).check_returncode()


@pytest.fixture(scope="session")
def cups(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsQueue]:
    """A cups-pdf queue of this test session (CI: a fresh root machine without systemd)."""
    for tool in ("cupsd", "lpadmin", "lp", "cupsenable"):
        assert shutil.which(tool), (
            f"{tool} missing: run tools/setup (cups, printer-driver-cups-pdf)"
        )
    started = None
    if "scheduler is running" not in _lp("lpstat", "-r").stdout:
        started = subprocess.Popen(["cupsd", "-f"], stderr=subprocess.DEVNULL)
        _wait(lambda: "scheduler is running" in _lp("lpstat", "-r").stdout, 30, "cupsd")
    out = tmp_path_factory.mktemp("cups-pdf-out")
    out.chmod(0o1777)
    name = f"clerk-test-{os.getpid()}"
    # cups-pdf reads cups-pdf-<name>.conf for the device URI cups-pdf:/<name>.
    conf = Path(f"/etc/cups/cups-pdf-{name}.conf")
    conf.write_text(f"Out {out}\nAnonDirName {out}\n", encoding="utf-8")
    added = _lp("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", PPD)
    assert added.returncode == 0, added.stderr
    try:
        yield CupsQueue(name, out)
    finally:
        _lp("lpadmin", "-x", name)
        conf.unlink(missing_ok=True)
        if started is not None:
            started.terminate()
            started.wait(timeout=30)


def _stopped(queue: str) -> bool:
    return " disabled since " in _lp("lpstat", "-p", queue).stdout


def _pending(queue: str) -> str:
    return _lp("lpstat", "-W", "not-completed", "-o", queue).stdout.strip()


# A CUPS backend standing in for a printer's driver: it reports what the word in
# <folder>/state says the printer does, through the STATE: lines real backends write.
FAULT_BACKEND = Path("/usr/lib/cups/backend/clerk-test-fault")
FAULT_SCRIPT = """#!/bin/sh
[ $# -eq 0 ] && exit 0  # device discovery: nothing to list
folder=${DEVICE_URI#clerk-test-fault:}
case "$(cat "$folder/state")" in
  media-empty)  # the usual answer of a driver: the reason, then stop the queue
    cat > /dev/null
    echo "STATE: +media-empty-error" >&2
    echo "ERROR: Out of paper" >&2
    exit 4;;
  offline)  # the USB backend's wait for a printer that is switched off
    echo "STATE: +offline-report" >&2
    echo "INFO: Waiting for printer to become available." >&2
    exec sleep 600;;
esac
echo "STATE: -media-empty-error,offline-report" >&2
cat > "$folder/job-$1.out"
"""


@dataclass(frozen=True)
class FaultyPrinter:
    """A queue whose printer runs out of paper, is switched off, or prints (``set``)."""

    name: str
    folder: Path

    def set(self, state: str) -> None:
        (self.folder / "state").write_text(state, encoding="ascii")

    def printed(self) -> list[str]:
        """The CUPS job ids the printer received in full."""
        return sorted(
            f"{self.name}-{p.stem.removeprefix('job-')}" for p in self.folder.glob("*.out")
        )

    def stopped(self) -> bool:
        return _stopped(self.name)

    def pending(self) -> str:
        return _pending(self.name)


@pytest.fixture
def faulty_printer(cups: CupsQueue, tmp_path: Path) -> Iterator[FaultyPrinter]:
    FAULT_BACKEND.write_text(FAULT_SCRIPT, encoding="ascii")
    FAULT_BACKEND.chmod(0o700)  # run as root, like cups-pdf: it reads the test's folder
    name = f"clerk-fault-{os.getpid()}"
    added = _lp("lpadmin", "-p", name, "-E", "-v", f"clerk-test-fault:{tmp_path}", "-P", PPD)
    assert added.returncode == 0, added.stderr
    printer = FaultyPrinter(name, tmp_path)
    printer.set("ready")
    try:
        yield printer
    finally:
        _lp("cancel", "-a", name)
        _lp("lpadmin", "-x", name)
        FAULT_BACKEND.unlink(missing_ok=True)


@dataclass(frozen=True)
class People:
    clerk: Actor
    other_clerk: Actor
    manager: Actor
    admin: Actor


@pytest.fixture
def people(db: Database) -> People:
    """Accounts stored without a password: printing needs who, not a sign-in (argon2 is slow)."""
    actors = {
        username: add_actor(db, username, role, name=name, staff_no="A01", window=window)
        for username, name, role, window in (
            ("li", "李明", Role.CLERK, "3"),
            ("zhao", "赵芳", Role.CLERK, "4"),
            ("wang", "王主任", Role.MANAGER, "1"),
            ("admin", "管理员", Role.ADMIN, "1"),
        )
    }
    return People(actors["li"], actors["zhao"], actors["wang"], actors["admin"])
