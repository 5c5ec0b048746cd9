"""The hall's catalogue (材料目录): matters, their materials, bundles; versioned.

Every import writes a whole new version; cases keep the version they were received
under, so a row here is never changed once written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clerk.storage.models.base import Base, Timestamp, utcnow


class CatalogueVersion(Base):
    __tablename__ = "catalogue_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)

    matters: Mapped[list[Matter]] = relationship(
        back_populates="version", order_by="Matter.code", cascade="all, delete-orphan"
    )
    bundles: Mapped[list[Bundle]] = relationship(
        back_populates="version", order_by="Bundle.code", cascade="all, delete-orphan"
    )


class Matter(Base):
    """事项: one government service item."""

    __tablename__ = "matter"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_version.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    department: Mapped[str] = mapped_column(String(128))
    department_code: Mapped[str] = mapped_column(String(64), default="")
    legal_days: Mapped[int] = mapped_column(Integer)
    promised_days: Mapped[int] = mapped_column(Integer)
    fee: Mapped[str] = mapped_column(String(255), default="不收费")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    on_the_spot: Mapped[bool] = mapped_column(Boolean, default=False)

    version: Mapped[CatalogueVersion] = relationship(back_populates="matters")
    materials: Mapped[list[Material]] = relationship(
        back_populates="matter", order_by="Material.position", cascade="all, delete-orphan"
    )


class Material(Base):
    """材料: one document a matter asks for, with its implementation-list fields."""

    __tablename__ = "material"
    __table_args__ = (UniqueConstraint("matter_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # The code names the kind of document hall-wide: the same code in two matters is
    # the same paper, which is how a bundle asks for it once.
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    form: Mapped[str] = mapped_column(
        String(24)
    )  # original | copy | original_and_copy | electronic
    copies: Mapped[int] = mapped_column(Integer, default=1)
    necessity: Mapped[str] = mapped_column(String(16))  # required | optional | deferrable
    correction_days: Mapped[int | None] = mapped_column(Integer, default=None)
    source_channel: Mapped[str] = mapped_column(String(16), default="applicant")
    source_note: Mapped[str] = mapped_column(Text, default="")
    acceptance_standard: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    sight_only: Mapped[bool] = mapped_column(Boolean, default=False)  # 验 (returned) vs 收 (kept)
    elicence_type: Mapped[str | None] = mapped_column(String(64), default=None)
    paper_size: Mapped[str] = mapped_column(String(16), default="A4")
    filling_notes: Mapped[str] = mapped_column(Text, default="")
    # [{"pattern": "<regex, named group uscc>", "format": "QRCode"}]: codes that identify it.
    barcode_rules: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)

    matter: Mapped[Matter] = relationship(back_populates="materials")


class Bundle(Base):
    """一件事: several matters received as one application."""

    __tablename__ = "bundle"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_version.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    promised_days: Mapped[int] = mapped_column(Integer)

    version: Mapped[CatalogueVersion] = relationship(back_populates="bundles")
    members: Mapped[list[BundleMatter]] = relationship(
        order_by="BundleMatter.position", cascade="all, delete-orphan"
    )


class BundleMatter(Base):
    __tablename__ = "bundle_matter"

    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundle.id"), primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    matter: Mapped[Matter] = relationship()
