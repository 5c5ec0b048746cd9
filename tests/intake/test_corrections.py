"""Corrections: find a deferred case, mark what was brought, lists of what is due."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clerk.domain.errors import ClerkError, Conflict, PermissionDenied
from clerk.domain.halltime import hall_date
from clerk.domain.intake import MaterialEntry, MaterialState
from clerk.services import intake
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case
from tests.intake.conftest import ALL_FOOD, OTHER_PERSON_ID, PERSON, PERSON_ID, Desk

DEFERRED = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}


def deferred_case(desk: Desk, actor=None, applicant=PERSON) -> intake.DecisionOutcome:  # type: ignore[no-untyped-def]
    actor = actor or desk.clerk
    draft = desk.draft(actor, entries=DEFERRED, applicant=applicant)
    return intake.defer(desk.db, actor, draft.id, f"defer-{draft.id}")


def test_a_deferred_case_is_found_by_number_id_or_name(desk: Desk) -> None:
    outcome = deferred_case(desk)
    for query in (outcome.number, PERSON_ID, "陈静"):
        [found] = intake.find_for_correction(desk.db, desk.clerk2, query)
        assert found.number == outcome.number and found.pending_corrections == 1
        assert found.applicant_masked_id == "1101**********1239"
    with pytest.raises(ClerkError, match="请扫描或输入"):
        intake.find_for_correction(desk.db, desk.clerk2, "  ")


def test_receiving_the_last_deferred_material_completes_the_case(desk: Desk) -> None:
    outcome = deferred_case(desk)
    [(code, name, due)] = intake.pending_materials(desk.db, desk.clerk2, outcome.case_id)
    assert (code, name, due) == ("HEALTH", "从业人员健康证明", outcome.correction_due)
    summary = intake.receive_correction(desk.db, desk.clerk2, outcome.case_id, ["HEALTH"])
    assert summary.visits == 2 and summary.pending_corrections == 0
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert case.completed_at is not None
        [health] = [m for m in case.materials if m.code == "HEALTH"]
        assert health.received_later_by == desk.clerk2.account_id
    assert intake.find_for_correction(desk.db, desk.clerk, outcome.number) == []
    with pytest.raises(Conflict, match="已补交"):
        intake.receive_correction(desk.db, desk.clerk, outcome.case_id, ["HEALTH"])


def test_lists_of_corrections_due_a_clerk_sees_their_own_a_manager_all(desk: Desk) -> None:
    mine = deferred_case(desk, desk.clerk)
    other = intake.ApplicantInput(PERSON.kind, "周磊", OTHER_PERSON_ID)
    theirs = deferred_case(desk, desk.clerk2, other)
    assert [d.number for d in intake.corrections_due(desk.db, desk.clerk)] == [mine.number]
    everyone = intake.corrections_due(desk.db, desk.manager)
    assert {d.number for d in everyone} == {mine.number, theirs.number}
    assert not any(d.overdue for d in everyone)
    assert intake.corrections_due(desk.db, desk.manager, overdue_only=True) == []
    later = (mine.correction_due or hall_date(utcnow())) + timedelta(days=1)
    overdue = intake.corrections_due(desk.db, desk.manager, later, overdue_only=True)
    assert len(overdue) == 2 and all(d.overdue for d in overdue)
    assert {d.clerk_name for d in overdue} == {"张晓梅", "李建国"}


def test_case_history_a_clerk_sees_their_own_cases_a_manager_all(desk: Desk) -> None:
    mine = deferred_case(desk, desk.clerk)
    other = intake.ApplicantInput(PERSON.kind, "周磊", OTHER_PERSON_ID)
    theirs = deferred_case(desk, desk.clerk2, other)
    assert [c.number for c in intake.search_cases(desk.db, desk.clerk)] == [mine.number]
    assert [c.number for c in intake.search_cases(desk.db, desk.clerk, "周磊")] == []
    found = intake.search_cases(desk.db, desk.manager, "周磊")
    assert [c.number for c in found] == [theirs.number]
    assert {c.number for c in intake.search_cases(desk.db, desk.manager)} == {
        mine.number,
        theirs.number,
    }


def test_cases_due_one_line_per_case_with_how_late_it_is(desk: Desk) -> None:
    mine = deferred_case(desk, desk.clerk)
    other = intake.ApplicantInput(PERSON.kind, "周磊", OTHER_PERSON_ID)
    theirs = deferred_case(desk, desk.clerk2, other)
    due = mine.correction_due
    assert due is not None
    [own] = intake.cases_due(desk.db, desk.clerk, due - timedelta(days=2))
    assert (own.number, own.applicant_name, own.applicant_masked_id) == (
        mine.number,
        "陈静",
        "1101**********1239",
    )
    assert own.subject_name == "食品经营许可（新办）"
    assert own.materials == ("从业人员健康证明",) and own.due == due
    assert (own.overdue, own.days_late, own.days_left, own.clerk_name) == (False, 0, 2, "张晓梅")

    later = intake.cases_due(desk.db, desk.manager, due + timedelta(days=3))
    assert [c.number for c in later] == [mine.number, theirs.number]
    assert all(c.overdue and c.days_late == 3 and c.days_left == 0 for c in later)
    assert intake.cases_due(desk.db, desk.manager, due, overdue_only=True) == []
    intake.receive_correction(desk.db, desk.clerk2, mine.case_id, ["HEALTH"])
    assert [c.number for c in intake.cases_due(desk.db, desk.manager)] == [theirs.number]
    with pytest.raises(PermissionDenied):
        intake.cases_due(desk.db, desk.admin)
