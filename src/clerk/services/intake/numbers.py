"""Case numbers: the day's sequence, unique hall-wide."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from clerk.domain.intake import case_number
from clerk.storage.dialect import sql_of
from clerk.storage.models.intake import CaseNumberCounter


def next_number(s: Session, day: date) -> str:
    """The next case number of the day, unique hall-wide.

    The counter row's UPDATE locks it until the transaction ends (PostgreSQL), or runs
    under SQLite's single writer lock taken by ``begin_write``: a second window waits
    and then reads the incremented value.
    """
    bump = (
        update(CaseNumberCounter)
        .where(CaseNumberCounter.day == day)
        .values(last_sequence=CaseNumberCounter.last_sequence + 1)
        .returning(CaseNumberCounter.last_sequence)
        .execution_options(synchronize_session=False)
    )
    sequence = s.execute(bump).scalar_one_or_none()
    if sequence is None:
        insert = sql_of(s).insert
        s.execute(
            insert(CaseNumberCounter).values(day=day, last_sequence=0).on_conflict_do_nothing()
        )
        sequence = s.execute(bump).scalar_one()
    return case_number(day, sequence)
