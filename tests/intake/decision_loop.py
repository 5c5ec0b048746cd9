"""Run intake decisions in a loop until killed: the subject of the kill -9 test.

Usage: python -m tests.intake.decision_loop URL HALL_KEY CLERK_ID
Prints one line per stored case so the parent can tell the loop is under way.
"""

from __future__ import annotations

import itertools
import sys
import uuid

import keyring
from sqlalchemy.engine import make_url

from clerk.domain.intake import MaterialEntry, MaterialState, RefusalCategory
from clerk.secrets import set_secret
from clerk.services import intake
from clerk.services.accounts import Actor, Role
from clerk.services.refusals import register_key_name
from clerk.storage.db import Database, make_engine
from tests.intake.conftest import ALL_FOOD, PERSON
from tests.support.keyrings import MemoryKeyring

DEFERRED = {**ALL_FOOD, "HEALTH": MaterialEntry(MaterialState.DEFERRED)}
REFUSAL = intake.RefusalInput(
    RefusalCategory.CONDITIONS_NOT_MET, "场所不符合要求。", "《食品经营许可管理办法》第十一条"
)


def main() -> None:
    url, key, clerk_id = make_url(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    keyring.set_keyring(MemoryKeyring())  # this process's keyring holds the hall key
    set_secret(register_key_name(url), key)
    db = Database(url, make_engine(url))
    actor = Actor(clerk_id, "zhang", "张晓梅", "ZHANG", Role.CLERK, "3")
    # Drafts left open by an earlier (killed) run are offered again: finish them first.
    left = [d.id for d in intake.my_open_drafts(db, actor)]
    for n in itertools.count():
        draft_id = left.pop() if left else intake.serve_ticket(db, actor).id
        changes = intake.DraftChanges(applicant=PERSON, subject=("matter", "M-FOOD"))
        intake.save_draft(db, actor, draft_id, changes)
        kind = n % 4
        entries = (ALL_FOOD, DEFERRED, {"ID-CARD": ALL_FOOD["ID-CARD"]}, {})[kind]
        if entries:
            intake.save_draft(db, actor, draft_id, intake.DraftChanges(entries=entries))
        key_ = uuid.uuid4().hex
        if kind == 0:
            outcome = intake.accept(db, actor, draft_id, key_)
        elif kind == 1:
            outcome = intake.defer(db, actor, draft_id, key_)
        elif kind == 2:
            outcome = intake.notify_missing(db, actor, draft_id, key_)
        else:
            outcome = intake.refuse(db, actor, draft_id, key_, REFUSAL)
        print(outcome.number, flush=True)


if __name__ == "__main__":
    main()
