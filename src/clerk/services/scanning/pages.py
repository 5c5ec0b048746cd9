"""Scanning at the window: take a capture, keep its page under a material, change it later.

A ``ScanSession`` belongs to one draft: it knows the checklist, the applicant's code and
the reference images, runs the pipeline on each capture, flags the same sheet taken
twice, and keeps the page (image file first, then its row, so a row never points at a
missing file). Moving, deleting, registering a reference and exporting are separate
calls that check the actor like every service.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clerk.domain.catalogue import MaterialSpec
from clerk.domain.errors import ClerkError, NotFound, PermissionDenied
from clerk.plugin_api import Capture
from clerk.scanning.codes import Code
from clerk.scanning.grouping import Fingerprint, is_duplicate
from clerk.scanning.identify import Reference, ReferenceIndex, make_reference
from clerk.scanning.images import decode_image_bytes
from clerk.scanning.pipeline import ProcessedPage, process
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.models.base import utcnow
from clerk.storage.models.intake import Case, IntakeDraft
from clerk.storage.models.scanning import ReferenceImage, ScannedPage
from clerk.storage.pages import PageStore

log = logging.getLogger(__name__)

JPEG_QUALITY = 85  # text stays crisp, a 2400 px page is 300–600 KB
THUMB_SIDE = 240


@dataclass(frozen=True)
class PageView:
    """A kept page as lists and the scan panel show it."""

    id: int
    position: int
    material_code: str | None
    matched_material: str | None
    match_method: str
    confidence: float
    confirmed: bool
    source: str
    problems: tuple[str, ...]
    codes: tuple[Code, ...]
    duplicate_of: int | None
    image_sha256: str
    notes: tuple[str, ...] = field(default=())


def encode_page(image: np.ndarray) -> bytes:
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ClerkError("无法压缩这一页图像。", f"imencode failed for {image.shape}")
    return buffer.tobytes()


def _view(row: ScannedPage, notes: Sequence[str] = ()) -> PageView:
    return PageView(
        row.id,
        row.position,
        row.material_code,
        row.matched_material,
        row.match_method,
        row.confidence,
        row.confirmed_by is not None,
        row.source,
        tuple(row.quality.get("problems", ())),
        tuple(Code.from_json(c) for c in row.codes),
        row.duplicate_of,
        row.image_sha256,
        tuple(notes),
    )


def _draft_for(s: Session, actor: Actor, draft_id: int) -> IntakeDraft:
    """The draft, if this actor may change its pages: the clerk holding it, or a manager."""
    draft = s.get(IntakeDraft, draft_id)
    if draft is None:
        raise NotFound("找不到这件申请的草稿。", f"draft {draft_id}")
    if actor.is_manager or draft.holder_id == actor.account_id:
        return draft
    if draft.holder_id is None and draft.first_clerk_id == actor.account_id:
        return draft
    raise PermissionDenied(
        "这件申请由其他窗口人员办理，不能更改其扫描件。",
        f"draft {draft_id} held by {draft.holder_id}",
    )


def _page_for(s: Session, actor: Actor, page_id: int) -> ScannedPage:
    row = s.get(ScannedPage, page_id)
    if row is None:
        raise NotFound("找不到这一页扫描件，可能已被删除。", f"page {page_id}")
    _draft_for(s, actor, row.draft_id)
    return row


def load_references(
    db: Database, store: PageStore, material_codes: Iterable[str] | None = None
) -> ReferenceIndex:
    """The registered forms (of these materials, or all), ready for matching."""
    wanted = set(material_codes) if material_codes is not None else None
    with db.session() as s:
        rows = s.scalars(select(ReferenceImage).order_by(ReferenceImage.id)).all()
    references: list[Reference] = []
    for row in rows:
        if wanted is not None and row.material_code not in wanted:
            continue
        try:
            image = decode_image_bytes(store.get(row.image_sha256), "参考图像")
        except ClerkError as exc:
            log.warning("reference %s of %s unusable: %s", row.id, row.material_code, exc.detail)
            continue
        references.append(make_reference(row.material_code, image))
    return ReferenceIndex(references)


def register_reference_image(
    db: Database, actor: Actor, store: PageStore, material_code: str, image: np.ndarray
) -> int:
    """A blank form (or a sample) that identifies ``material_code`` by its look."""
    require(actor, Role.MANAGER, Role.ADMIN)
    return _add_reference(db, actor, material_code, store.put(encode_page(image)), image.shape)


def _add_reference(
    db: Database, actor: Actor, material_code: str, sha: str, shape: tuple[int, ...]
) -> int:
    with db.session() as s:
        existing = s.scalar(
            select(ReferenceImage).where(
                ReferenceImage.material_code == material_code, ReferenceImage.image_sha256 == sha
            )
        )
        if existing is not None:
            return existing.id
        row = ReferenceImage(
            material_code=material_code,
            image_sha256=sha,
            width=int(shape[1]),
            height=int(shape[0]),
            registered_by=actor.account_id,
        )
        s.add(row)
        s.flush()
        log.info(
            "reference image %s registered for %s by %s", row.id, material_code, actor.username
        )
        return row.id


def register_reference_from_page(
    db: Database, actor: Actor, page_id: int, material_code: str
) -> int:
    """After an override: the clerk's page becomes a reference for the material it really is."""
    with db.session() as s:
        row = _page_for(s, actor, page_id)
        sha, shape = row.image_sha256, (row.height, row.width)
    return _add_reference(db, actor, material_code, sha, shape)


