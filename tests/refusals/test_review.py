"""A manager's review: agree, or disagree and follow up; always appended, never an edit."""

from __future__ import annotations

import pytest

from clerk.domain.errors import ClerkError, Conflict, NotFound, PermissionDenied
from clerk.domain.refusals import ReviewKind, ReviewState
from clerk.services.refusals import (
    entry_detail,
    file_refusal,
    record_follow_up,
    review,
    verify_register,
)
from clerk.storage.models.refusals import RefusalEntry
from tests.refusals.conftest import notification


@pytest.fixture
def entry_id(keyed, staff) -> int:
    with keyed.session() as s:
        return file_refusal(s, staff.clerk, notification()).id


def test_agreeing_closes_the_review(keyed, staff, entry_id):
    review(keyed, staff.manager, entry_id, agree=True, comment="")
    detail = entry_detail(keyed, staff.manager, entry_id)
    assert detail.state is ReviewState.AGREED and detail.state_name == "已同意"
    assert [(r.kind, r.manager_name) for r in detail.reviews] == [(ReviewKind.AGREE, "王丽华")]
    with pytest.raises(Conflict, match="已经复核过"):
        review(keyed, staff.manager, entry_id, agree=False, comment="改变主意")


def test_disagreeing_needs_a_comment_and_reopens_the_matter(keyed, staff, entry_id):
    with pytest.raises(ClerkError, match="必须填写复核意见"):
        review(keyed, staff.manager, entry_id, agree=False, comment="  ")
    with pytest.raises(Conflict, match="已重开"):
        record_follow_up(keyed, staff.manager, entry_id, "已电话联系", resolved=False)
    review(keyed, staff.manager, entry_id, agree=False, comment="健康证明可容缺受理，应当受理")
    assert entry_detail(keyed, staff.clerk, entry_id).state is ReviewState.REOPENED
    record_follow_up(
        keyed, staff.manager, entry_id, "已电话联系申请人，约定周四来办", resolved=False
    )
    assert entry_detail(keyed, staff.clerk, entry_id).state is ReviewState.REOPENED
    record_follow_up(keyed, staff.manager, entry_id, "申请人已来，容缺受理", resolved=True)
    detail = entry_detail(keyed, staff.clerk, entry_id)
    assert detail.state is ReviewState.RESOLVED
    assert [(r.kind_name, r.comment, r.resolved) for r in detail.reviews] == [
        ("不同意", "健康证明可容缺受理，应当受理", False),
        ("跟进", "已电话联系申请人，约定周四来办", False),
        ("跟进", "申请人已来，容缺受理", True),
    ]
    with pytest.raises(ClerkError, match="请填写跟进情况"):
        record_follow_up(keyed, staff.manager, entry_id, "", resolved=False)


def test_reviews_leave_the_entry_as_it_was_filed(keyed, staff, entry_id):
    with keyed.session() as s:
        before = s.get(RefusalEntry, entry_id).hash
    review(keyed, staff.manager, entry_id, agree=False, comment="理由不充分")
    record_follow_up(keyed, staff.manager, entry_id, "已受理", resolved=True)
    with keyed.session() as s:
        assert s.get(RefusalEntry, entry_id).hash == before
    assert verify_register(keyed).counts == {"entries": 1, "reviews": 2}


def test_only_a_manager_reviews(keyed, staff, entry_id):
    for actor in (staff.clerk, staff.admin):
        with pytest.raises(PermissionDenied):
            review(keyed, actor, entry_id, agree=True, comment="")
    with pytest.raises(PermissionDenied):
        record_follow_up(keyed, staff.clerk, entry_id, "自己跟进", resolved=True)
    with pytest.raises(NotFound):
        review(keyed, staff.manager, entry_id + 1, agree=True, comment="")
