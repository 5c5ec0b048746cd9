"""Least privilege on a hall's PostgreSQL: workstations connect as a hall role that owns
nothing and may only append to the register (clerk.storage.roles, `clerk db setup-roles`).

Each test makes its own owner and hall role (unique names, dropped at teardown) on its
own database, and runs the console's real use cases as the hall role.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from clerk.cli import main
from clerk.domain.intake import RefusalCategory
from clerk.domain.workdays import WorkCalendar
from clerk.secrets import get_secret
from clerk.services import intake, queue
from clerk.services.accounts import Role
from clerk.services.refusals import verify_register
from clerk.storage.db import Database, make_engine, password_key
from clerk.storage.models import Base
from clerk.storage.roles import AUDIT_TABLES, COLUMN_UPDATES, TABLE_GRANTS, setup_roles
from tests.intake.conftest import ALL_FOOD, make_desk
from tests.support.actors import add_actor

_counter = itertools.count()
CALENDAR = WorkCalendar()
DENIED = "permission denied|must be owner"


@dataclass
class Hall:
    owner_db: Database  # as the test's superuser: stands for IT
    hall_db: Database  # as the hall role: a workstation
    owner: str
    hall: str

    def as_hall(self, statement: str) -> None:
        with self.hall_db.engine.connect() as conn:
            conn.exec_driver_sql(statement)
            conn.commit()


def _drop_roles(admin: Database, *names: str) -> None:
    with admin.engine.connect() as conn:
        for name in names:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}):
                conn.exec_driver_sql(f'REASSIGN OWNED BY "{name}" TO CURRENT_USER')
                conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
                conn.exec_driver_sql(f'DROP ROLE "{name}"')
        conn.commit()


@pytest.fixture
def role_names(pg_db: Database) -> Iterator[tuple[str, str]]:
    suffix = f"{os.getpid()}_{next(_counter)}"
    names = (f"clerk_t_owner_{suffix}", f"clerk_t_hall_{suffix}")
    yield names
    _drop_roles(pg_db, *names)


@pytest.fixture
def hall(pg_db: Database, role_names: tuple[str, str]) -> Iterator[Hall]:
    """The test database after `setup-roles`, and a workstation's connection to it."""
    owner, hall_role = role_names
    with pg_db.engine.begin() as conn:
        setup_roles(conn, owner=owner, hall=hall_role)
    url = pg_db.url.set(username=hall_role)
    hall_db = Database(url, make_engine(url))
    yield Hall(pg_db, hall_db, owner, hall_role)
    hall_db.dispose()


def test_every_table_is_granted_and_no_audit_table_is_changed():
    tables = set(Base.metadata.tables) | {"alembic_version"}
    assert tables == set(TABLE_GRANTS), "classify each new table in clerk.storage.roles"
    for table in AUDIT_TABLES:
        assert not {"UPDATE", "DELETE", "TRUNCATE"} & set(TABLE_GRANTS[table]), table
    assert set(COLUMN_UPDATES) <= AUDIT_TABLES  # the only UPDATE: a head, by column


def test_the_hall_role_owns_nothing_and_belongs_to_no_role(hall: Hall):
    with hall.hall_db.engine.connect() as conn:
        owned = conn.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relowner = "
                "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
            )
        )
        special = conn.execute(
            text(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        member_of = conn.scalar(
            text(
                "SELECT count(*) FROM pg_auth_members WHERE member = "
                "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
            )
        )
        foreign = conn.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> :owner"
            ),
            {"owner": hall.owner},
        )
    assert owned == 0 and member_of == 0 and not any(special)
    assert foreign == 0  # the owner has every table, sequence and index


def test_the_hall_role_runs_the_console(hall: Hall):
    """Set up, take a ticket, call it, accept a case, notify missing materials (a register
    entry), review it and verify the register: all as the hall role."""
    db = hall.hall_db
    desk = make_desk(db)  # accounts, the catalogue import, the register's key
    admin = add_actor(db, "hall-admin", Role.ADMIN)
    queue.save_category(db, admin, "A", "综合受理", ["M-FOOD"], 0)
    queue.save_window(db, admin, "3", ["A"])
    queue.open_window(db, desk.clerk)
    ticket = queue.issue_ticket(db, "A")
    called = queue.call_next(db, desk.clerk)
    assert called is not None and called.number == ticket.ticket.number
    queue.begin_service(db, desk.clerk, called.id)
    accepted = intake.accept(db, desk.clerk, desk.draft(entries=ALL_FOOD).id, "k1", CALENDAR)
    assert accepted.number
    notified = intake.notify_missing(db, desk.clerk, desk.draft().id, "k2", CALENDAR)
    refusal = intake.RefusalInput(
        RefusalCategory.CONDITIONS_NOT_MET,
        "经营场所位于居民住宅楼内，不符合食品经营场所要求。",
        "《食品经营许可管理办法》第十一条",
    )
    refused = intake.refuse(db, desk.clerk, desk.draft().id, "k3", refusal, CALENDAR)
    assert notified and refused
    result = verify_register(db)
    assert result.ok and result.counts["entries"] == 2


