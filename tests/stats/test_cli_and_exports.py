"""`clerk stats` from a terminal, the XLSX workbook and the monthly PDF report."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from clerk.cli import main
from clerk.services import accounts, stats
from clerk.services.accounts import Role
from tests.stats.dataset import PERIOD, TODAY, FixedHall, build
from tests.support import pdf

PASSWORD = "statistics pass"


@pytest.fixture
def hall(db, monkeypatch) -> tuple[FixedHall, str]:
    """The fixed hall plus accounts that sign in with a password (the CLI signs in)."""
    fixed = build(db)
    accounts.create_account(db, fixed.admin, "boss", "王丽华", "M0002", Role.MANAGER, PASSWORD)
    accounts.create_account(db, fixed.admin, "desk", "周敏", "C0199", Role.CLERK, PASSWORD)
    monkeypatch.setenv("CLERK_PASSWORD", PASSWORD)
    return fixed, db.url.render_as_string(hide_password=False)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


PERIOD_ARGS = ("--from", "2026-03-02", "--to", "2026-03-03")


def test_json_for_scripts(hall, capsys):
    _, url = hall
    code, out = run(capsys, "stats", *PERIOD_ARGS, "--json", "--user", "boss", "--database", url)
    assert code == 0
    data = json.loads(out)
    assert data["period"] == {"first": "2026-03-02", "last": "2026-03-03"}
    figures = data["hall"]
    assert (figures["tickets"], figures["cases"], figures["ratings"]) == (6, 8, 5)
    assert figures["wait_p90"] == pytest.approx(18.0, abs=1e-3)
    assert figures["within_alert_share"] == pytest.approx(0.8)
    assert figures["one_visit_share"] == pytest.approx(4 / 6)
    assert [d["tickets"] for d in data["daily"]] == [4, 2]


def test_text_by_window(hall, capsys):
    _, url = hall
    code, out = run(
        capsys, "stats", *PERIOD_ARGS, "--by", "window", "--user", "boss", "--database", url
    )
    assert code == 0
    lines = out.splitlines()
    assert "1 号窗口" in lines[1] and "2 号窗口" in lines[1]
    p90 = next(line for line in lines if line.startswith("90%等候"))
    assert p90.split()[1:3] == ["14.0", "19.2"]


def test_a_clerk_gets_their_own_figures(hall, capsys):
    _, url = hall
    code, out = run(capsys, "stats", *PERIOD_ARGS, "--json", "--user", "desk", "--database", url)
    assert code == 0
    data = json.loads(out)
    assert data["scope"] == "周敏（C0199）" and data["hall"]["tickets"] == 0


def test_bad_period_and_missing_period(hall, capsys):
    _, url = hall
    code, out = run(
        capsys,
        "stats",
        "--from",
        "2026-03-05",
        "--to",
        "2026-03-01",
        "--user",
        "boss",
        "--database",
        url,
    )
    assert code == 2 and "结束日期 2026-03-01 早于开始日期 2026-03-05" in out
    code, out = run(capsys, "stats", "--user", "boss", "--database", url)
    assert code == 2 and "请用 --from 和 --to" in out


def test_board_from_the_terminal(hall, capsys):
    _, url = hall
    code, out = run(capsys, "stats", "--board", "--user", "boss", "--database", url)
    assert code == 0
    assert "窗口：开放 1，暂停 1，办理中 0" in out


def test_exports(hall, capsys, tmp_path):
    _, url = hall
    xlsx, report_pdf = tmp_path / "三月.xlsx", tmp_path / "三月.pdf"
    code, _ = run(
        capsys,
        "stats",
        *PERIOD_ARGS,
        "--by",
        "window",
        "--user",
        "boss",
        "--database",
        url,
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(report_pdf),
    )
    assert code == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["概况", "每日", "等候热力", "办件结果", "评价", "否定备案"]
    sheet = book["概况"]
    header = [c.value for c in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert list(rows) == ["1 号窗口", "2 号窗口", "（未分配）", "全大厅"]
    assert rows["全大厅"]["取号数"] == 6 and rows["全大厅"]["90%等候（分钟）"] == pytest.approx(
        18.0
    )
    assert rows["2 号窗口"]["限时内叫号率"] == pytest.approx(0.5)
    assert list(book["办件结果"].iter_rows(min_row=2, values_only=True)) == [
        ("受理", 2),
        ("容缺受理", 2),
        ("一次性告知", 2),
        ("不予受理", 1),
        ("即办", 1),
    ]
    text = pdf.flat(report_pdf)
    for words in (
        "政务服务大厅统计报告",
        "2026年3月2日至2026年3月3日",
        "90%等候（分钟）18.0",
        "限时内叫号率80.0%",
        "最多跑一次率66.7%",
        "分窗口统计",
        "2号窗口",
    ):
        assert words.replace(" ", "") in text, words
    assert all(f["emb"] == "yes" for f in pdf.fonts(report_pdf))
    assert (
        pdf.page_count(report_pdf) >= 2
        and min(pdf.ink(p) for p in pdf.pages(report_pdf, 50)) > 0.005
    )


def test_an_unwritable_export_leaves_nothing(hall, tmp_path):
    fixed, _ = hall
    report = stats.period_report(fixed.db, fixed.manager, PERIOD, today=TODAY)
    target = tmp_path / "missing-folder" / "report.xlsx"
    with pytest.raises(Exception) as raised:
        stats.save_xlsx(report, target)
    assert "无法写入文件" in str(raised.value.message)  # type: ignore[attr-defined]
    assert not list(tmp_path.rglob("*.part"))
