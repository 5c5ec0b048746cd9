"""The documents a decision produces, filled from the case as it is being stored.

受理 → receipt; 容缺受理 → receipt and commitment; 一次性告知 → notification slip (its
code is the case number, which reopens the draft at the applicant's next visit);
不予受理 → refusal notice. Identity numbers are masked by ``ApplicantLine``.
"""

from __future__ import annotations

from clerk.documents.data import (
    ApplicantLine,
    ClerkLine,
    CommitmentData,
    DocumentData,
    MaterialLine,
    NotificationSlipData,
    ReceiptData,
    RefusalNoticeData,
)
from clerk.domain.catalogue import FORM_NAMES, SOURCE_NAMES, ChecklistLine, Form
from clerk.domain.intake import Assessment, Decision, MaterialState
from clerk.domain.subject import Subject
from clerk.services.accounts import Actor
from clerk.storage.models.accounts import Account
from clerk.storage.models.intake import Applicant, Case, CaseMaterial


def applicant_line(applicant: Applicant, agent: Applicant | None) -> ApplicantLine:
    agent_name = agent.name if agent else ""
    if applicant.kind == "enterprise":
        return ApplicantLine.enterprise(
            applicant.name, applicant.id_number, applicant.phone, agent_name
        )
    return ApplicantLine.person(applicant.name, applicant.id_number, applicant.phone, agent_name)


def _wanted(line: ChecklistLine) -> MaterialLine:
    """A material as the applicant must bring it (slip, commitment)."""
    m = line.material
    source = SOURCE_NAMES[m.source_channel]
    return MaterialLine(
        m.name,
        form=FORM_NAMES[m.form],
        copies=m.copies,
        source=f"{source}：{m.source_note}" if m.source_note else source,
        standard=m.acceptance_standard,
    )


def _recorded(row: CaseMaterial) -> MaterialLine:
    """A material as the window recorded it (receipt)."""
    form = FORM_NAMES.get(Form(row.form_received), "") if row.form_received else ""
    if row.state == MaterialState.EXEMPT:
        return MaterialLine(
            row.name, form="电子证照", copies=0, note=f"{row.elicence_type} {row.elicence_number}"
        )
    if row.state == MaterialState.DEFERRED:
        return MaterialLine(row.name, form="", copies=0, deadline=row.correction_due)
    note = "验原件后退回" if row.form_received == Form.ORIGINAL else "收取"
    return MaterialLine(row.name, form=form, copies=row.copies, note=note)


def for_case(
    case: Case,
    subject: Subject | None,
    applicant: Applicant,
    agent: Applicant | None,
    clerk: Account,
    actor: Actor,
    result: Assessment | None,
) -> list[DocumentData]:
    who = applicant_line(applicant, agent)
    signer = ClerkLine(clerk.display_name, clerk.staff_no, actor.window_no)
    decision = Decision(case.decision)
    by_state: dict[str, tuple[MaterialLine, ...]] = {
        state: tuple(_recorded(m) for m in case.materials if m.state == state)
        for state in MaterialState
    }
    if decision is Decision.REFUSED:
        return [
            RefusalNoticeData(
                doc_no=case.number,
                applicant=who,
                matter=case.subject_name,
                request=case.subject_name,
                reason=case.reason,
                legal_basis=case.legal_basis,
                clerk=signer,
                issued_at=case.decided_at,
                returned_materials=tuple(line.name for line in by_state[MaterialState.RECEIVED]),
            )
        ]
    assert subject is not None and result is not None
    if decision is Decision.NOTIFIED:
        return [
            NotificationSlipData(
                applicant=who,
                matter=subject.name,
                missing=tuple(_wanted(line) for line in result.missing),
                reopen_code=case.number,
                clerk=signer,
                issued_at=case.decided_at,
                doc_no=case.number,
                legal_basis=subject.legal_basis,
                conditions=subject.conditions,
                promised_days=subject.checklist.promised_days,
                fees=subject.fee,
            )
        ]
    receipt = ReceiptData(
        case_no=case.number,
        applicant=who,
        matters=subject.matter_names,
        clerk=signer,
        issued_at=case.decided_at,
        promised_date=case.promised_date,
        bundle=subject.name if subject.kind == "bundle" else "",
        department=subject.department,
        received=by_state[MaterialState.RECEIVED],
        exempt=by_state[MaterialState.EXEMPT],
        deferred=by_state[MaterialState.DEFERRED],
    )
    if decision is not Decision.ACCEPTED_DEFERRED:
        return [receipt]
    due = [m.correction_due for m in case.materials if m.correction_due is not None]
    commitment = CommitmentData(
        case_no=case.number,
        applicant=who,
        matter=subject.name,
        deferred=by_state[MaterialState.DEFERRED],
        deadline=max(due),
        clerk=signer,
        issued_at=case.decided_at,
    )
    return [receipt, commitment]
