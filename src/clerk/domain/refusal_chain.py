"""The refusal register's chain: canonical bytes, SHA-256 links, HMAC seals, the walk.

A chained row is stored as ``(id, v1 … vk, prev_hash, hash, seal)``. Its canonical
serialisation is the UTF-8 JSON array ``[TAG, id, v1 … vk, prev_hash]`` written exactly
as PostgreSQL's ``json_build_array(…)::text`` writes it: items separated by ``", "``,
non-ASCII characters as they are, quote, backslash and control characters escaped
(short forms for backspace, form feed, newline, return and tab, lowercase \\u00xx for other
control characters; Python's ``json`` with ``ensure_ascii=False`` escapes the same way), so
PostgreSQL can hash rows itself while verifying. Timestamps enter it as text
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC (``canonical_time``), the missing-material list as
the JSON text stored in its column, NULL as ``null``. Then::

    hash = SHA-256(canonical).hexdigest()          # anyone can recompute it
    seal = HMAC-SHA256(hall key, hash).hexdigest()  # only the hall key can

``prev_hash`` of the first row is ``GENESIS``. A chain head (name, last id, last hash,
seal over the three) records where the chain ends, so removing its tail is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from itertools import chain
from typing import Any

GENESIS = "0" * 64
ENTRY_TAG = "clerk.refusal.entry/1"
REVIEW_TAG = "clerk.refusal.review/1"
_BLOCK = 64  # SHA-256's block size, the HMAC key's length

_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False).encode


def canonical_time(moment: datetime) -> str:
    """The text a timestamp enters the hash as: UTC, microseconds, as SQLite stores it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def canonical(tag: str, payload: Sequence[object]) -> bytes:
    """``payload`` is ``(id, v1 … vk, prev_hash)``."""
    return _encode([tag, *payload]).encode("utf-8")


def link_hash(tag: str, payload: Sequence[object]) -> str:
    return hashlib.sha256(canonical(tag, payload)).hexdigest()


def seal(key: bytes, link: str) -> str:
    return hmac.digest(key, link.encode("ascii"), "sha256").hex()


def head_seal(key: bytes, name: str, last_id: int, last_hash: str) -> str:
    return seal(key, f"{name}|{last_id}|{last_hash}")


@dataclass(frozen=True)
class Head:
    """Where a chain ends, as recorded when the last row was appended."""

    name: str
    last_id: int
    last_hash: str
    seal: str

    def sealed_by(self, key: bytes) -> bool:
        if self.last_id == 0:
            return True
        expected = head_seal(key, self.name, self.last_id, self.last_hash)
        return hmac.compare_digest(expected, self.seal)


