"""The hall's queue set-up (admin): categories, windows and appointments.

One at a time from the console, or from the set-up file (TOML), imported all or nothing:

```toml
[[category]]
prefix = "A"                      # the letter on the ticket
name = "综合受理"
matters = ["M001", "M002"]        # matter codes the category covers (optional)

[[window]]
number = "1"
name = "综合窗口"                  # optional
categories = ["A", "B"]           # in order of preference

[[appointment]]                   # optional; usually from the booking platform
code = "YY0001"
category = "A"
start = 2026-11-25T09:00:00+08:00  # with the time zone
end = 2026-11-25T09:30:00+08:00
name = "王五"                      # optional
```
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.errors import ClerkError, Conflict
from clerk.services.accounts import Actor, Role, require
from clerk.services.queue.hall import category_named
from clerk.storage.db import Database
from clerk.storage.models.queue import (
    QueueAppointment,
    QueueCategory,
    QueueWindow,
    QueueWindowCategory,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    prefix: str
    name: str
    matter_codes: tuple[str, ...]


@dataclass(frozen=True)
class SetupSummary:
    categories: int
    windows: int
    appointments: int


def save_category(
    db: Database,
    actor: Actor,
    prefix: str,
    name: str,
    matter_codes: list[str],
    position: int = 0,
) -> None:
    """Add or change a service category (its letter stays; numbers are per letter)."""
    require(actor, Role.ADMIN)
    with db.session() as s:
        put_category(s, prefix, name, matter_codes, position)


def save_window(
    db: Database, actor: Actor, number: str, category_prefixes: list[str], name: str = ""
) -> None:
    """Add or change a window and the categories it serves, in order of preference."""
    require(actor, Role.ADMIN)
    with db.session() as s:
        put_window(s, number, category_prefixes, name)


def add_appointment(
    db: Database,
    actor: Actor,
    booking_code: str,
    category_prefix: str,
    slot_start: datetime,
    slot_end: datetime,
    applicant_name: str = "",
) -> None:
    require(actor, Role.ADMIN, Role.MANAGER)
    with db.session() as s:
        put_appointment(s, booking_code, category_prefix, slot_start, slot_end, applicant_name)


def put_category(
    s: Session, prefix: str, name: str, matter_codes: list[str], position: int
) -> None:
    """save_category inside the caller's transaction (the set-up file writes all or nothing)."""
    prefix = rules.normalise_prefix(prefix)
    if not name.strip():
        raise ClerkError(f"类别 {prefix} 缺少名称。")
    category = s.scalar(select(QueueCategory).where(QueueCategory.prefix == prefix))
    if category is None:
        category = QueueCategory(prefix=prefix)
        s.add(category)
    category.name = name.strip()
    category.matter_codes = [c.strip() for c in matter_codes if c.strip()]
    category.position = position
    category.active = True
    s.flush()


def put_window(s: Session, number: str, category_prefixes: list[str], name: str) -> None:
    number = number.strip()
    if not number:
        raise ClerkError("窗口号不能为空。")
    if not category_prefixes:
        raise ClerkError(f"{number} 号窗口至少要办理一类业务。")
    categories = [category_named(s, p) for p in category_prefixes]
    if len({c.id for c in categories}) != len(categories):
        raise ClerkError(f"{number} 号窗口的业务类别有重复。")
    window = s.scalar(select(QueueWindow).where(QueueWindow.number == number))
    if window is None:
        window = QueueWindow(number=number, state=rules.CLOSED)
        s.add(window)
    window.name = name.strip()
    window.active = True
    window.categories.clear()
    s.flush()
    for position, category in enumerate(categories):
        window.categories.append(QueueWindowCategory(category_id=category.id, position=position))
    s.flush()


def put_appointment(
    s: Session,
    booking_code: str,
    category_prefix: str,
    slot_start: datetime,
    slot_end: datetime,
    applicant_name: str,
) -> None:
    code = booking_code.strip().upper()
    if not code:
        raise ClerkError("预约码不能为空。")
    if slot_end <= slot_start:
        raise ClerkError(f"预约 {code} 的时段结束早于开始。")
    if s.scalar(select(QueueAppointment).where(QueueAppointment.booking_code == code)):
        raise Conflict(f"预约码 {code} 已存在。")
    s.add(
        QueueAppointment(
            booking_code=code,
            category_id=category_named(s, category_prefix).id,
            slot_start=slot_start,
            slot_end=slot_end,
            applicant_name=applicant_name.strip(),
        )
    )


def categories(db: Database) -> list[CategoryInfo]:
    with db.session() as s:
        rows = s.scalars(
            select(QueueCategory)
            .where(QueueCategory.active)
            .order_by(QueueCategory.position, QueueCategory.prefix)
        )
        return [CategoryInfo(c.id, c.prefix, c.name, tuple(c.matter_codes)) for c in rows]


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ClerkError(f"排队设置文件：{where}缺少“{key}”。")
    return value


def _texts(entry: dict[str, Any], key: str, where: str, required: bool) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClerkError(f"排队设置文件：{where}的“{key}”应为文字列表。")
    if required and not value:
        raise ClerkError(f"排队设置文件：{where}缺少“{key}”。")
    return value


def _moment(entry: dict[str, Any], key: str, where: str) -> datetime:
    value = entry.get(key)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ClerkError(
            f"排队设置文件：{where}的“{key}”应为带时区的时间，如 2026-11-25T09:00:00+08:00。"
        )
    return value


def import_setup(db: Database, actor: Actor, path: Path) -> SetupSummary:
    """Read ``path`` and write it in one transaction: an error anywhere changes nothing."""
    require(actor, Role.ADMIN)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ClerkError(
            f"无法读取排队设置文件 {path.name}，请检查文件格式（TOML）。", repr(exc)
        ) from exc
    categories = data.get("category", [])
    windows = data.get("window", [])
    appointments = data.get("appointment", [])
    with db.session() as s:
        for i, entry in enumerate(categories, start=1):
            where = f"第{i}个类别"
            put_category(
                s,
                _text(entry, "prefix", where),
                _text(entry, "name", where),
                _texts(entry, "matters", where, required=False),
                i,
            )
        for i, entry in enumerate(windows, start=1):
            where = f"第{i}个窗口"
            put_window(
                s,
                _text(entry, "number", where),
                _texts(entry, "categories", where, True),
                entry.get("name", ""),
            )
        for i, entry in enumerate(appointments, start=1):
            where = f"第{i}个预约"
            put_appointment(
                s,
                _text(entry, "code", where),
                _text(entry, "category", where),
                _moment(entry, "start", where),
                _moment(entry, "end", where),
                entry.get("name", ""),
            )
    log.info("queue set-up %s imported by %s", path.name, actor.username)
    return SetupSummary(len(categories), len(windows), len(appointments))
