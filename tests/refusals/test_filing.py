"""Filing entries: what the service accepts, what it refuses, and the chain it builds."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from clerk.domain.errors import ClerkError, PermissionDenied
from clerk.domain.refusal_chain import GENESIS
from clerk.services.refusals import RefusalFiling, file_refusal, file_unserved
from clerk.storage.models.refusals import (
    ENTRY_CHAIN_COLUMNS,
    REVIEW_CHAIN_COLUMNS,
    RefusalChainHead,
    RefusalEntry,
    RefusalReview,
)
from tests.refusals.conftest import notification


def test_a_notification_is_filed_with_everything_the_register_needs(keyed, staff):
    with keyed.session() as s:
        entry = file_refusal(s, staff.clerk, notification())
        entry_id = entry.id
    with keyed.session() as s:
        stored = s.get(RefusalEntry, entry_id)
        assert stored is not None
        assert (stored.window_no, stored.clerk_name, stored.clerk_staff_no) == (
            "3",
            "张晓梅",
            "C0101",
        )
        assert stored.applicant_id_no == "11010519491231002X"
        assert json.loads(stored.missing_materials) == ["食品安全管理制度", "从业人员健康证明"]
        assert stored.prev_hash == GENESIS and len(stored.hash) == 64 and len(stored.seal) == 64
        head = s.get(RefusalChainHead, "entries")
        assert head is not None and (head.last_id, head.last_hash) == (entry_id, stored.hash)


def test_entries_link_to_the_one_before(keyed, staff):
    with keyed.session() as s:
        first = file_refusal(s, staff.clerk, notification())
        second = file_refusal(s, staff.clerk2, notification(ticket_no="B003"))
    assert (first.id, second.id) == (1, 2)
    assert second.prev_hash == first.hash


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"category": "  "}, "类别和理由"),
        ({"reason": ""}, "类别和理由"),
        ({"kind": "refusal", "legal_basis": ""}, "法律依据"),
        ({"missing_materials": []}, "缺少的材料"),
        ({"kind": "maybe"}, "未知的备案类型"),
        ({"ticket_no": "A" * 40}, "票号过长"),
    ],
)
def test_an_incomplete_filing_is_refused_and_nothing_is_stored(keyed, staff, changes, words):
    with pytest.raises(ClerkError, match=words), keyed.session() as s:
        file_refusal(s, staff.clerk, notification(**changes))
    with keyed.session() as s:
        assert s.scalars(select(RefusalEntry)).all() == []
        assert s.get(RefusalChainHead, "entries").last_id == 0


def test_the_intake_transaction_rolling_back_takes_the_entry_with_it(keyed, staff):
    with pytest.raises(RuntimeError), keyed.session() as s:
        file_refusal(s, staff.clerk, notification())
        raise RuntimeError("the decision failed after filing")
    with keyed.session() as s:
        assert s.scalars(select(RefusalEntry)).all() == []
        assert s.get(RefusalChainHead, "entries").last_id == 0


def test_without_the_hall_key_nothing_can_be_filed(db, staff):
    with pytest.raises(ClerkError, match="尚未设置否定备案密钥"), db.session() as s:
        file_refusal(s, staff.clerk, notification())


def test_the_clerk_files_an_unserved_applicant_in_one_action(keyed, staff):
    entry = file_unserved(
        keyed,
        staff.clerk,
        RefusalFiling(
            kind="unserved", category="系统故障", reason="省平台无法登录，申请人改日再来"
        ),
    )
    assert entry.id == 1 and entry.kind == "unserved"
    with pytest.raises(ClerkError, match="受理流程自动备案"):
        file_unserved(keyed, staff.clerk, notification())


def test_an_admin_does_not_file_refusals(keyed, staff):
    with pytest.raises(PermissionDenied), keyed.session() as s:
        file_refusal(s, staff.admin, notification())


def test_the_hash_covers_every_column_but_hash_and_seal():
    """Changing these columns changes the canonical form: it needs a new chain tag."""
    for model, covered in (
        (RefusalEntry, ENTRY_CHAIN_COLUMNS),
        (RefusalReview, REVIEW_CHAIN_COLUMNS),
    ):
        every = {c.name for c in model.__table__.columns}
        assert set(covered) == every - {"hash", "seal"}
        assert covered[0] == "id" and covered[-1] == "prev_hash"
    assert ENTRY_CHAIN_COLUMNS[1:4] == ("filed_at", "window_no", "clerk_id")
    assert REVIEW_CHAIN_COLUMNS == (
        "id", "entry_id", "recorded_at", "kind", "manager_id", "manager_name",
        "comment", "resolved", "prev_hash",
    )  # fmt: skip
