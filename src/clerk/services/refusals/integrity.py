"""Verifying the refusal register: walk both chains and report the first thing wrong.

The database writes each row's canonical text itself, so Python never builds ~24
objects per row: SQLite with ``printf`` and ``json_quote``, PostgreSQL by plain string
concatenation when no text value needs JSON escaping and with ``json_build_array``
when one does (both give the same text; PostgreSQL also hashes it, in its own process).
The walk reads ``(id, prev_hash, canonical text or its SHA-256, hash, seal)`` with the
driver's own cursor, in big batches. A long chain is cut into stretches walked at
once, one per core (this process and forked helpers, each with its own connection);
``join`` then checks the links between them. The row the walk stops at is read in
full and examined in Python.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer
from sqlalchemy.engine import URL

from clerk.domain.refusal_chain import (
    ENTRY_TAG,
    REVIEW_TAG,
    Finding,
    Head,
    Stretch,
    Suspect,
    canonical,
    check_head,
    check_tail,
    classify,
    hashed,
    join,
    walk_stretch,
)
from clerk.services.refusals.filing import hall_key
from clerk.storage.db import Database, make_engine
from clerk.storage.models.base import Base
from clerk.storage.models.refusals import ENTRY_CHAIN_COLUMNS, REVIEW_CHAIN_COLUMNS

log = logging.getLogger(__name__)

PAGE = 50_000  # rows per query
SPLIT_FROM = 100_000  # rows; a shorter chain is walked in one go (a helper costs ~20 ms)

# Characters JSON escapes (the canonical text's only escapes): control characters,
# quote and backslash. A row whose plain text values hold none is written by
# concatenation on PostgreSQL.
_NEEDS_ESCAPE = r"'[\x01-\x1f\"\\]'"
# SQLite's json_quote must escape exactly as the canonical encoding does; checked
# once per verify with every kind of character that matters.
_PROBE = "".join(map(chr, range(1, 32))) + '"\\/\x7f\u2028 𠀀☺️ </script> 100%'


@dataclass(frozen=True)
class Chain:
    name: str  # the head's name
    table: str
    tag: str
    columns: tuple[str, ...]
    time_column: str
    noun: str
    json_columns: tuple[str, ...] = ()  # text columns holding JSON: always escaped

    @property
    def numbers(self) -> frozenset[str]:
        table = Base.metadata.tables[self.table]
        return frozenset(c for c in self.columns if isinstance(table.c[c].type, Integer))


CHAINS = (
    Chain(
        "entries",
        "refusal_entry",
        ENTRY_TAG,
        ENTRY_CHAIN_COLUMNS,
        "filed_at",
        "否定备案",
        json_columns=("missing_materials",),
    ),
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


def _full_columns(chain: Chain, dialect: str) -> str:
    """Full rows in canonical column order, then hash and seal."""
    return ", ".join([*_columns(chain, dialect), "hash", "seal"])


def _sqlite_canonical(chain: Chain) -> str:
    """SQLite: the canonical text, as bytes, of each row."""
    template = ", ".join("%s" for _ in chain.columns)
    values = ", ".join(c if c == "id" else f"json_quote({c})" for c in chain.columns)
    return f"""CAST(printf('["{chain.tag}", {template}]', {values}) AS BLOB)"""


def _pg_canonical(chain: Chain) -> str:
    """PostgreSQL: the SHA-256 (hex) of each row's canonical text, computed by the server.

    A row whose text values need no JSON escaping is written by concatenation; any
    other row (and a NULL where none belongs) by ``json_build_array``, which escapes
    exactly as the canonical encoding does but costs eight times as much.
    """
    columns = _columns(chain, "postgresql")
    pieces: list[tuple[bool, str]] = [(True, f'["{chain.tag}", ')]  # (literal?, text)
    plain: list[str] = []  # text values that must need no escaping
    for n, (name, column) in enumerate(zip(chain.columns, columns, strict=True)):
        if n:
            pieces.append((True, ", "))
        if name in chain.numbers:
            pieces.append((False, f"COALESCE({column}::text, 'null')"))
        elif name in chain.json_columns:
            pieces.append((False, f"pg_catalog.to_json({column})::text"))
        else:
            pieces += [(True, '"'), (False, column), (True, '"')]
            if name != chain.time_column:  # to_char's text needs no escaping
                plain.append(column)
    pieces.append((True, "]"))
    concatenated = " || ".join(_merged(pieces))
    exact = f"pg_catalog.json_build_array('{chain.tag}', {', '.join(columns)})::text"
    text = (
        f"COALESCE(CASE WHEN ({' || '.join(plain)}) !~ {_NEEDS_ESCAPE} "
        f"THEN {concatenated} END, {exact})"
    )
    return f"pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to({text}, 'UTF8')), 'hex')"


def _merged(pieces: list[tuple[bool, str]]) -> Iterator[str]:
    """SQL operands: adjacent literals joined and quoted, expressions as they are."""
    run: list[str] = []
    for literal, text in pieces:
        if literal:
            run.append(text)
            continue
        if run:
            yield "'" + "".join(run).replace("'", "''") + "'"
            run = []
        yield f"({text})"
    if run:
        yield "'" + "".join(run).replace("'", "''") + "'"


def _range(low: int | None, high: int | None, placeholder: str) -> tuple[str, tuple[int, ...]]:
    """The WHERE clause of a stretch: ids above ``low``, up to ``high``; None: open."""
    bounds = [(f"id > {placeholder}", low), (f"id <= {placeholder}", high)]
    kept = [(sql, value) for sql, value in bounds if value is not None]
    where = " AND ".join(sql for sql, _ in kept)
    return (f"WHERE {where}" if where else ""), tuple(v for _, v in kept if v is not None)


def _pages(
    conn: Connection, columns: str, table: str, low: int | None, high: int | None
) -> Iterator[Sequence[Any]]:
    """``columns`` (id first) of the rows with ids in (low, high], in id order: a query
    per page of ``PAGE`` rows, each starting after the last id of the one before. Plain
    queries cost PostgreSQL a third less than a server-side cursor's fetches, and a
    page bounds what the driver holds. On PostgreSQL the columns are computed outside
    the page's subquery, so only for its rows whatever plan the server picks."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        while True:
            where, params = _range(low, high, _placeholder(conn))
            if conn.dialect.name == "postgresql":
                rows = f"(SELECT * FROM {table} {where} ORDER BY id LIMIT {PAGE}) AS page"
                sql = f"SELECT {columns} FROM {rows} ORDER BY id"
            else:  # SQLite reads by rowid, and would sort a subquery's rows again
                sql = f"SELECT {columns} FROM {table} {where} ORDER BY id LIMIT {PAGE}"
            cursor.execute(sql, params)
            page = cursor.fetchall()
            yield from page
            if len(page) < PAGE:
                return
            low = page[-1][0]
    finally:
        cursor.close()


