"""Every way into the register is append-only: REPLACE, upsert, UPDATE and DELETE on the
entries, the reviews and the chain heads (migration 0011_refusals_append_only), on
clerk's own connections and on a bare connection of another program (SQLite)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError

from clerk.secrets import set_secret
from clerk.services.refusals import register_key_name, verify_register
from tests.refusals.conftest import HALL_KEY, add_people
from tests.refusals.test_integrity import fill, review

ENTRY = (
    "(id, filed_at, window_no, clerk_id, clerk_name, clerk_staff_no, kind, category, reason, "
    "legal_basis, facts, applicant_name, applicant_id_no, applicant_phone, applicant_address, "
    "matter_code, matter_name, missing_materials, ticket_no, draft_id, case_id, prev_hash, "
    "hash, seal) SELECT id, filed_at, window_no, clerk_id, clerk_name, clerk_staff_no, kind, "
    "category, 'rewritten', legal_basis, facts, applicant_name, applicant_id_no, "
    "applicant_phone, applicant_address, matter_code, matter_name, missing_materials, "
    "ticket_no, draft_id, case_id, prev_hash, hash, seal FROM refusal_entry WHERE id = 1"
)
REVIEW = (
    "(id, entry_id, recorded_at, kind, manager_id, manager_name, comment, resolved, "
    "prev_hash, hash, seal) SELECT id, entry_id, recorded_at, kind, manager_id, manager_name, "
    "'rewritten', resolved, prev_hash, hash, seal FROM refusal_review WHERE id = 1"
)
HEAD = "(name, last_id, last_hash, seal) VALUES ('entries', 0, '" + "0" * 64 + "', '')"
SQLITE_ONLY = [
    f"INSERT OR REPLACE INTO refusal_entry {ENTRY}",
    f"REPLACE INTO refusal_entry {ENTRY}",
    f"INSERT OR REPLACE INTO refusal_review {REVIEW}",
    f"REPLACE INTO refusal_review {REVIEW}",
    f"INSERT OR REPLACE INTO refusal_chain_head {HEAD}",
    f"REPLACE INTO refusal_chain_head {HEAD}",
]
BOTH = [
    f"INSERT INTO refusal_entry {ENTRY} ON CONFLICT (id) DO UPDATE SET reason = 'x'",
    f"INSERT INTO refusal_review {REVIEW} ON CONFLICT (id) DO UPDATE SET comment = 'x'",
    f"INSERT INTO refusal_chain_head {HEAD} ON CONFLICT (name) DO UPDATE SET last_id = 0",
    "UPDATE refusal_entry SET reason = 'x' WHERE id = 1",
    "DELETE FROM refusal_entry WHERE id = 3",
    "UPDATE refusal_review SET comment = 'x'",
    "DELETE FROM refusal_review",
    "UPDATE refusal_chain_head SET last_id = 0",
    "UPDATE refusal_chain_head SET last_hash = '" + "1" * 64 + "' WHERE name = 'entries'",
    "UPDATE refusal_chain_head SET seal = 'x' WHERE name = 'entries'",
    "UPDATE refusal_chain_head SET last_id = last_id + 2 WHERE name = 'entries'",
    "DELETE FROM refusal_chain_head",
]
REFUSED = "append-only|refusal chain head"


def _filled(db, staff):
    fill(db, staff)
    review(db, staff.manager, 1, agree=True, comment="")


def test_every_way_around_the_triggers_is_refused(keyed, staff):
    _filled(keyed, staff)
    statements = BOTH + (SQLITE_ONLY if keyed.sql.name == "sqlite" else [])
    for statement in statements:
        with keyed.engine.connect() as conn, pytest.raises(DBAPIError, match=REFUSED):
            conn.exec_driver_sql(statement)
            conn.commit()
    result = verify_register(keyed)
    assert result.ok and result.counts == {"entries": 5, "reviews": 1}


def test_another_program_cannot_replace_either(sqlite_db):
    """sqlite3 as any program opens the file: no recursive_triggers, no foreign keys."""
    set_secret(register_key_name(sqlite_db.url), HALL_KEY)
    _filled(sqlite_db, add_people(sqlite_db))
    conn = sqlite3.connect(str(sqlite_db.url.database))
    try:
        assert conn.execute("PRAGMA recursive_triggers").fetchone() == (0,)
        for statement in SQLITE_ONLY + BOTH:
            with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
                conn.execute(statement)
        conn.rollback()
    finally:
        conn.close()
    assert verify_register(sqlite_db).ok


def test_clerk_turns_recursive_triggers_on(sqlite_db):
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA recursive_triggers").scalar() == 1
