"""Who sees which entries, the manager's filters and counts, masked numbers, overdue flags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clerk.domain.errors import NotFound
from clerk.domain.halltime import HALL_TZ
from clerk.domain.refusals import ReviewState
from clerk.services.refusals import (
    RefusalFiling,
    RegisterFilter,
    entry_detail,
    file_refusal,
    list_entries,
    register_choices,
    register_counts,
    review,
)
from clerk.storage.models.base import utcnow
from tests.refusals.conftest import notification

LATER = utcnow() + timedelta(days=10)  # every pending entry is overdue by then


@pytest.fixture
def register(keyed, staff):
    """Three entries by 张 at window 3, two by 李 at window 5; reviews on two of them."""
    filings = [
        (staff.clerk, notification()),
        (
            staff.clerk,
            notification(applicant_name="周敏", matter_code="M2", matter_name="个体工商户登记"),
        ),
        (
            staff.clerk2,
            RefusalFiling(kind="unserved", category="系统故障", reason="省平台无法登录"),
        ),
        (staff.clerk2, notification(reason="缺少营业执照副本", missing_materials=["营业执照副本"])),
        (staff.clerk, RefusalFiling(kind="unserved", category="非本窗口事项", reason="公安事项")),
    ]
    for actor, filing in filings:
        with keyed.session() as s:
            file_refusal(s, actor, filing)
    review(keyed, staff.manager, 1, agree=True, comment="")
    review(keyed, staff.manager, 3, agree=False, comment="应登记故障并预约")
    return keyed


def ids(rows) -> list[int]:
    return [r.id for r in rows]


def test_a_clerk_sees_only_their_own_entries(register, staff):
    assert ids(list_entries(register, staff.clerk)) == [5, 2, 1]
    assert ids(list_entries(register, staff.clerk2)) == [4, 3]
    # Asking for someone else's entries does not widen what a clerk sees.
    assert (
        ids(list_entries(register, staff.clerk, RegisterFilter(clerk_id=staff.clerk2.account_id)))
        == []
    )
    with pytest.raises(NotFound):
        entry_detail(register, staff.clerk, 3)
    assert register_counts(register, staff.clerk).total == 3
    assert [n for _, n in register_choices(register, staff.clerk).clerks] == ["张晓梅"]


def test_a_manager_sees_the_whole_hall(register, staff):
    assert ids(list_entries(register, staff.manager)) == [5, 4, 3, 2, 1]
    assert entry_detail(register, staff.manager, 3).clerk_name == "李建国"
    choices = register_choices(register, staff.manager)
    assert choices.windows == ["3", "5"]
    assert sorted(n for _, n in choices.clerks) == ["张晓梅", "李建国"]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (RegisterFilter(window_no="5"), [4, 3]),
        (RegisterFilter(matter="M2"), [2]),
        (RegisterFilter(matter="个体工商"), [2]),
        (RegisterFilter(category="系统故障"), [3]),
        (RegisterFilter(kind="unserved"), [5, 3]),
        (RegisterFilter(state=ReviewState.PENDING), [5, 4, 2]),
        (RegisterFilter(state=ReviewState.AGREED), [1]),
        (RegisterFilter(state=ReviewState.REOPENED), [3]),
        (RegisterFilter(overdue_only=True), [5, 4, 2]),
        (RegisterFilter(date_to=utcnow().astimezone(HALL_TZ).date() - timedelta(days=1)), []),
        (RegisterFilter(date_from=utcnow().astimezone(HALL_TZ).date()), [5, 4, 3, 2, 1]),
    ],
)
def test_the_manager_filters(register, staff, flt, expected):
    assert ids(list_entries(register, staff.manager, flt, now=LATER)) == expected


def test_clerk_filter(register, staff):
    flt = RegisterFilter(clerk_id=staff.clerk2.account_id)
    assert ids(list_entries(register, staff.manager, flt)) == [4, 3]


def test_counts_by_reason_matter_clerk_and_state(register, staff):
    counts = register_counts(register, staff.manager, now=LATER)
    assert counts.total == 5 and counts.overdue == 3
    assert dict(counts.by_category) == {"材料不齐全": 3, "系统故障": 1, "非本窗口事项": 1}
    assert counts.by_reason[0] == ("缺少食品安全管理制度文本和从业人员健康证明", 2)
    assert dict(counts.by_clerk) == {"张晓梅 C0101": 3, "李建国 C0102": 2}
    assert dict(counts.by_matter)["M2 个体工商户登记"] == 1
    assert dict(counts.by_state) == {"待复核": 3, "已同意": 1, "已重开": 1, "已处理": 0}
    # Counts follow the filter.
    assert register_counts(register, staff.manager, RegisterFilter(window_no="5")).total == 2


def test_lists_mask_the_applicants_numbers_and_flag_overdue_reviews(register, staff):
    rows = {r.id: r for r in list_entries(register, staff.manager, now=LATER)}
    assert rows[1].applicant_id_masked == "1101**********002X"
    assert rows[1].applicant_phone_masked == "138****5678"
    assert rows[3].applicant_id_masked == ""
    assert [i for i, r in rows.items() if r.overdue] == [5, 4, 2]
    assert not any(r.overdue for r in list_entries(register, staff.manager))  # filed just now
    assert "11010519491231002X" not in repr(rows[1])
