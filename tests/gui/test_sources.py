"""Generated and compiled files match their sources: Designer forms and translations."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UIC = Path(sys.executable).parent / "pyside6-uic"
FORMS = sorted((ROOT / "ui").glob("*.ui"))
GUI = ROOT / "src" / "clerk" / "gui"
MODULES = sorted(
    ".".join(p.relative_to(GUI).with_suffix("").parts)
    for p in GUI.rglob("*.py")
    if p.name != "__init__.py" and p.relative_to(GUI).parts[0] != "forms"
)


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_generated_form_is_up_to_date(form: Path, tmp_path: Path):
    generated = ROOT / "src" / "clerk" / "gui" / "forms" / f"ui_{form.stem}.py"
    fresh = tmp_path / generated.name
    subprocess.run([str(UIC), "--no-autoconnection", str(form), "-o", str(fresh)], check=True)
    assert generated.is_file(), f"{generated.name} missing: run tools/build_ui"
    assert generated.read_text() == fresh.read_text(), f"{generated.name} stale: run tools/build_ui"


def test_every_generated_form_has_its_source():
    generated = {p.stem.removeprefix("ui_") for p in (GUI / "forms").glob("ui_*.py")}
    assert generated == {form.stem for form in FORMS}


@pytest.mark.parametrize("module", MODULES)
def test_module_translation_is_complete_and_compiled(module: str):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_translations"), "--check", module],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
