"""Filing into the refusal register (否定备案), reviewing entries, and the hall's register key.

Every "no" is appended as a ``RefusalEntry``; a manager's verdict and follow-ups are
appended as ``RefusalReview`` rows. Both are chained and sealed
(``clerk.domain.refusal_chain``); appends hold the chain head's row lock (PostgreSQL)
or the database's writer lock (SQLite), so many windows still make one linear chain.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.refusal_chain import (
    ENTRY_TAG,
    REVIEW_TAG,
    Head,
    canonical_time,
    head_seal,
    link_hash,
    seal,
)
from clerk.domain.refusals import FilingKind, ReviewKind, ReviewState
from clerk.secrets import get_secret, set_secret
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database
from clerk.storage.models.base import utcnow
from clerk.storage.models.refusals import (
    ENTRY_CHAIN_COLUMNS,
    REVIEW_CHAIN_COLUMNS,
    RefusalChainHead,
    RefusalEntry,
    RefusalReview,
)

log = logging.getLogger(__name__)

MIN_KEY_LENGTH = 32
NO_KEY = "本工作站尚未设置否定备案密钥，无法备案。请系统管理员运行 clerk refusals set-key。"


@dataclass(frozen=True)
class RefusalFiling:
    """What the window files: the intake flow for 不予受理 / 一次性告知, the clerk for the rest."""

    kind: FilingKind | str
    category: str
    reason: str
    legal_basis: str = ""
    applicant_name: str = ""
    applicant_id_no: str = ""  # stored in full, masked wherever it is shown
    applicant_phone: str = ""
    matter_code: str = ""  # a matter's or a bundle's code
    matter_name: str = ""
    missing_materials: Sequence[str] = ()  # names, for a notification
    ticket_no: str = ""
    draft_id: int | None = None
    case_id: int | None = None
    facts: str = ""
    applicant_address: str = ""


# --- the hall's key -------------------------------------------------------------------


def register_key_name(url: URL) -> str:
    """Keyring entry of a register's key: one per database, never in a file."""
    if url.get_backend_name() == "sqlite":
        return f"refusal-key:sqlite:{Path(url.database or '').resolve()}"
    return f"refusal-key:{url.host or ''}:{url.port or 5432}/{url.database or ''}"


def _hall_key(url: URL) -> bytes:
    key = get_secret(register_key_name(url))
    if not key:
        raise ClerkError(NO_KEY, f"no keyring entry {register_key_name(url)}")
    return key.encode("utf-8")


def hall_key(db: Database) -> bytes:
    return _hall_key(db.url)


def set_hall_key(db: Database, actor: Actor, key: str | None) -> str:
    """Store the hall's key on this workstation; generate one when ``key`` is None.

    Every workstation of a hall needs the same key. A key that does not match the
    seals already in the register is refused, so a typo cannot split the register.
    """
    require(actor, Role.ADMIN)
    key = secrets.token_hex(32) if key is None else key.strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ClerkError(f"否定备案密钥至少需要{MIN_KEY_LENGTH}个字符。")
    with db.session() as s:
        for head in s.scalars(select(RefusalChainHead)):
            if not _head(head).sealed_by(key.encode("utf-8")):
                raise ClerkError(
                    "该密钥与登记簿中已有的签封不符，未保存。请核对大厅的否定备案密钥。",
                    f"head {head.name} at {head.last_id} not sealed by the given key",
                )
    set_secret(register_key_name(db.url), key)
    log.info("refusal register key set for %s by %s", db.describe(), actor.username)
    return key


def _head(row: RefusalChainHead) -> Head:
    return Head(row.name, row.last_id, row.last_hash, row.seal)


# --- appending ------------------------------------------------------------------------

Row = TypeVar("Row", RefusalEntry, RefusalReview)


def payload_of(row: RefusalEntry | RefusalReview, columns: Sequence[str]) -> list[object]:
    values = (getattr(row, name) for name in columns)
    return [canonical_time(v) if isinstance(v, datetime) else v for v in values]


