"""Applicants (and agents): found again by their resident ID number or USCC."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk.domain.intake import ApplicantInput, ApplicantKind
from clerk.services.accounts import Actor, require
from clerk.services.intake.views import WINDOW_ROLES, ApplicantView
from clerk.storage.db import Database
from clerk.storage.models.intake import Applicant


def applicant_view(row: Applicant | None) -> ApplicantView | None:
    if row is None:
        return None
    return ApplicantView(
        row.id,
        ApplicantKind(row.kind),
        row.name,
        row.id_number,
        row.phone,
        row.legal_representative,
        row.address,
    )


def find_applicant(db: Database, actor: Actor, id_number: str) -> ApplicantView | None:
    """A returning applicant, by resident ID number or USCC."""
    require(actor, *WINDOW_ROLES)
    code = id_number.strip().upper()
    with db.session() as s:
        return applicant_view(s.scalar(select(Applicant).where(Applicant.id_number == code)))


def upsert_applicant(s: Session, given: ApplicantInput) -> Applicant:
    """The applicant row for what the clerk typed, added or brought up to date."""
    data = given.validated()
    query = select(Applicant).where(
        Applicant.kind == data.kind.value, Applicant.id_number == data.id_number
    )
    row = s.scalar(query)
    if row is None:
        try:
            with s.begin_nested():
                row = Applicant(kind=data.kind.value, id_number=data.id_number, name=data.name)
                s.add(row)
        except IntegrityError:  # another window added the same applicant just now
            row = s.scalars(query).one()
    row.name = data.name
    # Keep what is known when this visit did not repeat it.
    row.phone = data.phone or row.phone
    row.legal_representative = data.legal_representative or row.legal_representative
    row.address = data.address or row.address
    return row
