"""docs/installing.md lists every settings key (the table is generated from KEYS)."""

from __future__ import annotations

from clerk.settings import KEYS
from installer import settings_doc


def test_the_settings_table_is_the_generated_one() -> None:
    text = settings_doc.DOC.read_text(encoding="utf-8")
    assert settings_doc.with_table(text) == text, (
        "docs/installing.md is out of date: run .venv/bin/python -m installer.settings_doc --write"
    )
    for key in KEYS:
        assert f"| `{key}` |" in text
