"""The catalogue version a draft is judged by, looked up once per database and version."""

from __future__ import annotations

from sqlalchemy import select

from clerk.domain.catalogue import Catalogue
from clerk.domain.errors import NotFound
from clerk.domain.subject import Subject, subject_of
from clerk.services.catalogue import load_catalogue
from clerk.storage.db import Database
from clerk.storage.models.catalogue import CatalogueVersion
from clerk.storage.models.intake import IntakeDraft

_versions: dict[tuple[str, int], int] = {}  # (database, version id) -> version number


def catalogue_for(db: Database, version_id: int | None = None) -> tuple[int, Catalogue]:
    """A catalogue version by id (the newest when None), with its id."""
    if version_id is None:
        with db.session() as s:
            version_id = s.scalar(
                select(CatalogueVersion.id).order_by(CatalogueVersion.number.desc()).limit(1)
            )
        if version_id is None:
            raise NotFound("尚未导入材料目录，请系统管理员先导入目录（clerk catalogue import）。")
    where = (db.url.render_as_string(hide_password=True), version_id)
    number = _versions.get(where)
    if number is None:  # versions never change: one look-up per database and version
        with db.session() as s:
            number = s.scalar(
                select(CatalogueVersion.number).where(CatalogueVersion.id == version_id)
            )
        if number is None:
            raise NotFound("目录版本不存在。", f"catalogue_version {version_id}")
        _versions[where] = number
    return version_id, load_catalogue(db, number)


def draft_subject(catalogue: Catalogue, draft: IntakeDraft) -> Subject:
    """The draft's matter or bundle, its checklist asking for the agent's letter if any."""
    return subject_of(
        catalogue, draft.subject_kind, draft.subject_code, agent=draft.agent_id is not None
    )
