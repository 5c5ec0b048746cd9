"""Build every package of clerk this machine can build, and check each one.

    .venv/bin/python -m installer.build [--out out/installers] [--frozen DIR] [--runtime FILE]
                                        [--wheels DIR]

1. the one-folder program (PyInstaller, installer/clerk.spec), then ``clerk --self-test`` in it;
2. the AppDir (desktop file and AppStream metadata validated) and its squashfs image,
   unpacked again and ``clerk --self-test`` run through its AppRun;
3. the AppImage, when ``--runtime`` gives the pinned AppImage runtime file;
4. the MSI from installer/windows/clerk.wxs (wixl here), read back with msiinfo: upgrade
   code, public properties, machine settings rows, shortcut, one component per file with
   its stable GUID, every file of the frozen folder inside;
5. a report: sizes (and what dominates the frozen folder) and timings.

``--wheels DIR`` freezes with the wheels in DIR (the lean OpenCV and NumPy that
``installer.wheels`` builds) in place of the installed distributions of the same names:
they go into a virtualenv laid over the project's (``out/…/lean-venv``), which leaves
the project's own untouched.

Exits 1 and says what is wrong when a check fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from clerk import __version__
from installer import appimage, wix
from installer.icons import render_ico

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "clerk.spec"
PUBLIC_PROPERTIES = ("HALL_DB_URL", "WINDOW_NO", "HALL_NAME", "LOCK_SETTINGS")
# Machine-settings rows the MSI writes: property -> (section, key) of clerk.ini.
INI_ROWS = {
    "HALL_DB_URL": ("database", "url"),
    "WINDOW_NO": ("workstation", "window_no"),
    "HALL_NAME": ("workstation", "hall_name"),
    "LOCK_SETTINGS": ("locked", "keys"),
}
UPGRADE_CODE = "{8C0E5D1A-3B7F-4E2A-9D61-5A4C2F7B9E13}"


class CheckFailed(Exception):
    """A package is not what it should be."""


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)


def overlay_python(wheels: list[Path], folder: Path) -> Path:
    """The Python of a virtualenv laid over this one, with ``wheels`` installed in it.

    Its own site-packages comes first on sys.path, then this one's (with its .pth files:
    the editable clerk), so a distribution installed from ``wheels`` hides the one of the
    same name here, and everything else is shared without a copy. Installed with
    ``pip --target``, which never uninstalls anything from this virtualenv.
    """
    if folder.exists():
        shutil.rmtree(folder)
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(folder)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    base = sysconfig.get_paths()["purelib"]
    # As the user site too: PyInstaller keeps a library's folder (PySide6/Qt/lib/…) only
    # for libraries found under a site-packages it knows of, the user site among them.
    Path(site, "_clerk_base.pth").write_text(
        f"import site; site.addsitedir({base!r}); site.USER_SITE = {base!r}\n"
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site]
        + [str(wheel) for wheel in wheels],
        check=True,
    )
    return python


def freeze(out: Path, python: str = sys.executable) -> Path:
    """The one-folder program in ``out/dist/clerk``, frozen by ``python``'s PyInstaller."""
    subprocess.run(
        [
            python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out / "dist"), "--workpath", str(out / "pyinstaller"), str(SPEC),
        ],
        check=True,
    )  # fmt: skip
    return out / "dist" / "clerk"


def self_test(program: Path, home: Path) -> float:
    """Run ``program --self-test`` in a throwaway home; its wall time in seconds."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "CLERK_CONFIG_DIR": str(home / "clerk-config"),
        "CLERK_MACHINE_CONFIG_DIR": str(home / "clerk-machine"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    env.pop("QT_QPA_PLATFORM", None)  # the self-test picks offscreen itself
    started = time.perf_counter()
    done = subprocess.run(
        [str(program), "--self-test"], env=env, capture_output=True, text=True, timeout=300
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0 or "self-test passed" not in done.stdout:
        raise CheckFailed(f"{program} --self-test failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def biggest_parts(frozen: Path, count: int = 8) -> list[tuple[str, int]]:
    """The frozen folder's largest top-level parts (packages and their bundled libraries)."""
    sizes: Counter[str] = Counter()
    internal = frozen / "_internal"
    for path in internal.rglob("*"):
        if path.is_file() and not path.is_symlink():
            top = path.relative_to(internal).parts[0]
            if len(path.relative_to(internal).parts) == 1:
                top = "(top-level libraries)"
            sizes[top] += path.stat().st_size
    return sizes.most_common(count)


def check_appdir(appdir: Path) -> None:
    desktop = appdir / f"{appimage.APP_ID}.desktop"
    metainfo = appdir / "usr" / "share" / "metainfo" / f"{appimage.APP_ID}.metainfo.xml"
    for command in (
        ["desktop-file-validate", str(desktop)],
        ["appstreamcli", "validate", "--no-net", "--explain", str(metainfo)],
    ):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise CheckFailed(f"{' '.join(command)}:\n{done.stdout}{done.stderr}")
    for needed in ("AppRun", ".DirIcon", "clerk.png", "usr/lib/clerk/clerk"):
        if not (appdir / needed).exists():
            raise CheckFailed(f"the AppDir has no {needed}")
    if not os.access(appdir / "AppRun", os.X_OK):
        raise CheckFailed("AppRun is not executable")


