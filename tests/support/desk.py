"""Desk photos, reference images and a hall with the desk catalogue, for scanning tests."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bench.make_desk_corpus import (
    DESK_CATALOGUE,
    RENDERERS,
    Sample,
    desk_background,
    place_page,
    random_business,
    reference_images,
    samples,
)
from clerk.domain.catalogue import MaterialSpec
from clerk.scanning.identify import ReferenceIndex, make_reference
from clerk.services.accounts import Actor, Role
from clerk.services.catalogue import import_catalogue, write_catalogue_file
from clerk.services.intake import serve_ticket
from clerk.storage.db import Database
from clerk.storage.pages import PageStore
from tests.support.actors import add_actor

MATERIALS: tuple[MaterialSpec, ...] = tuple(
    line.material for line in DESK_CATALOGUE.checklist_for_matter("SP-001").lines
)


@cache
def desk_photos() -> tuple[tuple[Sample, np.ndarray], ...]:
    """One 4000×3000 desk photo of each kind of paper (the corpus generator, seed 11)."""
    return tuple(samples(len(RENDERERS), seed=11))


def photo_of(material: str) -> tuple[Sample, np.ndarray]:
    return next((s, img) for s, img in desk_photos() if s.material == material)


@cache
def reference_index() -> ReferenceIndex:
    return ReferenceIndex(make_reference(c, im) for c, im in reference_images().items())


def flat_page(material: str, seed: int = 5) -> tuple[np.ndarray, str]:
    """A filled page as a scanner delivers it, and the USCC printed on it."""
    rng = random.Random(seed)
    biz = random_business(rng)
    return RENDERERS[material](rng, False, biz), biz.uscc


def desk_photo(page: np.ndarray, seed: int = 1, **options: float) -> np.ndarray:
    rng = random.Random(seed)
    return place_page(page, desk_background(rng), rng, **options).image  # type: ignore[arg-type]


@dataclass
class Hall:
    db: Database
    store: PageStore
    clerk: Actor
    clerk2: Actor
    manager: Actor
    draft_id: int


def make_hall(db: Database, folder: Path) -> Hall:
    admin = add_actor(db, "admin", Role.ADMIN, name="赵志强", window="")
    catalogue_file = folder / "desk-catalogue.json"
    write_catalogue_file(DESK_CATALOGUE, catalogue_file)
    import_catalogue(db, admin, catalogue_file)
    clerk = add_actor(db, "clerk", Role.CLERK, name="张晓梅", window="1")
    clerk2 = add_actor(db, "clerk2", Role.CLERK, name="李建国", window="2")
    manager = add_actor(db, "manager", Role.MANAGER, name="王丽华", window="")
    draft = serve_ticket(db, clerk)
    return Hall(db, PageStore(folder / "pages", min_free_bytes=0), clerk, clerk2, manager, draft.id)
