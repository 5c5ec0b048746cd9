"""Which catalogue material is this page? Barcode rules first, then the registered forms.

1. A decoded code that matches a material's ``BarcodeRule`` names the material for
   certain. A rule's named group ``uscc`` (or ``id_number``) carries the applicant's
   code: it is checked (GB 32100 / GB 11643) and compared with the applicant's.
2. Otherwise the page is compared with the reference images of the checklist's
   materials (blank forms registered in the catalogue, or pages a clerk confirmed):
   ORB features, ratio test, a RANSAC similarity fit (the page is perspective-corrected
   already) that must map the reference onto most of the page at a right angle, which
   also tells which way up the page lies. The confidence grows with the inliers;
   above ``AUTO_ACCEPT`` and clearly ahead of the runner-up the page is filed without
   asking, below it the clerk chooses from the ranked candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np

from clerk.domain.catalogue import MaterialSpec
from clerk.domain.ids import validate_resident_id, validate_uscc
from clerk.scanning.codes import Code

MATCH_SIDE = 800  # feature matching works on pages this long
FEATURES = 1000  # 1500 matched no better on the corpus and took 20% longer
RATIO = 0.8
HALF_CONFIDENCE = 20  # inliers at which the confidence is 0.5
AUTO_ACCEPT = 0.55  # confidence (25 inliers) above which a visual match is filed without asking
MARGIN = 2.0  # ... and at least this many times the runner-up's inliers


class Method(StrEnum):
    BARCODE = "barcode"
    VISUAL = "visual"
    CLERK = "clerk"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    material_code: str
    confidence: float
    inliers: int
    rotation: int  # quarter turns clockwise that put the page upright (0..3)


@dataclass(frozen=True)
class Identification:
    material_code: str | None
    method: Method
    confidence: float
    accepted: bool  # filed without asking the clerk
    candidates: tuple[Candidate, ...] = ()
    rotation: int = 0
    code_text: str = ""  # the code that identified it
    uscc: str = ""  # the applicant code read from the page, validated
    id_number: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass
class Reference:
    material_code: str
    keypoints: np.ndarray  # N×2 float32 in reference pixels (long side MATCH_SIDE)
    descriptors: np.ndarray
    size: tuple[int, int]  # width, height at matching scale


def _grey_small(image: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = grey.shape[:2]
    scale = MATCH_SIDE / max(h, w)
    small = cv2.resize(
        grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    # Even out uneven light so features come from the print, not the lamp.
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(small)


_orb = None


def _features(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    global _orb
    if _orb is None:
        # OpenCV 5's stubs lack ORB_create; the function is there at run time.
        _orb = cv2.ORB_create(  # type: ignore[attr-defined]
            nfeatures=FEATURES, scaleFactor=1.2, nlevels=6, fastThreshold=12
        )
    keypoints, descriptors = _orb.detectAndCompute(grey, None)
    points = np.array([k.pt for k in keypoints], np.float32).reshape(-1, 2)
    return points, descriptors


def make_reference(material_code: str, image: np.ndarray) -> Reference:
    """Prepare a registered form (a blank or a confirmed page) for matching."""
    grey = _grey_small(image)
    points, descriptors = _features(grey)
    if descriptors is None:
        descriptors = np.zeros((0, 32), np.uint8)
    return Reference(material_code, points, descriptors, (grey.shape[1], grey.shape[0]))


@dataclass
class PageFeatures:
    points: np.ndarray
    descriptors: np.ndarray | None
    size: tuple[int, int]

    @classmethod
    def of(cls, page: np.ndarray) -> PageFeatures:
        grey = _grey_small(page)
        points, descriptors = _features(grey)
        return cls(points, descriptors, (grey.shape[1], grey.shape[0]))


def _quarter_turns(
    matrix: np.ndarray, ref_size: tuple[int, int], page_size: tuple[int, int]
) -> int | None:
    """How the reference lies on the page, if the fitted transform is a plausible one.

    The page is corrected already, so the reference must land as a near-rectangle,
    turned by a multiple of 90°, covering most of the page. Returns the quarter turns
    clockwise that make the page upright, or None for a spurious fit.
    """
    rw, rh = ref_size
    corners = np.array([[[0, 0]], [[rw, 0]], [[rw, rh]], [[0, rh]]], np.float32)
    mapped = cv2.perspectiveTransform(corners, matrix).reshape(4, 2)
    if not cv2.isContourConvex(mapped.astype(np.float32)):
        return None
    area = cv2.contourArea(mapped)
    page_area = page_size[0] * page_size[1]
    if not 0.5 * page_area <= area <= 1.5 * page_area:
        return None
    top = mapped[1] - mapped[0]
    angle = float(np.degrees(np.arctan2(top[1], top[0]))) % 360
    turns = round(angle / 90) % 4
    if abs(angle - round(angle / 90) * 90) > 12:
        return None
    # The reference's top edge runs at +90° on screen: the page was laid a quarter turn
    # clockwise, and must be turned back (4 - turns) quarter turns clockwise.
    return (4 - turns) % 4


def _verify(page: PageFeatures, reference: Reference, good: list[cv2.DMatch]) -> Candidate | None:
    src = reference.keypoints[[m.trainIdx for m in good]].reshape(-1, 1, 2)
    dst = page.points[[m.queryIdx for m in good]].reshape(-1, 1, 2)
    # The page is perspective-corrected already, so the reference lies on it by a
    # similarity (turn, scale, shift): 4 degrees of freedom instead of a homography's 8,
    # which cannot run wild when the matches crowd into one band of the form.
    # Few iterations: a true match has many inliers and is found at once.
    affine, inlier_mask = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=6.0, maxIters=400
    )
    if affine is None:
        return None
    matrix = np.vstack([affine, [0.0, 0.0, 1.0]])
    turns = _quarter_turns(matrix, reference.size, page.size)
    if turns is None:
        return None
    inliers = int(inlier_mask.sum())
    return Candidate(reference.material_code, inliers / (inliers + HALF_CONFIDENCE), inliers, turns)


class ReferenceIndex:
    """The references of one checklist, searched at once through an LSH index.

    One approximate nearest-neighbour search of the page's features against every
    reference replaces a brute-force match per reference, so the cost grows slowly as
    a hall registers more forms. Only references that collect enough distinctive
    matches are verified geometrically.
    """

    def __init__(self, references: Iterable[Reference]) -> None:
        self.references = [r for r in references if len(r.descriptors) >= 10]
        self._matcher = cv2.FlannBasedMatcher(
            {"algorithm": 6, "table_number": 6, "key_size": 12, "multi_probe_level": 0},
            {"checks": 32},  # multi-probe level 1: 2–5× slower for no more matches
        )
        if self.references:
            self._matcher.add([r.descriptors for r in self.references])
            self._matcher.train()

    def __len__(self) -> int:
        return len(self.references)

    @property
    def material_codes(self) -> set[str]:
        return {r.material_code for r in self.references}

    def rank(self, page: PageFeatures) -> list[Candidate]:
        """The best candidate per material, most confident first."""
        if not self.references or page.descriptors is None or len(page.descriptors) < 10:
            return []
        votes: dict[int, list[cv2.DMatch]] = {}
        for pair in self._matcher.knnMatch(page.descriptors, k=2):
            if len(pair) == 2 and pair[0].distance < RATIO * pair[1].distance:
                votes.setdefault(pair[0].imgIdx, []).append(pair[0])
        best: dict[str, Candidate] = {}
        leader = 0
        for index, good in sorted(votes.items(), key=lambda item: len(item[1]), reverse=True):
            # Inliers never exceed votes: a reference with fewer votes than half the
            # leader's inliers can neither win nor stop the leader being accepted.
            if len(good) < 8 or len(good) * MARGIN < leader:
                break
            found = _verify(page, self.references[index], good)
            code = self.references[index].material_code
            if found is not None and (code not in best or found.inliers > best[code].inliers):
                best[code] = found
                leader = max(leader, found.inliers)
        return sorted(best.values(), key=lambda c: c.inliers, reverse=True)


def _rule_match(
    codes: Sequence[Code], materials: Sequence[MaterialSpec]
) -> tuple[MaterialSpec, Code, re.Match[str]] | None:
    for code in codes:
        for material in materials:
            for rule in material.barcode_rules:
                if rule.format and rule.format != code.format:
                    continue
                found = re.fullmatch(rule.pattern, code.text)
                if found:
                    return material, code, found
    return None


def _applicant_codes(
    found: re.Match[str], applicant_code: str, name: str
) -> tuple[str, str, list[str]]:
    groups = found.groupdict()
    uscc = id_number = ""
    warnings = []
    if groups.get("uscc"):
        try:
            uscc = validate_uscc(groups["uscc"])
        except ValueError as exc:
            warnings.append(f"{name}上的统一社会信用代码无效：{exc}")
    if groups.get("id_number"):
        try:
            id_number = validate_resident_id(groups["id_number"])
        except ValueError as exc:
            warnings.append(f"{name}上的身份证号码无效：{exc}")
    read = uscc or id_number
    if read and applicant_code and read != applicant_code.strip().upper():
        what = "统一社会信用代码" if uscc else "身份证号码"
        warnings.append(f"{name}上的{what}与申请人不一致，请核对是否为同一申请人的材料。")
    return uscc, id_number, warnings


def identify(
    codes: Sequence[Code],
    page: PageFeatures | None,
    materials: Sequence[MaterialSpec],
    references: ReferenceIndex,
    applicant_code: str = "",
) -> Identification:
    """Identify a page among ``materials`` (the checklist): by code, then by its look."""
    rule = _rule_match(codes, materials)
    if rule is not None:
        material, code, found = rule
        uscc, id_number, warnings = _applicant_codes(found, applicant_code, material.name)
        return Identification(
            material.code,
            Method.BARCODE,
            1.0,
            True,
            code_text=code.text,
            uscc=uscc,
            id_number=id_number,
            warnings=tuple(warnings),
        )
    if page is None:
        return Identification(None, Method.NONE, 0.0, False)
    wanted = {m.code for m in materials}
    candidates = [c for c in references.rank(page) if c.material_code in wanted]
    if not candidates:
        return Identification(None, Method.NONE, 0.0, False)
    best = candidates[0]
    runner_up = candidates[1].inliers if len(candidates) > 1 else 0
    accepted = best.confidence >= AUTO_ACCEPT and best.inliers >= MARGIN * runner_up
    return Identification(
        best.material_code if accepted else None,
        Method.VISUAL if accepted else Method.NONE,
        best.confidence,
        accepted,
        tuple(candidates),
        best.rotation,
    )
