"""kill -9 a real process running decisions, at random moments, and check nothing is half-written."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clerk.domain.intake import parse_case_number
from clerk.services.refusals import verify_register
from clerk.storage.models.intake import Case, CaseNumberCounter, IntakeDraft
from clerk.storage.models.refusals import RefusalEntry
from tests.intake.conftest import HALL_KEY, Desk

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = {
    "accepted": ["receipt"],
    "accepted_deferred": ["receipt", "commitment"],
    "notified": ["notification"],
    "refused": ["refusal"],
}


def run_and_kill(desk: Desk, rng: random.Random) -> int:
    """Start the loop, wait for it to store something, kill -9 it at a random moment."""
    url = desk.db.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.intake.decision_loop",
            url,
            HALL_KEY,
            str(desk.clerk.account_id),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()  # one case stored: the loop is running
        if first.strip():
            time.sleep(rng.uniform(0.0, 0.6))
            os.kill(child.pid, signal.SIGKILL)
        _, errors = child.communicate()
    assert first.strip(), errors
    return child.returncode


def check_invariants(desk: Desk) -> int:
    with desk.db.session() as s:
        cases = s.scalars(select(Case)).all()
        for case in cases:
            assert parse_case_number(case.number) == case.number
            kinds = [d.kind for d in case.documents]
            assert kinds == DOCUMENTS[case.decision], case.number
            for document in case.documents:
                assert hashlib.sha256(document.pdf).hexdigest() == document.sha256
                assert document.pdf.startswith(b"%PDF") and document.pdf.rstrip().endswith(b"%%EOF")
            assert len(case.materials) == 3
        numbers = [c.number for c in cases]
        assert len(numbers) == len(set(numbers))
        # The counter is never behind a number already used.
        for day, last in s.execute(select(CaseNumberCounter.day, CaseNumberCounter.last_sequence)):
            used = [int(n[8:13]) for n in numbers if n[:8] == f"{day:%Y%m%d}"]
            assert not used or max(used) <= last
        # Every decided draft has its case; every open draft none.
        with_case = set(s.scalars(select(Case.draft_id)))
        for draft in s.scalars(select(IntakeDraft)):
            assert (draft.id in with_case) == (draft.status in ("decided", "notified")), draft.id
        # Every "no" is in the register exactly once, with its case.
        noes = {c.id for c in cases if c.decision in ("notified", "refused")}
        filed = list(s.scalars(select(RefusalEntry.case_id)))
        assert sorted(filed) == sorted(noes)
        assert s.scalar(select(func.count()).select_from(RefusalEntry)) == len(noes)
        for entry in s.scalars(select(RefusalEntry).where(RefusalEntry.kind == "notification")):
            assert json.loads(entry.missing_materials)
    assert verify_register(desk.db).ok
    return len(cases)


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_no_half_written_case(desk: Desk) -> None:
    rng = random.Random(4)
    stored = 0
    for _ in range(5):
        assert run_and_kill(desk, rng) == -signal.SIGKILL
        now = check_invariants(desk)
        assert now > stored  # each run stored at least one more case
        stored = now
