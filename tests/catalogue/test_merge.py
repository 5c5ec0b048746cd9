"""A bundle's merged material list, rule by rule, on a catalogue small enough to read."""

import pytest

from clerk.domain.catalogue import (
    BundleSpec,
    Catalogue,
    Form,
    MaterialSpec,
    MatterSpec,
    Necessity,
)


def material(code: str, form: Form = Form.COPY, copies: int = 1, **kw) -> MaterialSpec:
    return MaterialSpec(
        code, f"材料{code}", form, copies, kw.pop("necessity", Necessity.REQUIRED), **kw
    )


def matter(code: str, department: str, *materials: MaterialSpec) -> MatterSpec:
    return MatterSpec(code, f"事项{code}", department, 20, 10, materials)


def bundle_of(*matters: MatterSpec) -> Catalogue:
    catalogue = Catalogue(1, {m.code: m for m in matters})
    catalogue.bundles["B"] = BundleSpec("B", "一件事", 5, tuple(m.code for m in matters))
    return catalogue


def merged(*matters: MatterSpec) -> dict[str, MaterialSpec]:
    checklist = bundle_of(*matters).checklist_for_bundle("B")
    return {line.material.code: line.material for line in checklist.lines}


def test_the_same_material_is_asked_once_and_names_every_matter_that_needs_it():
    checklist = bundle_of(
        matter("A", "市公安局", material("ID"), material("PHOTO")),
        matter("C", "市卫生健康委员会", material("ID"), material("BIRTH")),
        matter("D", "市公安局", material("ID")),
    ).checklist_for_bundle("B")
    assert [line.material.code for line in checklist.lines] == ["ID", "PHOTO", "BIRTH"]
    (id_line,) = [line for line in checklist.lines if line.material.code == "ID"]
    assert id_line.matter_codes == ("A", "C", "D")
    assert id_line.departments == ("市公安局", "市卫生健康委员会")
    assert (len(checklist.lines), checklist.original_count) == (3, 5)
    assert checklist.saving == "3 份材料，原需 5 份"


def test_copies_are_the_most_any_matter_needs():
    lines = merged(
        matter("A", "甲", material("ID", copies=2)),
        matter("C", "乙", material("ID", copies=3)),
        matter("D", "丙", material("ID", copies=1)),
    )
    assert lines["ID"].copies == 3


@pytest.mark.parametrize(
    ("first", "second", "wins"),
    [
        (Form.COPY, Form.ORIGINAL, Form.ORIGINAL),  # 原件 over 复印件
        (Form.ORIGINAL, Form.COPY, Form.ORIGINAL),  # in either order
        (Form.ELECTRONIC, Form.COPY, Form.COPY),
        (Form.ORIGINAL, Form.ORIGINAL_AND_COPY, Form.ORIGINAL_AND_COPY),
    ],
)
def test_the_stricter_form_wins(first, second, wins):
    lines = merged(
        matter("A", "甲", material("X", first)), matter("C", "乙", material("X", second))
    )
    assert (lines["X"].form, lines["X"].sight_only) == (wins, False)


def test_an_original_only_sighted_and_a_copy_kept_become_both_and_the_original_goes_back():
    lines = merged(
        matter("A", "甲", material("ID", Form.ORIGINAL, sight_only=True)),
        matter("C", "乙", material("ID", Form.COPY)),
    )
    assert (lines["ID"].form, lines["ID"].sight_only) == (Form.ORIGINAL_AND_COPY, True)


def test_required_beats_deferrable_and_the_shorter_correction_time_holds():
    lines = merged(
        matter("A", "甲", material("X", necessity=Necessity.DEFERRABLE, correction_days=10)),
        matter("C", "乙", material("X", necessity=Necessity.DEFERRABLE, correction_days=5)),
        matter("D", "丙", material("Y", necessity=Necessity.OPTIONAL)),
        matter("E", "丁", material("Y", necessity=Necessity.REQUIRED)),
    )
    assert (lines["X"].necessity, lines["X"].correction_days) == (Necessity.DEFERRABLE, 5)
    assert (lines["Y"].necessity, lines["Y"].correction_days) == (Necessity.REQUIRED, None)


def test_nothing_shared_shows_no_saving():
    checklist = bundle_of(
        matter("A", "甲", material("X")), matter("C", "乙", material("Y"))
    ).checklist_for_bundle("B")
    assert checklist.saving == "2 份材料"
