"""`clerk check`: present and missing materials, JSON, exit codes 0, 1 and 2; `clerk reference add`."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from clerk.cli import main
from clerk.services.accounts import Role, create_account
from clerk.services.scanning import register_reference_image
from clerk.storage.db import Database
from tests.support.actors import add_actor
from tests.support.desk import Hall, flat_page, make_hall, reference_images


@pytest.fixture
def hall(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Hall:
    """A hall with the desk catalogue, no reference image yet; the CLI pointed at it."""
    hall = make_hall(sqlite_db, tmp_path)
    monkeypatch.setenv("CLERK_DATABASE_URL", str(sqlite_db.url))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "clerk.ini").write_text(
        f"[scanning]\npage_store = {hall.store.folder}\n", encoding="utf-8"
    )
    monkeypatch.setenv("CLERK_CONFIG_DIR", str(tmp_path / "config"))
    return hall


@pytest.fixture
def images(sqlite_db: Database, hall: Hall, tmp_path: Path) -> Path:
    for code, image in reference_images().items():
        register_reference_image(sqlite_db, hall.manager, hall.store, code, image)
    folder = tmp_path / "scans"
    folder.mkdir()
    for material in ("YYZZ", "SFZ", "ZLHT"):
        cv2.imwrite(str(folder / f"{material.lower()}.jpg"), flat_page(material)[0])
    return folder


def test_a_complete_set_for_the_licence_change(
    images: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in sorted(images.iterdir())]
    assert main(["check", "--matter", "YY-001", *files]) == 0
    out = capsys.readouterr().out
    assert "材料齐全" in out
    assert "✓ 营业执照副本（YYZZ，必要）：已有 yyzz.jpg" in out
    assert "码：QRCode:http://www.gsxt.gov.cn/" in out


def test_missing_materials_as_json(images: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted(images.iterdir())]
    assert main(["check", "--matter", "SP-001", "--json", *files]) == 1
    report = json.loads(capsys.readouterr().out)
    present = {m["code"]: m["present"] for m in report["materials"]}
    assert present == {
        "YYZZ": True,
        "SFZ": True,
        "SQS": False,
        "JKZ": False,
        "ZLHT": True,
        "CNS": False,
    }
    assert report["complete"] is False


def test_errors_exit_2(images: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert main(["check", "--matter", "SP-001", str(empty)]) == 2
    assert "空文件" in capsys.readouterr().err
    assert main(["check", "--matter", "NO-SUCH", str(images / "sfz.jpg")]) == 2
    assert "NO-SUCH" in capsys.readouterr().err


def test_a_bundle_and_a_following_unrecognised_page(
    images: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 开办餐饮店 = SP-001 + YY-001: the application form (SQS) is missing at first.
    files = [str(p) for p in sorted(images.iterdir())]
    assert main(["check", "--bundle", "KD-001", *files]) == 1
    out = capsys.readouterr().out
    assert out.startswith("开办餐饮店：缺少必要材料")
    assert "✗ 食品经营许可申请书（SQS，必要）：缺" in out

    cv2.imwrite(str(images / "sqs.jpg"), flat_page("SQS")[0])
    # A page nothing recognises, right after the form: its second page.
    cv2.imwrite(str(images / "sqs2.jpg"), flat_page("OTHER")[0])
    files = [str(p) for p in sorted(images.iterdir())]
    assert main(["check", "--bundle", "KD-001", "--json", *files]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["complete"] is True
    pages = {m["code"]: m["pages"] for m in report["materials"]}
    assert pages["SQS"] == ["sqs.jpg", "sqs2.jpg"] and pages["YYZZ"] == ["yyzz.jpg"]
    assert report["unidentified"] == []


def test_a_manager_registers_a_blank_form_that_then_identifies_the_form(
    hall: Hall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = add_actor(hall.db, "admin2", Role.ADMIN, name="周敏", window="")
    create_account(hall.db, admin, "mgr", "孙丽", "M0009", Role.MANAGER, "Qz7-manager-2026")
    create_account(hall.db, admin, "clk", "吴刚", "C0009", Role.CLERK, "Qz7-clerk-2026")
    form = tmp_path / "sqs.jpg"
    cv2.imwrite(str(form), flat_page("SQS")[0])
    blank = tmp_path / "blank-form.png"
    cv2.imwrite(str(blank), reference_images()["SQS"])

    def sqs_present() -> bool:
        assert main(["check", "--matter", "SP-001", "--json", str(form)]) == 1
        report = json.loads(capsys.readouterr().out)
        return {m["code"]: m["present"] for m in report["materials"]}["SQS"]

    assert not sqs_present()  # no reference image: the form is not recognised

    monkeypatch.setenv("CLERK_PASSWORD", "Qz7-clerk-2026")
    assert main(["reference", "add", "SQS", str(blank), "--user", "clk"]) == 2
    assert "仅限大厅负责人" in capsys.readouterr().err
    monkeypatch.setenv("CLERK_PASSWORD", "Qz7-manager-2026")
    assert main(["reference", "add", "NOPE", str(blank), "--user", "mgr"]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert main(["reference", "add", "SQS", str(blank), "--user", "mgr"]) == 0
    assert "已登记参考图像" in capsys.readouterr().out

    assert sqs_present()
