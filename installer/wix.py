"""The MSI: list the frozen folder as WiX components, and build with wixl where WiX is absent.

``appfiles.wxs`` (``fragment``) carries one component per file of the frozen folder. Ids
and GUIDs derive from the file's path inside the folder, so every build gives the same
ones and an upgrade replaces a file's component in place. The program itself is
``ClerkExe`` (the Start-menu shortcut points at it).

On Windows the release workflow builds with WiX v3 (candle, light). Here ``build_with_wixl``
builds the same two sources with msitools' wixl. wixl knows no ``IniFile``, component
``Condition``, ``Permanent`` or ``Secure``: it is given the sources without them, and
the rows WiX would have written for them (IniFile table, component conditions and the
permanent bit, SecureCustomProperties) are then written into the MSI with msibuild, so
the MSI checked here has the structure the WiX build has.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

HERE = Path(__file__).parent
MAIN_WXS = HERE / "windows" / "clerk.wxs"
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
# Fixed for ever: component GUIDs are uuid5(GUID_NAMESPACE, path inside the install folder).
GUID_NAMESPACE = uuid.UUID("5b0f3a8e-2d4c-4f6b-9a17-c3e2d1f0a9b4")
PROGRAMS = ("clerk.exe", "clerk")  # Windows build, Linux build (wixl checks here)
# msidbComponentAttributesPermanent
PERMANENT = 16

ET.register_namespace("", WIX_NS)


def _q(tag: str) -> str:
    return f"{{{WIX_NS}}}{tag}"


def _id(prefix: str, relpath: str) -> str:
    """A valid, stable MSI identifier for a path (letters, digits, at most 72 characters)."""
    return prefix + hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:24]


def component_guid(relpath: str) -> str:
    """The component GUID of a file, from its path inside the install folder (Windows spelling)."""
    key = str(PureWindowsPath(relpath)).lower()
    return str(uuid.uuid5(GUID_NAMESPACE, key)).upper()


def fragment(frozen: Path, source_var: str = "SourceDir") -> str:
    """The ``AppFiles`` component group and directory tree of every file under ``frozen``."""
    files = sorted(p for p in frozen.rglob("*") if p.is_file())
    if not any(p.relative_to(frozen).as_posix() in PROGRAMS for p in files):
        raise ValueError(f"{frozen} holds no clerk program ({' or '.join(PROGRAMS)})")
    root = ET.Element(_q("Wix"))
    frag = ET.SubElement(root, _q("Fragment"))
    dirs: dict[str, ET.Element] = {"": ET.SubElement(frag, _q("DirectoryRef"), Id="INSTALLDIR")}
    group = ET.SubElement(frag, _q("ComponentGroup"), Id="AppFiles")
    for path in files:
        rel = path.relative_to(frozen).as_posix()
        parent = ""
        for part in Path(rel).parent.parts:
            key = f"{parent}/{part}" if parent else part
            if key not in dirs:
                dirs[key] = ET.SubElement(
                    dirs[parent], _q("Directory"), Id=_id("d", key), Name=part
                )
            parent = key
        cid = _id("c", rel)
        component = ET.SubElement(
            dirs[parent], _q("Component"), Id=cid, Guid=component_guid(rel), Win64="yes"
        )
        # Forward slashes: WiX on Windows accepts them, wixl needs them.
        source = f"$(var.{source_var})/{rel}"
        file_id = "ClerkExe" if rel in PROGRAMS else _id("f", rel)
        ET.SubElement(component, _q("File"), Id=file_id, Source=source, KeyPath="yes")
        ET.SubElement(group, _q("ComponentRef"), Id=cid)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


@dataclass(frozen=True)
class IniRow:
    id: str
    component: str
    directory: str
    file: str
    section: str
    key: str
    value: str
    action: int  # msidbIniFileActionAddLine = 0


def _for_wixl(
    main: ET.Element,
) -> tuple[ET.Element, list[IniRow], dict[str, str], set[str], list[str]]:
    """The main source without what wixl cannot read, and the rows that stood for it."""
    ini_rows: list[IniRow] = []
    conditions: dict[str, str] = {}
    permanent: set[str] = set()
    secure: list[str] = []
    actions = {"addLine": 0, "createLine": 1, "addTag": 3}
    # Package attributes wixl does not know: elevated is the default, x64 comes from -a x64.
    for package in main.iter(_q("Package")):
        for name in ("InstallPrivileges", "Platform"):
            package.attrib.pop(name, None)
    for prop in main.iter(_q("Property")):
        if prop.attrib.pop("Secure", "no") == "yes":
            secure.append(prop.attrib["Id"])
    for component in main.iter(_q("Component")):
        cid = component.attrib["Id"]
        if component.attrib.pop("Permanent", "no") == "yes":
            permanent.add(cid)
        for condition in component.findall(_q("Condition")):
            conditions[cid] = (condition.text or "").strip()
            component.remove(condition)
        for ini in component.findall(_q("IniFile")):
            a = ini.attrib
            ini_rows.append(
                IniRow(
                    a["Id"], cid, a["Directory"], a["Name"], a["Section"], a["Key"], a["Value"],
                    actions[a["Action"]],
                )
            )  # fmt: skip
            component.remove(ini)
    return main, ini_rows, conditions, permanent, secure


def _sql(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ini_idt(rows: list[IniRow]) -> str:
    """The IniFile table in msibuild's import format (tab-separated, three header lines)."""
    lines = [
        "IniFile\tFileName\tDirProperty\tSection\tKey\tValue\tAction\tComponent_",
        "s72\tl255\tS72\tl96\tl128\tl255\ti2\ts72",
        "IniFile\tIniFile",
    ]
    lines += [
        "\t".join(
            [r.id, r.file, r.directory, r.section, r.key, r.value, str(r.action), r.component]
        )
        for r in rows
    ]
    return "\r\n".join(lines) + "\r\n"


