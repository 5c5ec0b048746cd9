"""The print log: every print and reprint of a document, its printer and its result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clerk.storage.models.base import Base, Timestamp, utcnow

# result: "printing" while the printer has it (left so if the workstation died meanwhile),
# then "printed" or "failed".
PRINT_RESULTS = ("printing", "printed", "failed")


class PrintJob(Base):
    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_kind_reference", "kind", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # clerk.documents.data.DocumentKind
    reference: Mapped[str] = mapped_column(String(64))  # case, slip, notice or ticket number
    printer: Mapped[str] = mapped_column(String(255))  # plugin:target, e.g. cups:HallPDF
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    window_no: Mapped[str] = mapped_column(String(16), default="")
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str] = mapped_column(String(16), default="printing")
    message: Mapped[str] = mapped_column(Text, default="")  # the Chinese error on failure
    spool_ref: Mapped[str] = mapped_column(String(255), default="")  # job id or file
    requested_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
