"""`clerk demo --days N`: a past working day of activity through the real services."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from clerk.cli import main
from clerk.demo.activity import past_days
from clerk.domain.halltime import HALL_TZ
from clerk.domain.intake import parse_case_number
from clerk.domain.workdays import WorkCalendar
from clerk.storage.db import Database, make_engine
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, CaseDocument
from clerk.storage.models.queue import QueueTicket


@pytest.mark.slow
def test_demo_fills_the_last_working_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    args = ["demo", "--database", url, "--days", "1", "--applicants", "8", "--speed", "3000"]
    assert main(args) == 0
    day = past_days(1, utcnow().astimezone(HALL_TZ).date(), WorkCalendar())[0]
    assert f"{day:%Y-%m-%d}：取号8" in capsys.readouterr().out
    db = Database(make_url(url), make_engine(make_url(url)))
    with db.session() as s:
        cases = s.scalars(select(Case)).all()
        assert cases and all(parse_case_number(c.number) for c in cases)
        assert {c.number[:8] for c in cases} == {f"{day:%Y%m%d}"}
        assert all(c.decided_at.astimezone(HALL_TZ).date() == day for c in cases)
        assert s.scalar(select(func.count()).select_from(QueueTicket)) == 8
        assert s.scalar(select(func.count()).select_from(CaseDocument)) >= len(cases)
    db.dispose()
