"""Alembic owns the schema: state checks and upgrades, driven from code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

EMPTY = "empty"
BEHIND = "behind"
CURRENT = "current"
NEWER = "newer"

HERE = Path(__file__).parent


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s")
    cfg.attributes["engine"] = engine
    return cfg


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def state(engine: Engine) -> str:
    """Where the database stands against this program's migrations."""
    scripts = script()
    known = {rev.revision for rev in scripts.walk_revisions()}
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if not current:
        return EMPTY
    if current - known:
        return NEWER
    # A revision that depends_on another branch stands for it in alembic_version.
    applied = {rev.revision for rev in scripts.iterate_revisions(tuple(current), "base")}
    if applied == known:
        return CURRENT
    return BEHIND


def upgrade(engine: Engine) -> None:
    command.upgrade(config(engine), "heads")
