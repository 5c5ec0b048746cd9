"""The machine-wide clerk.ini as Windows Installer writes it is read, and it locks keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clerk.domain.errors import ClerkError
from clerk.settings import Settings


def machine_ini() -> Path:
    folder = Path(os.environ["CLERK_MACHINE_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "clerk.ini"


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8"])
def test_a_chinese_hall_name_reads_in_every_encoding_the_msi_may_write(encoding: str) -> None:
    # WritePrivateProfileString writes the ANSI code page (GBK on a Chinese Windows), or
    # UTF-16 when the file starts with a BOM ("utf-16" writes one).
    text = "[workstation]\r\nhall_name=示例市政务服务中心\r\nwindow_no=7\r\n"
    machine_ini().write_bytes(text.encode(encoding))

    settings = Settings.load()

    assert settings.get("workstation.hall_name") == "示例市政务服务中心"
    assert settings.get_int("workstation.window_no") == 7


def test_keys_the_installer_locks_cannot_be_changed_by_the_user() -> None:
    machine_ini().write_text(
        "[database]\nurl=postgresql://clerk@db.hall.local/clerk\n[locked]\nkeys=database.url\n",
        encoding="utf-8",
    )
    settings = Settings.load()

    with pytest.raises(ClerkError, match="已由信息技术人员锁定"):
        settings.set("database.url", "sqlite:///elsewhere.sqlite3")
    settings.set("workstation.window_no", "3")

    again = Settings.load()
    assert again.get("database.url") == "postgresql://clerk@db.hall.local/clerk"
    assert again.get("workstation.window_no") == "3"
