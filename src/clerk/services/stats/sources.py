"""The five sources of the statistics, in the order a report is filled: tickets first
(they lay out the report's days, which the others fill in)."""

from __future__ import annotations

from clerk.domain.stats import Source
from clerk.services.stats import cases, corrections, ratings, refusals, tickets
from clerk.services.stats.summary import SourceDef

SOURCES: tuple[SourceDef, ...] = (
    tickets.SOURCE,
    cases.SOURCE,
    corrections.SOURCE,
    ratings.SOURCE,
    refusals.SOURCE,
)
BY_SOURCE: dict[Source, SourceDef] = {source.source: source for source in SOURCES}
