"""The wheel carries everything clerk needs: installed on its own, it runs without the source tree.

The wheel is built from this checkout and installed into a folder of its own. Python
then runs with ``-S`` (no site folders, so the editable install's path hook into
``src/`` is never read) from a folder outside the checkout, with only that folder and
the virtualenv's third-party packages on its path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from clerk import __version__

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # No build isolation: hatchling comes from the dev dependencies, no network needed.
    build = [*pip, "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(work)]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    (wheel,) = work.glob("clerk-*.whl")
    target = work / "site"
    install = [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    return target


def clerk_python(installed: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "CLERK_", "XDG_"))
    }
    home = tmp_path / "home"
    env.update(
        PYTHONPATH=os.pathsep.join([str(installed), sysconfig.get_paths()["purelib"]]),
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        CLERK_CONFIG_DIR=str(home / "config"),
        CLERK_MACHINE_CONFIG_DIR=str(home / "machine"),
    )
    done = subprocess.run(
        [sys.executable, "-S", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_installed_package_is_the_one_that_runs(installed: Path, tmp_path: Path):
    shown = clerk_python(
        installed,
        tmp_path,
        "-c",
        "import clerk, clerk.paths; print(clerk.__file__); print(clerk.paths.resource_dir())",
    )
    module, resources = shown.stdout.splitlines()
    assert Path(module).is_relative_to(installed)
    assert Path(resources) == installed / "clerk" / "resources"
    assert not any(str(ROOT) in p for p in shown.stdout.splitlines())


def test_every_module_imports_and_the_self_test_passes(installed: Path, tmp_path: Path):
    clerk_python(
        installed,
        tmp_path,
        "-c",
        "import importlib, pkgutil, clerk\n"
        "for m in pkgutil.walk_packages(clerk.__path__, 'clerk.'):\n"
        # __main__ opens the console; alembic runs the migrations' env.py itself.
        "    if m.name not in ('clerk.__main__', 'clerk.storage.migrations.env'):\n"
        "        importlib.import_module(m.name)",
    )
    assert clerk_python(installed, tmp_path, "-m", "clerk", "--version").stdout == (
        f"clerk {__version__}\n"
    )
    done = clerk_python(installed, tmp_path, "-m", "clerk", "--self-test")
    assert done.stdout.rstrip().endswith("自检通过 / self-test passed")


def test_the_demo_catalogue_ships_in_the_wheel(installed: Path, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    clerk_python(installed, tmp_path, "-m", "clerk", "db", "upgrade", "--database", url)
    clerk_python(
        installed,
        tmp_path,
        "-c",
        "from sqlalchemy.engine import make_url\n"
        "from clerk.services.catalogue import seed_demo_catalogue\n"
        "from clerk.storage.db import open_database\n"
        f"seed_demo_catalogue(open_database(make_url({url!r})))",
    )
    found = clerk_python(
        installed, tmp_path, "-m", "clerk", "catalogue", "search", "kbsd", "--database", url
    )
    assert "开办书店" in found.stdout.splitlines()[0]
