"""Corrections (补正): deferred materials brought in after a 容缺受理, and the lists of what is due.

The applicant may come back to any window: any clerk finds a case with pending
corrections by its number (the barcode on the receipt), the applicant's ID number or
USCC, or their name. The lists of corrections due show a clerk their own cases and a
manager every case of the hall.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_, select

from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.halltime import hall_date
from clerk.domain.intake import parse_case_number
from clerk.services.accounts import Actor, require
from clerk.services.intake.cases import case_summaries
from clerk.services.intake.views import WINDOW_ROLES, CaseSummary, masked_code
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now, sql_of
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Applicant, Case, CaseMaterial

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorrectionDue:
    case_id: int
    number: str
    applicant_name: str
    applicant_masked_id: str
    subject_name: str
    material_code: str
    material_name: str
    due: date
    overdue: bool
    clerk_name: str


@dataclass(frozen=True)
class CaseDue:
    """One case owing deferred materials, as the lists of corrections due show it."""

    case_id: int
    number: str
    applicant_name: str
    applicant_masked_id: str
    subject_name: str
    materials: tuple[str, ...]  # names of the deferred materials not yet brought
    due: date  # the earliest of their deadlines
    days_late: int  # calendar days past ``due`` (0 when not overdue)
    days_left: int  # calendar days until ``due`` (0 when due today or overdue)
    clerk_name: str

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


_PENDING = (CaseMaterial.correction_due.is_not(None), CaseMaterial.received_later_at.is_(None))


def find_for_correction(db: Database, actor: Actor, query: str) -> list[CaseSummary]:
    """Cases with deferred materials still to come, by case number, ID number/USCC or name."""
    require(actor, *WINDOW_ROLES)
    words = query.strip()
    if not words:
        raise ClerkError("请扫描或输入受理编号、证件号码或申请人姓名。")
    pending = exists().where(CaseMaterial.case_id == Case.id, *_PENDING)
    stmt = select(Case).join(Applicant, Applicant.id == Case.applicant_id).where(pending)
    number = parse_case_number(words)
    if number is not None:
        stmt = stmt.where(Case.number == number)
    else:
        stmt = stmt.where(or_(Applicant.id_number == words.upper(), Applicant.name == words))
    with db.session() as s:
        cases = s.scalars(stmt.order_by(Case.decided_at.desc())).all()
        return case_summaries(s, cases)


def pending_materials(db: Database, actor: Actor, case_id: int) -> list[tuple[str, str, date]]:
    """(code, name, due date) of the deferred materials of a case not yet brought."""
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        rows = s.scalars(
            select(CaseMaterial)
            .where(CaseMaterial.case_id == case_id, *_PENDING)
            .order_by(CaseMaterial.position)
        )
        return [(m.code, m.name, m.correction_due) for m in rows if m.correction_due]


def receive_correction(
    db: Database, actor: Actor, case_id: int, codes: Sequence[str]
) -> CaseSummary:
    """Mark deferred materials received (one more visit); the last one completes the case."""
    require(actor, *WINDOW_ROLES)
    if not codes:
        raise ClerkError("请勾选补交的材料。")
    with db.session() as s:
        begin_write(s)
        now = database_now(s)
        case = sql_of(s).lock(s, Case, case_id)
        if case is None:
            raise NotFound("该办件不存在。")
        pending = {
            m.code: m
            for m in case.materials
            if m.correction_due is not None and m.received_later_at is None
        }
        missing = [c for c in codes if c not in pending]
        if missing:
            raise Conflict("所选材料已补交或不是该办件的容缺材料，请刷新后重试。", f"{missing}")
        for code in codes:
            pending[code].received_later_at = now
            pending[code].received_later_by = actor.account_id
        case.visits += 1
        if len(codes) == len(pending):
            case.completed_at = now
        s.flush()
        log.info(
            "case %s: %d deferred material(s) received by %s",
            case.number,
            len(codes),
            actor.username,
        )
        return case_summaries(s, [case])[0]


def receive_all_deferred(db: Database, actor: Actor, case_id: int) -> CaseSummary:
    """The applicant brought every deferred material the case still owes."""
    codes = [code for code, _, _ in pending_materials(db, actor, case_id)]
    return receive_correction(db, actor, case_id, codes)


def corrections_due(
    db: Database, actor: Actor, today: date | None = None, overdue_only: bool = False
) -> list[CorrectionDue]:
    """Deferred materials not yet brought, earliest due first; a clerk's own cases, or all."""
    require(actor, *WINDOW_ROLES)
    stmt = (
        select(CaseMaterial, Case, Applicant, Account)
        .join(Case, Case.id == CaseMaterial.case_id)
        .join(Applicant, Applicant.id == Case.applicant_id)
        .join(Account, Account.id == Case.clerk_id)
        .where(*_PENDING)
    )
    if not actor.is_manager:
        stmt = stmt.where(Case.clerk_id == actor.account_id)
    with db.session() as s:
        today = today or hall_date(database_now(s))
        if overdue_only:
            stmt = stmt.where(CaseMaterial.correction_due < today)
        rows = s.execute(stmt.order_by(CaseMaterial.correction_due, Case.number)).all()
    out = []
    for material, case, applicant, clerk in rows:
        due = material.correction_due
        assert due is not None  # the query keeps only materials with a deadline
        out.append(
            CorrectionDue(
                case_id=case.id,
                number=case.number,
                applicant_name=applicant.name,
                applicant_masked_id=masked_code(applicant.kind, applicant.id_number),
                subject_name=case.subject_name,
                material_code=material.code,
                material_name=material.name,
                due=due,
                overdue=due < today,
                clerk_name=clerk.display_name,
            )
        )
    return out


def cases_due(
    db: Database, actor: Actor, today: date | None = None, overdue_only: bool = False
) -> list[CaseDue]:
    """``corrections_due`` by case: what each case still owes, the most overdue first."""
    require(actor, *WINDOW_ROLES)
    if today is None:
        with db.session() as s:
            today = hall_date(database_now(s))
    cases: dict[int, list[CorrectionDue]] = {}
    for row in corrections_due(db, actor, today, overdue_only):
        cases.setdefault(row.case_id, []).append(row)
    out = []
    for rows in cases.values():  # in order of each case's earliest deadline
        first = rows[0]
        out.append(
            CaseDue(
                case_id=first.case_id,
                number=first.number,
                applicant_name=first.applicant_name,
                applicant_masked_id=first.applicant_masked_id,
                subject_name=first.subject_name,
                materials=tuple(r.material_name for r in rows),
                due=first.due,
                days_late=max(0, (today - first.due).days),
                days_left=max(0, (first.due - today).days),
                clerk_name=first.clerk_name,
            )
        )
    return out