def _sqlite_escapes_alike(conn: Connection) -> bool:
    """Whether this SQLite's json_quote writes text exactly as the canonical encoding."""
    sql = "SELECT printf('[\"probe\", %s, %s, %s]', json_quote(?), json_quote(?), json_quote(?))"
    written = conn.exec_driver_sql(sql, (_PROBE, 7, None)).scalar()
    return written is not None and written.encode("utf-8") == canonical("probe", [_PROBE, 7, None])


def walk_range(
    conn: Connection, chain: Chain, key: bytes, low: int | None, high: int | None
) -> Stretch:
    """Walk the rows with ids in (low, high] of one chain."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        # A million-row walk would be compiled first (≈0.5 s) for no gain; and a page
        # must follow the primary key, not sort the table: without statistics (a
        # bulk-loaded table) the planner would sort everything for every page.
        conn.exec_driver_sql("SET LOCAL jit = off")
        conn.exec_driver_sql("SET LOCAL enable_sort = off")
        columns = f"id, prev_hash, {_pg_canonical(chain)}, hash, seal"
        return walk_stretch(_pages(conn, columns, chain.table, low, high), key, digest=False)
    if _sqlite_escapes_alike(conn):
        columns = f"id, prev_hash, {_sqlite_canonical(chain)}, hash, seal"
        return walk_stretch(_pages(conn, columns, chain.table, low, high), key, digest=True)
    log.warning("SQLite's json_quote escapes differently: rows are encoded in Python")
    rows = hashed(chain.tag, _pages(conn, _full_columns(chain, dialect), chain.table, low, high))
    return walk_stretch(rows, key, digest=False)


def _walk_range_apart(
    url: URL, chain: Chain, key: bytes, low: int | None, high: int | None
) -> Stretch:
    """``walk_range`` in a helper process, on a connection of its own."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return walk_range(conn, chain, key, low, high)
    finally:
        engine.dispose()


def _stretches(count: int) -> int:
    """How many stretches to walk at once: one per core, for a long enough chain."""
    return max(1, min(os.cpu_count() or 1, count // SPLIT_FROM))


def _one(conn: Connection, chain: Chain, where: str, value: object) -> Sequence[Any] | None:
    columns = _full_columns(chain, conn.dialect.name)
    sql = f"SELECT {columns} FROM {chain.table} WHERE {where} ORDER BY id LIMIT 1"
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


def verify_chain(
    conn: Connection, chain: Chain, key: bytes, url: URL, parts: int | None = None
) -> tuple[int, Finding | None]:
    p = _placeholder(conn)
    head = _head(conn, chain)
    finding = check_head(chain.tag, key, head, chain.noun, _one(conn, chain, f"id >= {p}", 1))
    if finding is not None:
        return 0, finding
    if parts is None:
        parts = _stretches(head.last_id) if _shareable(url) else 1
    cuts = [head.last_id * k // parts for k in range(1, parts)]
    bounds = list(zip([None, *cuts], [*cuts, None], strict=True))
    walked = join(_walk_stretches(conn, url, chain, key, bounds))
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


def _shareable(url: URL) -> bool:
    """Whether helper processes can open the same database (not an in-memory SQLite)."""
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _walk_stretches(
    conn: Connection,
    url: URL,
    chain: Chain,
    key: bytes,
    bounds: list[tuple[int | None, int | None]],
) -> list[Stretch]:
    """The first stretch here, the others at once in helper processes."""
    if len(bounds) == 1:
        return [walk_range(conn, chain, key, *bounds[0])]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(len(bounds) - 1, mp_context=context) as helpers:
        others = [
            helpers.submit(_walk_range_apart, url, chain, key, low, high)
            for low, high in bounds[1:]
        ]
        first = walk_range(conn, chain, key, *bounds[0])
        return [first, *(f.result() for f in others)]


def verify_register(db: Database, parts: int | None = None) -> Verification:
    """Walk entries, then reviews. Needs the hall key; reads only, so no role is needed:
    IT runs it from a scheduled task, and it names entries by number only.

    ``parts``: how many stretches each chain is cut into and walked at once (default:
    one per core once a chain is long enough).
    """
    key = hall_key(db)
    counts: dict[str, int] = {}
    with db.engine.connect() as conn:
        for chain in CHAINS:
            counts[chain.name], finding = verify_chain(conn, chain, key, db.url, parts)
            if finding is not None:
                log.warning("refusal register %s: %s", chain.name, finding.message)
                return Verification(counts, finding, chain)
    return Verification(counts, None, None)
