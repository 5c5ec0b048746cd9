"""The queue set-up file (TOML): categories, windows and appointments, imported all or nothing.

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

from clerk.domain.errors import ClerkError
from clerk.services import queue
from clerk.services.accounts import Actor, Role, require
from clerk.storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SetupSummary:
    categories: int
    windows: int
    appointments: int


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
            queue.put_category(
                s,
                _text(entry, "prefix", where),
                _text(entry, "name", where),
                _texts(entry, "matters", where, required=False),
                i,
            )
        for i, entry in enumerate(windows, start=1):
            where = f"第{i}个窗口"
            queue.put_window(
                s,
                _text(entry, "number", where),
                _texts(entry, "categories", where, True),
                entry.get("name", ""),
            )
        for i, entry in enumerate(appointments, start=1):
            where = f"第{i}个预约"
            queue.put_appointment(
                s,
                _text(entry, "code", where),
                _text(entry, "category", where),
                _moment(entry, "start", where),
                _moment(entry, "end", where),
                entry.get("name", ""),
            )
    log.info("queue set-up %s imported by %s", path.name, actor.username)
    return SetupSummary(len(categories), len(windows), len(appointments))
