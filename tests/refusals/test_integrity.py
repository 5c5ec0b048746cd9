"""The register cannot be changed quietly: triggers refuse edits, verify catches the rest."""

from __future__ import annotations

import pytest
from sqlalchemy import Integer
from sqlalchemy.exc import DBAPIError

from clerk.domain.errors import ClerkError
from clerk.domain.refusal_chain import ENTRY_TAG, Problem, link_hash, seal
from clerk.secrets import set_secret
from clerk.services.refusals import (
    RefusalFiling,
    file_refusal,
    register_key_name,
    review,
    set_hall_key,
    verify_register,
)
from clerk.services.refusals import integrity as refusal_integrity  # its internals are patched
from clerk.storage.db import Database
from clerk.storage.models.refusals import ENTRY_CHAIN_COLUMNS, RefusalEntry
from tests.refusals.conftest import HALL_KEY, Staff, add_people, notification
from tests.refusals.tampering import tamper

FILINGS = [
    notification(),
    RefusalFiling(
        kind="refusal",
        category="不属于本机关职权范围",
        reason="出入境证件由公安出入境窗口办理",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第二项",
        applicant_name="刘洋",
        applicant_id_no="110105194912310037",
        applicant_phone="13900001111",
        applicant_address="北京市朝阳区建国路1号",
        facts="申请人要求在综合窗口办理护照",
        ticket_no="A020",
    ),
    RefusalFiling(kind="unserved", category="系统故障", reason="省平台无法登录"),
    notification(applicant_name="周敏", missing_materials=["营业执照副本"], ticket_no="B007"),
    notification(applicant_name="吴刚", ticket_no="B011"),
]


def fill(db: Database, staff: Staff) -> None:
    for number, filing in enumerate(FILINGS):
        with db.session() as s:
            file_refusal(s, staff.clerk if number % 2 else staff.clerk2, filing)


def finding(db: Database):
    result = verify_register(db)
    assert not result.ok, "verify did not notice"
    return result.finding


def test_an_untouched_register_verifies(keyed, staff):
    fill(keyed, staff)
    review(keyed, staff.manager, 2, agree=False, comment="应引导至出入境窗口并电话回访")
    result = verify_register(keyed)
    assert result.ok and result.counts == {"entries": 5, "reviews": 1}


@pytest.mark.parametrize("table", ["refusal_entry", "refusal_review"])
def test_triggers_reject_update_and_delete(keyed, staff, table):
    fill(keyed, staff)
    review(keyed, staff.manager, 1, agree=True, comment="")
    column = "reason" if table == "refusal_entry" else "comment"
    for statement in (f"UPDATE {table} SET {column} = 'x' WHERE id = 1", f"DELETE FROM {table}"):
        with keyed.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.exec_driver_sql(statement)
    assert verify_register(keyed).ok


def test_the_chain_head_only_moves_forward(keyed, staff):
    fill(keyed, staff)
    for statement in (
        "UPDATE refusal_chain_head SET last_id = 2 WHERE name = 'entries'",
        "DELETE FROM refusal_chain_head",
    ):
        with keyed.engine.connect() as conn, pytest.raises(DBAPIError, match="refusal chain head"):
            conn.exec_driver_sql(statement)


def _tampered_value(column: str, db: Database) -> str:
    if column in ("filed_at",):
        return "'2020-01-01 00:00:00.000000'"
    if isinstance(RefusalEntry.__table__.c[column].type, Integer):
        return "777"
    return "'X'"


@pytest.mark.parametrize("column", [*ENTRY_CHAIN_COLUMNS[1:], "hash", "seal"])
@pytest.mark.parametrize("position", [1, 3, 5])
def test_changing_any_column_of_any_entry_is_caught(keyed, staff, column, position):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        value = _tampered_value(column, keyed)
        conn.exec_driver_sql(f"UPDATE refusal_entry SET {column} = {value} WHERE id = {position}")
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.ALTERED, position)
    assert f"第{position}号否定备案被改动" in found.message


def test_changing_an_entrys_number_is_caught(keyed, staff):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        conn.exec_driver_sql("UPDATE refusal_entry SET id = 99 WHERE id = 3")
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.REMOVED, 3)


@pytest.mark.parametrize("position", [1, 3, 5])
def test_deleting_an_entry_is_caught(keyed, staff, position):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        conn.exec_driver_sql(f"DELETE FROM refusal_entry WHERE id = {position}")
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.REMOVED, position)
    assert f"第{position}号否定备案已被删除" in found.message