def _append(
    session: Session,
    chain: str,
    tag: str,
    columns: Sequence[str],
    build: Callable[[int, datetime], Row],
) -> Row:
    """Append one row at the end of a chain, inside the caller's transaction.

    The UPDATE of the head row comes first: on PostgreSQL it locks that row until the
    transaction ends (a second window waits there and then reads the new head), on
    SQLite it takes the database's writer lock. Either way ids and prev_hash follow
    the order in which transactions commit.
    """
    key = _hall_key(session.get_bind().engine.url)
    moved = session.execute(
        update(RefusalChainHead)
        .where(RefusalChainHead.name == chain)
        .values(last_id=RefusalChainHead.last_id + 1)
        .returning(RefusalChainHead.last_id, RefusalChainHead.last_hash, RefusalChainHead.seal)
        .execution_options(synchronize_session=False)
    ).one()
    new_id, prev_hash, prev_seal = moved
    if not Head(chain, new_id - 1, prev_hash, prev_seal).sealed_by(key):
        raise ClerkError(
            "本工作站的否定备案密钥与登记簿不符，无法备案。请联系系统管理员核对密钥。",
            f"{chain} head at {new_id - 1} not sealed by this workstation's key",
        )
    row = build(new_id, utcnow())
    row.prev_hash = prev_hash
    row.hash = link_hash(tag, payload_of(row, columns))
    row.seal = seal(key, row.hash)
    session.add(row)
    session.flush()
    session.execute(
        update(RefusalChainHead)
        .where(RefusalChainHead.name == chain)
        .values(last_hash=row.hash, seal=head_seal(key, chain, new_id, row.hash))
        .execution_options(synchronize_session=False)
    )
    return row


def _check_filing(filing: RefusalFiling) -> FilingKind:
    try:
        kind = FilingKind(filing.kind)
    except ValueError as exc:
        raise ClerkError("未知的备案类型，未保存。", f"kind {filing.kind!r}") from exc
    if not filing.category.strip() or not filing.reason.strip():
        raise ClerkError("否定备案必须写明类别和理由，未保存。")
    if kind is FilingKind.REFUSAL and not filing.legal_basis.strip():
        raise ClerkError("不予受理必须写明法律依据，未保存。")
    if kind is FilingKind.NOTIFICATION and not [m for m in filing.missing_materials if m.strip()]:
        raise ClerkError("一次性告知须列出全部缺少的材料，未保存。")
    for name, label in (
        ("category", "类别"),
        ("applicant_name", "申请人"),
        ("applicant_id_no", "证件号码"),
        ("applicant_phone", "电话"),
        ("applicant_address", "地址"),
        ("matter_code", "事项编码"),
        ("matter_name", "事项名称"),
        ("ticket_no", "票号"),
    ):
        limit = RefusalEntry.__table__.c[name].type.length  # type: ignore[attr-defined]
        if len(getattr(filing, name).strip()) > limit:
            raise ClerkError(f"{label}过长（最多{limit}个字符），未保存。")
    return kind


def file_refusal(session: Session, actor: Actor, filing: RefusalFiling) -> RefusalEntry:
    """File one entry inside the caller's transaction (no commit here).

    The intake flow calls this in the same transaction as its decision: a 不予受理 or
    一次性告知 and its register entry are stored together or not at all.
    """
    require(actor, Role.CLERK, Role.MANAGER)
    kind = _check_filing(filing)

    def build(entry_id: int, now: datetime) -> RefusalEntry:
        return RefusalEntry(
            id=entry_id,
            filed_at=now,
            window_no=actor.window_no,
            clerk_id=actor.account_id,
            clerk_name=actor.display_name,
            clerk_staff_no=actor.staff_no,
            kind=kind.value,
            category=filing.category.strip(),
            reason=filing.reason.strip(),
            legal_basis=filing.legal_basis.strip(),
            facts=filing.facts.strip(),
            applicant_name=filing.applicant_name.strip(),
            applicant_id_no=filing.applicant_id_no.strip(),
            applicant_phone=filing.applicant_phone.strip(),
            applicant_address=filing.applicant_address.strip(),
            matter_code=filing.matter_code.strip(),
            matter_name=filing.matter_name.strip(),
            missing_materials=json.dumps(
                [m.strip() for m in filing.missing_materials if m.strip()], ensure_ascii=False
            ),
            ticket_no=filing.ticket_no.strip(),
            draft_id=filing.draft_id,
            case_id=filing.case_id,
        )

    entry = _append(session, "entries", ENTRY_TAG, ENTRY_CHAIN_COLUMNS, build)
    log.info("refusal entry %s filed (%s) by %s", entry.id, kind.value, actor.username)
    return entry


