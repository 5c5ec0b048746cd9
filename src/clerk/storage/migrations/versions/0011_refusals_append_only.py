"""refusals: no write into the register around its triggers; the head moves one row at a time

Revision ID: 0011_refusals_append_only
Revises: 0010_stats_today

On 0010_stats_today, the last revision of the line the refusals' branch shares with the
statistics (0007_stats builds on 0005_refusals), so the database keeps one head there.

**SQLite: REPLACE.** ``INSERT OR REPLACE`` (and ``REPLACE INTO``) on a row that exists
deletes that row first, and SQLite fires delete triggers for it only when the
connection has ``PRAGMA recursive_triggers = ON``. clerk turns the pragma on for its own
connections (``clerk.storage.db``), but any other program opening the file has it off.
So a BEFORE INSERT trigger now refuses an insert whose id or hash (an entry, a review)
or name (a head) is already there: it fires before the conflict is resolved, whatever
the connection's pragmas. ``INSERT … ON CONFLICT DO UPDATE`` is an UPDATE and was
already refused, as are UPDATE and DELETE. PostgreSQL has no REPLACE, and its upsert is
an UPDATE (refused by trigger, and the hall role has no UPDATE on these tables).

**Both engines: the head moves one row at a time.** Appending (``_append`` in
``clerk.services.refusals``) updates a head twice in one transaction: ``last_id + 1``
(the row locked, the place reserved), then, once the row is written, ``last_hash`` and
``seal`` of that row. The head's trigger allowed any update that kept ``last_id`` from
going back; it now allows exactly those two steps: the id one more with hash and seal
unchanged, or the same id with ``last_hash`` set to the hash of the row at that id whose
``prev_hash`` is the head's old hash. So the head cannot be set to any other hash, and
each position's seal is written once. On PostgreSQL a deferred constraint trigger also
checks at commit that the head's row exists with that hash: a transaction that reserves
a place and appends nothing cannot commit.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_refusals_append_only"
down_revision: str | Sequence[str] | None = "0010_stats_today"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHAINS = {"entries": "refusal_entry", "reviews": "refusal_review"}
# The update of a head that _append makes, with N/O for the NEW and OLD rows.
ONE_STEP = (
    "N.name = O.name AND ("
    "(N.last_id = O.last_id + 1 AND N.last_hash = O.last_hash AND N.seal = O.seal) OR "
    "(N.last_id = O.last_id AND ("
    + " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} r WHERE N.name = '{chain}' AND r.id = N.last_id "
        "AND r.prev_hash = O.last_hash AND r.hash = N.last_hash)"
        for chain, table in CHAINS.items()
    )
    + ")))"
)
FORWARD_MESSAGE = "refusal chain head only moves forward, one appended row at a time"
OLD_FORWARD_SQLITE = (
    "CREATE TRIGGER refusal_chain_head_forward BEFORE UPDATE ON refusal_chain_head "
    "WHEN NEW.last_id < OLD.last_id OR NEW.name != OLD.name "
    "BEGIN SELECT RAISE(ABORT, 'refusal chain head only moves forward'); END"
)
OLD_FORWARD_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION refusal_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF TG_OP <> 'UPDATE' OR NEW.last_id < OLD.last_id OR NEW.name <> OLD.name THEN "
    "RAISE EXCEPTION 'refusal chain head only moves forward: % rejected', TG_OP; END IF; "
    "RETURN NEW; END $$"
)


def _step(new: str, old: str) -> str:
    return ONE_STEP.replace("N.", f"{new}.").replace("O.", f"{old}.")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _sqlite() -> None:
    for table in CHAINS.values():
        op.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id OR hash = NEW.hash) "
            f"BEGIN SELECT RAISE(ABORT, 'refusal register is append-only: INSERT over an "
            f"existing row of {table} rejected'); END"
        )
    op.execute(
        "CREATE TRIGGER refusal_chain_head_no_replace BEFORE INSERT ON refusal_chain_head "
        "WHEN EXISTS (SELECT 1 FROM refusal_chain_head WHERE name = NEW.name) "
        "BEGIN SELECT RAISE(ABORT, 'refusal chain head cannot be replaced'); END"
    )
    op.execute("DROP TRIGGER refusal_chain_head_forward")
    op.execute(
        "CREATE TRIGGER refusal_chain_head_forward BEFORE UPDATE ON refusal_chain_head "
        f"WHEN NOT ({_step('NEW', 'OLD')}) "
        f"BEGIN SELECT RAISE(ABORT, '{FORWARD_MESSAGE}'); END"
    )


def _postgresql() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION refusal_head_forward() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN IF TG_OP <> 'UPDATE' OR NOT ({_step('NEW', 'OLD')}) THEN "
        f"RAISE EXCEPTION '{FORWARD_MESSAGE}: % rejected', TG_OP; END IF; "
        "RETURN NEW; END $$"
    )
    rows = " UNION ALL ".join(
        f"SELECT 1 FROM {table} WHERE h.name = '{chain}' AND id = h.last_id AND hash = h.last_hash"
        for chain, table in CHAINS.items()
    )
    op.execute(
        "CREATE FUNCTION refusal_head_complete() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE h refusal_chain_head%ROWTYPE; BEGIN "
        "SELECT * INTO h FROM refusal_chain_head WHERE name = NEW.name; "
        f"IF FOUND AND h.last_id > 0 AND NOT EXISTS ({rows}) THEN "
        "RAISE EXCEPTION 'refusal chain head %: row % reserved but never appended', "
        "h.name, h.last_id; END IF; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER refusal_chain_head_complete AFTER UPDATE "
        "ON refusal_chain_head DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION refusal_head_complete()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER refusal_chain_head_complete ON refusal_chain_head")
        op.execute("DROP FUNCTION refusal_head_complete()")
        op.execute(OLD_FORWARD_POSTGRESQL)
        return
    for table in (*CHAINS.values(), "refusal_chain_head"):
        op.execute(f"DROP TRIGGER {table}_no_replace")
    op.execute("DROP TRIGGER refusal_chain_head_forward")
    op.execute(OLD_FORWARD_SQLITE)
