"""Checking a pile of images against a checklist, without keeping anything (``clerk check``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clerk.domain.catalogue import Checklist, Necessity
from clerk.scanning.grouping import group_pages, is_duplicate
from clerk.scanning.images import load_pages
from clerk.scanning.pipeline import ProcessedPage, process
from clerk.services.scanning.pages import load_references
from clerk.storage.db import Database
from clerk.storage.pages import PageStore


@dataclass
class MaterialFinding:
    code: str
    name: str
    necessity: Necessity
    pages: list[str] = field(default_factory=list)  # sources: "file:a.pdf#2"
    codes: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.pages)


@dataclass
class CheckReport:
    title: str
    materials: list[MaterialFinding]
    unidentified: list[str]  # pages no material claimed
    notes: list[str]  # quality problems, duplicates, USCC mismatches

    @property
    def complete(self) -> bool:
        """Every required material has at least one page."""
        return all(m.present for m in self.materials if m.necessity is Necessity.REQUIRED)

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "complete": self.complete,
            "materials": [
                {
                    "code": m.code,
                    "name": m.name,
                    "necessity": m.necessity.value,
                    "present": m.present,
                    "pages": m.pages,
                    "codes": m.codes,
                }
                for m in self.materials
            ],
            "unidentified": self.unidentified,
            "notes": self.notes,
        }


def check_files(
    db: Database, checklist: Checklist, paths: Sequence[Path], applicant_code: str = ""
) -> CheckReport:
    materials = [line.material for line in checklist.lines]
    references = load_references(db, PageStore.configured(), [m.code for m in materials])
    processed: list[ProcessedPage] = []
    notes: list[str] = []
    for path in paths:
        for loaded in load_pages(path):
            page = process(
                loaded.image, loaded.source, materials, references, applicant_code, on_desk=False
            )
            where = page.source.removeprefix("file:")
            if not page.quality.ok:
                notes.append(f"{where}：{page.quality.summary}")
            notes.extend(f"{where}：{n}" for n in page.notes)
            for earlier in processed:
                if is_duplicate(
                    earlier.fingerprint,
                    page.fingerprint,
                    [c.text for c in earlier.codes],
                    [c.text for c in page.codes],
                ):
                    notes.append(
                        f"{where}：与 {earlier.source.removeprefix('file:')} 相同，可能重复。"
                    )
                    break
            processed.append(page)
    findings = {m.code: MaterialFinding(m.code, m.name, m.necessity) for m in materials}
    unidentified = []
    for group in group_pages([p.identification.material_code for p in processed]):
        for position in group.positions:
            page = processed[position]
            if group.material_code is None:
                unidentified.append(page.source.removeprefix("file:"))
                continue
            finding = findings[group.material_code]
            finding.pages.append(page.source.removeprefix("file:"))
            finding.codes.extend(f"{c.format}:{c.text}" for c in page.codes)
    return CheckReport(checklist.title, list(findings.values()), unidentified, notes)
