"""Ratings (好差评) and the follow-ups a poor rating opens for the manager."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clerk.storage.models.base import Base, Timestamp


class Rating(Base):
    """One rating: 一次一评、一事一评 (one per case; one per visit that made no case)."""

    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("queue_ticket.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), unique=True, default=None)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    window_no: Mapped[str] = mapped_column(String(16))
    # The matter rated: the case's matter or bundle, else the ticket's service category.
    matter_code: Mapped[str] = mapped_column(String(64), default="")
    matter_name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(20))
    # very_satisfied | satisfied | basically_satisfied | dissatisfied | very_dissatisfied
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(16), default="evaluator")  # 窗口评价器
    rated_at: Mapped[datetime] = mapped_column(Timestamp, index=True)

    follow_up: Mapped[RatingFollowUp | None] = relationship(back_populates="rating")


class RatingFollowUp(Base):
    """整改: a poor rating is called back and its cause put right by a due date."""

    __tablename__ = "rating_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(Timestamp)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    # The due date was counted on weekends only (the holiday calendar lacks the year).
    due_estimated: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(8), default="open")  # open | closed
    result: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(Timestamp, default=None)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), default=None)

    rating: Mapped[Rating] = relationship(back_populates="follow_up")
