"""`clerk catalogue …` run through the real entry point, on both databases."""

from __future__ import annotations

import pytest

from clerk.cli import main
from clerk.services import catalogue
from tests.catalogue.conftest import PASSWORD, make_admin, small, write_json


@pytest.fixture
def run(db, monkeypatch, capsys):
    """Run ``clerk catalogue …`` against the test database; exit code, stdout, stderr."""
    make_admin(db)
    monkeypatch.setenv("CLERK_PASSWORD", PASSWORD)
    url = db.url.render_as_string(hide_password=False)

    def clerk(*args: str) -> tuple[int, str, str]:
        code = main(["catalogue", *args, "--database", url])
        out = capsys.readouterr()
        return code, out.out, out.err

    return clerk


def test_import_twice_then_list_versions(run):
    demo = str(catalogue.demo_catalogue_path())
    code, out, _ = run("import", demo, "--user", "admin")
    assert code == 0 and out.startswith("已导入为第 1 版目录：50 个事项、")
    code, out, _ = run("import", demo, "--user", "admin")
    assert code == 0 and out.startswith("内容与第 1 版相同，未作改动")
    code, out, _ = run("versions")
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith("第 1 版\t") and "\t赵志强\tdemo.json\t50 个事项、7 个一件事" in line


def test_search_prints_kind_code_name_and_department(run):
    run("import", str(catalogue.demo_catalogue_path()), "--user", "admin")
    code, out, _ = run("search", "kbsd")
    assert code == 0
    first = out.splitlines()[0].split("\t")
    assert first[:3] == ["一件事", "YJS-001", "开办书店"]
    assert "市市场监督管理局" in first[3]
    code, out, _ = run("search", "居民身份证", "--limit", "3")
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("事项\t")
    assert any(ln.startswith("材料\tM-ID-CARD\t居民身份证\t") and "（事项 " in ln for ln in lines)
    code, out, _ = run("search", "没有这种事项")
    assert (code, out) == (1, "没有找到“没有这种事项”\n")


def test_export_and_show(run, tmp_path):
    run("import", str(catalogue.demo_catalogue_path()), "--user", "admin")
    target = tmp_path / "hall.xlsx"
    code, out, _ = run("export", str(target))
    assert code == 0 and out == f"已导出第 1 版目录到 {target}\n" and target.stat().st_size > 0
    code, out, _ = run("import", str(target), "--user", "admin")
    assert out.startswith("内容与第 1 版相同")
    code, out, _ = run("show", "YJS-001")
    lines = out.splitlines()
    assert lines[0] == "开办书店：20 份材料，原需 40 份，承诺 5 个工作日"
    assert len(lines) == 21 and "居民身份证（原件和复印件 1 份）" in out


def test_errors_are_told_in_chinese_and_exit_2(run, tmp_path):
    code, _, err = run("search", "kbsd")
    assert code == 2 and err.startswith("错误：本厅还没有导入事项目录")
    bad = small()
    bad["bundles"][0]["matters"] = ["000117015000", "404"]
    path = write_json(tmp_path / "bad.json", bad)
    code, _, err = run("import", str(path), "--user", "admin")
    assert code == 2
    assert err == (
        "错误：目录文件有1处问题，未导入任何内容：\n一件事第1项“matters”：事项“404”不在事项表中\n"
    )
    code, _, err = run("import", str(path))
    assert (code, err) == (2, "错误：此命令需要登录：请用 --user 指定账户。\n")
    code, out, _ = run("versions")
    assert (code, out) == (1, "还没有导入目录。\n")
