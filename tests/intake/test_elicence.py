"""E-licences: IT imports the platform's export; a holder's licence makes a material exempt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clerk.cli import main
from clerk.domain.errors import ClerkError, PermissionDenied
from clerk.domain.intake import MaterialState
from clerk.services import accounts, intake
from clerk.services.accounts import Role
from tests.intake.conftest import USCC, Desk

HEADER = "licence_type,licence_number,holder_id_number,holder_name,issuer,valid_until\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "licences.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_an_imported_licence_exempts_the_material_it_replaces(desk: Desk, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"营业执照,91110105MA01C3K25H-01,{USCC.lower()},北京墨香书店有限公司,市市场监督管理局,2030-12-31\n"
        "营业执照,OLD-1,110105199003071239,陈静,,2020-01-01\n",
    )
    assert intake.import_elicences(desk.db, desk.admin, path) == 2
    provider = intake.TableELicenceProvider(desk.db)
    _, catalogue = intake.catalogue_for(desk.db)
    line = catalogue.checklist_for_matter("M-FOOD").lines[1]  # 营业执照
    entry = intake.exempt_entry(provider, USCC, line, date(2026, 6, 1))
    assert entry is not None and entry.state is MaterialState.EXEMPT
    assert entry.elicence_number == "91110105MA01C3K25H-01"
    # An expired licence does not exempt; a material without a licence type never is.
    assert intake.exempt_entry(provider, "110105199003071239", line, date(2026, 6, 1)) is None
    health = catalogue.checklist_for_matter("M-FOOD").lines[2]
    assert intake.exempt_entry(provider, USCC, health, date(2026, 6, 1)) is None


def test_a_bad_file_imports_nothing_and_says_which_line(desk: Desk, tmp_path: Path) -> None:
    path = write(tmp_path, "营业执照,A-1,X,甲,,2030-01-01\n营业执照,A-2,Y,乙,,31.12.2030\n")
    with pytest.raises(ClerkError, match="第3行有效期"):
        intake.import_elicences(desk.db, desk.admin, path)
    provider = intake.TableELicenceProvider(desk.db)
    assert provider.find("X", "营业执照", date(2026, 1, 1)) is None
    with pytest.raises(PermissionDenied):
        intake.import_elicences(desk.db, desk.clerk, path)


def test_it_imports_the_file_from_the_command_line(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.create_account(desk.db, desk.admin, "it", "信息科", "I01", Role.ADMIN, "it-password-1")
    path = write(tmp_path, f"营业执照,E-9,{USCC},北京墨香书店有限公司,,\n")
    monkeypatch.setenv("CLERK_PASSWORD", "it-password-1")
    url = desk.db.url.render_as_string(hide_password=False)
    assert main(["elicence", "import", str(path), "--database", url, "--user", "it"]) == 0
    assert "已导入 1 条" in capsys.readouterr().out
    found = intake.TableELicenceProvider(desk.db).find(USCC, "营业执照", date(2030, 1, 1))
    assert found is not None and found.licence_number == "E-9"
