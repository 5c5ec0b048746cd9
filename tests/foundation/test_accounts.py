"""Sign-in, lockout and the first admin, on both databases."""

from datetime import timedelta

import pytest

from clerk.domain.errors import ClerkError, Conflict, PermissionDenied
from clerk.services import accounts
from clerk.services.accounts import Role
from clerk.storage.models.base import utcnow


def test_first_start_asks_for_an_admin_and_only_once(db):
    assert accounts.needs_first_admin(db)
    accounts.create_first_admin(db, "admin", "管理员", "correct horse")
    assert not accounts.needs_first_admin(db)
    with pytest.raises(Conflict):
        accounts.create_first_admin(db, "admin2", "另一个", "correct horse")
    actor = accounts.sign_in(db, "admin", "correct horse", "3")
    assert actor.role is Role.ADMIN and actor.window_no == "3"


def test_short_password_is_refused(db):
    with pytest.raises(ClerkError, match="至少需要8位"):
        accounts.create_first_admin(db, "admin", "管理员", "short")


def test_five_wrong_passwords_lock_for_five_minutes(db):
    accounts.create_first_admin(db, "admin", "管理员", "correct horse")
    now = utcnow()
    for attempt in range(4):
        with pytest.raises(ClerkError, match=f"再错{4 - attempt}次"):
            accounts.sign_in(db, "admin", "wrong", "1", now=now)
    with pytest.raises(ClerkError, match="已锁定5分钟"):
        accounts.sign_in(db, "admin", "wrong", "1", now=now)
    # Even the right password is refused while locked …
    with pytest.raises(ClerkError, match="请5分钟后再试"):
        accounts.sign_in(db, "admin", "correct horse", "1", now=now + timedelta(seconds=30))
    # … and accepted once the five minutes are over.
    actor = accounts.sign_in(
        db, "admin", "correct horse", "1", now=now + timedelta(minutes=5, seconds=1)
    )
    assert actor.username == "admin"


def test_unknown_user_gets_the_same_words_as_a_wrong_password(db):
    with pytest.raises(ClerkError, match="^用户名或密码不正确。$"):
        accounts.sign_in(db, "nobody", "whatever1", "1")


def test_only_an_admin_creates_accounts(db):
    shown = accounts.seed_demo_accounts(db)
    passwords = {u: p for u, p, _ in shown}
    clerk = accounts.sign_in(db, "demo-clerk", passwords["demo-clerk"], "1")
    with pytest.raises(PermissionDenied):
        accounts.create_account(db, clerk, "x", "某人", "C9", Role.CLERK, "password123")
    admin = accounts.sign_in(db, "demo-admin", passwords["demo-admin"], "1")
    accounts.create_account(db, admin, "x", "某人", "C9", Role.CLERK, "password123")
    assert accounts.sign_in(db, "x", "password123", "2").role is Role.CLERK


def test_password_hash_is_memory_hard_argon2(db):
    accounts.create_first_admin(db, "admin", "管理员", "correct horse")
    from sqlalchemy import select

    from clerk.storage.models.accounts import Account

    with db.session() as s:
        stored = s.scalar(select(Account.password_hash))
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
