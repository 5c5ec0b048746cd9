"""The folder a network scanner writes into: each finished file is taken once, then archived.

A file counts as finished when its size and modification time have not changed between
two looks at least ``settle_seconds`` apart (scanners write in bursts over SMB/FTP). Its
pages are handed over one by one; only when the consumer has taken the last page (the
generator is resumed after it) is the file moved to ``archive/YYYY-MM-DD/``. If keeping
a page fails (disk full, database down, a broken page), the generator is not resumed and
the file stays where it was, to be taken again from that page: nothing the scanner
delivered is lost, and the pages already kept are not filed twice.
"""

from __future__ import annotations

import errno
import logging
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from clerk.plugin_api import Capture, SourceError
from clerk.scanning.images import load_pages

log = logging.getLogger(__name__)

SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf", ".bmp"}
DISK_FULL = "存放扫描件的磁盘空间不足，文件仍留在热文件夹中，未丢失。请清理磁盘或联系信息技术人员。"


class HotFolder:
    """``PageSource`` over a folder a scanner fills."""

    def __init__(
        self,
        folder: str | Path,
        archive: str | Path | None = None,
        settle_seconds: float = 2.0,
        min_free_bytes: int = 50_000_000,
    ) -> None:
        self.folder = Path(folder)
        self.archive = Path(archive) if archive else self.folder / "archive"
        self.settle_seconds = float(settle_seconds)
        self.min_free_bytes = int(min_free_bytes)
        self.title = f"热文件夹 {self.folder}"
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, first seen
        # Pages of a file already kept, by the file's path, size and mtime_ns: a file
        # taken again after a failure resumes there; a new file of the same name does not.
        self._kept: dict[tuple[Path, int, int], int] = {}

    def finished_files(self, now: float | None = None) -> list[Path]:
        """Files whose size and time stood still for ``settle_seconds``, oldest first."""
        now = time.monotonic() if now is None else now
        if not self.folder.is_dir():
            raise SourceError(
                f"找不到热文件夹“{self.folder}”，请检查网络共享或设置。", str(self.folder)
            )
        ready = []
        present = set()
        for path in sorted(
            self.folder.iterdir(), key=lambda p: p.stat().st_mtime_ns if p.exists() else 0
        ):
            if (
                not path.is_file()
                or path.suffix.lower() not in SUFFIXES
                or path.name.startswith(".")
            ):
                continue
            present.add(path)
            stat = path.stat()
            key = (stat.st_size, stat.st_mtime_ns)
            seen = self._seen.get(path)
            if seen is None or seen[:2] != key:
                self._seen[path] = (*key, now)
                continue
            if stat.st_size > 0 and now - seen[2] >= self.settle_seconds:
                ready.append(path)
        for gone in set(self._seen) - present:
            del self._seen[gone]
        for version in [v for v in self._kept if v[0] not in present]:
            del self._kept[version]
        return ready

    def pages(self) -> Iterator[Capture]:
        for path in self.finished_files():
            self._check_space(path)
            stat = path.stat()
            version = (path, stat.st_size, stat.st_mtime_ns)
            kept = self._kept.get(version, 0)
            for index, page in enumerate(load_pages(path)):
                if index < kept:
                    continue
                yield Capture(
                    page.image, f"hotfolder:{page.source.removeprefix('file:')}", on_desk=False
                )
                self._kept[version] = index + 1  # resumed: the consumer kept that page
            self._archive(path)
            self._kept.pop(version, None)

    def _check_space(self, path: Path) -> None:
        target = self.archive if self.archive.exists() else self.folder
        free = shutil.disk_usage(target).free
        if free < path.stat().st_size + self.min_free_bytes:
            raise SourceError(DISK_FULL, f"{free} bytes free under {target}")

    def _archive(self, path: Path) -> None:
        folder = self.archive / date.today().isoformat()
        target = folder / path.name
        counter = 1
        while target.exists():
            target = folder / f"{path.stem}-{counter}{path.suffix}"
            counter += 1
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), str(target))  # a rename on one disk; copy + delete across
        except OSError as exc:
            if target.exists() and path.exists():
                target.unlink()  # a half copy: the original is still whole
            if exc.errno == errno.ENOSPC:
                raise SourceError(DISK_FULL, repr(exc)) from exc
            raise SourceError(
                f"无法把“{path.name}”移入归档文件夹：{exc.strerror}。文件仍留在热文件夹中。",
                repr(exc),
            ) from exc
        self._seen.pop(path, None)
        log.info("hot folder: %s archived as %s", path.name, target)
