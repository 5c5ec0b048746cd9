"""The refusal register (否定备案): entries, reviews and follow-ups, and the chain heads.

Entries and reviews are append-only: database triggers (migration 0005_refusals)
reject UPDATE and DELETE. Each row's id is its position in its chain, assigned while
the chain head is locked; ``prev_hash``, ``hash`` and ``seal`` are explained in
``clerk.domain.refusal_chain``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clerk.storage.models.base import Base, Timestamp


class RefusalEntry(Base):
    """One "no" said at a window: 不予受理, 一次性告知, or an applicant left unserved."""

    __tablename__ = "refusal_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    filed_at: Mapped[datetime] = mapped_column(Timestamp, index=True)
    window_no: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    clerk_name: Mapped[str] = mapped_column(String(64))
    clerk_staff_no: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # refusal | notification | unserved
    category: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    facts: Mapped[str] = mapped_column(Text)
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_id_no: Mapped[str] = mapped_column(String(32))
    applicant_phone: Mapped[str] = mapped_column(String(32))
    applicant_address: Mapped[str] = mapped_column(String(255))
    matter_code: Mapped[str] = mapped_column(String(64), index=True)
    matter_name: Mapped[str] = mapped_column(String(255))
    missing_materials: Mapped[str] = mapped_column(Text)  # JSON list of material names
    ticket_no: Mapped[str] = mapped_column(String(16))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("intake_draft.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    seal: Mapped[str] = mapped_column(String(64))


class RefusalReview(Base):
    """A manager's verdict on an entry (agree / disagree) or a follow-up after a disagreement."""

    __tablename__ = "refusal_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry_id: Mapped[int] = mapped_column(ForeignKey("refusal_entry.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)
    kind: Mapped[str] = mapped_column(String(16))  # agree | disagree | follow_up
    manager_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    manager_name: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text)
    resolved: Mapped[int] = mapped_column(Integer)  # 1: this follow-up closes the matter
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    seal: Mapped[str] = mapped_column(String(64))


class RefusalChainHead(Base):
    """Where a chain ends; the row locked while appending, so appends form one line."""

    __tablename__ = "refusal_chain_head"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)  # entries | reviews
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64))


def _chain_columns(table: str) -> tuple[str, ...]:
    columns = Base.metadata.tables[table].columns
    return tuple(c.name for c in columns if c.name not in ("hash", "seal"))


# The columns a row's hash covers, in canonical order: every column but hash and seal,
# in declaration order, ending with prev_hash. Changing them needs a new chain tag.
ENTRY_CHAIN_COLUMNS = _chain_columns(RefusalEntry.__tablename__)
REVIEW_CHAIN_COLUMNS = _chain_columns(RefusalReview.__tablename__)
