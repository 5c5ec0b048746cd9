"""E-licences (电子证照): a material the government already holds need not be handed in.

The window asks an ``ELicenceProvider`` whether the applicant holds a licence of the
type a material names. The default provider reads the ``elicence`` table that IT fills
from the licence platform's export file (``clerk elicence import FILE``, CSV with the
header ``licence_type,licence_number,holder_id_number,holder_name,issuer,valid_until``).
A hall connected to its province's platform plugs in another provider.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from clerk.domain.catalogue import ChecklistLine
from clerk.domain.errors import ClerkError
from clerk.domain.intake import MaterialEntry, MaterialState
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.models.intake import ELicence

log = logging.getLogger(__name__)

COLUMNS = (
    "licence_type",
    "licence_number",
    "holder_id_number",
    "holder_name",
    "issuer",
    "valid_until",
)


@dataclass(frozen=True)
class ELicenceRecord:
    licence_type: str
    licence_number: str
    holder_id_number: str
    holder_name: str
    issuer: str = ""
    valid_until: date | None = None


class ELicenceProvider(Protocol):
    def find(self, holder_id_number: str, licence_type: str, on: date) -> ELicenceRecord | None:
        """A licence of that type held by that person or enterprise, valid on ``on``."""
        ...


class TableELicenceProvider:
    """The default provider: the table IT imports from a file."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def find(self, holder_id_number: str, licence_type: str, on: date) -> ELicenceRecord | None:
        with self.db.session() as s:
            rows = s.scalars(
                select(ELicence)
                .where(
                    ELicence.holder_id_number == holder_id_number.strip().upper(),
                    ELicence.licence_type == licence_type,
                )
                .order_by(ELicence.imported_at.desc())
            )
            for row in rows:
                if row.valid_until is None or row.valid_until >= on:
                    return ELicenceRecord(
                        row.licence_type,
                        row.licence_number,
                        row.holder_id_number,
                        row.holder_name,
                        row.issuer,
                        row.valid_until,
                    )
        return None


def exempt_entry(
    provider: ELicenceProvider, holder_id_number: str, line: ChecklistLine, on: date
) -> MaterialEntry | None:
    """The 免提交 entry for a material when the applicant holds the licence that replaces it."""
    licence_type = line.material.elicence_type
    if not licence_type:
        return None
    found = provider.find(holder_id_number, licence_type, on)
    if found is None:
        return None
    return MaterialEntry(
        MaterialState.EXEMPT,
        elicence_type=found.licence_type,
        elicence_number=found.licence_number,
    )


def _parse_row(number: int, row: dict[str, str]) -> ELicence:
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for required in ("licence_type", "licence_number", "holder_id_number", "holder_name"):
        if not values[required]:
            raise ClerkError(f"电子证照文件第{number}行缺少“{required}”，未导入任何记录。")
    valid_until = None
    if values["valid_until"]:
        try:
            valid_until = date.fromisoformat(values["valid_until"])
        except ValueError as exc:
            raise ClerkError(
                f"电子证照文件第{number}行有效期“{values['valid_until']}”不是日期（应为2026-01-31），未导入任何记录。"
            ) from exc
    return ELicence(
        licence_type=values["licence_type"],
        licence_number=values["licence_number"],
        holder_id_number=values["holder_id_number"].upper(),
        holder_name=values["holder_name"],
        issuer=values["issuer"],
        valid_until=valid_until,
    )


def import_elicences(db: Database, actor: Actor, path: Path) -> int:
    """Read the export file and store it (all rows or none); a licence seen again is updated."""
    require(actor, Role.ADMIN)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
            if missing:
                raise ClerkError(f"电子证照文件缺少列：{'、'.join(missing)}。")
            parsed = [_parse_row(n, row) for n, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClerkError(
            f"无法读取电子证照文件 {path.name}（应为UTF-8编码的CSV）。", str(exc)
        ) from exc
    with db.session() as s:
        for new in parsed:
            row = s.scalar(
                select(ELicence).where(
                    ELicence.licence_type == new.licence_type,
                    ELicence.licence_number == new.licence_number,
                )
            )
            if row is None:
                new.source_name = path.name
                s.add(new)
                continue
            row.holder_id_number = new.holder_id_number
            row.holder_name = new.holder_name
            row.issuer = new.issuer
            row.valid_until = new.valid_until
            row.source_name = path.name
    log.info("%d e-licences imported from %s by %s", len(parsed), path.name, actor.username)
    return len(parsed)
