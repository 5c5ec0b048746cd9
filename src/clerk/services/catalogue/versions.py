"""The hall's catalogue: import and export, versions, and loading one version to work with.

An import is all or nothing: the file is read and checked whole (every problem is
reported at once), then written as a new version in one transaction. The same content
again (in either file format, in any order) changes nothing. Versions are immutable,
so a loaded version is cached.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from clerk.domain.catalogue import (
    BarcodeRule,
    BundleSpec,
    Catalogue,
    Form,
    MaterialSpec,
    MatterSpec,
    Necessity,
    SourceChannel,
)
from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.search import SearchIndex
from clerk.paths import resource
from clerk.services.accounts import Actor, Role, require
from clerk.services.catalogue.columns import CatalogueFileError, Problem
from clerk.services.catalogue.file_read import read_catalogue_file
from clerk.services.catalogue.file_write import content_sha256, write_catalogue_file
from clerk.storage.db import Database
from clerk.storage.models.accounts import Account
from clerk.storage.models.catalogue import (
    Bundle,
    BundleMatter,
    CatalogueVersion,
    Material,
    Matter,
)

__all__ = [
    "CatalogueFileError",
    "ImportResult",
    "Problem",
    "VersionInfo",
    "demo_catalogue_path",
    "export_catalogue",
    "import_catalogue",
    "list_versions",
    "load_catalogue",
    "load_search_index",
    "seed_demo_catalogue",
]

log = logging.getLogger(__name__)

_CACHE_SIZE = 4


@dataclass(frozen=True)
class ImportResult:
    version: int  # the version now current (the existing one when nothing changed)
    changed: bool
    matters: int
    materials: int
    bundles: int


@dataclass(frozen=True)
class VersionInfo:
    number: int
    imported_at: datetime
    imported_by: str  # display name; "" for the demo catalogue
    source_name: str
    content_sha256: str
    matters: int
    bundles: int


def demo_catalogue_path() -> Path:
    return resource("catalogue", "demo.json")


def import_catalogue(db: Database, actor: Actor, path: Path) -> ImportResult:
    """Read, check and store ``path`` as a new version (admin only)."""
    require(actor, Role.ADMIN)
    return _import(db, path, actor.account_id)


def seed_demo_catalogue(db: Database) -> ImportResult:
    """Demo mode only: the shipped demo catalogue, imported by nobody in particular."""
    return _import(db, demo_catalogue_path(), None)


def _import(db: Database, path: Path, account_id: int | None) -> ImportResult:
    catalogue = read_catalogue_file(Path(path))
    digest = content_sha256(catalogue)
    counts = {
        "matters": len(catalogue.matters),
        "materials": sum(len(m.materials) for m in catalogue.matters.values()),
        "bundles": len(catalogue.bundles),
    }
    try:
        with db.session() as s:
            latest = s.scalar(select(CatalogueVersion).order_by(CatalogueVersion.number.desc()))
            if latest is not None and latest.content_sha256 == digest:
                log.info("catalogue %s unchanged (version %d)", path.name, latest.number)
                return ImportResult(latest.number, False, **counts)
            number = 1 if latest is None else latest.number + 1
            s.add(_version_row(catalogue, number, digest, path.name, account_id))
    except IntegrityError as exc:
        raise Conflict("另一台工作站正在导入目录，请稍后重试。", str(exc)) from exc
    log.info("catalogue %s imported as version %d (%s)", path.name, number, counts)
    return ImportResult(number, True, **counts)


def _version_row(
    catalogue: Catalogue, number: int, digest: str, source: str, account_id: int | None
) -> CatalogueVersion:
    version = CatalogueVersion(
        number=number, content_sha256=digest, source_name=source[:255], imported_by=account_id
    )
    rows: dict[str, Matter] = {}
    for spec in catalogue.matters.values():
        matter = Matter(
            code=spec.code,
            name=spec.name,
            department=spec.department,
            department_code=spec.department_code,
            legal_days=spec.legal_days,
            promised_days=spec.promised_days,
            fee=spec.fee,
            legal_basis=spec.legal_basis,
            conditions=spec.conditions,
            on_the_spot=spec.on_the_spot,
            materials=[_material_row(m, position) for position, m in enumerate(spec.materials)],
        )
        rows[spec.code] = matter
        version.matters.append(matter)
    for bundle_spec in catalogue.bundles.values():
        bundle = Bundle(
            code=bundle_spec.code,
            name=bundle_spec.name,
            description=bundle_spec.description,
            promised_days=bundle_spec.promised_days,
            members=[
                BundleMatter(matter=rows[code], position=position)
                for position, code in enumerate(bundle_spec.matter_codes)
            ],
        )
        version.bundles.append(bundle)
    return version


def _material_row(spec: MaterialSpec, position: int) -> Material:
    return Material(
        position=position,
        code=spec.code,
        name=spec.name,
        form=spec.form.value,
        copies=spec.copies,
        necessity=spec.necessity.value,
        correction_days=spec.correction_days,
        source_channel=spec.source_channel.value,
        source_note=spec.source_note,
        acceptance_standard=spec.acceptance_standard,
        legal_basis=spec.legal_basis,
        sight_only=spec.sight_only,
        elicence_type=spec.elicence_type,
        paper_size=spec.paper_size,
        filling_notes=spec.filling_notes,
        barcode_rules=[{"pattern": r.pattern, "format": r.format} for r in spec.barcode_rules],
    )


def export_catalogue(db: Database, path: Path, version: int | None = None) -> None:
    """Write one version (the latest by default) as JSON or XLSX, by the file's extension."""
    catalogue = load_catalogue(db, version)
    try:
        write_catalogue_file(catalogue, Path(path))
    except OSError as exc:
        raise ClerkError(f"无法写入文件“{Path(path).name}”：{exc.strerror}", str(exc)) from exc


