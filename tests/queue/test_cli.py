"""`clerk queue setup FILE` and `clerk queue status` on both databases."""

from __future__ import annotations

import pytest

from clerk.cli import main
from clerk.services import accounts, queue

SETUP = """
[[category]]
prefix = "A"
name = "综合受理"
matters = ["M001", "M002"]

[[category]]
prefix = "b"
name = "企业开办"

[[window]]
number = "1"
categories = ["A", "B"]

[[window]]
number = "2"
name = "企业专窗"
categories = ["B"]

[[appointment]]
code = "yy0001"
category = "B"
start = 2026-11-25T09:00:00+08:00
end = 2026-11-25T09:30:00+08:00
name = "王五"
"""


@pytest.fixture
def admin(db, monkeypatch):
    accounts.create_first_admin(db, "it-admin", "赵志强", "admin-pass-1")
    monkeypatch.setenv("CLERK_PASSWORD", "admin-pass-1")
    return ["--database", db.url.render_as_string(hide_password=False), "--user", "it-admin"]


def test_setup_file_imports_categories_windows_and_appointments(db, admin, tmp_path, capsys):
    path = tmp_path / "queue.toml"
    path.write_text(SETUP, encoding="utf-8")
    assert main(["queue", "setup", str(path), *admin]) == 0
    assert "已导入：2 个业务类别，2 个窗口，1 个预约。" in capsys.readouterr().out
    assert [(c.prefix, c.name, c.matter_codes) for c in queue.categories(db)] == [
        ("A", "综合受理", ("M001", "M002")),
        ("B", "企业开办", ()),
    ]
    assert [(w.number, w.name, w.categories, w.state) for w in queue.windows(db)] == [
        ("1", "", ("A", "B"), "closed"),
        ("2", "企业专窗", ("B",), "closed"),
    ]
    queue.issue_ticket(db, "B")
    assert main(["queue", "status", admin[0], admin[1]]) == 0
    assert "B 企业开办：1 人等候" in capsys.readouterr().out


def test_a_bad_setup_file_changes_nothing(db, admin, tmp_path, capsys):
    path = tmp_path / "queue.toml"
    path.write_text(SETUP.replace('categories = ["B"]', 'categories = ["B", "Z"]'), "utf-8")
    assert main(["queue", "setup", str(path), *admin]) == 2
    assert "没有“Z”类业务" in capsys.readouterr().err
    assert queue.categories(db) == []  # the categories before the bad window were not kept
    path.write_text("[[category]\nprefix = ", "utf-8")
    assert main(["queue", "setup", str(path), *admin]) == 2
    assert "无法读取排队设置文件 queue.toml" in capsys.readouterr().err