def file_unserved(db: Database, actor: Actor, filing: RefusalFiling) -> RefusalEntry:
    """The clerk's one action from the console: an applicant leaves without being served."""
    if filing.kind != FilingKind.UNSERVED:
        raise ClerkError("不予受理和一次性告知由受理流程自动备案，此处只登记未能办理的情形。")
    with db.session() as s:
        return file_refusal(s, actor, filing)


# --- reviews --------------------------------------------------------------------------


def review_state(reviews: Sequence[RefusalReview]) -> ReviewState:
    kinds = [r.kind for r in reviews]
    if ReviewKind.AGREE in kinds:
        return ReviewState.AGREED
    if ReviewKind.DISAGREE not in kinds:
        return ReviewState.PENDING
    if any(r.kind == ReviewKind.FOLLOW_UP and r.resolved for r in reviews):
        return ReviewState.RESOLVED
    return ReviewState.REOPENED


def _append_review(
    session: Session, actor: Actor, entry_id: int, kind: ReviewKind, comment: str, resolved: bool
) -> RefusalReview:
    def build(review_id: int, now: datetime) -> RefusalReview:
        return RefusalReview(
            id=review_id,
            entry_id=entry_id,
            recorded_at=now,
            kind=kind.value,
            manager_id=actor.account_id,
            manager_name=actor.display_name,
            comment=comment,
            resolved=int(resolved),
        )

    return _append(session, "reviews", REVIEW_TAG, REVIEW_CHAIN_COLUMNS, build)


def _reviews_of(session: Session, entry_id: int) -> list[RefusalReview]:
    if session.get(RefusalEntry, entry_id) is None:
        raise NotFound(f"没有第{entry_id}号否定备案。")
    query = select(RefusalReview).where(RefusalReview.entry_id == entry_id)
    return list(session.scalars(query.order_by(RefusalReview.id)))


def review(db: Database, actor: Actor, entry_id: int, agree: bool, comment: str) -> RefusalReview:
    """A manager's verdict. Disagreeing needs a comment and reopens the matter."""
    require(actor, Role.MANAGER)
    comment = comment.strip()
    if not agree and not comment:
        raise ClerkError("不同意时必须填写复核意见。")
    with db.session() as s:
        reviews = _reviews_of(s, entry_id)
        if review_state(reviews) is not ReviewState.PENDING:
            raise Conflict(f"第{entry_id}号否定备案已经复核过，可在下方记录跟进情况。")
        kind = ReviewKind.AGREE if agree else ReviewKind.DISAGREE
        row = _append_review(s, actor, entry_id, kind, comment, False)
        # Read again now that the head is locked: another manager may have got there first.
        verdicts = [r for r in _reviews_of(s, entry_id) if r.kind != ReviewKind.FOLLOW_UP]
        if len(verdicts) > 1:
            raise Conflict(f"第{entry_id}号否定备案刚被其他负责人复核，请刷新后查看。")
        return row


def record_follow_up(
    db: Database, actor: Actor, entry_id: int, note: str, resolved: bool
) -> RefusalReview:
    """What was done after a disagreement: applicant contacted, accepted after all …"""
    require(actor, Role.MANAGER)
    note = note.strip()
    if not note:
        raise ClerkError("请填写跟进情况。")
    with db.session() as s:
        state = review_state(_reviews_of(s, entry_id))
        if state not in (ReviewState.REOPENED, ReviewState.RESOLVED):
            raise Conflict("只有复核不同意（已重开）的备案才需要记录跟进情况。")
        return _append_review(s, actor, entry_id, ReviewKind.FOLLOW_UP, note, resolved)
