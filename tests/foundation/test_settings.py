"""Machine-wide settings under the user's, with keys IT can lock."""

import pytest

from clerk.domain.errors import ClerkError
from clerk.settings import Settings


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_defaults_machine_and_user_in_that_order():
    settings = Settings.load()
    assert settings.get("workstation.window_no") == "1"
    write(settings.machine_path, "[workstation]\nwindow_no = 7\n")
    assert Settings.load().get("workstation.window_no") == "7"
    Settings.load().set("workstation.window_no", "9")
    assert Settings.load().get("workstation.window_no") == "9"


def test_locked_key_ignores_and_refuses_the_users_value():
    settings = Settings.load()
    write(settings.user_path, "[database]\nurl = sqlite:///mine.db\n")
    write(
        settings.machine_path,
        "[database]\nurl = postgresql://clerk@hall-db/clerk\n[locked]\nkeys = database.url\n",
    )
    settings = Settings.load()
    assert settings.get("database.url") == "postgresql://clerk@hall-db/clerk"
    with pytest.raises(ClerkError, match="已由信息技术人员锁定"):
        settings.set("database.url", "sqlite:///other.db")


def test_broken_settings_file_is_a_clear_error():
    settings = Settings.load()
    write(settings.user_path, "no section header here\n")
    with pytest.raises(ClerkError, match="设置文件"):
        Settings.load()


def test_integer_setting_with_text_is_reported():
    settings = Settings.load()
    settings.set("security.idle_lock_minutes", "fifteen")
    with pytest.raises(ClerkError, match="应为整数"):
        Settings.load().get_int("security.idle_lock_minutes")