class ScanSession:
    """The pages of one draft while it is open at the window."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        store: PageStore,
        draft_id: int,
        materials: Sequence[MaterialSpec],
        applicant_code: str = "",
        references: ReferenceIndex | None = None,
    ) -> None:
        self.db, self.actor, self.store = db, actor, store
        self.draft_id = draft_id
        self.materials = tuple(materials)
        self.applicant_code = applicant_code
        self.references = (
            references
            if references is not None
            else load_references(db, store, [m.code for m in self.materials])
        )

    def analyse(self, capture: Capture) -> ProcessedPage:
        """The pipeline alone: nothing is kept (the CLI check and a preview use it)."""
        return process(
            capture.image,
            capture.source,
            self.materials,
            self.references,
            self.applicant_code,
            on_desk=capture.on_desk,
        )

    def take(self, capture: Capture) -> PageView:
        """Analyse a capture and keep its page; returns the page as filed."""
        return self.keep(self.analyse(capture))

    def keep(self, page: ProcessedPage) -> PageView:
        data = encode_page(page.image)
        sha = self.store.put(data)  # the file first: a row never points at nothing
        ident = page.identification
        codes = [c.text for c in page.codes]
        notes = list(page.notes)
        with self.db.session() as s:
            _draft_for(s, self.actor, self.draft_id)
            existing = s.scalars(
                select(ScannedPage)
                .where(ScannedPage.draft_id == self.draft_id)
                .order_by(ScannedPage.position)
            ).all()
            duplicate = next(
                (
                    row
                    for row in existing
                    if is_duplicate(
                        Fingerprint.from_bytes(row.fingerprint),
                        page.fingerprint,
                        [c["text"] for c in row.codes],
                        codes,
                    )
                ),
                None,
            )
            if duplicate is not None:
                notes.append(f"与第 {duplicate.position} 页相同，可能重复扫描了同一页。")
            position = (max((r.position for r in existing), default=0)) + 1
            row = ScannedPage(
                draft_id=self.draft_id,
                position=position,
                image_sha256=sha,
                width=int(page.image.shape[1]),
                height=int(page.image.shape[0]),
                source=page.source[:255],
                quality=page.quality.to_json(),
                codes=[c.to_json() for c in page.codes],
                fingerprint=page.fingerprint.to_bytes(),
                matched_material=ident.material_code,
                match_method=ident.method.value,
                confidence=float(ident.confidence),
                material_code=ident.material_code if ident.accepted else None,
                duplicate_of=duplicate.id if duplicate is not None else None,
                created_by=self.actor.account_id,
            )
            s.add(row)
            s.flush()
            return _view(row, notes)

    def pages(self) -> list[PageView]:
        return draft_pages(self.db, self.actor, self.draft_id)


def draft_pages(db: Database, actor: Actor, draft_id: int) -> list[PageView]:
    with db.session() as s:
        _draft_for(s, actor, draft_id)
        rows = s.scalars(
            select(ScannedPage)
            .where(ScannedPage.draft_id == draft_id)
            .order_by(ScannedPage.position)
        ).all()
        return [_view(r) for r in rows]


def file_page(db: Database, actor: Actor, page_id: int, material_code: str | None) -> PageView:
    """Confirm a page's material, or move it to another (None: not a checklist material)."""
    with db.session() as s:
        row = _page_for(s, actor, page_id)
        row.material_code = material_code
        row.confirmed_by = actor.account_id
        row.confirmed_at = utcnow()
        log.info("page %s filed under %s by %s", page_id, material_code, actor.username)
        return _view(row)


