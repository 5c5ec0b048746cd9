"""Demo mode: the demo accounts and the shipped demo catalogue in a separate embedded file."""

from __future__ import annotations

from clerk.services.accounts import Role, seed_demo_accounts
from clerk.storage.db import Database

# The demo never shares a file with the hall's real work.
DEMO_DATABASE = "demo.sqlite3"


def prepare_demo(db: Database) -> list[tuple[str, str, Role]]:
    """Seed what demo mode needs (again on every start: both seeds change nothing twice).

    Returns the demo accounts with their passwords, for the sign-in screen.
    """
    # Imported here: the console imports this module on every start, and the catalogue's
    # file reading (openpyxl, NumPy) and search (pypinyin) take 0.3-0.6 s to import.
    from clerk.services.catalogue import seed_demo_catalogue

    shown = seed_demo_accounts(db)
    seed_demo_catalogue(db)
    return shown