def list_versions(db: Database) -> list[VersionInfo]:
    """Every version, newest first."""
    matters = (
        select(func.count())
        .where(Matter.version_id == CatalogueVersion.id)
        .correlate(CatalogueVersion)
        .scalar_subquery()
    )
    bundles = (
        select(func.count())
        .where(Bundle.version_id == CatalogueVersion.id)
        .correlate(CatalogueVersion)
        .scalar_subquery()
    )
    query = (
        select(CatalogueVersion, Account.display_name, matters, bundles)
        .outerjoin(Account, Account.id == CatalogueVersion.imported_by)
        .order_by(CatalogueVersion.number.desc())
    )
    with db.session() as s:
        return [
            VersionInfo(
                number=v.number,
                imported_at=v.imported_at,
                imported_by=name or "",
                source_name=v.source_name,
                content_sha256=v.content_sha256,
                matters=matter_count,
                bundles=bundle_count,
            )
            for v, name, matter_count, bundle_count in s.execute(query)
        ]


# Loaded versions, keyed by database, number and content (a version never changes).
_loaded: OrderedDict[tuple[str, int, str], tuple[Catalogue, SearchIndex | None]] = OrderedDict()
_loaded_lock = threading.Lock()  # the GUI loads from worker threads


def _version_row_for(s: Session, version: int | None) -> CatalogueVersion:
    query = select(CatalogueVersion)
    if version is None:
        row = s.scalar(query.order_by(CatalogueVersion.number.desc()))
        if row is None:
            raise NotFound("本厅还没有导入事项目录，请系统管理员先导入（clerk catalogue import）。")
        return row
    row = s.scalar(query.where(CatalogueVersion.number == version))
    if row is None:
        raise NotFound(f"没有第{version}版目录。")
    return row


def _cached(db: Database, version: int | None) -> tuple[tuple[str, int, str], Catalogue]:
    with db.session() as s:
        row = _version_row_for(s, version)
        key = (db.url.render_as_string(hide_password=True), row.number, row.content_sha256)
        with _loaded_lock:
            if key in _loaded:
                _loaded.move_to_end(key)
                return key, _loaded[key][0]
        catalogue = _read_version(s, row)
    with _loaded_lock:
        _loaded.setdefault(key, (catalogue, None))
        while len(_loaded) > _CACHE_SIZE:
            _loaded.popitem(last=False)
    return key, catalogue


def load_catalogue(db: Database, version: int | None = None) -> Catalogue:
    """One version (the latest by default) in memory; NotFound when there is none.

    The result is shared between callers: treat it as read-only.
    """
    return _cached(db, version)[1]


def load_search_index(db: Database, version: int | None = None) -> SearchIndex:
    """The search index of one version, built once per version."""
    key, catalogue = _cached(db, version)
    with _loaded_lock:
        index = _loaded.get(key, (catalogue, None))[1]
    if index is None:
        index = SearchIndex.build(catalogue)
        with _loaded_lock:
            if key in _loaded:
                _loaded[key] = (catalogue, index)
    return index


def _read_version(s: Session, row: CatalogueVersion) -> Catalogue:
    matters = s.scalars(
        select(Matter)
        .where(Matter.version_id == row.id)
        .options(selectinload(Matter.materials))
        .order_by(Matter.code)
    ).all()
    code_of = {m.id: m.code for m in matters}
    catalogue = Catalogue(version=row.number)
    for matter in matters:
        catalogue.matters[matter.code] = MatterSpec(
            code=matter.code,
            name=matter.name,
            department=matter.department,
            department_code=matter.department_code,
            legal_days=matter.legal_days,
            promised_days=matter.promised_days,
            fee=matter.fee,
            legal_basis=matter.legal_basis,
            conditions=matter.conditions,
            on_the_spot=matter.on_the_spot,
            materials=tuple(_material_spec(m) for m in matter.materials),
        )
    bundles = s.scalars(
        select(Bundle)
        .where(Bundle.version_id == row.id)
        .options(selectinload(Bundle.members))
        .order_by(Bundle.code)
    ).all()
    for bundle in bundles:
        catalogue.bundles[bundle.code] = BundleSpec(
            code=bundle.code,
            name=bundle.name,
            promised_days=bundle.promised_days,
            matter_codes=tuple(code_of[m.matter_id] for m in bundle.members),
            description=bundle.description,
        )
    return catalogue


def _material_spec(row: Material) -> MaterialSpec:
    return MaterialSpec(
        code=row.code,
        name=row.name,
        form=Form(row.form),
        copies=row.copies,
        necessity=Necessity(row.necessity),
        correction_days=row.correction_days,
        source_channel=SourceChannel(row.source_channel),
        source_note=row.source_note,
        acceptance_standard=row.acceptance_standard,
        legal_basis=row.legal_basis,
        sight_only=row.sight_only,
        elicence_type=row.elicence_type,
        paper_size=row.paper_size,
        filling_notes=row.filling_notes,
        barcode_rules=tuple(
            BarcodeRule(pattern=r["pattern"], format=r.get("format", "")) for r in row.barcode_rules
        ),
    )
