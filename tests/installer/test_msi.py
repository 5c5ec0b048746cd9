"""The WiX source and the component list: what IT and upgrades rely on, built with wixl."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clerk.settings import KEYS
from installer import build, wix
from installer.icons import render_ico

NS = {"w": wix.WIX_NS}


def frozen_tree(root: Path, extra: tuple[str, ...] = ()) -> Path:
    """A small stand-in for the one-folder build: the program, a library, nested data."""
    for rel in (
        "clerk",
        "_internal/libpython3.11.so.1.0",
        "_internal/clerk/resources/a b.txt",
        *extra,
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rel.encode() * 10)
    return root


def main_source() -> ET.Element:
    return ET.parse(wix.MAIN_WXS).getroot()


def test_the_product_upgrades_in_place_and_installs_per_machine() -> None:
    product = main_source().find("w:Product", NS)
    assert product is not None
    assert "{" + product.get("UpgradeCode", "") + "}" == build.UPGRADE_CODE
    assert product.get("Id") == "*"  # a new product code each build: a major upgrade
    assert product.find("w:MajorUpgrade", NS) is not None
    package = product.find("w:Package", NS)
    assert package is not None and package.get("InstallScope") == "perMachine"


def test_every_public_property_lands_in_a_settings_key_clerk_reads() -> None:
    source = main_source()
    secure = {
        p.get("Id") for p in source.iter(f"{{{wix.WIX_NS}}}Property") if p.get("Secure") == "yes"
    }
    assert secure == set(build.PUBLIC_PROPERTIES)
    written = {}
    for component in source.iter(f"{{{wix.WIX_NS}}}Component"):
        for ini in component.findall("w:IniFile", NS):
            prop = ini.get("Value", "").strip("[]")
            written[prop] = (ini.get("Section"), ini.get("Key"))
            assert ini.get("Name") == "clerk.ini" and ini.get("Directory") == "MACHINECONFIGDIR"
            assert component.get("Permanent") == "yes"  # uninstall and upgrades keep it
            assert component.findtext("w:Condition", namespaces=NS) == prop
    assert written == build.INI_ROWS
    for prop, (section, key) in written.items():
        if prop != "LOCK_SETTINGS":  # [locked] keys is the locking list itself
            assert f"{section}.{key}" in KEYS


def test_uninstall_removes_no_data() -> None:
    text = wix.MAIN_WXS.read_text(encoding="utf-8")
    for element in ("RemoveFile", "RemoveFolder", "RemoveFolderEx", "RemoveRegistryKey"):
        assert f"<{element}" not in text


def test_component_guids_follow_the_path_only(tmp_path: Path) -> None:
    first = ET.fromstring(wix.fragment(frozen_tree(tmp_path / "a")))
    second = ET.fromstring(wix.fragment(frozen_tree(tmp_path / "b", extra=("_internal/new.so",))))

    def guids(root: ET.Element) -> dict[str, str]:
        return {
            c.find("w:File", NS).get("Source", ""): c.get("Guid", "")  # type: ignore[union-attr]
            for c in root.iter(f"{{{wix.WIX_NS}}}Component")
        }

    before, after = guids(first), guids(second)
    assert len(before) == 3 and len(after) == 4
    for source, guid in before.items():
        assert after[source] == guid  # a new file changes no other component
    assert before["$(var.SourceDir)/clerk"] == wix.component_guid("clerk")
    program = [f for f in first.iter(f"{{{wix.WIX_NS}}}File") if f.get("Id") == "ClerkExe"]
    assert [f.get("Source") for f in program] == ["$(var.SourceDir)/clerk"]


def test_a_folder_without_the_program_is_refused(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("no program here")
    with pytest.raises(ValueError, match="holds no clerk program"):
        wix.fragment(tmp_path)


def test_the_msi_built_with_wixl_carries_files_properties_and_settings_rows(tmp_path: Path) -> None:
    frozen = frozen_tree(tmp_path / "frozen")
    icon = render_ico(tmp_path / "clerk.ico")
    msi = wix.build_with_wixl(frozen, tmp_path / "clerk.msi", build.__version__, icon)

    assert build.check_msi(msi, frozen) == 3
    rows = {r["Property"]: r["Value"] for r in wix.table(msi, "Property")}
    assert rows["ALLUSERS"] == "1"
    ini = {r["Key"]: r["Value"] for r in wix.table(msi, "IniFile")}
    assert ini["window_no"] == "[WINDOW_NO]" and ini["url"] == "[HALL_DB_URL]"

    # A file that is not in the MSI (the build changed after it) is caught.
    (frozen / "_internal" / "late.so").write_bytes(b"late")
    with pytest.raises(build.CheckFailed, match="no component"):
        build.check_msi(msi, frozen)