def _forged_row(conn, entry_id: int, prev_hash: str) -> None:
    """An entry made by someone who knows the format but not the hall's key."""
    values = {
        "id": entry_id,
        "filed_at": "2026-03-02 01:00:00.000000",
        "window_no": "9",
        "clerk_id": 1,
        "clerk_name": "冒名",
        "clerk_staff_no": "C9999",
        "kind": "unserved",
        "category": "其他",
        "reason": "伪造",
        "legal_basis": "",
        "facts": "",
        "applicant_name": "",
        "applicant_id_no": "",
        "applicant_phone": "",
        "applicant_address": "",
        "matter_code": "",
        "matter_name": "",
        "missing_materials": "[]",
        "ticket_no": "",
        "draft_id": None,
        "case_id": None,
        "prev_hash": prev_hash,
    }
    payload = [values[c] for c in ENTRY_CHAIN_COLUMNS]
    values["hash"] = link_hash(ENTRY_TAG, payload)
    values["seal"] = seal(b"a guess at the hall key", values["hash"])
    names = ", ".join(values)
    marks = ", ".join("?" if conn.dialect.name == "sqlite" else "%s" for _ in values)
    conn.exec_driver_sql(
        f"INSERT INTO refusal_entry ({names}) VALUES ({marks})", tuple(values.values())
    )


def _hash_of(conn, entry_id: int) -> str:
    return conn.exec_driver_sql(f"SELECT hash FROM refusal_entry WHERE id = {entry_id}").scalar()


def test_an_entry_appended_without_the_key_is_caught(keyed, staff):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        _forged_row(conn, 6, _hash_of(conn, 5))
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.INSERTED, 6)


def test_an_entry_slipped_into_the_middle_is_caught(keyed, staff):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        for entry_id in (5, 4, 3):  # make room at 3, highest first
            conn.exec_driver_sql(
                f"UPDATE refusal_entry SET id = {entry_id + 1} WHERE id = {entry_id}"
            )
        _forged_row(conn, 3, _hash_of(conn, 2))
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.INSERTED, 3)
    assert "第3号否定备案是被插入的" in found.message


@pytest.mark.parametrize(("a", "b"), [(2, 4), (3, 4), (1, 5)])
def test_swapping_two_entries_is_caught(keyed, staff, a, b):
    fill(keyed, staff)
    with tamper(keyed) as conn:
        conn.exec_driver_sql(f"UPDATE refusal_entry SET id = -1 WHERE id = {a}")
        conn.exec_driver_sql(f"UPDATE refusal_entry SET id = {a} WHERE id = {b}")
        conn.exec_driver_sql(f"UPDATE refusal_entry SET id = {b} WHERE id = -1")
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.REORDERED, a)
    assert f"第{a}号否定备案的位置被调换" in found.message


def test_a_changed_review_is_caught(keyed, staff):
    fill(keyed, staff)
    review(keyed, staff.manager, 1, agree=False, comment="理由不充分")
    review(keyed, staff.manager, 2, agree=True, comment="")
    with tamper(keyed) as conn:
        conn.exec_driver_sql("UPDATE refusal_review SET kind = 'agree' WHERE id = 1")
    found = finding(keyed)
    assert (found.problem, found.row_id) == (Problem.ALTERED, 1)
    assert "第1号复核记录被改动" in found.message


def test_a_wrong_hall_key_is_caught(keyed, staff):
    fill(keyed, staff)
    set_secret(register_key_name(keyed.url), "another hall's key, 0123456789abcdef")
    found = finding(keyed)
    assert found.problem is Problem.WRONG_KEY and "密钥与登记簿不符" in found.message
    with pytest.raises(ClerkError, match="密钥与登记簿不符"), keyed.session() as s:
        file_refusal(s, staff.clerk, notification())


def test_the_admin_cannot_set_a_key_that_does_not_match_the_register(keyed, staff):
    fill(keyed, staff)
    with pytest.raises(ClerkError, match="签封不符"):
        set_hall_key(keyed, staff.admin, "another hall's key, 0123456789abcdef")
    assert set_hall_key(keyed, staff.admin, HALL_KEY) == HALL_KEY
    with pytest.raises(ClerkError, match="至少需要32个字符"):
        set_hall_key(keyed, staff.admin, "short")


def test_a_new_hall_gets_a_generated_key(db, staff):
    key = set_hall_key(db, staff.admin, None)
    assert len(key) == 64
    fill(db, staff)
    assert verify_register(db).ok


def test_verify_without_a_key_says_so(db):
    with pytest.raises(ClerkError, match="尚未设置否定备案密钥"):
        verify_register(db)


