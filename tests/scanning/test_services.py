"""Keeping pages, filing and moving them, duplicates, deleting, references, export: both engines."""

from __future__ import annotations

import hashlib
import subprocess
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest

from clerk.domain.errors import ClerkError, PermissionDenied
from clerk.domain.intake import ApplicantInput, ApplicantKind, MaterialEntry, MaterialState
from clerk.plugin_api import Capture
from clerk.services import scanning
from clerk.services.intake import DraftChanges, accept, save_draft
from clerk.storage.db import Database
from clerk.storage.models.scanning import ScannedPage
from clerk.storage.pages import PageStore
from tests.support.desk import MATERIALS, Hall, desk_photo, flat_page, make_hall, reference_images


@pytest.fixture
def hall(db: Database, tmp_path: Path) -> Hall:
    hall = make_hall(db, tmp_path)
    for code, image in reference_images().items():
        scanning.register_reference_image(hall.db, hall.manager, hall.store, code, image)
    return hall


def _session(hall: Hall, uscc: str = "") -> scanning.ScanSession:
    return scanning.ScanSession(hall.db, hall.clerk, hall.store, hall.draft_id, MATERIALS, uscc)


@cache
def _photo(material: str, seed: int = 4) -> Capture:
    sheet, _ = flat_page(material, seed=seed)
    return Capture(desk_photo(sheet, seed=seed), "camera:0", on_desk=True)


def test_a_kept_page_is_filed_stored_and_listed(hall: Hall) -> None:
    session = _session(hall)
    page = session.take(_photo("JKZ"))

    assert page.material_code == "JKZ" and page.match_method == "visual"
    assert not page.confirmed and page.problems == ()
    stored = hall.store.path(page.image_sha256)
    assert stored.is_file() and stored.stat().st_size < 1_500_000
    assert [p.id for p in session.pages()] == [page.id]
    image = scanning.page_image(hall.db, hall.clerk, hall.store, page.id)
    assert image.shape[0] > image.shape[1]  # upright portrait form


def test_the_licence_code_is_kept_with_the_page(hall: Hall) -> None:
    sheet, uscc = flat_page("YYZZ", seed=6)
    session = _session(hall, uscc)
    page = session.take(Capture(desk_photo(sheet, seed=6), "camera:0", True))
    assert page.material_code == "YYZZ" and page.match_method == "barcode"
    assert any(uscc in c.text for c in page.codes)

    # Stored compressed under its own SHA-256, the row linked to the draft and the
    # material with its source, quality figures and codes.
    data = hall.store.get(page.image_sha256)
    assert hashlib.sha256(data).hexdigest() == page.image_sha256
    assert data[:3] == b"\xff\xd8\xff"  # JPEG
    with hall.db.session() as s:
        row = s.get(ScannedPage, page.id)
        assert row is not None
        assert (row.draft_id, row.material_code, row.source) == (hall.draft_id, "YYZZ", "camera:0")
        assert {"sharpness", "brightness", "glare", "page_short_side"} <= set(row.quality)
        assert row.quality["problems"] == []
        assert [c["format"] for c in row.codes] == ["QRCode"] and uscc in row.codes[0]["text"]
        assert len(row.codes[0]["position"]) == 4


def test_moving_a_page_and_registering_it_as_a_reference(hall: Hall) -> None:
    session = _session(hall)
    page = session.take(_photo("OTHER"))
    assert page.material_code is None  # 情况说明: no material claims it

    moved = scanning.file_page(hall.db, hall.clerk, page.id, "ZLHT")
    assert moved.material_code == "ZLHT" and moved.confirmed
    ref_id = scanning.register_reference_from_page(hall.db, hall.clerk, page.id, "ZLHT")
    index = scanning.load_references(hall.db, hall.store, ["ZLHT"])
    assert len(index) == 2 and ref_id > 0

    # The clerk overrides an automatic identification too; what the pipeline said stays.
    accepted = session.take(_photo("SFZ"))
    assert accepted.material_code == "SFZ"
    overridden = scanning.file_page(hall.db, hall.clerk, accepted.id, "SQS")
    assert overridden.material_code == "SQS" and overridden.matched_material == "SFZ"
    assert overridden.confirmed


def test_the_same_sheet_taken_twice_is_flagged(hall: Hall) -> None:
    session = _session(hall)
    capture = _photo("SQS")
    first = session.take(capture)
    again = session.take(capture)
    assert again.duplicate_of == first.id
    assert any("重复" in n for n in again.notes)
    assert [p.position for p in session.pages()] == [1, 2]


def test_deleting_removes_the_file_only_when_nothing_else_uses_it(hall: Hall) -> None:
    session = _session(hall)
    kept = session.take(_photo("SFZ"))
    referenced = session.take(_photo("CNS"))
    scanning.register_reference_from_page(hall.db, hall.clerk, referenced.id, "CNS")

    scanning.delete_page(hall.db, hall.clerk, hall.store, kept.id)
    scanning.delete_page(hall.db, hall.clerk, hall.store, referenced.id)

    assert session.pages() == []
    assert not hall.store.path(kept.image_sha256).exists()
    assert hall.store.path(referenced.image_sha256).exists()  # still a reference


def test_another_clerk_cannot_touch_the_pages(hall: Hall) -> None:
    page = _session(hall).take(_photo("SFZ"))
    with pytest.raises(PermissionDenied):
        scanning.file_page(hall.db, hall.clerk2, page.id, "JKZ")
    with pytest.raises(PermissionDenied):
        scanning.delete_page(hall.db, hall.clerk2, hall.store, page.id)
    with pytest.raises(PermissionDenied):
        scanning.register_reference_image(
            hall.db, hall.clerk, hall.store, "SFZ", np.zeros((64, 64, 3), np.uint8)
        )
    scanning.file_page(hall.db, hall.manager, page.id, "JKZ")  # a manager may


def test_a_full_disk_keeps_nothing_and_loses_nothing(hall: Hall, tmp_path: Path) -> None:
    session = _session(hall)
    kept = session.take(_photo("SFZ"))
    session.store = PageStore(hall.store.folder, min_free_bytes=10**18)  # "no space left"
    with pytest.raises(ClerkError, match="磁盘空间不足"):
        session.take(_photo("JKZ", seed=7))
    assert [p.id for p in session.pages()] == [kept.id]
    assert hall.store.get(kept.image_sha256)  # the earlier page is whole


def test_a_case_exports_its_pages_as_one_pdf(hall: Hall, tmp_path: Path) -> None:
    session = _session(hall)
    for material in ("SQS", "JKZ"):
        session.take(_photo(material))
    applicant = ApplicantInput(ApplicantKind.PERSON, "陈静", "110105199003071239", "13812345678")
    received = {m.code: MaterialEntry(MaterialState.RECEIVED, "copy", 1) for m in MATERIALS}
    changes = DraftChanges(applicant=applicant, subject=("matter", "SP-001"), entries=received)
    save_draft(hall.db, hall.clerk, hall.draft_id, changes)
    outcome = accept(hall.db, hall.clerk, hall.draft_id, key="scan-export-1")
    data = scanning.export_pdf(hall.db, hall.clerk, hall.store, outcome.number)

    pdf = tmp_path / "case.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    rendered = sorted(tmp_path.glob("p-*.png"))
    assert len(rendered) == 2
    first = cv2.imread(str(rendered[0]))
    assert first.shape[0] > first.shape[1]  # a portrait form, as kept
    with pytest.raises(PermissionDenied):
        scanning.export_pdf(hall.db, hall.clerk2, hall.store, outcome.number)
