"""`clerk refusals …` from a terminal: verify, set-key, export, pdf."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from clerk.cli import main
from clerk.services import accounts
from clerk.services.accounts import Role
from clerk.services.refusals import file_refusal
from tests.refusals.conftest import notification
from tests.refusals.tampering import tamper

PASSWORD = "correct horse"


@pytest.fixture
def hall(db, monkeypatch):
    """A database with real accounts (the CLI signs in) and the URL to pass as --database."""
    accounts.create_first_admin(db, "admin", "赵志强", PASSWORD)
    admin = accounts.sign_in(db, "admin", PASSWORD, "")
    accounts.create_account(db, admin, "zhang", "张晓梅", "C0101", Role.CLERK, PASSWORD)
    accounts.create_account(db, admin, "wang", "王丽华", "M0001", Role.MANAGER, PASSWORD)
    monkeypatch.setenv("CLERK_PASSWORD", PASSWORD)
    return db, db.url.render_as_string(hide_password=False)


def file_as_zhang(db, count: int) -> None:
    clerk = accounts.sign_in(db, "zhang", PASSWORD, "3")
    for _ in range(count):
        with db.session() as s:
            file_refusal(s, clerk, notification())


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_set_key_verify_and_tamper(hall, capsys, monkeypatch):
    db, url = hall
    code, out = run(capsys, "refusals", "verify", "--database", url)
    assert code == 2 and "尚未设置否定备案密钥" in out
    code, out = run(
        capsys, "refusals", "set-key", "--generate", "--user", "zhang", "--database", url
    )
    assert code == 2 and "仅限系统管理员" in out
    code, out = run(
        capsys, "refusals", "set-key", "--generate", "--user", "admin", "--database", url
    )
    assert code == 0
    key = out.strip().splitlines()[-1]
    assert len(key) == 64
    file_as_zhang(db, 3)
    # Another workstation of the hall: the same key typed in (here: piped on stdin).
    monkeypatch.setattr("sys.stdin", io.StringIO("not the hall's key, but long enough to try\n"))
    code, out = run(capsys, "refusals", "set-key", "--user", "admin", "--database", url)
    assert code == 2 and "签封不符" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(key + "\n"))
    assert run(capsys, "refusals", "set-key", "--user", "admin", "--database", url)[0] == 0
    code, out = run(capsys, "refusals", "verify", "--database", url)
    assert code == 0 and out.startswith("OK：3条否定备案、0条复核记录")
    with tamper(db) as conn:
        conn.exec_driver_sql("UPDATE refusal_entry SET reason = '材料齐全' WHERE id = 2")
    code, out = run(capsys, "refusals", "verify", "--database", url)
    assert code == 1 and "第2号否定备案被改动" in out


def test_export_masks_numbers_unless_a_manager_asks(hall, keyed, capsys, tmp_path):
    db, url = hall
    file_as_zhang(db, 1)
    target = tmp_path / "register.xlsx"
    code, out = run(capsys, "refusals", "export", str(target), "--user", "zhang", "--database", url)
    assert code == 0 and "已导出1条" in out
    sheet = load_workbook(target)["否定备案"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["证件号码"] == "1101**********002X" and row["电话"] == "138****5678"
    assert row["缺少材料"] == "食品安全管理制度、从业人员健康证明" and row["复核状态"] == "待复核"
    assert load_workbook(target)["统计"]["B1"].value == 1

    code, out = run(
        capsys,
        "refusals",
        "export",
        str(target),
        "--unmasked",
        "--user",
        "zhang",
        "--database",
        url,
    )
    assert code == 2 and "只有大厅负责人" in out
    code, _ = run(
        capsys, "refusals", "export", str(target), "--unmasked", "--user", "wang", "--database", url
    )
    sheet = load_workbook(target)["否定备案"]
    assert code == 0 and sheet.cell(2, header.index("证件号码") + 1).value == "11010519491231002X"

    code, out = run(
        capsys,
        "refusals",
        "export",
        str(target),
        "--clerk",
        "李四",
        "--user",
        "wang",
        "--database",
        url,
    )
    assert code == 2 and "没有经办人“李四”" in out


def test_the_printed_register(hall, keyed, capsys, tmp_path):
    db, url = hall
    file_as_zhang(db, 1)
    target = tmp_path / "register.pdf"
    code, out = run(capsys, "refusals", "pdf", str(target), "--user", "wang", "--database", url)
    assert code == 0 and "已生成否定备案登记簿" in out
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "否定备案登记簿" in text and "陈静" in text and "1101**********" in text
    assert "11010519491231002X" not in text
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "yes" in fonts.split("\n", 2)[2]  # embedded
