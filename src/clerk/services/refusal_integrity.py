"""Verifying the refusal register: walk both chains and report the first thing wrong.

The walk reads plain tuples with the driver's own cursor. On PostgreSQL the server
builds each row's canonical text and its SHA-256 (``pg_catalog`` functions only), in
its own process while Python checks links and seals; on SQLite Python hashes the
rows. The row the walk stops at is then read in full and examined here in Python.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from clerk.domain.refusal_chain import (
    ENTRY_TAG,
    REVIEW_TAG,
    Finding,
    Head,
    Suspect,
    check_head,
    check_tail,
    classify,
    hashed,
    walk,
)
from clerk.services.refusals import hall_key
from clerk.storage.db import Database
from clerk.storage.models.refusals import ENTRY_CHAIN_COLUMNS, REVIEW_CHAIN_COLUMNS

log = logging.getLogger(__name__)

BATCH = 20_000


@dataclass(frozen=True)
class Chain:
    name: str  # the head's name
    table: str
    tag: str
    columns: tuple[str, ...]
    time_column: str
    noun: str


CHAINS = (
    Chain("entries", "refusal_entry", ENTRY_TAG, ENTRY_CHAIN_COLUMNS, "filed_at", "否定备案"),
    Chain("reviews", "refusal_review", REVIEW_TAG, REVIEW_CHAIN_COLUMNS, "recorded_at", "复核记录"),
)


@dataclass(frozen=True)
class Verification:
    counts: dict[str, int]  # rows walked per chain
    finding: Finding | None
    chain: Chain | None  # the chain the finding is in

    @property
    def ok(self) -> bool:
        return self.finding is None


def _columns(chain: Chain, dialect: str) -> list[str]:
    def column(name: str) -> str:
        if name != chain.time_column:
            return name
        if dialect == "postgresql":
            return f"pg_catalog.to_char({name} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        return name  # SQLite keeps the canonical text itself

    return [column(c) for c in chain.columns]


def _select(chain: Chain, dialect: str, where: str = "") -> str:
    """Full rows in canonical column order, then hash and seal."""
    columns = ", ".join([*_columns(chain, dialect), "hash", "seal"])
    return f"SELECT {columns} FROM {chain.table} {where} ORDER BY id"


def _server_hashed(chain: Chain) -> str:
    """PostgreSQL: (id, prev_hash, hash of the canonical text, hash, seal) per row."""
    canonical = (
        f"pg_catalog.json_build_array('{chain.tag}', {', '.join(_columns(chain, 'postgresql'))})"
    )
    digest = f"pg_catalog.sha256(pg_catalog.convert_to({canonical}::text, 'UTF8'))"
    return (
        f"SELECT id, prev_hash, pg_catalog.encode({digest}, 'hex'), hash, seal "
        f"FROM {chain.table} ORDER BY id"
    )


def _stream(conn: Connection, sql: str) -> Iterator[Sequence[Any]]:
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor: Any
    if conn.dialect.name == "postgresql":
        cursor = raw.cursor(name="refusal_verify")  # server-side: rows arrive in batches
        cursor.itersize = BATCH
    else:
        cursor = raw.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def _one(conn: Connection, chain: Chain, where: str, value: object) -> Sequence[Any] | None:
    sql = _select(chain, conn.dialect.name, f"WHERE {where}") + " LIMIT 1"
    row = conn.exec_driver_sql(sql, (value,)).first()
    return tuple(row) if row is not None else None


def _head(conn: Connection, chain: Chain) -> Head:
    row = conn.exec_driver_sql(
        f"SELECT last_id, last_hash, seal FROM refusal_chain_head WHERE name = {_placeholder(conn)}",
        (chain.name,),
    ).one()
    return Head(chain.name, row[0], row[1], row[2])


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.name == "sqlite" else "%s"


def verify_chain(conn: Connection, chain: Chain, key: bytes) -> tuple[int, Finding | None]:
    p = _placeholder(conn)
    head = _head(conn, chain)
    finding = check_head(chain.tag, key, head, chain.noun, _one(conn, chain, f"id >= {p}", 1))
    if finding is not None:
        return 0, finding
    if conn.dialect.name == "postgresql":
        rows = _stream(conn, _server_hashed(chain))
    else:
        rows = hashed(chain.tag, _stream(conn, _select(chain, conn.dialect.name)))
    walked = walk(rows, key)
    if walked.bad_id is None:
        return walked.count, check_tail(head, chain.noun, walked)
    bad = _one(conn, chain, f"id = {p}", walked.bad_id)
    assert bad is not None
    owner = conn.exec_driver_sql(f"SELECT id FROM {chain.table} WHERE hash = {p}", (bad[-3],))
    suspect = Suspect(
        previous=_one(conn, chain, f"id = {p}", walked.last_id) if walked.last_id else None,
        row=bad,
        following=_one(conn, chain, f"id > {p}", walked.bad_id),
        prev_owner=owner.scalar(),
    )
    return walked.count, classify(chain.tag, key, head, chain.noun, suspect)


def verify_register(db: Database) -> Verification:
    """Walk entries, then reviews. Needs the hall key; reads only, so no role is needed:
    IT runs it from a scheduled task, and it names entries by number only."""
    key = hall_key(db)
    counts: dict[str, int] = {}
    with db.engine.connect() as conn:
        for chain in CHAINS:
            counts[chain.name], finding = verify_chain(conn, chain, key)
            if finding is not None:
                log.warning("refusal register %s: %s", chain.name, finding.message)
                return Verification(counts, finding, chain)
    return Verification(counts, None, None)
