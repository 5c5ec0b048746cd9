"""Search as you type over a catalogue: Chinese, full pinyin, pinyin initials and codes.

``SearchIndex.build`` computes every name's pinyin once; a query then runs on plain
strings only. Each entry has four keys (name, code, full pinyin, initials). Exact and
prefix matches come from a sorted key list (bisect); other matches from one string
search over all keys joined, so Python only touches the entries that match.

Ranking: matters and bundles first, materials after; within each, exact before prefix
before a match at a word or syllable start before any other substring; then bundles
before matters, shorter names first, then code.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

from pypinyin import Style, lazy_pinyin

from clerk.domain.catalogue import Catalogue

Kind = Literal["matter", "bundle", "material"]
_KIND_RANK = {"bundle": 0, "matter": 1, "material": 2}
_SPACES = re.compile(r"[\s'’·]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Hit:
    kind: Kind
    code: str
    name: str
    matter_code: str | None  # the matter a material belongs to; None for matters and bundles
    department: str


def normalise(text: str) -> str:
    """What a key or query is compared as: full-width folded, lower case, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text).lower())


def pinyin_keys(name: str) -> tuple[str, str, frozenset[int]]:
    """Full pinyin, initials, and where each syllable starts in the full pinyin.

    Letters and digits that are not Chinese (ICP, 5G) stay as they are in both keys.
    """
    full: list[str] = []
    initials: list[str] = []
    starts: list[int] = []
    length = 0
    for item in lazy_pinyin(name, style=Style.NORMAL, errors=lambda chunk: "\0" + chunk):
        foreign = item.startswith("\0")
        syllable = _NON_ALNUM.sub("", normalise(item))
        if not syllable:
            continue
        starts.append(length)
        full.append(syllable)
        initials.append(syllable if foreign else syllable[0])
        length += len(syllable)
    return "".join(full), "".join(initials), frozenset(starts)


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    code: str
    name: str
    department: str
    keys: tuple[str, str, str, str]  # name, code, full pinyin, initials (all normalised)
    syllable_starts: frozenset[int]
    # A material: every (matter code, department) that asks for it, in matter code order.
    occurrences: tuple[tuple[str, str], ...] = ()

    def starts_word(self, query: str) -> bool:
        """Found in the name, code or initials, or in the full pinyin at a syllable start."""
        name, code, full, initials = self.keys
        if query in name or query in initials or query in code:
            return True
        position = full.find(query)
        while position != -1:
            if position in self.syllable_starts:
                return True
            position = full.find(query, position + 1)
        return False

    @property
    def order(self) -> tuple[int, int, str]:
        """How entries of equal match quality are ranked."""
        return (_KIND_RANK[self.kind], len(self.name), self.code)


class _Tier:
    """Entries ranked together (matters and bundles, or materials), kept in rank order."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = sorted(entries, key=lambda e: e.order)
        pairs = sorted((key, i) for i, e in enumerate(self.entries) for key in set(e.keys) if key)
        self._keys = [key for key, _ in pairs]
        self._key_entries = [i for _, i in pairs]
        lines = ["\x1f".join(e.keys) for e in self.entries]
        self._text = "\n".join(lines)
        self._line_starts: list[int] = []
        position = 0
        for line in lines:
            self._line_starts.append(position)
            position += len(line) + 1

    def find(self, query: str, want: int) -> list[_Entry]:
        """Matching entries, best first, enough to give ``want`` hits (each gives at least one)."""
        exact: list[int] = []
        prefix: set[int] = set()
        low = bisect_left(self._keys, query)
        high = bisect_right(self._keys, query + "\U0010ffff", low)
        for position in range(low, high):
            index = self._key_entries[position]
            if self._keys[position] == query:
                exact.append(index)
            prefix.add(index)
        best = sorted(set(exact)) + sorted(prefix.difference(exact))
        if sum(len(self.entries[i].occurrences) or 1 for i in best) < want:
            best += self._find_inside(query, prefix, want - len(best))
        return [self.entries[i] for i in best[:want]]

    def _find_inside(self, query: str, skip: set[int], want: int) -> list[int]:
        """Entries with the query inside a key: word and syllable starts first.

        Entries are scanned in rank order, so once ``want`` word-start matches are found
        nothing later can beat them.
        """
        text, starts = self._text, self._line_starts
        at_start: list[int] = []
        inside: list[int] = []
        position = text.find(query)
        while position != -1 and len(at_start) < want:
            index = bisect_right(starts, position) - 1
            if index not in skip:
                if self.entries[index].starts_word(query):
                    at_start.append(index)
                elif len(inside) < want:
                    inside.append(index)
            if index + 1 == len(starts):
                break
            position = text.find(query, starts[index + 1])
        return at_start + inside


class SearchIndex:
    """A catalogue version made searchable; build once, query many times."""

    def __init__(self, primary: list[_Entry], materials: list[_Entry]) -> None:
        self._tiers = (_Tier(primary), _Tier(materials))

    @classmethod
    def build(cls, catalogue: Catalogue) -> SearchIndex:
        pinyin: dict[str, tuple[str, str, frozenset[int]]] = {}

        def entry(
            kind: Kind, code: str, name: str, department: str, occurrences: tuple = ()
        ) -> _Entry:
            if name not in pinyin:
                pinyin[name] = pinyin_keys(name)
            full, initials, starts = pinyin[name]
            keys = (normalise(name), normalise(code), full, initials)
            return _Entry(kind, code, name, department, keys, starts, occurrences)

        primary = [
            entry("matter", m.code, m.name, m.department) for m in catalogue.matters.values()
        ]
        for bundle in catalogue.bundles.values():
            departments = dict.fromkeys(
                catalogue.matters[c].department
                for c in bundle.matter_codes
                if c in catalogue.matters
            )
            primary.append(entry("bundle", bundle.code, bundle.name, "、".join(departments)))
        needed: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for matter in sorted(catalogue.matters.values(), key=lambda m: m.code):
            for material in matter.materials:
                needed.setdefault((material.code, material.name), []).append(
                    (matter.code, matter.department)
                )
        materials = [
            entry("material", code, name, "", tuple(places))
            for (code, name), places in needed.items()
        ]
        return cls(primary, materials)

    def search(self, text: str, limit: int = 30) -> list[Hit]:
        query = normalise(text)
        if not query or limit <= 0:
            return []
        hits: list[Hit] = []
        for tier in self._tiers:
            for found in tier.find(query, limit - len(hits)):
                if found.kind != "material":
                    hits.append(Hit(found.kind, found.code, found.name, None, found.department))
                    continue
                for matter_code, department in found.occurrences[: limit - len(hits)]:
                    hits.append(Hit("material", found.code, found.name, matter_code, department))
            if len(hits) >= limit:
                break
        return hits
