"""refusals: the refusal register (否定备案), append-only by trigger

Revision ID: 0005_refusals
Revises: 0001_foundation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_refusals"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("refusals",)
depends_on: str | Sequence[str] | None = "0004_intake"

GENESIS = "0" * 64
APPEND_ONLY = ("refusal_entry", "refusal_review")


def upgrade() -> None:
    op.create_table(
        "refusal_entry",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_no", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("clerk_name", sa.String(length=64), nullable=False),
        sa.Column("clerk_staff_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("applicant_name", sa.String(length=128), nullable=False),
        sa.Column("applicant_id_no", sa.String(length=32), nullable=False),
        sa.Column("applicant_phone", sa.String(length=32), nullable=False),
        sa.Column("applicant_address", sa.String(length=255), nullable=False),
        sa.Column("matter_code", sa.String(length=64), nullable=False),
        sa.Column("matter_name", sa.String(length=255), nullable=False),
        sa.Column("missing_materials", sa.Text(), nullable=False),
        sa.Column("ticket_no", sa.String(length=16), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["account.id"], name=op.f("fk_refusal_entry_clerk_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["intake_draft.id"], name=op.f("fk_refusal_entry_draft_id_intake_draft")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_refusal_entry_case_id_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refusal_entry")),
        sa.UniqueConstraint("hash", name=op.f("uq_refusal_entry_hash")),
    )
    op.create_index(op.f("ix_refusal_entry_filed_at"), "refusal_entry", ["filed_at"])
    op.create_index(op.f("ix_refusal_entry_clerk_id"), "refusal_entry", ["clerk_id"])
    op.create_index(op.f("ix_refusal_entry_matter_code"), "refusal_entry", ["matter_code"])
    op.create_index(op.f("ix_refusal_entry_case_id"), "refusal_entry", ["case_id"])
    op.create_table(
        "refusal_review",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("manager_name", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["refusal_entry.id"],
            name=op.f("fk_refusal_review_entry_id_refusal_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["account.id"], name=op.f("fk_refusal_review_manager_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refusal_review")),
        sa.UniqueConstraint("hash", name=op.f("uq_refusal_review_hash")),
    )
    op.create_index(op.f("ix_refusal_review_entry_id"), "refusal_review", ["entry_id"])
    head = op.create_table(
        "refusal_chain_head",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_refusal_chain_head")),
    )
    op.bulk_insert(
        head,
        [
            {"name": name, "last_id": 0, "last_hash": GENESIS, "seal": ""}
            for name in ("entries", "reviews")
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'refusal register is append-only: "
                f"{action} on {table} rejected'); END"
            )
    # The head moves forward only: never deleted, its last id never goes back.
    op.execute(
        "CREATE TRIGGER refusal_chain_head_no_delete BEFORE DELETE ON refusal_chain_head "
        "BEGIN SELECT RAISE(ABORT, 'refusal chain head cannot be deleted'); END"
    )
    op.execute(
        "CREATE TRIGGER refusal_chain_head_forward BEFORE UPDATE ON refusal_chain_head "
        "WHEN NEW.last_id < OLD.last_id OR NEW.name != OLD.name "
        "BEGIN SELECT RAISE(ABORT, 'refusal chain head only moves forward'); END"
    )


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION refusal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'refusal register is append-only: % on % rejected', "
        "TG_OP, TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refusal_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refusal_append_only()"
        )
    op.execute(
        "CREATE FUNCTION refusal_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_OP <> 'UPDATE' OR NEW.last_id < OLD.last_id OR NEW.name <> OLD.name THEN "
        "RAISE EXCEPTION 'refusal chain head only moves forward: % rejected', TG_OP; END IF; "
        "RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER refusal_chain_head_forward BEFORE UPDATE OR DELETE "
        "ON refusal_chain_head FOR EACH ROW EXECUTE FUNCTION refusal_head_forward()"
    )
    op.execute(
        "CREATE TRIGGER refusal_chain_head_no_truncate BEFORE TRUNCATE ON refusal_chain_head "
        "FOR EACH STATEMENT EXECUTE FUNCTION refusal_append_only()"
    )


def downgrade() -> None:
    # Dropping a table drops its triggers on both engines.
    for table in ("refusal_review", "refusal_entry", "refusal_chain_head"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION refusal_append_only()")
        op.execute("DROP FUNCTION refusal_head_forward()")