def test_awkward_text_hashes_the_same_in_python_and_in_postgresql(keyed, staff):
    """Entries are hashed by Python when filed and by the database (PostgreSQL) when
    verified: quotes, backslashes, control characters, rare CJK and emoji must agree."""
    awkward = 'He said "no"\\ \n\t\r\b\f \x01\x1f\x7f 𠀀𪚥 ☺️ \u2028 </script> 100%_'
    with keyed.session() as s:
        file_refusal(
            s,
            staff.clerk,
            notification(
                reason=awkward, applicant_name="𠀀明", missing_materials=[awkward, "“引号”"]
            ),
        )
        file_refusal(s, staff.clerk, notification())
    assert verify_register(keyed).ok
    with tamper(keyed) as conn:
        conn.exec_driver_sql("UPDATE refusal_entry SET reason = reason || ' ' WHERE id = 1")
    assert finding(keyed).row_id == 1


def _swap(conn, a: int, b: int) -> None:
    conn.exec_driver_sql(f"UPDATE refusal_entry SET id = -1 WHERE id = {a}")
    conn.exec_driver_sql(f"UPDATE refusal_entry SET id = {a} WHERE id = {b}")
    conn.exec_driver_sql(f"UPDATE refusal_entry SET id = {b} WHERE id = -1")


def _make_room_at_3(conn) -> None:
    for entry_id in (5, 4, 3):
        conn.exec_driver_sql(f"UPDATE refusal_entry SET id = {entry_id + 1} WHERE id = {entry_id}")
    _forged_row(conn, 3, _hash_of(conn, 2))


SPLIT_TAMPERING = {
    "altered at a cut": lambda conn: conn.exec_driver_sql(
        "UPDATE refusal_entry SET reason = 'X' WHERE id = 4"
    ),
    "seal of a stretch's first row": lambda conn: conn.exec_driver_sql(
        "UPDATE refusal_entry SET seal = 'X' WHERE id = 2"
    ),
    "deleted at a cut": lambda conn: conn.exec_driver_sql("DELETE FROM refusal_entry WHERE id = 3"),
    "deleted after a cut": lambda conn: conn.exec_driver_sql(
        "DELETE FROM refusal_entry WHERE id = 2"
    ),
    "tail deleted": lambda conn: conn.exec_driver_sql("DELETE FROM refusal_entry WHERE id >= 4"),
    "swapped across cuts": lambda conn: _swap(conn, 1, 5),
    "swapped at a cut": lambda conn: _swap(conn, 3, 4),
    "inserted": _make_room_at_3,
    "appended": lambda conn: _forged_row(conn, 6, _hash_of(conn, 5)),
    "number changed": lambda conn: conn.exec_driver_sql(
        "UPDATE refusal_entry SET id = 99 WHERE id = 3"
    ),
}


@pytest.mark.parametrize("how", list(SPLIT_TAMPERING))
def test_a_walk_cut_into_stretches_finds_what_one_walk_finds(keyed, staff, how, monkeypatch):
    """Long registers are walked in stretches at once (one process each), read a page
    at a time; cut five entries into three stretches, (…1], (1…3], (3…), read two rows
    a page, and tamper around the cuts."""
    monkeypatch.setattr(refusal_integrity, "PAGE", 2)
    fill(keyed, staff)
    assert verify_register(keyed, parts=3).ok
    with tamper(keyed) as conn:
        SPLIT_TAMPERING[how](conn)
    whole = finding(keyed)
    split = verify_register(keyed, parts=3)
    assert split.finding == whole and split.counts == verify_register(keyed).counts


def test_a_key_longer_than_a_hash_block_verifies(db, staff):
    set_hall_key(db, staff.admin, "长" * 40 + "a hall key longer than sixty-four bytes")
    fill(db, staff)
    assert verify_register(db).ok and verify_register(db, parts=2).ok
    with tamper(db) as conn:
        conn.exec_driver_sql("UPDATE refusal_entry SET seal = 'X' WHERE id = 2")
    assert (finding(db).problem, finding(db).row_id) == (Problem.ALTERED, 2)


def test_a_sqlite_that_escapes_otherwise_is_verified_in_python(sqlite_db, monkeypatch):
    """Verify checks that SQLite's json_quote escapes like the canonical encoding; a
    SQLite that does not (another version) gets the rows encoded in Python instead."""
    monkeypatch.setattr(refusal_integrity, "_sqlite_escapes_alike", lambda conn: False)
    set_secret(register_key_name(sqlite_db.url), HALL_KEY)
    staff = add_people(sqlite_db)
    fill(sqlite_db, staff)
    assert verify_register(sqlite_db).ok
    with tamper(sqlite_db) as conn:
        conn.exec_driver_sql("UPDATE refusal_entry SET facts = 'X' WHERE id = 3")
    assert (finding(sqlite_db).problem, finding(sqlite_db).row_id) == (Problem.ALTERED, 3)
