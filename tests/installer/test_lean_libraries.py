"""The trimmed ICU data library still serves what Qt asks in Chinese; the lean wheels' pins."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import PySide6

from installer import icu, wheels

ICU_DATA = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))

# Run with a libicudata preloaded: libicuuc then uses it (same SONAME) instead of PySide6's.
QT_ICU_USE = """
import functools
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
collator = QCollator(QLocale("zh_CN"))
print(" ".join(sorted(["赵六", "张三", "阿明", "李四", "陈七"], key=functools.cmp_to_key(collator.compare))))
zone = QTimeZone(b"Asia/Shanghai")
print(zone.displayName(QDateTime.currentDateTime(), QTimeZone.NameType.LongName, QLocale("zh_CN")))
print(QStringDecoder("GB18030").isValid(), QStringDecoder("GBK").isValid())
print([line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line][0])
"""


def qt_with(library: Path) -> list[str]:
    env = {**os.environ, "LD_PRELOAD": str(library)}
    done = subprocess.run(
        [sys.executable, "-c", QT_ICU_USE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_trimmed_icu_data_sorts_chinese_by_pinyin_and_names_time_zones_in_chinese(
    tmp_path: Path,
) -> None:
    trimmed = tmp_path / ICU_DATA.name
    kept = icu.trim(ICU_DATA, trimmed)

    assert trimmed.stat().st_size < ICU_DATA.stat().st_size / 4
    assert any(name.endswith("/coll/zh.res") for name in kept)
    assert not any(name.endswith(("/coll/de.res", "/brkitr/thaidict.dict")) for name in kept)
    assert qt_with(trimmed) == [
        "阿明 陈七 李四 张三 赵六",
        "中国标准时间",
        "True True",
        str(trimmed),
    ]


def test_without_chinese_collation_data_the_same_check_sorts_by_code_point(
    tmp_path: Path, monkeypatch
) -> None:
    # The check above can fail: with zh collation left out, ICU falls back to root order.
    keep = icu.wanted
    monkeypatch.setattr(icu, "wanted", lambda name: keep(name) and "/coll/zh" not in name)
    trimmed = tmp_path / ICU_DATA.name
    icu.trim(ICU_DATA, trimmed)

    assert qt_with(trimmed)[0] != "阿明 陈七 李四 张三 赵六"


def test_item_selection() -> None:
    assert icu.wanted("icudt73l/zh_Hans_CN.res")
    assert icu.wanted("icudt73l/supplementalData.res")
    assert icu.wanted("icudt73l/res_index.res")
    assert icu.wanted("icudt73l/curr/pool.res")
    assert icu.wanted("icudt73l/nfkc.nrm")
    assert icu.wanted("icudt73l/gb18030.cnv")
    assert not icu.wanted("icudt73l/fr.res")
    assert not icu.wanted("icudt73l/lang/sr_Latn_BA.res")
    assert not icu.wanted("icudt73l/ibm-37_P100-1995.cnv")
    assert not icu.wanted("icudt73l/brkitr/cjdict.dict")
    assert not icu.wanted("icudt73l/translit/Hani_Latn.res")


def test_lean_wheels_pin_the_releases_the_virtualenv_has() -> None:
    # A new OpenCV or NumPy in the virtualenv needs its source pinned in installer/wheels.py.
    for source in (wheels.OPENCV, wheels.NUMPY):
        assert importlib.metadata.version(source.name).split("+")[0] == source.version
        assert source.filename.endswith(f"-{source.version}.tar.gz")
        assert len(source.sha256) == 64


def test_a_written_wheel_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    wheel = wheels.write_wheel(
        tmp_path, "demo_pkg", "1.0+clerk.lean", "py3-none-any", {"demo/__init__.py": b"x = 1\n"}
    )
    with zipfile.ZipFile(wheel) as archive:
        info = "demo_pkg-1.0+clerk.lean.dist-info"
        record = archive.read(f"{info}/RECORD").decode()
        assert "Name: demo-pkg" in archive.read(f"{info}/METADATA").decode()
    assert "demo/__init__.py,sha256=" in record
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, "--target", str(target), str(wheel)], check=True)
    assert (target / "demo" / "__init__.py").read_bytes() == b"x = 1\n"