GO_AROUND = (
    "ALTER TABLE refusal_entry DISABLE TRIGGER ALL",
    "ALTER TABLE refusal_entry DISABLE TRIGGER refusal_entry_append_only",
    "DROP TRIGGER refusal_entry_append_only ON refusal_entry",
    "DROP TRIGGER refusal_chain_head_forward ON refusal_chain_head",
    "ALTER TABLE refusal_entry ADD COLUMN note text",
    "ALTER TABLE refusal_chain_head DROP COLUMN seal",
    "DROP TABLE refusal_review",
    "CREATE OR REPLACE FUNCTION refusal_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    "SET session_replication_role = replica",
    "UPDATE refusal_entry SET reason = 'x'",
    "DELETE FROM refusal_entry",
    "TRUNCATE refusal_entry",
    "UPDATE refusal_review SET comment = 'x'",
    "DELETE FROM refusal_review",
    "TRUNCATE refusal_review",
    "DELETE FROM refusal_chain_head",
    "TRUNCATE refusal_chain_head",
    "UPDATE refusal_chain_head SET name = 'x'",
    "INSERT INTO refusal_chain_head VALUES ('x', 0, '', '')",
    "UPDATE print_job SET printer = 'x'",
    "DELETE FROM queue_call",
    "UPDATE alembic_version SET version_num = 'x'",
    "CREATE TABLE refusal_shadow (id integer)",
)


def test_the_hall_role_cannot_go_around_the_register(hall: Hall):
    for statement in GO_AROUND:
        with pytest.raises(DBAPIError, match=DENIED):
            hall.as_hall(statement)
    with hall.hall_db.engine.connect() as conn:
        conn.exec_driver_sql("GRANT UPDATE ON refusal_entry TO PUBLIC")  # only a warning
        assert not conn.scalar(text("SELECT has_table_privilege('refusal_entry', 'UPDATE')"))


def test_an_upsert_into_the_register_is_refused(hall: Hall):
    with pytest.raises(DBAPIError, match=DENIED):
        hall.as_hall(
            "INSERT INTO refusal_chain_head VALUES ('entries', 0, '', '') "
            "ON CONFLICT (name) DO UPDATE SET last_id = 0"
        )


def test_the_head_moves_one_appended_row_at_a_time(hall: Hall):
    """The one UPDATE the hall role has: the trigger allows only what appending does."""
    for statement in (
        "UPDATE refusal_chain_head SET last_hash = repeat('1', 64) WHERE name = 'entries'",
        "UPDATE refusal_chain_head SET last_id = last_id + 2 WHERE name = 'entries'",
        "UPDATE refusal_chain_head SET seal = 'x' WHERE name = 'entries'",
    ):
        with pytest.raises(DBAPIError, match="one appended row at a time"):
            hall.as_hall(statement)
    # A place reserved and never filled cannot commit.
    with pytest.raises(DBAPIError, match="reserved but never appended"):
        hall.as_hall("UPDATE refusal_chain_head SET last_id = last_id + 1 WHERE name = 'entries'")


def _cli_env(monkeypatch: pytest.MonkeyPatch, url: URL) -> str:
    for name in ("CLERK_OWNER_URL", "CLERK_ADMIN_URL", "CLERK_OWNER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def test_setup_roles_from_the_command_line_is_idempotent(
    pg_db: Database, role_names: tuple[str, str], monkeypatch: pytest.MonkeyPatch, capsys
):
    owner, hall_role = role_names
    database = _cli_env(monkeypatch, pg_db.url)
    monkeypatch.setenv("CLERK_HALL_PASSWORD", "hall-secret-2026")
    argv = ["db", "setup-roles", "--database", database, "--admin-url", database]
    argv += ["--owner", owner, "--hall-role", hall_role]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"{owner}、{hall_role}" in out and f"{hall_role}@" in out
    assert "hall-secret-2026" not in out
    assert get_secret(password_key(pg_db.url.set(username=hall_role))) == "hall-secret-2026"
    assert main(argv) == 0  # again: nothing to create, same grants
    assert "已创建" not in capsys.readouterr().out
    with pg_db.engine.connect() as conn:
        verifier = conn.scalar(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": hall_role}
        )
    assert verifier.startswith("SCRAM-SHA-256$")


def test_upgrade_needs_the_owner_and_grants_again(
    hall: Hall, monkeypatch: pytest.MonkeyPatch, capsys
):
    database = _cli_env(monkeypatch, hall.hall_db.url)
    # Non-interactive without an owner: refused before connecting.
    assert main(["db", "upgrade", "--database", database]) == 2
    assert "--owner" in capsys.readouterr().err
    # As the hall role: refused, nothing done.
    assert main(["db", "upgrade", "--database", database, "--owner", hall.hall]) == 2
    assert "不是数据库所有者" in capsys.readouterr().err
    # A grant lost (or a table added since): upgrade as the owner gives it back.
    with hall.owner_db.engine.begin() as conn:
        conn.exec_driver_sql(f'REVOKE ALL ON refusal_entry FROM "{hall.hall}"')
    monkeypatch.setenv("CLERK_OWNER_URL", _cli_env(monkeypatch, hall.owner_db.url))
    assert main(["db", "upgrade", "--database", database]) == 0
    assert f"已重新授权：{hall.hall}" in capsys.readouterr().out
    with hall.hall_db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM refusal_entry")) == 0
        may = conn.scalar(text("SELECT has_table_privilege('refusal_entry', 'UPDATE')"))
    assert may is False


def test_status_warns_a_workstation_that_connects_as_the_owner(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch, capsys
):
    database = _cli_env(monkeypatch, pg_db.url)
    assert main(["db", "status", "--database", database]) == 0
    assert "clerk db setup-roles" in capsys.readouterr().out
