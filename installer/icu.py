"""ICU's data library, trimmed to what a Chinese (and English) Qt program can ask of it.

    .venv/bin/python -m installer.icu LIBICUDATA OUT   (writes OUT, prints what it kept)

Qt 6's libQt6Core links ICU (libicuuc, libicui18n), and ICU links libicudata: one
32 MB symbol, ``icudt73_dat``, holding ICU's common data package (the "CmnD" format: a
table of contents of named items, each an ICU data file). Qt asks ICU for collation
(QCollator), locale-aware case mapping, time zones and legacy text codecs; ICU finds
each item by name in that table, and an item not there is an error Qt reports like any
other ICU error. Nearly all of the package is data for the 800 other locales (their
names of languages, currencies, units, zones), 190 legacy code pages, transliteration
rules and the word-break dictionaries of Thai, Khmer, Lao, Burmese and CJK (Qt breaks
text with its own tables, not ICU's).

``trim`` keeps every item that is not per locale (normalization, properties, supplemental
data, time zones, collation's base table), the per-locale items of root, English and
Chinese (zh, zh_Hans, zh_Hans_CN, and the zh_CN alias) with each tree's pool and index,
the GB18030 and GBK code pages (gb18030, windows-936, ibm-1386), and drops the rest; then it writes a library with the
same name (SONAME) exporting the same symbol, 26 MB smaller.
"""

from __future__ import annotations

import argparse
import re
import struct
import subprocess
import tempfile
from pathlib import Path

KEEP_LOCALES = {"root", "en", "zh", "zh_Hans", "zh_Hans_CN", "zh_CN"}
KEEP_CODEPAGES = re.compile(r"gb18030|windows-936|ibm-1386", re.IGNORECASE)
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")  # af, zh_Hans_CN (not supplementalData)
ALIGN = 16


def wanted(name: str) -> bool:
    """Whether to keep the item ``name`` (such as ``icudt73l/coll/zh.res``)."""
    tree, _, leaf = name.split("/", 1)[-1].rpartition("/")
    stem, _, kind = leaf.rpartition(".")
    if kind == "cnv":
        return bool(KEEP_CODEPAGES.search(stem))
    if kind == "dict" or tree == "translit":
        return False
    if stem in ("pool", "res_index") or stem in KEEP_LOCALES:
        return True
    return not (kind == "res" and LOCALE.fullmatch(stem))


def symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, and its offset and size in the file."""
    dynsym = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+DEFAULT\s+\d+\s+(icudt\d+_dat)\b",
        dynsym,
    )
    if not found:
        raise ValueError(f"{library}: no icudt*_dat symbol")
    address, size, name = int(found[1], 16), int(found[2], 0), found[3]
    headers = subprocess.run(
        ["readelf", "-lW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in headers.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, start, filesize = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if start <= address < start + filesize:
                return name, offset + address - start, size
    raise ValueError(f"{library}: {name} is in no loaded segment")


def read_package(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its items (name, data) in table-of-contents order."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", package, 0)
    if (magic1, magic2) != (0xDA, 0x27) or package[12:16] != b"CmnD" or package[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", package, header_size)
    toc = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(toc):
        start = header_size + name_at
        name = package[start : package.index(b"\0", start)].decode("ascii")
        end = header_size + toc[i + 1][1] if i + 1 < count else len(package)
        items.append((name, package[header_size + data_at : end]))
    return package[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A package with ``items`` (kept in their sorted order: ICU searches the table by halves)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_at = toc_size + len(names)
    data_at += -data_at % ALIGN
    toc, blobs, name_at = [struct.pack("<I", len(items))], [], toc_size
    for name, data in items:
        toc.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = data + b"\0" * (-len(data) % ALIGN)
        blobs.append(padded)
        data_at += len(padded)
    body = b"".join(toc) + names
    body += b"\0" * (-len(body) % ALIGN)
    return header + body + b"".join(blobs)


def trim(library: Path, out: Path) -> list[str]:
    """Write the trimmed library to ``out``; the names of the items kept."""
    name, offset, size = symbol(library)
    header, items = read_package(library.read_bytes()[offset : offset + size])
    kept = [(item, data) for item, data in items if wanted(item)]
    soname = re.search(
        r"\(SONAME\).*\[(.+)\]",
        subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True).stdout,
    )
    with tempfile.TemporaryDirectory() as work:
        blob = Path(work) / "icudata.bin"
        blob.write_bytes(write_package(header, kept))
        source = Path(work) / "icudata.s"
        source.write_text(
            f"\t.section .rodata\n\t.globl {name}\n\t.type {name}, @object\n\t.balign 16\n"
            f'{name}:\n\t.incbin "{blob}"\n\t.size {name}, .-{name}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        link = ["gcc", "-shared", "-nostdlib", "-o", str(out), str(source)]
        if soname:
            link.append(f"-Wl,-soname,{soname[1]}")
        subprocess.run(link, check=True)
    return [item for item, _ in kept]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    kept = trim(args.library, args.out)
    print(f"{args.out}: {len(kept)} items, {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
