"""好差评: bound to ticket, case, clerk and matter; a poor rating opens a follow-up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clerk.domain.errors import ClerkError, Conflict, PermissionDenied
from clerk.domain.queue import service_day
from clerk.domain.workdays import WorkCalendar
from clerk.services import queue
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Applicant, Case, IntakeDraft
from clerk.storage.models.ratings import Rating


def served(hall, window="1", prefix="A"):
    queue.issue_ticket(hall.db, prefix)
    clerk = hall.window(window)
    ticket = queue.call_next(hall.db, clerk)
    queue.begin_service(hall.db, clerk, ticket.id)
    return ticket


def add_case(hall, ticket, number, code, name):
    """A case the intake filed for the ticket (the intake's own tests cover how)."""
    clerk = hall.window("1")
    with hall.db.session() as s:
        applicant = s.scalar(select(Applicant)) or Applicant(
            kind="person", name="王五", id_number="110101199003070019"
        )
        draft = IntakeDraft(first_clerk_id=clerk.account_id, ticket_id=ticket.id, status="decided")
        s.add_all([applicant, draft])
        s.flush()
        case = Case(
            number=number,
            decision_key=number,
            draft_id=draft.id,
            decision="accepted",
            applicant_id=applicant.id,
            subject_kind="matter",
            subject_code=code,
            subject_name=name,
            clerk_id=clerk.account_id,
            first_clerk_id=clerk.account_id,
            window_no="1",
            ticket_id=ticket.id,
            service_started_at=utcnow(),
        )
        s.add(case)
        s.flush()
        return case.id


def test_each_case_of_a_visit_is_rated_once(hall):
    ticket = served(hall)
    first = add_case(hall, ticket, "C1", "M001", "食品经营许可")
    second = add_case(hall, ticket, "C2", "M002", "公共场所卫生许可")
    clerk = hall.window("1")
    with pytest.raises(Conflict, match="尚未办结"):
        queue.rate(hall.db, clerk, ticket.id, "satisfied", case_id=first)
    queue.finish(hall.db, clerk, ticket.id)
    names = [x.matter_name for x in queue.rating_subjects(hall.db, clerk, ticket.id)]
    assert names == ["食品经营许可", "公共场所卫生许可"]
    result = queue.rate(hall.db, clerk, ticket.id, "very_satisfied", ["办事高效"], case_id=first)
    assert result.follow_up_due is None
    with pytest.raises(Conflict, match="已评价过"):
        queue.rate(hall.db, clerk, ticket.id, "satisfied", case_id=first)
    queue.rate(hall.db, clerk, ticket.id, "satisfied", case_id=second)
    assert queue.rating_subjects(hall.db, clerk, ticket.id) == []
    with hall.db.session() as s:
        rows = s.scalars(select(Rating).order_by(Rating.id)).all()
        assert [(r.case_id, r.matter_code, r.clerk_id, r.window_no, r.level) for r in rows] == [
            (first, "M001", clerk.account_id, "1", "very_satisfied"),
            (second, "M002", clerk.account_id, "1", "satisfied"),
        ]
        assert rows[0].reasons == ["办事高效"]


def test_a_visit_without_a_case_is_rated_as_the_visit(hall):
    ticket = served(hall, "2", "B")
    clerk = hall.window("2")
    queue.finish(hall.db, clerk, ticket.id)
    [subject] = queue.rating_subjects(hall.db, clerk, ticket.id)
    assert (subject.case_id, subject.matter_name) == (None, "企业开办")
    queue.rate(hall.db, clerk, ticket.id, "basically_satisfied")
    with pytest.raises(Conflict, match="已评价过"):
        queue.rate(hall.db, clerk, ticket.id, "satisfied")
    with pytest.raises(PermissionDenied):  # another clerk's ticket
        queue.rating_subjects(hall.db, hall.window("1"), ticket.id)


def test_poor_rating_opens_a_follow_up_due_in_working_days(hall):
    ticket = served(hall)
    clerk = hall.window("1")
    queue.finish(hall.db, clerk, ticket.id)
    with pytest.raises(ClerkError, match="评价原因无效"):
        queue.rate(hall.db, clerk, ticket.id, "dissatisfied", ["太慢了"])
    calendar = WorkCalendar()
    result = queue.rate(
        hall.db,
        clerk,
        ticket.id,
        "very_dissatisfied",
        ["等候时间长"],
        comment="排了很久",
        calendar=calendar,
        follow_up_days=3,
    )
    today = service_day(utcnow())
    assert result.follow_up_due == calendar.add_workdays(today, 3).date > today
    [item] = queue.follow_ups(hall.db, hall.manager)
    assert (item.level_name, item.reasons, item.ticket_number, item.clerk_name) == (
        "非常不满意",
        ("等候时间长",),
        "A001",
        "window1-clerk",
    )
    with pytest.raises(PermissionDenied):
        queue.follow_ups(hall.db, clerk)
    with pytest.raises(ClerkError, match="整改结果"):
        queue.close_follow_up(hall.db, hall.manager, item.id, "")
    queue.close_follow_up(hall.db, hall.manager, item.id, "已电话回访，调整高峰时段窗口")
    assert queue.follow_ups(hall.db, hall.manager) == []
    [closed] = queue.follow_ups(hall.db, hall.manager, open_only=False)
    assert closed.state == "closed"
