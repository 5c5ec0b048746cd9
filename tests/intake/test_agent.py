"""An applicant through an agent (代办人): the authorisation letter joins the checklist and leaves it."""

from __future__ import annotations

import pytest

from clerk.domain.catalogue import Catalogue, Form, MaterialSpec, MatterSpec, Necessity
from clerk.domain.errors import ClerkError, Conflict
from clerk.domain.intake import (
    AGENT_LETTER,
    ApplicantInput,
    ApplicantKind,
    MaterialEntry,
    with_agent_letter,
)
from clerk.services import intake
from clerk.storage.models.intake import Case
from tests.intake.conftest import ALL_FOOD, OTHER_PERSON_ID, RECEIVED, Desk
from tests.intake.test_decisions import pdf_text

AGENT = ApplicantInput(ApplicantKind.PERSON, "周磊", OTHER_PERSON_ID, "13900001111")
LETTER = AGENT_LETTER.code


def codes(draft: intake.DraftView, desk: Desk) -> list[tuple[str, str]]:
    """(code, necessity) of each line of the draft's checklist."""
    found = intake.assessment(desk.db, draft)
    assert found is not None
    return [(line.material.code, line.material.necessity) for line in found[0].checklist.lines]


def with_agent(desk: Desk, entries: dict[str, MaterialEntry]) -> intake.DraftView:
    draft = desk.draft()
    draft = intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(agent=AGENT))
    return intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(entries=entries))


def test_an_agent_adds_the_required_letter_and_acceptance_waits_for_it(desk: Desk) -> None:
    draft = with_agent(desk, ALL_FOOD)
    assert draft.agent is not None and draft.agent.name == "周磊"
    assert codes(draft, desk)[-1] == (LETTER, "required")
    with pytest.raises(Conflict, match="还缺必要材料：授权委托书"):
        intake.accept(desk.db, desk.clerk, draft.id, "k0")

    # Received like any other paper (the scanning panel or key 1): now it is accepted.
    draft = intake.save_draft(
        desk.db, desk.clerk, draft.id, intake.DraftChanges(entries={LETTER: RECEIVED})
    )
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1")
    receipt = pdf_text(outcome.documents[0].pdf)
    assert "授权委托书" in receipt and "周磊" in receipt
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert case.agent_id is not None
        assert case.materials_asked == case.materials_received == 4
        assert [(m.name, m.state) for m in case.materials][-1] == ("授权委托书", "received")


def test_the_notification_slip_lists_the_missing_letter(desk: Desk) -> None:
    draft = with_agent(desk, ALL_FOOD)
    outcome = intake.notify_missing(desk.db, desk.clerk, draft.id, "k1")
    slip = pdf_text(outcome.documents[0].pdf)
    assert "授权委托书" in slip and "从业人员健康证明" not in slip


def test_removing_the_agent_takes_the_letter_off_the_checklist(desk: Desk) -> None:
    draft = with_agent(desk, {**ALL_FOOD, LETTER: RECEIVED})
    assert draft.entries[LETTER] == RECEIVED
    draft = intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(remove_agent=True))
    assert draft.agent is None and LETTER not in draft.entries
    assert [c for c, _ in codes(draft, desk)] == ["ID-CARD", "BIZ-LICENCE", "HEALTH"]
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1")
    assert "授权委托书" not in pdf_text(outcome.documents[0].pdf)


def test_a_letter_cannot_be_marked_without_an_agent(desk: Desk) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    with pytest.raises(ClerkError, match="材料不在本事项的清单中"):
        intake.save_draft(
            desk.db, desk.clerk, draft.id, intake.DraftChanges(entries={LETTER: RECEIVED})
        )


def test_an_agent_given_before_the_matter_still_brings_the_letter(desk: Desk) -> None:
    draft = intake.serve_ticket(desk.db, desk.clerk)
    draft = intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(agent=AGENT))
    draft = intake.save_draft(
        desk.db, desk.clerk, draft.id, intake.DraftChanges(subject=("bundle", "B-BOOKSTORE"))
    )
    lines = intake.assessment(desk.db, draft)
    assert lines is not None
    letter = lines[0].checklist.lines[-1]
    assert letter.material.code == LETTER
    assert letter.matter_codes == ("M-FOOD", "M-BOOK")  # one letter serves the bundle
    assert lines[0].checklist.saving == "5 份材料，原需 7 份"


def letter_matter(necessity: Necessity) -> Catalogue:
    letter = MaterialSpec("L-1", "授权委托书", Form.ORIGINAL, 1, necessity, correction_days=3)
    form = MaterialSpec("F-1", "申请表", Form.ORIGINAL, 1, Necessity.REQUIRED)
    matter = MatterSpec("M-1", "某事项", "某部门", 20, 10, (form, letter))
    return Catalogue(1, {"M-1": matter})


@pytest.mark.parametrize(
    ("listed", "asked"),
    [
        (Necessity.OPTIONAL, Necessity.REQUIRED),  # "由代理人办理时提供": now it is
        (Necessity.DEFERRABLE, Necessity.DEFERRABLE),  # the catalogue's 容缺 stands
        (Necessity.REQUIRED, Necessity.REQUIRED),
    ],
)
def test_the_catalogues_own_letter_line_is_the_one_asked_for(
    listed: Necessity, asked: Necessity
) -> None:
    checklist = letter_matter(listed).checklist_for_matter("M-1")
    through_agent = with_agent_letter(checklist)
    assert [line.material.code for line in through_agent.lines] == ["F-1", "L-1"]
    assert through_agent.lines[1].material.necessity is asked
    assert through_agent.original_count == checklist.original_count == 2