def delete_page(db: Database, actor: Actor, store: PageStore, page_id: int) -> None:
    """Remove a page; its image file goes too unless another page or a reference uses it."""
    with db.session() as s:
        row = _page_for(s, actor, page_id)
        sha = row.image_sha256
        s.delete(row)
        s.flush()
        in_use = sum(
            s.scalar(select(func.count()).select_from(model).where(model.image_sha256 == sha)) or 0
            for model in (ScannedPage, ReferenceImage)
        )
    if not in_use:
        store.discard(sha)  # after the commit: a failed delete keeps the file
    log.info("page %s deleted by %s", page_id, actor.username)


def page_image(db: Database, actor: Actor, store: PageStore, page_id: int) -> np.ndarray:
    with db.session() as s:
        sha = _page_for(s, actor, page_id).image_sha256
    return decode_image_bytes(store.get(sha), "扫描件")


def export_pdf(db: Database, actor: Actor, store: PageStore, case_number: str) -> bytes:
    """A case's pages as one PDF, in the order they were taken, each on a page of its size."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with db.session() as s:
        case = s.scalar(select(Case).where(Case.number == case_number))
        if case is None:
            raise NotFound(f"找不到受理编号为 {case_number} 的办件。", case_number)
        if not actor.is_manager and actor.account_id not in (case.clerk_id, case.first_clerk_id):
            raise PermissionDenied("只能导出本人办理的办件的扫描件。", f"case {case_number}")
        rows = s.scalars(
            select(ScannedPage)
            .where(ScannedPage.draft_id == case.draft_id)
            .order_by(ScannedPage.position)
        ).all()
        pages = [(r.image_sha256, r.width, r.height) for r in rows]
    if not pages:
        raise NotFound(f"办件 {case_number} 没有扫描件。", case_number)
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setTitle(f"{case_number} 扫描件")
    for sha, width, height in pages:
        # A4's short side (595 pt) for the page's short side: prints at its real size.
        scale = 595.0 / min(width, height)
        pdf.setPageSize((width * scale, height * scale))
        pdf.drawImage(ImageReader(io.BytesIO(store.get(sha))), 0, 0, width * scale, height * scale)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def material_states(
    pages: Sequence[PageView], materials: Sequence[MaterialSpec]
) -> dict[str, list[PageView]]:
    """Pages filed under each checklist material (empty list: not yet scanned)."""
    states: dict[str, list[PageView]] = {m.code: [] for m in materials}
    for page in pages:
        if page.material_code in states:
            states[page.material_code].append(page)
    return states


def thumbnail(image: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    h, w = image.shape[:2]
    scale = side / max(h, w)
    return cv2.resize(
        image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
