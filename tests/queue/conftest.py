"""A small hall: three categories, three windows, their clerks, an admin and a manager."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clerk.services import queue
from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database
from tests.support.actors import add_actor


@dataclass
class Hall:
    db: Database
    admin: Actor
    manager: Actor
    clerks: dict[str, Actor]  # by window number

    def window(self, number: str) -> Actor:
        return self.clerks[number]


@pytest.fixture
def hall(db: Database) -> Hall:
    return build_hall(db)


def build_hall(db: Database) -> Hall:
    admin = add_actor(db, "hall-admin", Role.ADMIN)
    queue.save_category(db, admin, "A", "综合受理", ["M001", "M002"], 0)
    queue.save_category(db, admin, "B", "企业开办", ["M100"], 1)
    queue.save_category(db, admin, "C", "不动产登记", ["M200"], 2)
    # Window 1 prefers A then B; window 2 prefers B then A; window 3 serves only C.
    queue.save_window(db, admin, "1", ["A", "B"])
    queue.save_window(db, admin, "2", ["B", "A"])
    queue.save_window(db, admin, "3", ["C"])
    clerks = {n: add_actor(db, f"window{n}-clerk", Role.CLERK, window=n) for n in ("1", "2", "3")}
    for clerk in clerks.values():
        queue.open_window(db, clerk)
    return Hall(db, admin, add_actor(db, "hall-manager", Role.MANAGER), clerks)
