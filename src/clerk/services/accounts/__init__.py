"""Accounts: who is signed in (``Actor``, ``Role``, ``require``), sign-in, first admin, passwords."""

from clerk.services.accounts.account import (
    DEMO_ACCOUNTS,
    LOCK_MINUTES,
    MAX_FAILED,
    MIN_PASSWORD,
    change_password,
    create_account,
    create_first_admin,
    needs_first_admin,
    seed_demo_accounts,
    sign_in,
)
from clerk.services.accounts.actor import ROLE_NAMES, Actor, Role, require

__all__ = [
    "DEMO_ACCOUNTS",
    "LOCK_MINUTES",
    "MAX_FAILED",
    "MIN_PASSWORD",
    "ROLE_NAMES",
    "Actor",
    "Role",
    "change_password",
    "create_account",
    "create_first_admin",
    "needs_first_admin",
    "require",
    "seed_demo_accounts",
    "sign_in",
]
