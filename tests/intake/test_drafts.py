"""Drafts: saved as the clerk works, offered again after a crash, held by one clerk at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from clerk.domain.errors import Conflict
from clerk.services import intake, queue
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, IntakeDraft
from tests.intake.conftest import ALL_FOOD, PERSON, Desk


def test_a_draft_survives_a_restart_and_is_offered_again(desk: Desk) -> None:
    draft = desk.draft(entries={"ID-CARD": ALL_FOOD["ID-CARD"]})
    desk.db.dispose()  # the workstation went down; nothing was released
    [offered] = intake.my_open_drafts(desk.db, desk.clerk)
    assert offered.id == draft.id and offered.entries == {"ID-CARD": ALL_FOOD["ID-CARD"]}
    assert offered.applicant is not None and offered.applicant.name == "陈静"
    assert intake.my_open_drafts(desk.db, desk.clerk2) == []


def test_a_second_clerk_is_told_who_has_the_draft(desk: Desk) -> None:
    draft = desk.draft()
    with pytest.raises(Conflict, match="正由张晓梅（工号ZHANG）办理中"):
        intake.open_draft(desk.db, desk.clerk2, draft.id)
    with pytest.raises(Conflict, match="张晓梅"):
        intake.save_draft(desk.db, desk.clerk2, draft.id, intake.DraftChanges(entries=ALL_FOOD))
    intake.release_draft(desk.db, desk.clerk, draft.id)
    opened = intake.open_draft(desk.db, desk.clerk2, draft.id)
    assert opened.first_clerk == "张晓梅"  # 首问负责 stays with the first clerk
    with pytest.raises(Conflict, match="李建国"):
        intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(entries=ALL_FOOD))


def test_a_draft_left_for_longer_than_the_lease_can_be_taken_over(desk: Desk) -> None:
    draft = desk.draft()
    with desk.db.session() as s:
        s.execute(
            update(IntakeDraft)
            .where(IntakeDraft.id == draft.id)
            .values(held_at=utcnow() - intake.HOLD_LEASE - timedelta(minutes=1))
        )
    assert intake.open_draft(desk.db, desk.clerk2, draft.id).id == draft.id
    with pytest.raises(Conflict):
        intake.accept(desk.db, desk.clerk, draft.id, "k1")


def test_the_same_ticket_opens_the_same_draft(desk: Desk) -> None:
    queue.save_category(desk.db, desk.admin, "A", "综合受理", ["M-FOOD"], 0)
    queue.save_window(desk.db, desk.admin, "3", ["A"])
    queue.open_window(desk.db, desk.clerk)
    issued = queue.issue_ticket(desk.db, "A")
    called = queue.call_next(desk.db, desk.clerk)
    assert called is not None and called.number == issued.ticket.number
    first = intake.serve_ticket(desk.db, desk.clerk, ticket_id=called.id)
    again = intake.serve_ticket(desk.db, desk.clerk, ticket_id=called.id)
    assert again.id == first.id and again.ticket_id == called.id
    intake.save_draft(
        desk.db,
        desk.clerk,
        first.id,
        intake.DraftChanges(applicant=PERSON, subject=("matter", "M-FOOD")),
    )
    intake.save_draft(desk.db, desk.clerk, first.id, intake.DraftChanges(entries=ALL_FOOD))
    outcome = intake.accept(desk.db, desk.clerk, first.id, "k1")
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert case.ticket_id == called.id
        assert case.ticket_issued_at is not None and case.ticket_called_at is not None
        assert case.ticket_issued_at <= case.ticket_called_at <= case.decided_at
