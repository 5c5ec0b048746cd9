"""Intake at the window: applicants, unfinished applications (drafts), cases and their papers.

A draft (``intake_draft``) is what the clerk is working on: saved as they go, held by
one clerk at a time, and kept after a one-time notification so the applicant's next
visit starts where the last one ended. Every decision writes one ``case`` with a
hall-wide number, its ``case_material`` rows and its ``case_document`` in a single
transaction; ``decision_key`` makes a retried decision land exactly once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clerk.storage.models.base import Base, Timestamp, utcnow


class Applicant(Base):
    """申请人 or 代办人: a person (resident ID) or an enterprise (USCC), found again by its code."""

    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("kind", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | enterprise
    name: Mapped[str] = mapped_column(String(255))
    # The full resident ID number or USCC; masked wherever it is displayed.
    id_number: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str] = mapped_column(String(32), default="")
    legal_representative: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class IntakeDraft(Base):
    """An application being received, or waiting for the applicant's return after a notification."""

    __tablename__ = "intake_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # open | notified | decided | abandoned
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), default=None)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), default=None)
    subject_kind: Mapped[str] = mapped_column(String(8), default="")  # matter | bundle | ""
    subject_code: Mapped[str] = mapped_column(String(64), default="")
    catalogue_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_version.id"), default=None
    )
    # {material code: {"state": ..., "form": ..., "copies": n, "elicence_type": ...,
    #  "elicence_number": ..., "note": ...}}
    materials: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_clerk_id: Mapped[int] = mapped_column(ForeignKey("account.id"))  # 首问负责
    window_no: Mapped[str] = mapped_column(String(16), default="")
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_ticket.id"), default=None, index=True
    )
    # The clerk who has it open now; another clerk is told who it is.
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
    held_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    visits: Mapped[int] = mapped_column(Integer, default=1)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    service_started_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class CaseNumberCounter(Base):
    """The last sequence handed out per day; its row lock makes case numbers unique hall-wide."""

    __tablename__ = "case_number_counter"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    """办件: one decision on an application, with everything the statistics and the platform need."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    # One per decision the clerk pressed; a retry after a lost connection reuses it.
    decision_key: Mapped[str] = mapped_column(String(64), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("intake_draft.id"), index=True)
    decision: Mapped[str] = mapped_column(String(24), index=True)
    # accepted | accepted_deferred | notified | refused | completed_on_the_spot
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), default=None)
    # matter | bundle; "" for a refusal of a request outside the catalogue (subject_name says what)
    subject_kind: Mapped[str] = mapped_column(String(8))
    subject_code: Mapped[str] = mapped_column(String(64))
    subject_name: Mapped[str] = mapped_column(String(255))
    department: Mapped[str] = mapped_column(String(255), default="")
    catalogue_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_version.id"), default=None
    )
    clerk_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    first_clerk_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    window_no: Mapped[str] = mapped_column(String(16), default="")
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_ticket.id"), default=None, index=True
    )
    ticket_issued_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    ticket_called_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    service_started_at: Mapped[datetime] = mapped_column(Timestamp)
    decided_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    promised_date: Mapped[date | None] = mapped_column(Date, default=None)
    promised_estimated: Mapped[bool] = mapped_column(default=False)
    # When the last deferred material came in (容缺) or the on-the-spot matter was done.
    completed_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    materials_asked: Mapped[int] = mapped_column(Integer, default=0)
    materials_received: Mapped[int] = mapped_column(Integer, default=0)
    materials_exempt: Mapped[int] = mapped_column(Integer, default=0)
    materials_deferred: Mapped[int] = mapped_column(Integer, default=0)
    materials_missing: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=1)
    refusal_category: Mapped[str] = mapped_column(String(24), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")

    materials: Mapped[list[CaseMaterial]] = relationship(
        order_by="CaseMaterial.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[CaseDocument]] = relationship(
        order_by="CaseDocument.id", cascade="all, delete-orphan"
    )


class CaseMaterial(Base):
    """One checklist line of a case as decided: 已收 / 缺 / 容缺 / 免提交."""

    __tablename__ = "case_material"
    __table_args__ = (UniqueConstraint("case_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    necessity: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # received | missing | deferred | exempt
    form_received: Mapped[str] = mapped_column(String(24), default="")  # original | copy | …
    copies: Mapped[int] = mapped_column(Integer, default=0)
    elicence_type: Mapped[str] = mapped_column(String(64), default="")
    elicence_number: Mapped[str] = mapped_column(String(128), default="")
    correction_due: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    received_later_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    received_later_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)


class CaseDocument(Base):
    """A document a decision produced (receipt, commitment, slip, refusal notice), as printed."""

    __tablename__ = "case_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # receipt | commitment | notification | refusal
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ELicence(Base):
    """电子证照 the government holds, imported by IT from a file (the default lookup provider)."""

    __tablename__ = "elicence"
    __table_args__ = (UniqueConstraint("licence_type", "licence_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(64))
    licence_number: Mapped[str] = mapped_column(String(128))
    holder_id_number: Mapped[str] = mapped_column(String(18), index=True)
    holder_name: Mapped[str] = mapped_column(String(255))
    issuer: Mapped[str] = mapped_column(String(255), default="")
    valid_until: Mapped[date | None] = mapped_column(Date, default=None)
    imported_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    source_name: Mapped[str] = mapped_column(String(255), default="")
