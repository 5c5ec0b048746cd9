"""A small hall for intake tests: two clerks, a manager, an admin, a catalogue, the register key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from clerk.domain.intake import ApplicantInput, ApplicantKind, MaterialEntry, MaterialState
from clerk.secrets import set_secret
from clerk.services import intake
from clerk.services.accounts import Actor, Role
from clerk.services.catalogue import import_catalogue
from clerk.services.refusals import register_key_name
from clerk.storage.db import Database
from tests.support.actors import add_actor

CATALOGUE = Path(__file__).with_name("catalogue.json")
HALL_KEY = "intake-tests-hall-key-0123456789abcdef"

PERSON_ID = "110105199003071239"
OTHER_PERSON_ID = "440304198511204567"
USCC = "91110105MA01C3K25H"

PERSON = ApplicantInput(ApplicantKind.PERSON, "陈静", PERSON_ID, "13812345678")
ENTERPRISE = ApplicantInput(
    ApplicantKind.ENTERPRISE, "北京墨香书店有限公司", USCC, "01065551234", "刘文博"
)
RECEIVED = MaterialEntry(MaterialState.RECEIVED, "copy", 1)
ALL_FOOD = {"ID-CARD": RECEIVED, "BIZ-LICENCE": RECEIVED, "HEALTH": RECEIVED}


@dataclass
class Desk:
    db: Database
    clerk: Actor
    clerk2: Actor
    manager: Actor
    admin: Actor

    def draft(
        self,
        actor: Actor | None = None,
        subject: tuple[str, str] = ("matter", "M-FOOD"),
        entries: dict[str, MaterialEntry] | None = None,
        applicant: ApplicantInput = PERSON,
    ) -> intake.DraftView:
        """A walk-in with applicant, matter and material states already recorded."""
        actor = actor or self.clerk
        draft = intake.serve_ticket(self.db, actor)
        changes = intake.DraftChanges(applicant=applicant, subject=subject)
        draft = intake.save_draft(self.db, actor, draft.id, changes)
        if entries:
            draft = intake.save_draft(
                self.db, actor, draft.id, intake.DraftChanges(entries=entries)
            )
        return draft


def make_desk(db: Database) -> Desk:
    set_secret(register_key_name(db.url), HALL_KEY)
    admin = add_actor(db, "admin", Role.ADMIN, name="赵志强", window="")
    import_catalogue(db, admin, CATALOGUE)
    return Desk(
        db,
        add_actor(db, "zhang", Role.CLERK, name="张晓梅", window="3"),
        add_actor(db, "li", Role.CLERK, name="李建国", window="5"),
        add_actor(db, "wang", Role.MANAGER, name="王丽华", window="1"),
        admin,
    )


@pytest.fixture
def desk(db: Database) -> Desk:
    return make_desk(db)
