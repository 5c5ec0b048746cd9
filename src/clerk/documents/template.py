"""The hall template: hall particulars and each document's wording, set by IT without code.

``resources/documents/hall.toml`` holds the defaults; ``documents.toml`` in the machine
configuration folder overrides any of its values. Both are checked when loaded: an
unknown section or key, a value that is not text, an unknown placeholder or a missing
emblem file is refused with a Chinese message that names the file and the key.
"""

from __future__ import annotations

import os
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clerk.domain.errors import ClerkError
from clerk.paths import machine_config_dir, resource

OVERRIDE_NAME = "documents.toml"
_HALL_VALUES = ("hall", "phone", "address", "website", "supervision_phone")

# Every text a document prints, with the placeholders it may use.
WORDING: dict[str, dict[str, tuple[str, ...]]] = {
    "receipt": {"title": (), "follow_up": _HALL_VALUES, "seal": ()},
    "notification": {
        "title": (),
        "intro": ("matter", *_HALL_VALUES),
        "statement": _HALL_VALUES,
        "return_hint": _HALL_VALUES,
        "contact": _HALL_VALUES,
    },
    "commitment": {
        "title": (),
        "pledge": ("matter", "deadline", *_HALL_VALUES),
        "consequences": ("deadline", *_HALL_VALUES),
    },
    "refusal": {
        "title": (),
        "intro": ("matter", *_HALL_VALUES),
        "rights": _HALL_VALUES,
        "complaint": _HALL_VALUES,
    },
    "ticket": {"title": (), "note": _HALL_VALUES},
}
HALL_KEYS = (
    "name",
    "department",
    "address",
    "phone",
    "supervision_phone",
    "website",
    "footer",
    "emblem",
)


@dataclass(frozen=True)
class HallParticulars:
    name: str
    department: str
    address: str
    phone: str
    supervision_phone: str
    website: str
    footer: str
    emblem: Path | None


@dataclass(frozen=True)
class Template:
    hall: HallParticulars
    wording: dict[str, dict[str, str]]

    def text(self, kind: str, key: str, **values: str) -> str:
        """The wording ``kind.key`` with its placeholders filled in."""
        hall = self.hall
        return self.wording[kind][key].format(
            hall=hall.name,
            phone=hall.phone,
            address=hall.address,
            website=hall.website,
            supervision_phone=hall.supervision_phone,
            **values,
        )


def default_path() -> Path:
    return resource("documents", "hall.toml")


def override_path() -> Path:
    folder = os.environ.get("CLERK_MACHINE_CONFIG_DIR") or machine_config_dir()
    return Path(folder) / OVERRIDE_NAME


def load_template(default: Path | None = None, override: Path | None = None) -> Template:
    """Read and check the default template and the machine's override (if it exists)."""
    default = default or default_path()
    override = override or override_path()
    merged: dict[str, dict[str, tuple[str, Path]]] = {}
    for path in (default, override):
        if path.is_file():
            for section, values in _read(path).items():
                merged.setdefault(section, {}).update({k: (v, path) for k, v in values.items()})
    hall_values = merged.get("hall", {})
    for key in HALL_KEYS:
        if key not in hall_values:
            raise ClerkError(f"单据模板缺少 [hall] {key}，请检查 {default}。")
    name, _ = hall_values["name"]
    if not name.strip():
        raise ClerkError(f"单据模板 [hall] name（大厅名称）不能为空，请检查 {override}。")
    emblem_text, emblem_file = hall_values["emblem"]
    hall = HallParticulars(
        **{key: hall_values[key][0] for key in HALL_KEYS if key != "emblem"},
        emblem=_emblem(emblem_text, emblem_file),
    )
    wording: dict[str, dict[str, str]] = {}
    for kind, keys in WORDING.items():
        wording[kind] = {}
        for key, allowed in keys.items():
            if key not in merged.get(kind, {}):
                raise ClerkError(f"单据模板缺少 [{kind}] {key}，请检查 {default}。")
            text, path = merged[kind][key]
            _check_placeholders(text, allowed, f"{path} 中 [{kind}] {key}")
            wording[kind][key] = text
    return Template(hall, wording)


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ClerkError(f"单据模板 {path} 格式有误，无法读取。", str(exc)) from exc
    known = {"hall": HALL_KEYS, **{kind: tuple(keys) for kind, keys in WORDING.items()}}
    for section, values in raw.items():
        if section not in known or not isinstance(values, dict):
            raise ClerkError(
                f"单据模板 {path} 中的 [{section}] 无法识别，可用的节：{'、'.join(known)}。"
            )
        for key, value in values.items():
            if key not in known[section]:
                raise ClerkError(
                    f"单据模板 {path} 中 [{section}] 没有 {key} 这一项，"
                    f"可用：{'、'.join(known[section])}。"
                )
            if not isinstance(value, str):
                raise ClerkError(f"单据模板 {path} 中 [{section}] {key} 应为文字（加引号）。")
    return raw


def _check_placeholders(text: str, allowed: tuple[str, ...], where: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ClerkError(
            f"单据模板 {where} 的花括号不成对；文字中的花括号请写成 {{{{ 或 }}}}。", str(exc)
        ) from exc
    for name in fields:
        if name not in allowed:
            hint = "、".join("{" + a + "}" for a in allowed) or "无"
            raise ClerkError(f"单据模板 {where} 中的占位符 {{{name}}} 无法识别，可用：{hint}。")


def _emblem(text: str, source: Path) -> Path | None:
    if not text.strip():
        return None
    path = Path(text)
    if not path.is_absolute():
        path = source.parent / path
    if not path.is_file() or path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise ClerkError(
            f"单据模板 {source} 中 [hall] emblem 指定的图片 {path} 不存在或不是 PNG/JPEG。"
        )
    return path
