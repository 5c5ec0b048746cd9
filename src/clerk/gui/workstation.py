"""What every page of the console is given: the database, who is signed in, settings, workers."""

from __future__ import annotations

from dataclasses import dataclass

from clerk.gui.workers import Workers
from clerk.services.accounts import Actor
from clerk.settings import Settings
from clerk.storage.db import Database


@dataclass(frozen=True)
class Workstation:
    """The console's shared context, built once per sign-in and passed to each page.

    ``db`` is only touched inside functions given to ``workers.run`` (a hall database
    can be slow); ``actor`` goes to every service call; ``demo`` is True on demo data.
    """

    db: Database
    actor: Actor
    settings: Settings
    workers: Workers
    demo: bool = False
