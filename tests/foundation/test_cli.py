"""The `clerk` command: the console by default, --help, --version, --database everywhere."""

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import clerk.gui.app
from clerk import __version__
from clerk.cli import build_parser, main
from clerk.storage import migrations
from clerk.storage.db import embedded_url, make_engine

CLERK = Path(sys.executable).with_name("clerk")


def leaf_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every runnable subcommand as (its words, its parser)."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser
    for action in subparsers:
        for name, sub in action.choices.items():
            yield from leaf_commands(sub, (*path, name))


LEAVES = [words for words, _ in leaf_commands(build_parser()) if words]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def test_help_lists_every_subcommand_and_python_m_clerk_is_the_same_program():
    shown = run(str(CLERK), "--help")
    assert shown.returncode == 0, shown.stderr
    for words in LEAVES:
        assert f"\n    {words[0]} " in shown.stdout, words[0]
    assert "--database URL" in shown.stdout and "--version" in shown.stdout
    assert run(sys.executable, "-m", "clerk", "--help").stdout == shown.stdout


def test_version_is_the_package_version():
    for argv in ([str(CLERK)], [sys.executable, "-m", "clerk"]):
        shown = run(*argv, "--version")
        assert (shown.returncode, shown.stdout) == (0, f"clerk {__version__}\n")


def test_without_a_subcommand_clerk_opens_the_console(monkeypatch: pytest.MonkeyPatch):
    opened: list[argparse.Namespace] = []
    monkeypatch.setattr(clerk.gui.app, "run", lambda args: opened.append(args) or 0)
    assert main(["--demo"]) == 0
    assert main(["--database", "sqlite:///hall.sqlite3"]) == 0
    assert [(a.demo, a.database) for a in opened] == [
        (True, None),
        (False, "sqlite:///hall.sqlite3"),
    ]


@pytest.mark.parametrize("words", LEAVES, ids=" ".join)
def test_every_subcommand_takes_database(words: tuple[str, ...]):
    (parser,) = [p for w, p in leaf_commands(build_parser()) if w == words]
    action = parser._option_string_actions.get("--database")
    assert action is not None and action.metavar == "URL"


def test_database_before_the_subcommand_is_the_one_used(tmp_path: Path, capsys):
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    assert main(["--database", f"sqlite:///{before}", "db", "upgrade"]) == 0
    assert before.is_file()
    assert not Path(str(embedded_url().database)).exists()  # not the default file
    # Given twice, the one after the subcommand wins.
    argv = [
        "--database",
        f"sqlite:///{before}",
        "db",
        "upgrade",
        "--database",
        f"sqlite:///{after}",
    ]
    assert main(argv) == 0
    engine = make_engine(make_url(f"sqlite:///{after}"))
    try:
        assert migrations.state(engine) == migrations.CURRENT
    finally:
        engine.dispose()
    assert "已升级" in capsys.readouterr().out
