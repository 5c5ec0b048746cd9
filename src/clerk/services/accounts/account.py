"""Accounts: first admin, sign-in with lockout, demo accounts, password changes."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.services.accounts.actor import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account
from clerk.storage.models.base import utcnow

log = logging.getLogger(__name__)

MAX_FAILED = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8

# argon2id with the library's defaults (64 MiB, 3 passes): memory-hard, ~50 ms here.
_hasher = PasswordHasher()

DEMO_ACCOUNTS = (
    ("demo-clerk", "张晓梅", "C0101", Role.CLERK),
    ("demo-clerk2", "李建国", "C0102", Role.CLERK),
    ("demo-manager", "王丽华", "M0001", Role.MANAGER),
    ("demo-admin", "赵志强", "A0001", Role.ADMIN),
)


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ClerkError(f"密码至少需要{MIN_PASSWORD}位。")


def needs_first_admin(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Account)) == 0


def _new_account(
    username: str, display_name: str, staff_no: str, role: Role, password: str
) -> Account:
    username = username.strip()
    if not username or not display_name.strip():
        raise ClerkError("用户名和姓名不能为空。")
    _check_password_rules(password)
    return Account(
        username=username,
        display_name=display_name.strip(),
        staff_no=staff_no.strip(),
        role=role.value,
        password_hash=_hasher.hash(password),
        failed_attempts=0,
    )


def create_first_admin(db: Database, username: str, display_name: str, password: str) -> None:
    """The first start on an empty database: the only way to create an account unsigned."""
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise Conflict("管理员账户已存在，请登录后再管理账户。")
        s.add(_new_account(username, display_name, "A0001", Role.ADMIN, password))


def create_account(
    db: Database,
    actor: Actor,
    username: str,
    display_name: str,
    staff_no: str,
    role: Role,
    password: str,
) -> None:
    require(actor, Role.ADMIN)
    with db.session() as s:
        if s.scalar(select(Account).where(Account.username == username.strip())):
            raise Conflict(f"用户名“{username}”已被使用。")
        s.add(_new_account(username, display_name, staff_no, role, password))


def seed_demo_accounts(db: Database) -> list[tuple[str, str, Role]]:
    """Demo mode only: accounts whose passwords the sign-in screen shows."""
    shown = []
    with db.session() as s:
        for username, name, staff_no, role in DEMO_ACCOUNTS:
            password = f"{username}-2026"
            if s.scalar(select(Account).where(Account.username == username)) is None:
                s.add(_new_account(username, name, staff_no, role, password))
            shown.append((username, password, role))
    return shown


def _actor(account: Account, window_no: str) -> Actor:
    return Actor(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        staff_no=account.staff_no,
        role=Role(account.role),
        window_no=window_no,
    )


def sign_in(
    db: Database, username: str, password: str, window_no: str, now: datetime | None = None
) -> Actor:
    """Check the password; five wrong tries lock the account for five minutes."""
    now = now or utcnow()
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.username == username.strip()))
        if account is None or not account.active:
            # Same words as a wrong password: do not tell which usernames exist.
            raise ClerkError("用户名或密码不正确。")
        if account.locked_until is not None and account.locked_until > now:
            minutes = max(1, int((account.locked_until - now).total_seconds() + 59) // 60)
            raise ClerkError(f"密码错误次数过多，账户已锁定，请{minutes}分钟后再试。")
        try:
            _hasher.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            account.failed_attempts += 1
            if account.failed_attempts >= MAX_FAILED:
                account.failed_attempts = 0
                account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                log.warning(
                    "account %s locked after %d failed sign-ins", account.username, MAX_FAILED
                )
                message = f"密码错误次数过多，账户已锁定{LOCK_MINUTES}分钟。"
            else:
                left = MAX_FAILED - account.failed_attempts
                message = f"用户名或密码不正确（再错{left}次将锁定账户）。"
            s.commit()
            raise ClerkError(message) from None
        account.failed_attempts = 0
        account.locked_until = None
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        log.info("signed in: %s at window %s", account.username, window_no)
        return _actor(account, window_no)


def change_password(db: Database, actor: Actor, old: str, new: str) -> None:
    _check_password_rules(new)
    with db.session() as s:
        account = s.get(Account, actor.account_id)
        if account is None:
            raise NotFound("账户不存在。")
        try:
            _hasher.verify(account.password_hash, old)
        except (VerificationError, InvalidHashError):
            raise ClerkError("原密码不正确。") from None
        account.password_hash = _hasher.hash(new)
