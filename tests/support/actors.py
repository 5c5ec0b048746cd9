"""The one way tests make a person of the hall: an account row and the ``Actor`` it signs in as.

The row is written directly (no argon2 hashing: most tests never sign in, and account
creation and sign-in are tested in tests/foundation). ``password_hash`` takes a real hash
for tests that sign in through the service.
"""

from __future__ import annotations

from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account


def add_actor(
    db: Database,
    username: str,
    role: Role = Role.CLERK,
    *,
    name: str | None = None,
    staff_no: str | None = None,
    window: str = "1",
    password_hash: str = "-",
) -> Actor:
    """An active account (display name defaults to the username, staff number to it in capitals)."""
    name = name or username
    staff_no = username.upper() if staff_no is None else staff_no
    with db.session() as s:
        account = Account(
            username=username,
            display_name=name,
            staff_no=staff_no,
            role=role.value,
            password_hash=password_hash,
            failed_attempts=0,
            active=True,
        )
        s.add(account)
        s.flush()
        return Actor(account.id, username, name, staff_no, role, window)
