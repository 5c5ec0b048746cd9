"""Per-day summaries of the hall statistics (derived data, rebuilt from the events at will).

A closed day's figures are kept per source (tickets, cases, corrections, ratings, register
entries), per breakdown (``dimension``: hall, window, clerk, matter, bundle) and per key
of it, so a period's figures are sums over a few rows per day. The waits themselves are
kept per day (and closed month) and key (``waits``: the day's waits in seconds, float64, in no order), so a
period's 90th percentile is exact. Figures that depend on "today" are kept in a form
that does not: deferred materials and poor ratings per due date.

``stats_day`` lists the days summarised; triggers on the source tables (migration
``0007_stats``) add ``(day, source)`` to ``stats_stale`` whenever a row of that day
changes, and the next query rebuilds that part of the day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from clerk.storage.models.base import Base, Timestamp


class StatsDay(Base):
    """A closed day whose summary rows are written."""

    __tablename__ = "stats_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    summarised_at: Mapped[datetime] = mapped_column(Timestamp)


class StatsStale(Base):
    """A day whose rows of one source changed after it was summarised (a mark may be
    there twice: two writers at once each add theirs rather than wait on the other)."""

    __tablename__ = "stats_stale"
    __table_args__ = (Index("ix_stats_stale_day", "day", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12))


class _Keyed:
    """Columns every summary row has: what it is about. A row of ``span`` "month" adds
    up the days of a closed month (``day`` is its 1st)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(8))
    span: Mapped[str] = mapped_column(String(5))  # day | month
    day: Mapped[date] = mapped_column(Date)
    key: Mapped[str] = mapped_column(String(64))


class StatsTicketDay(_Keyed, Base):
    __tablename__ = "stats_ticket_day"
    __table_args__ = (Index("ix_stats_ticket_day", "dimension", "span", "day", "key"),)

    tickets: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    served: Mapped[int] = mapped_column(Integer)
    no_show: Mapped[int] = mapped_column(Integer)
    wait_sum: Mapped[float | None] = mapped_column(Float)
    wait_max: Mapped[float | None] = mapped_column(Float)
    service_sum: Mapped[float | None] = mapped_column(Float)
    service_n: Mapped[int] = mapped_column(Integer)
    waits: Mapped[bytes] = mapped_column(LargeBinary)  # last: read only when asked for


class StatsTicketHour(_Keyed, Base):
    """Tickets by hour of issue (the heat map)."""

    __tablename__ = "stats_ticket_hour"
    __table_args__ = (Index("ix_stats_ticket_hour", "dimension", "key", "day"),)

    hour: Mapped[int] = mapped_column(Integer)
    tickets: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    wait_sum: Mapped[float | None] = mapped_column(Float)


class StatsCaseDay(_Keyed, Base):
    __tablename__ = "stats_case_day"
    __table_args__ = (Index("ix_stats_case_day", "dimension", "span", "day", "key"),)

    cases: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    accepted_deferred: Mapped[int] = mapped_column(Integer)
    notified: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer)
    completed_on_the_spot: Mapped[int] = mapped_column(Integer)
    accepting_cases: Mapped[int] = mapped_column(Integer)
    received_sum: Mapped[int | None] = mapped_column(Integer)
    exempt_sum: Mapped[int | None] = mapped_column(Integer)
    final_cases: Mapped[int] = mapped_column(Integer)
    visits_sum: Mapped[int | None] = mapped_column(Integer)
    one_visit: Mapped[int] = mapped_column(Integer)
    bundle_cases: Mapped[int] = mapped_column(Integer)
    materials_saved: Mapped[int] = mapped_column(Integer)


class StatsCorrectionDay(_Keyed, Base):
    """Deferred materials of the cases decided that day, per correction deadline."""

    __tablename__ = "stats_correction_day"
    __table_args__ = (Index("ix_stats_correction_day", "dimension", "span", "day", "key"),)

    due: Mapped[date] = mapped_column(Date)
    corrections_due: Mapped[int] = mapped_column(Integer)
    corrections_brought: Mapped[int] = mapped_column(Integer)
    brought_late: Mapped[int] = mapped_column(Integer)
    corrections_outstanding: Mapped[int] = mapped_column(Integer)


class StatsRatingDay(_Keyed, Base):
    """Ratings per level and, for poor ones, per follow-up due date."""

    __tablename__ = "stats_rating_day"
    __table_args__ = (Index("ix_stats_rating_day", "dimension", "span", "day", "key"),)

    level: Mapped[str] = mapped_column(String(20))
    due: Mapped[date | None] = mapped_column(Date)
    ratings: Mapped[int] = mapped_column(Integer)
    rectified: Mapped[int] = mapped_column(Integer)
    rectified_on_time: Mapped[int] = mapped_column(Integer)
    rectification_open: Mapped[int] = mapped_column(Integer)


class StatsRefusalDay(_Keyed, Base):
    """Register entries per kind, category and review state (as of the summary)."""

    __tablename__ = "stats_refusal_day"
    __table_args__ = (Index("ix_stats_refusal_day", "dimension", "span", "day", "key"),)

    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12))
    refusal_entries: Mapped[int] = mapped_column(Integer)