def check_msi(msi: Path, frozen: Path) -> int:
    """msiinfo reads back what IT relies on; returns the number of file components."""
    props = {row["Property"]: row["Value"] for row in wix.table(msi, "Property")}
    if props.get("UpgradeCode", "").upper() != UPGRADE_CODE:
        raise CheckFailed(f"UpgradeCode is {props.get('UpgradeCode')}, expected {UPGRADE_CODE}")
    if props.get("ALLUSERS") != "1":
        raise CheckFailed("the MSI does not install per machine (ALLUSERS is not 1)")
    if props.get("ProductVersion") != __version__:
        raise CheckFailed(f"ProductVersion {props.get('ProductVersion')} is not {__version__}")
    secure = set(props.get("SecureCustomProperties", "").split(";"))
    if missing := set(PUBLIC_PROPERTIES) - secure:
        raise CheckFailed(f"public properties not secure (lost at a silent install): {missing}")
    components = {row["Component"]: row for row in wix.table(msi, "Component")}
    seen = set()
    for row in wix.table(msi, "IniFile"):
        prop = row["Value"].strip("[]")
        component = components[row["Component_"]]
        if INI_ROWS.get(prop) != (row["Section"], row["Key"]) or row["FileName"] != "clerk.ini":
            raise CheckFailed(f"IniFile row {row} does not write {prop} where clerk reads it")
        if component["Condition"] != prop or not int(component["Attributes"]) & wix.PERMANENT:
            raise CheckFailed(f"{row['Component_']} is not permanent and conditional on {prop}")
        seen.add(prop)
    if missing := set(INI_ROWS) - seen:
        raise CheckFailed(f"no machine-settings row for {missing}")
    directories = {row["Directory"]: row for row in wix.table(msi, "Directory")}
    if directories["MACHINECONFIGDIR"]["Directory_Parent"] != "CommonAppDataFolder":
        raise CheckFailed("clerk.ini is not written under %ProgramData%")
    shortcuts = wix.table(msi, "Shortcut")
    if [(s["Directory_"], s["Target"]) for s in shortcuts] != [
        ("ProgramMenuFolder", "[#ClerkExe]")
    ]:
        raise CheckFailed(f"expected one Start-menu shortcut to the program, found {shortcuts}")
    files = sorted(p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file())
    guids = {row["ComponentId"].strip("{}") for row in components.values()}
    if lost := [f for f in files if wix.component_guid(f) not in guids]:
        raise CheckFailed(f"{len(lost)} files have no component with their stable GUID: {lost[:5]}")
    listed = subprocess.run(["msiextract", "-l", str(msi)], capture_output=True, text=True)
    # Listed under the install folder's name: clerk/_internal/...
    inside = {line.removeprefix("clerk/") for line in listed.stdout.splitlines()}
    if lost := [f for f in files if f not in inside]:
        raise CheckFailed(f"{len(lost)} files of the frozen folder are not in the MSI: {lost[:5]}")
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "installers")
    parser.add_argument("--frozen", type=Path, help="use this one-folder build instead of freezing")
    parser.add_argument("--runtime", type=Path, help="AppImage runtime file (pinned SHA-256)")
    parser.add_argument(
        "--wheels", type=Path, help="freeze with these wheels (installer.wheels) in place"
    )
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    report = Report()
    try:
        started = time.perf_counter()
        python = sys.executable
        if args.wheels and not args.frozen:
            wheels = sorted(args.wheels.glob("*.whl"))
            if not wheels:
                raise CheckFailed(f"no wheel in {args.wheels}: run python -m installer.wheels")
            python = str(overlay_python(wheels, out / "lean-venv"))
            report.say(f"frozen with {', '.join(wheel.name for wheel in wheels)}")
        frozen = args.frozen.resolve() if args.frozen else freeze(out, python)
        if not args.frozen:
            report.say(f"frozen in {time.perf_counter() - started:.0f} s: {frozen}")
        report.say(f"one-folder build: {tree_size(frozen) / 1e6:.0f} MB unpacked; largest parts:")
        for name, size in biggest_parts(frozen):
            report.say(f"  {size / 1e6:6.1f} MB  {name}")
        seconds = self_test(frozen / "clerk", out / "home")
        report.say(f"frozen clerk --self-test passed in {seconds:.2f} s")

        appdir = appimage.build_appdir(frozen, out / "AppDir", __version__)
        check_appdir(appdir)
        image = appimage.build_squashfs(appdir, out / f"clerk-{__version__}-x86_64.squashfs")
        report.say(f"squashfs image: {image.stat().st_size / 1e6:.0f} MB: {image}")
        unpacked = appimage.extract_squashfs(image, out / "squashfs-root")
        seconds = self_test(unpacked / "AppRun", out / "home")
        report.say(f"clerk --self-test from the unpacked image's AppRun passed in {seconds:.2f} s")
        if args.runtime:
            built = appimage.assemble(
                args.runtime, image, out / f"clerk-{__version__}-x86_64.AppImage"
            )
            report.say(f"AppImage: {built}")

        started = time.perf_counter()
        icon = render_ico(out / "clerk.ico")
        msi = wix.build_with_wixl(frozen, out / f"clerk-{__version__}-wixl.msi", __version__, icon)
        components = check_msi(msi, frozen)
        report.say(
            f"MSI (wixl, {time.perf_counter() - started:.0f} s): {msi.stat().st_size / 1e6:.0f} MB,"
            f" {components} file components, upgrade code, properties, clerk.ini rows checked"
        )
    except (CheckFailed, subprocess.CalledProcessError, RuntimeError, ValueError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    (out / "report.txt").write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