def build_with_wixl(frozen: Path, out: Path, version: str, icon: Path) -> Path:
    """An MSI of ``frozen`` from installer/windows/clerk.wxs, built with wixl and msibuild."""
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ValueError(f"an MSI version is three numbers: {version!r}")
    main, ini_rows, conditions, permanent, secure = _for_wixl(ET.parse(MAIN_WXS).getroot())
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="clerk-wix-") as tmp:
        # wixl takes source files by paths relative to where it runs.
        work = Path(tmp)
        (work / "app").symlink_to(frozen.resolve(), target_is_directory=True)
        shutil.copyfile(icon, work / "clerk.ico")
        (work / "clerk.wxs").write_text(ET.tostring(main, encoding="unicode"), encoding="utf-8")
        (work / "appfiles.wxs").write_text(fragment(frozen), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        _run(
            [
                "wixl", "-a", "x64", "-o", str(out),
                "-D", f"Version={version}", "-D", "SourceDir=app", "-D", "IconFile=clerk.ico",
                "clerk.wxs", "appfiles.wxs",
            ],
            cwd=work,
        )  # fmt: skip
        (work / "IniFile.idt").write_text(_ini_idt(ini_rows), encoding="utf-8")
        queries = [
            f"UPDATE `Component` SET `Condition` = {_sql(cond)} WHERE `Component` = {_sql(cid)}"
            for cid, cond in conditions.items()
        ]
        # MSI SQL has no arithmetic: read each permanent component's bits, write them back.
        attributes = {row["Component"]: int(row["Attributes"]) for row in table(out, "Component")}
        queries += [
            f"UPDATE `Component` SET `Attributes` = {attributes[cid] | PERMANENT} "
            f"WHERE `Component` = {_sql(cid)}"
            for cid in sorted(permanent)
        ]
        secure_value = ";".join([*_property(out, "SecureCustomProperties").split(";"), *secure])
        queries.append(
            f"UPDATE `Property` SET `Value` = {_sql(secure_value.strip(';'))} "
            "WHERE `Property` = 'SecureCustomProperties'"
        )
        command = ["msibuild", str(out), "-i", str(work / "IniFile.idt")]
        for query in queries:
            command += ["-q", query]
        _run(command)
    return out


def _run(command: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """A table of ``msi`` as rows of column -> value (msiinfo export)."""
    text = _run(["msiinfo", "export", str(msi), name])
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def _property(msi: Path, name: str) -> str:
    rows = [r["Value"] for r in table(msi, "Property") if r["Property"] == name]
    return rows[0] if rows else ""


def main(argv: list[str] | None = None) -> int:
    """``python -m installer.wix FROZEN OUTDIR``: appfiles.wxs and clerk.ico for candle/light."""
    import argparse

    from installer.icons import render_ico

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("frozen", type=Path, help="the one-folder build (dist/clerk)")
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    (args.outdir / "appfiles.wxs").write_text(fragment(args.frozen), encoding="utf-8")
    render_ico(args.outdir / "clerk.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
