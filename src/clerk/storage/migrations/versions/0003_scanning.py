"""scanning: scanned pages of a draft, reference images of forms

Revision ID: 0003_scanning
Revises: 0001_foundation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_scanning"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("scanning",)
depends_on: str | Sequence[str] | None = "0004_intake"


def upgrade() -> None:
    op.create_table(
        "scanned_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("quality", sa.JSON(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.LargeBinary(), nullable=False),
        sa.Column("matched_material", sa.String(length=64), nullable=True),
        sa.Column("match_method", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("material_code", sa.String(length=64), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["intake_draft.id"], name=op.f("fk_scanned_page_draft_id_intake_draft")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["account.id"], name=op.f("fk_scanned_page_confirmed_by_account")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["account.id"], name=op.f("fk_scanned_page_created_by_account")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of"],
            ["scanned_page.id"],
            name=op.f("fk_scanned_page_duplicate_of_scanned_page"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scanned_page")),
    )
    op.create_index(op.f("ix_scanned_page_draft_id"), "scanned_page", ["draft_id"])
    op.create_index(op.f("ix_scanned_page_image_sha256"), "scanned_page", ["image_sha256"])
    op.create_index(op.f("ix_scanned_page_material_code"), "scanned_page", ["material_code"])
    op.create_table(
        "reference_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("material_code", sa.String(length=64), nullable=False),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["account.id"], name=op.f("fk_reference_image_registered_by_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_image")),
        sa.UniqueConstraint(
            "material_code",
            "image_sha256",
            name=op.f("uq_reference_image_material_code_image_sha256"),
        ),
    )
    op.create_index(op.f("ix_reference_image_material_code"), "reference_image", ["material_code"])


def downgrade() -> None:
    op.drop_table("reference_image")
    op.drop_table("scanned_page")