class Problem(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    INSERTED = "inserted"
    REORDERED = "reordered"
    WRONG_KEY = "wrong_key"


@dataclass(frozen=True)
class Finding:
    """The first thing wrong with a chain: which row, what happened, said in Chinese."""

    problem: Problem
    row_id: int
    message: str


@dataclass(frozen=True)
class Walk:
    """How far the walk got: rows accepted, the last good one, the first bad one."""

    count: int
    last_id: int
    bad_id: int | None


@dataclass(frozen=True)
class Stretch:
    """One stretch of a chain walked on its own (the walk may be split across processes).

    Its first row is checked for content and seal only; whether it follows the stretch
    before is for ``join`` to say. ``last_id``/``last_hash`` are those of the last good row.
    """

    count: int
    first_id: int | None  # None: the stretch holds no rows
    first_prev: str
    last_id: int
    last_hash: str
    bad_id: int | None


def hashed(tag: str, rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """Full stored rows as the walk reads them: ``(id, prev_hash, hash now, hash, seal)``."""
    sha256 = hashlib.sha256
    for row in rows:
        link = sha256(_encode([tag, *row[:-2]]).encode("utf-8")).hexdigest()
        yield row[0], row[-3], link, row[-2], row[-1]


def _hmac_pads(key: bytes) -> tuple[Any, Any]:
    """HMAC-SHA256's inner and outer hash states after the padded key (RFC 2104).

    Copying them per row gives ``hmac.digest(key, msg, "sha256")`` at a quarter of its
    cost, which sets the key up again on every call.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner, outer


def walk_stretch(rows: Iterable[Sequence[Any]], key: bytes, *, digest: bool) -> Stretch:
    """Walk ``(id, prev_hash, content, stored hash, seal)`` rows in id order.

    ``content`` is the row's canonical bytes when ``digest`` (hashed here), else the
    SHA-256 the database computed from them. Stops at the first row whose id does not
    follow, whose prev_hash is not the previous row's hash, whose content no longer
    gives its hash, or whose seal is not the HMAC of its hash. This loop is the whole
    cost of verifying a register in Python.
    """
    inner, outer = _hmac_pads(key)
    sha256 = hashlib.sha256
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return Stretch(0, None, GENESIS, 0, GENESIS, None)
    first_id, first_prev = first[0], first[1]
    prev_id, prev_hash, count = first_id - 1, first_prev, 0
    for row_id, prev, content, stored, sealed in chain((first,), it):
        link = sha256(content).hexdigest() if digest else content
        if row_id != prev_id + 1 or prev != prev_hash or link != stored:
            return Stretch(count, first_id, first_prev, prev_id, prev_hash, row_id)
        i = inner.copy()
        i.update(stored.encode("utf-8"))
        o = outer.copy()
        o.update(i.digest())
        if o.hexdigest() != sealed:
            return Stretch(count, first_id, first_prev, prev_id, prev_hash, row_id)
        prev_id, prev_hash, count = row_id, stored, count + 1
    return Stretch(count, first_id, first_prev, prev_id, prev_hash, None)


def join(stretches: Iterable[Stretch]) -> Walk:
    """The walk of a whole chain from its stretches in id order, as if walked in one go."""
    prev_id, prev_hash, count = 0, GENESIS, 0
    for s in stretches:
        if s.first_id is None:
            continue
        if s.first_id != prev_id + 1 or s.first_prev != prev_hash:
            return Walk(count, prev_id, s.first_id)
        count += s.count
        if s.bad_id is not None:
            return Walk(count, s.last_id, s.bad_id)
        prev_id, prev_hash = s.last_id, s.last_hash
    return Walk(count, prev_id, None)


def content_matches(tag: str, row: Sequence[Any]) -> bool:
    return link_hash(tag, row[:-2]) == row[-2]


def seal_matches(key: bytes, row: Sequence[Any]) -> bool:
    return hmac.compare_digest(seal(key, str(row[-2])), str(row[-1]))


@dataclass(frozen=True)
class Suspect:
    """What the classification of a bad row needs to know about its surroundings."""

    previous: Sequence[Any] | None  # the last good row
    row: Sequence[Any]  # the first bad row
    following: Sequence[Any] | None  # the row after it
    prev_owner: int | None  # id of the row whose hash the bad row names as its predecessor


def classify(tag: str, key: bytes, head: Head, noun: str, s: Suspect) -> Finding:
    """Say what most likely happened at the first bad row: removed, reordered, inserted, altered."""
    row_id = int(s.row[0])
    prev_id = int(s.previous[0]) if s.previous else 0
    prev_hash = str(s.previous[-2]) if s.previous else GENESIS
    content_ok, seal_ok = content_matches(tag, s.row), seal_matches(key, s.row)
    if row_id > prev_id + 1 and not (prev_id >= head.last_id and not seal_ok):
        missing = _span(prev_id + 1, row_id - 1)
        return Finding(
            Problem.REMOVED, prev_id + 1, f"第{missing}号{noun}已被删除（链条在此中断）。"
        )
    if s.row[-3] != prev_hash and s.prev_owner is not None and s.prev_owner != prev_id:
        return Finding(
            Problem.REORDERED,
            row_id,
            f"第{row_id}号{noun}的位置被调换：它原本应排在第{s.prev_owner}号之后。",
        )
    if content_ok and seal_ok:
        return Finding(Problem.REMOVED, row_id, f"第{row_id}号{noun}之前有记录被删除（链条断开）。")
    skipped = s.following is not None and s.following[-3] == prev_hash
    if skipped or row_id > head.last_id:
        return Finding(
            Problem.INSERTED, row_id, f"第{row_id}号{noun}是被插入的，未经大厅密钥签封。"
        )
    if content_ok:
        return Finding(
            Problem.ALTERED,
            row_id,
            f"第{row_id}号{noun}被改动：签封与大厅密钥不符（内容被改写后哈希被重算，或签封被改）。",
        )
    return Finding(Problem.ALTERED, row_id, f"第{row_id}号{noun}被改动：内容与其哈希不符。")


def check_head(
    tag: str, key: bytes, head: Head, noun: str, first: Sequence[Any] | None
) -> Finding | None:
    """The head's seal: a wrong hall key shows here before any row is read."""
    if head.sealed_by(key):
        return None
    if first is not None and content_matches(tag, first) and not seal_matches(key, first):
        return Finding(
            Problem.WRONG_KEY,
            int(first[0]),
            "本机的否定备案密钥与登记簿不符：签封全部无法核对。请确认密钥是否正确。",
        )
    return Finding(Problem.ALTERED, head.last_id, f"{noun}链头记录被改动（签封不符）。")


def check_tail(head: Head, noun: str, walked: Walk) -> Finding | None:
    """Rows up to the head's last id must all be there."""
    last_id = walked.last_id
    if last_id < head.last_id:
        missing = _span(last_id + 1, head.last_id)
        return Finding(Problem.REMOVED, last_id + 1, f"第{missing}号{noun}已被删除（链尾缺失）。")
    return None


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}至{last}"
