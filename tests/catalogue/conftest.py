"""A hall with an admin and a clerk, and small catalogue files to import."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from clerk.services import accounts
from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database

PASSWORD = "correct horse"

SMALL: dict[str, Any] = {
    "format": "clerk-catalogue",
    "matters": [
        {
            "code": "000117015000",
            "name": "食品经营许可（新办）",
            "department": "市市场监督管理局",
            "legal_days": 20,
            "promised_days": 5,
            "legal_basis": "《中华人民共和国食品安全法》第三十五条",
            "materials": [
                {
                    "code": "M-ID-CARD",
                    "name": "居民身份证",
                    "form": "original",
                    "necessity": "required",
                    "sight_only": True,
                    "elicence_type": "居民身份证",
                },
                {
                    "code": "M-HEALTH",
                    "name": "从业人员健康证明",
                    "form": "copy",
                    "copies": 2,
                    "necessity": "deferrable",
                    "correction_days": 10,
                },
            ],
        },
        {
            "code": "000105001000",
            "name": "出版物零售经营许可",
            "department": "市文化广电旅游局",
            "legal_days": 20,
            "promised_days": 10,
            "materials": [
                {
                    "code": "M-ID-CARD",
                    "name": "居民身份证",
                    "form": "copy",
                    "necessity": "required",
                },
                {
                    "code": "M-LEASE",
                    "name": "经营场所租赁合同",
                    "form": "复印件",
                    "necessity": "必要",
                },
            ],
        },
        {
            "code": "000112020000",
            "name": "户籍证明开具",
            "department": "市公安局",
            "legal_days": 1,
            "promised_days": 0,
            "on_the_spot": True,
            "materials": [
                {
                    "code": "M-ID-CARD",
                    "name": "居民身份证",
                    "form": "original",
                    "necessity": "required",
                }
            ],
        },
    ],
    "bundles": [
        {
            "code": "YJS-001",
            "name": "开办书店",
            "promised_days": 5,
            "matters": ["000117015000", "000105001000"],
        }
    ],
}


def small() -> dict[str, Any]:
    """A fresh copy of a small valid catalogue document to spoil or change."""
    return copy.deepcopy(SMALL)


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def make_admin(db: Database) -> Actor:
    accounts.create_first_admin(db, "admin", "赵志强", PASSWORD)
    return accounts.sign_in(db, "admin", PASSWORD, "1")


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_admin(db)


@pytest.fixture
def clerk(db: Database, admin: Actor) -> Actor:
    accounts.create_account(db, admin, "clerk", "张晓梅", "C0101", Role.CLERK, PASSWORD)
    return accounts.sign_in(db, "clerk", PASSWORD, "3")
