"""Workstation settings: machine-wide INI (installer, IT) under the user's INI.

A key is written ``section.option``. The user's value wins over the machine's,
except for keys the machine file locks in ``[locked] keys = ...``; those only IT
can change. INI is used because the MSI writes it natively (WiX ``IniFile``).
"""

from __future__ import annotations

import codecs
import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path

from clerk.domain.errors import ClerkError
from clerk.paths import machine_config_dir, user_config_dir

FILE_NAME = "clerk.ini"

# Every key clerk reads, with its default and what it means (the README lists them).
KEYS: dict[str, tuple[str, str]] = {
    "database.url": (
        "",
        "SQLAlchemy URL of the hall database, without password; empty = embedded SQLite",
    ),
    "workstation.window_no": ("1", "number of this workstation's window (综合窗口)"),
    "workstation.hall_name": ("", "name of the hall shown in the status bar and on documents"),
    "security.idle_lock_minutes": ("15", "minutes without input before the console locks"),
    "ui.language": ("zh_CN", "interface language: zh_CN, or en for the English source text"),
    "queue.wait_alert_minutes": ("15", "a ticket waiting longer than this raises an alert"),
    "scanning.page_store": (
        "",
        "folder of kept page images; empty = pages/ in the user data folder",
    ),
    "scanning.camera_plugin": (
        "camera",
        "image-source plugin of the document camera: camera (UVC) or a vendor's plugin",
    ),
    "scanning.camera": ("0", "document camera: device index or path VideoCapture opens"),
    "scanning.camera_resolution": ("4000x3000", "resolution asked of the document camera"),
    "scanning.hot_folder": (
        "",
        "folder a network scanner writes into; its finished files join the open application",
    ),
    "scanning.scanner": (
        "",
        "scanner of the scan panel's Scan button as plugin:device (sane:…, wia:…); empty = none",
    ),
    "printers.default": ("system:", "printer (plugin:target) for kinds without their own"),
    "printers.receipt": ("", "printer for 受理回执; empty = printers.default"),
    "printers.notification": ("", "printer for 一次性告知单; empty = printers.default"),
    "printers.commitment": ("", "printer for 容缺受理承诺书; empty = printers.default"),
    "printers.refusal": ("", "printer for 不予受理告知书; empty = printers.default"),
    "printers.register": ("", "printer for registers and lists; empty = printers.default"),
    "printers.ticket": ("", "printer for queue tickets (80 mm roll); empty = printers.default"),
    "queue.max_recalls": ("2", "recalls of a ticket before it counts as a no-show (过号)"),
    "calendar.holidays_file": (
        "",
        "JSON of holidays and make-up working days for years the built-in calendar lacks; "
        "empty = holidays.json beside the machine-wide clerk.ini",
    ),
}


def _decode(raw: bytes) -> str:
    """UTF-8 as clerk writes it; Windows Installer's IniFile writes UTF-16 (with a BOM) or
    the ANSI code page, which on a Chinese Windows is GBK (GB 18030 reads it)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    if path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ClerkError(f"无法读取设置文件 {path}，请联系信息技术人员。", str(exc)) from exc
        try:
            parser.read_string(_decode(raw), source=str(path))
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise ClerkError(f"设置文件 {path} 格式有误，请联系信息技术人员。", str(exc)) from exc
    return parser


def _split(key: str) -> tuple[str, str]:
    section, _, option = key.partition(".")
    if not option:
        raise ValueError(f"setting key must be section.option: {key!r}")
    return section, option


@dataclass
class Settings:
    """The merged view of the machine's and the user's settings."""

    machine_path: Path
    user_path: Path
    machine: configparser.ConfigParser = field(init=False)
    user: configparser.ConfigParser = field(init=False)

    def __post_init__(self) -> None:
        self.machine = _read(self.machine_path)
        self.user = _read(self.user_path)

    @classmethod
    def load(cls) -> Settings:
        machine_dir = os.environ.get("CLERK_MACHINE_CONFIG_DIR") or machine_config_dir()
        user_dir = os.environ.get("CLERK_CONFIG_DIR") or user_config_dir()
        return cls(Path(machine_dir) / FILE_NAME, Path(user_dir) / FILE_NAME)

    def locked_keys(self) -> set[str]:
        raw = self.machine.get("locked", "keys", fallback="")
        return {k.strip() for k in raw.replace(",", " ").split() if k.strip()}

    def get(self, key: str) -> str:
        section, option = _split(key)
        default = KEYS.get(key, ("", ""))[0]
        machine_value = self.machine.get(section, option, fallback=None)
        if key in self.locked_keys():
            return machine_value if machine_value is not None else default
        user_value = self.user.get(section, option, fallback=None)
        for value in (user_value, machine_value):
            if value is not None:
                return value
        return default

    def get_int(self, key: str) -> int:
        value = self.get(key)
        try:
            return int(value)
        except ValueError as exc:
            raise ClerkError(f"设置项 {key} 应为整数，现为“{value}”。") from exc

    def set(self, key: str, value: str) -> None:
        """Store a user setting; a key locked by the machine file cannot be changed."""
        if key in self.locked_keys():
            raise ClerkError(f"设置项 {key} 已由信息技术人员锁定，不能在本机修改。")
        section, option = _split(key)
        if not self.user.has_section(section):
            self.user.add_section(section)
        self.user.set(section, option, value)
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.user_path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            self.user.write(fh)
        tmp.replace(self.user_path)
