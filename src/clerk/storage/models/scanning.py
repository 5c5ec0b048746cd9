"""Scanned pages of an application, and the reference images that identify forms.

The image itself is a JPEG file named by its SHA-256 in the page store
(``clerk.storage.pages``); a row here says where the page came from, how good it was,
what codes it carried, which material the pipeline matched and which one the clerk
filed it under. Reference images are stored the same way, per material code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clerk.storage.models.base import Base, Timestamp, utcnow


class ScannedPage(Base):
    __tablename__ = "scanned_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("intake_draft.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # page order within the draft
    image_sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(255))  # camera:0, file:a.pdf#2, hotfolder:…
    # {"sharpness", "brightness", "glare", "page_short_side", "problems": ["模糊", …]}
    quality: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    codes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary)
    # What the pipeline said: material, how (barcode | visual | none), how sure.
    matched_material: Mapped[str | None] = mapped_column(String(64), default=None)
    match_method: Mapped[str] = mapped_column(String(16), default="none")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # Where the page is filed now; differs from matched_material after an override.
    material_code: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
    confirmed_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("scanned_page.id", ondelete="SET NULL"), default=None
    )
    created_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ReferenceImage(Base):
    """A form that identifies a material by its look: a blank form, or a confirmed page."""

    __tablename__ = "reference_image"
    __table_args__ = (UniqueConstraint("material_code", "image_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_code: Mapped[str] = mapped_column(String(64), index=True)
    image_sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)
    registered_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
