"""`clerk documents sample` for IT checking a template, and `print` / `log` from a terminal."""

from __future__ import annotations

import pytest

from clerk.cli import main
from clerk.services import accounts
from clerk.services.accounts import Role
from clerk.storage.db import Database
from tests.support import pdf


@pytest.mark.parametrize(
    ("kind", "paper", "expected"),
    [
        ("receipt", "a4", "受理回执"),
        ("notification", "a5", "一次性告知单"),
        ("commitment", None, "容缺受理承诺书"),
        ("refusal", None, "不予受理告知书"),
        ("ticket", None, "排队号票"),
    ],
)
def test_sample_of_each_kind(tmp_path, capsys, kind, paper, expected):
    out = tmp_path / f"{kind}.pdf"
    argv = ["documents", "sample", kind, "--out", str(out)]
    assert main(argv + (["--paper", paper] if paper else [])) == 0
    assert expected in pdf.flat(out)
    assert str(out) in capsys.readouterr().out


def test_sample_with_a_broken_template_says_what_is_wrong(tmp_path, capsys, monkeypatch):
    machine = tmp_path / "home" / "machine"
    machine.mkdir(parents=True)
    (machine / "documents.toml").write_text('[ticket]\nnote = "{window}"\n', encoding="utf-8")
    assert main(["documents", "sample", "ticket", "--out", str(tmp_path / "t.pdf")]) == 2
    assert "占位符 {window} 无法识别" in capsys.readouterr().err
    assert not (tmp_path / "t.pdf").exists()


def test_print_a_sample_to_a_folder_and_read_the_log(
    sqlite_db: Database, tmp_path, capsys, monkeypatch
):
    accounts.create_first_admin(sqlite_db, "admin", "管理员", "admin-pass-1")
    admin = accounts.sign_in(sqlite_db, "admin", "admin-pass-1", "1")
    accounts.create_account(sqlite_db, admin, "li", "李明", "A0137", Role.CLERK, "li-pass-12")
    url = str(sqlite_db.url)
    monkeypatch.setenv("CLERK_PASSWORD", "li-pass-12")
    printer = f"folder:{tmp_path / 'out'}"
    argv = ["documents", "print", "ticket", "--sample", "--database", url, "--user", "li"]
    assert main([*argv, "--printer", printer]) == 0
    assert main([*argv, "--printer", printer]) == 0
    out = capsys.readouterr().out
    assert "已打印：排队号票 A037" in out and "已打印（重印）：排队号票 A037" in out
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2
    assert main(["documents", "log", "--database", url, "--user", "li"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "重印" in lines[0] and "首印" in lines[1]
    assert all("成功" in line for line in lines)


def test_printers_lists_plugins_and_the_printer_per_kind(capsys):
    assert main(["documents", "printers"]) == 0
    out = capsys.readouterr().out
    for plugin in ("cups:…", "folder:…", "system:…", "escpos:…"):
        assert plugin in out
    assert "printers.receipt\t受理回执\tsystem:" in out
