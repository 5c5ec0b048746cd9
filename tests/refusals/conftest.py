"""Fixtures of the refusal register tests: people at windows and the hall's key."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clerk.secrets import set_secret
from clerk.services.accounts import Actor, Role
from clerk.services.refusals import RefusalFiling, register_key_name
from clerk.storage.db import Database
from tests.support.actors import add_actor

HALL_KEY = "hall-key-for-tests-0123456789abcdef"


@dataclass(frozen=True)
class Staff:
    clerk: Actor
    clerk2: Actor
    manager: Actor
    admin: Actor


def add_people(db: Database) -> Staff:
    """Accounts as rows (no password hashing: these tests never sign in)."""
    people = {
        username: add_actor(db, username, role, name=name, staff_no=staff_no, window=window)
        for username, name, staff_no, role, window in (
            ("zhang", "张晓梅", "C0101", Role.CLERK, "3"),
            ("li", "李建国", "C0102", Role.CLERK, "5"),
            ("wang", "王丽华", "M0001", Role.MANAGER, ""),
            ("zhao", "赵志强", "A0001", Role.ADMIN, ""),
        )
    }
    return Staff(people["zhang"], people["li"], people["wang"], people["zhao"])


@pytest.fixture
def staff(db: Database) -> Staff:
    return add_people(db)


@pytest.fixture
def keyed(db: Database) -> Database:
    """The database, with the hall's key in this (test) keyring."""
    set_secret(register_key_name(db.url), HALL_KEY)
    return db


def notification(**changes: object) -> RefusalFiling:
    values: dict[str, object] = dict(
        kind="notification",
        category="材料不齐全",
        reason="缺少食品安全管理制度文本和从业人员健康证明",
        legal_basis="《中华人民共和国行政许可法》第三十二条",
        applicant_name="陈静",
        applicant_id_no="11010519491231002X",
        applicant_phone="13812345678",
        matter_code="11330000002482095X4000117006001",
        matter_name="食品经营许可（新办）",
        missing_materials=["食品安全管理制度", "从业人员健康证明"],
        ticket_no="A012",
    )
    values.update(changes)
    return RefusalFiling(**values)  # type: ignore[arg-type]
