"""A new catalogue version applies to new work; cases and open drafts keep the version they began with."""

import json
from pathlib import Path

import pytest

from clerk.domain.errors import ClerkError
from clerk.services import intake
from clerk.services.catalogue import import_catalogue
from clerk.storage.models.intake import Case
from tests.intake.conftest import ALL_FOOD, CATALOGUE, make_desk


def with_floor_plan(tmp_path: Path) -> Path:
    """The hall's catalogue after M-FOOD began to ask for a floor plan as well."""
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    food = next(m for m in data["matters"] if m["code"] == "M-FOOD")
    food["materials"].append(
        {
            "code": "FLOOR-PLAN",
            "name": "经营场所平面图",
            "form": "original",
            "necessity": "required",
        }
    )
    path = tmp_path / "catalogue-v2.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_cases_and_open_drafts_keep_their_version_new_drafts_take_the_new_one(db, tmp_path):
    desk = make_desk(db)
    decided = intake.accept(db, desk.clerk, desk.draft(entries=ALL_FOOD).id, "decided")
    waiting = desk.draft(entries=ALL_FOOD)  # begun under version 1, decided later
    assert import_catalogue(db, desk.admin, with_floor_plan(tmp_path)).version == 2

    later = intake.accept(db, desk.clerk, waiting.id, "later")
    with db.session() as s:
        for outcome in (decided, later):
            case = s.get_one(Case, outcome.case_id)
            assert intake.catalogue_for(db, case.catalogue_version_id)[0] == 1
            assert [m.code for m in case.materials] == ["ID-CARD", "BIZ-LICENCE", "HEALTH"]

    new = desk.draft(entries=ALL_FOOD)
    number, catalogue = intake.catalogue_for(db, new.catalogue_version_id)
    assert number == 2
    assert [m.code for m in catalogue.matters["M-FOOD"].materials][-1] == "FLOOR-PLAN"
    with pytest.raises(ClerkError, match="还缺必要材料：经营场所平面图"):
        intake.accept(db, desk.clerk, new.id, "new")
