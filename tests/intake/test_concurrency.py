"""Many windows deciding at once: numbers unique hall-wide; the database going away mid-decision."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session

from clerk.domain.errors import DatabaseUnavailable
from clerk.services import intake
from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database
from clerk.storage.models.intake import Case, CaseDocument, IntakeDraft
from tests.intake.conftest import ALL_FOOD, Desk, make_desk
from tests.support.actors import add_actor
from tests.support.databases import PG_ADMIN_URL


def accept_many(desk: Desk, actor: Actor, n: int, barrier: threading.Barrier) -> list[str]:
    drafts = [desk.draft(actor, entries=ALL_FOOD).id for _ in range(n)]
    barrier.wait()  # every window decides at the same moment
    return [intake.accept(desk.db, actor, d, uuid.uuid4().hex).number for d in drafts]


@pytest.mark.parametrize("windows", [12])
def test_windows_accepting_at_once_never_share_a_number(pg_db: Database, windows: int) -> None:
    desk = make_desk(pg_db)
    clerks = [
        add_actor(desk.db, f"w{n}", Role.CLERK, name=f"窗口{n}", window=str(10 + n))
        for n in range(windows)
    ]
    barrier = threading.Barrier(windows)
    with ThreadPoolExecutor(windows) as pool:
        results = list(pool.map(lambda c: accept_many(desk, c, 5, barrier), clerks))
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == len(set(numbers)) == windows * 5
    # No decision failed, so the day's sequence has no gap either.
    assert sorted(int(n[8:13]) for n in numbers) == list(range(1, windows * 5 + 1))
    with desk.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == windows * 5


def kill_connection_on(db: Database, statement: str) -> threading.Event:
    """Terminate this engine's server connection the first time ``statement`` is sent."""
    fired = threading.Event()
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    @event.listens_for(db.engine, "before_cursor_execute")
    def _cut(conn, cursor, sql, params, context, executemany):  # type: ignore[no-untyped-def]
        if not fired.is_set() and sql.lstrip().upper().startswith(statement):
            fired.set()
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            admin.dispose()

    return fired


def test_database_gone_during_a_decision_keeps_the_draft_and_the_retry_completes_once(
    pg_db: Database,
) -> None:
    desk = make_desk(pg_db)
    draft = desk.draft(entries=ALL_FOOD)
    fired = kill_connection_on(pg_db, "INSERT INTO CASE_DOCUMENT")
    with pytest.raises(DatabaseUnavailable, match="已填写的内容不会丢失"):
        intake.accept(pg_db, desk.clerk, draft.id, "press-1")
    assert fired.is_set()
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
        kept = s.get_one(IntakeDraft, draft.id)
        assert (kept.status, kept.holder_id) == ("open", desk.clerk.account_id)
    outcome = intake.accept(pg_db, desk.clerk, draft.id, "press-1")
    again = intake.accept(pg_db, desk.clerk, draft.id, "press-1")
    assert again.repeated and again.number == outcome.number
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
        assert s.scalar(select(func.count()).select_from(CaseDocument)) == 1


class AnswerLost(Database):
    """The connection breaks right after the COMMIT of the first decision reached the server."""

    lost = False

    @contextmanager
    def session(self) -> Iterator[Session]:
        flushed: list[object] = []
        with super().session() as s:
            event.listen(s, "before_flush", lambda s, _c, _i: flushed.extend(s.new))
            yield s
        if any(isinstance(o, Case) for o in flushed) and not self.lost:
            self.lost = True
            raise DatabaseUnavailable("无法连接数据库。已填写的内容不会丢失。", "answer lost")


def test_a_decision_stored_but_not_acknowledged_is_not_stored_twice(desk: Desk) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    db = AnswerLost(desk.db.url, desk.db.engine)
    with pytest.raises(DatabaseUnavailable):
        intake.accept(db, desk.clerk, draft.id, "press-1")
    assert db.lost
    retry = intake.accept(db, desk.clerk, draft.id, "press-1")
    assert retry.repeated and [d.kind for d in retry.documents] == ["receipt"]
    with desk.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
