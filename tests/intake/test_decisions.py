"""The four decisions through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest
from sqlalchemy import func, select

from clerk.domain.errors import ClerkError, Conflict
from clerk.domain.halltime import hall_date
from clerk.domain.intake import (
    Decision,
    MaterialEntry,
    MaterialState,
    RefusalCategory,
    parse_case_number,
)
from clerk.domain.workdays import WorkCalendar
from clerk.services import intake
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, CaseDocument, CaseMaterial, IntakeDraft
from clerk.storage.models.refusals import RefusalEntry
from tests.intake.conftest import ALL_FOOD, ENTERPRISE, PERSON_ID, RECEIVED, Desk

CALENDAR = WorkCalendar()


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def count(desk: Desk, model: type) -> int:
    with desk.db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_accept_numbers_the_case_records_materials_and_the_receipt(desk: Desk) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1", CALENDAR)

    assert outcome.decision is Decision.ACCEPTED
    assert parse_case_number(outcome.number) == outcome.number
    today = hall_date(utcnow())
    assert outcome.number.startswith(f"{today:%Y%m%d}00001")
    assert outcome.promised_date == CALENDAR.add_workdays(today, 5).date
    [receipt] = outcome.documents
    assert receipt.kind == "receipt"
    text = pdf_text(receipt.pdf)
    assert outcome.number in text
    assert "食品经营许可" in text
    assert PERSON_ID not in text.replace(" ", "")  # the ID number is printed masked
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert (case.materials_asked, case.materials_received, case.materials_deferred) == (3, 3, 0)
        assert case.clerk_id == case.first_clerk_id == desk.clerk.account_id
        assert case.visits == 1 and case.window_no == "3"
        assert [m.state for m in case.materials] == ["received"] * 3
        [doc] = case.documents
        assert doc.sha256 == hashlib.sha256(doc.pdf).hexdigest() == receipt.sha256
        assert s.get_one(IntakeDraft, draft.id).status == "decided"


def test_accept_is_refused_while_a_required_material_is_missing_and_nothing_is_stored(
    desk: Desk,
) -> None:
    draft = desk.draft(entries={"ID-CARD": RECEIVED})
    with pytest.raises(Conflict, match="还缺必要材料：营业执照"):
        intake.accept(desk.db, desk.clerk, draft.id, "k1", CALENDAR)
    assert count(desk, Case) == 0
    assert intake.get_draft(desk.db, desk.clerk, draft.id).status == "open"


def test_defer_records_the_commitment_and_the_correction_deadline(desk: Desk) -> None:
    entries = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}
    draft = desk.draft(entries=entries)
    with pytest.raises(Conflict, match="容缺受理"):
        intake.accept(desk.db, desk.clerk, draft.id, "k0", CALENDAR)
    outcome = intake.defer(desk.db, desk.clerk, draft.id, "k1", CALENDAR)

    assert outcome.decision is Decision.ACCEPTED_DEFERRED
    due = CALENDAR.add_workdays(hall_date(utcnow()), 10).date
    assert outcome.correction_due == due
    assert [d.kind for d in outcome.documents] == ["receipt", "commitment"]
    assert "从业人员健康证明" in pdf_text(outcome.documents[1].pdf)
    with desk.db.session() as s:
        health = s.scalar(select(CaseMaterial).where(CaseMaterial.code == "HEALTH"))
        assert health is not None and health.state == "deferred" and health.correction_due == due
        assert s.get_one(Case, outcome.case_id).materials_deferred == 1


def test_a_material_the_catalogue_does_not_let_defer_cannot_be_deferred(desk: Desk) -> None:
    draft = desk.draft()
    with pytest.raises(ClerkError, match="营业执照”不允许容缺"):
        intake.save_draft(
            desk.db,
            desk.clerk,
            draft.id,
            intake.DraftChanges(entries={"BIZ-LICENCE": MaterialEntry(MaterialState.DEFERRED)}),
        )
    assert intake.get_draft(desk.db, desk.clerk, draft.id).entries == {}


def test_exempt_needs_the_e_licence_number(desk: Desk) -> None:
    draft = desk.draft()
    exempt = MaterialEntry(MaterialState.EXEMPT, elicence_type="营业执照")
    with pytest.raises(ClerkError, match="须记录电子证照编号"):
        intake.save_draft(
            desk.db, desk.clerk, draft.id, intake.DraftChanges(entries={"BIZ-LICENCE": exempt})
        )
    exempt = MaterialEntry(MaterialState.EXEMPT, elicence_type="营业执照", elicence_number="E-1")
    entries = {**ALL_FOOD, "BIZ-LICENCE": exempt}
    intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(entries=entries))
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1", CALENDAR)
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert (case.materials_received, case.materials_exempt) == (2, 1)
        row = next(m for m in case.materials if m.code == "BIZ-LICENCE")
        assert (row.state, row.elicence_number) == ("exempt", "E-1")


def test_notification_lists_everything_missing_files_the_register_and_waits(desk: Desk) -> None:
    draft = desk.draft(entries={"ID-CARD": RECEIVED})
    outcome = intake.notify_missing(desk.db, desk.clerk, draft.id, "k1", CALENDAR)

    assert outcome.decision is Decision.NOTIFIED and outcome.promised_date is None
    slip = pdf_text(outcome.documents[0].pdf)
    assert "营业执照" in slip and "从业人员健康证明" in slip
    with desk.db.session() as s:
        [entry] = s.scalars(select(RefusalEntry)).all()
        assert entry.kind == "notification" and entry.case_id == outcome.case_id
        assert json.loads(entry.missing_materials) == ["营业执照", "从业人员健康证明"]
        assert entry.draft_id == draft.id
    assert intake.get_draft(desk.db, desk.clerk, draft.id).status == "notified"

    # The applicant comes back (to another window): the draft returns as it was left.
    [waiting] = intake.waiting_drafts(desk.db, desk.clerk2, PERSON_ID)
    assert intake.draft_of_case(desk.db, desk.clerk2, outcome.number) == waiting.id
    again = intake.open_draft(desk.db, desk.clerk2, waiting.id)
    assert again.visits == 2 and again.entries == {"ID-CARD": RECEIVED}
    assert again.first_clerk == "张晓梅"  # 首问负责: still the first clerk
    intake.save_draft(desk.db, desk.clerk2, again.id, intake.DraftChanges(entries=ALL_FOOD))
    accepted = intake.accept(desk.db, desk.clerk2, again.id, "k2", CALENDAR)
    with desk.db.session() as s:
        case = s.get_one(Case, accepted.case_id)
        assert case.visits == 2 and case.first_clerk_id == desk.clerk.account_id


def test_notification_is_not_offered_when_nothing_is_missing(desk: Desk) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    with pytest.raises(Conflict, match="无需一次性告知"):
        intake.notify_missing(desk.db, desk.clerk, draft.id, "k1", CALENDAR)


def test_refusal_needs_reason_and_basis_and_is_filed_with_the_case(desk: Desk) -> None:
    draft = desk.draft(applicant=ENTERPRISE, entries={"ID-CARD": RECEIVED})
    refusal = intake.RefusalInput(RefusalCategory.CONDITIONS_NOT_MET, "", "")
    with pytest.raises(ClerkError, match="必须写明理由"):
        intake.refuse(desk.db, desk.clerk, draft.id, "k1", refusal, CALENDAR)
    refusal = intake.RefusalInput(
        RefusalCategory.CONDITIONS_NOT_MET,
        "经营场所位于居民住宅楼内，不符合食品经营场所要求。",
        "《食品经营许可管理办法》第十一条",
    )
    outcome = intake.refuse(desk.db, desk.clerk, draft.id, "k1", refusal, CALENDAR)

    assert outcome.decision is Decision.REFUSED
    notice = pdf_text(outcome.documents[0].pdf)
    assert "居民住宅楼" in notice and "第十一条" in notice
    with desk.db.session() as s:
        [entry] = s.scalars(select(RefusalEntry)).all()
        assert (entry.kind, entry.category) == ("refusal", "不符合受理条件")
        assert entry.case_id == outcome.case_id and entry.applicant_name == "北京墨香书店有限公司"


def test_a_request_outside_the_catalogue_can_be_refused(desk: Desk) -> None:
    draft = intake.serve_ticket(desk.db, desk.clerk)
    intake.save_draft(desk.db, desk.clerk, draft.id, intake.DraftChanges(applicant=ENTERPRISE))
    refusal = intake.RefusalInput(
        RefusalCategory.OUT_OF_SCOPE,
        "出入境证件不在本大厅受理范围，请到公安出入境接待大厅办理。",
        "《中华人民共和国行政许可法》第三十二条第一款第二项",
        request="办理护照",
    )
    outcome = intake.refuse(desk.db, desk.clerk, draft.id, "k1", refusal, CALENDAR)
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert (case.subject_name, case.catalogue_version_id) == ("办理护照", None)


def test_an_on_the_spot_matter_is_completed_at_the_window(desk: Desk) -> None:
    draft = desk.draft(subject=("matter", "M-SPOT"), entries={"ID-CARD": RECEIVED})
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1", CALENDAR)
    assert outcome.decision is Decision.COMPLETED_ON_THE_SPOT
    assert outcome.promised_date == hall_date(utcnow())
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert case.completed_at is not None and case.materials_missing == 0


def test_a_bundle_asks_for_each_paper_once(desk: Desk) -> None:
    entries = {c: RECEIVED for c in ("ID-CARD", "BIZ-LICENCE", "HEALTH", "LEASE")}
    draft = desk.draft(subject=("bundle", "B-BOOKSTORE"), entries=entries)
    outcome = intake.accept(desk.db, desk.clerk, draft.id, "k1", CALENDAR)
    with desk.db.session() as s:
        case = s.get_one(Case, outcome.case_id)
        assert case.materials_asked == 4  # 6 asked by the two matters, 4 after merging
        assert case.department == "市市场监督管理局、市文化广电旅游局"
    receipt = pdf_text(outcome.documents[0].pdf)
    assert "开办书店" in receipt and "食品经营许可" in receipt


def test_the_same_decision_key_stores_one_case(desk: Desk) -> None:
    draft = desk.draft(entries=ALL_FOOD)
    first = intake.accept(desk.db, desk.clerk, draft.id, "same-key", CALENDAR)
    again = intake.accept(desk.db, desk.clerk, draft.id, "same-key", CALENDAR)
    assert (again.case_id, again.number, again.repeated) == (first.case_id, first.number, True)
    assert again.documents[0].sha256 == first.documents[0].sha256
    assert count(desk, Case) == 1 and count(desk, CaseDocument) == 1
    with pytest.raises(Conflict, match="已作出决定"):
        intake.accept(desk.db, desk.clerk, draft.id, "another-key", CALENDAR)


def test_applicant_input_is_checked_and_a_returning_applicant_is_found(desk: Desk) -> None:
    draft = intake.serve_ticket(desk.db, desk.clerk)
    bad = intake.DraftChanges(
        applicant=intake.ApplicantInput("person", "陈静", "110105199003071238")
    )  # type: ignore[arg-type]
    with pytest.raises(ClerkError, match="校验位不正确"):
        intake.save_draft(desk.db, desk.clerk, draft.id, bad)
    desk.draft(entries=ALL_FOOD)
    found = intake.find_applicant(desk.db, desk.clerk2, PERSON_ID)
    assert found is not None and found.name == "陈静" and found.phone == "13812345678"
    assert found.masked_id == "1101**********1239"
