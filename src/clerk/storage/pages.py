"""The page store: compressed page images as files named by their SHA-256.

``<store>/ab/abcdef….jpg``. A file is written to a temporary name, flushed to disk and
renamed, so a page either exists whole or not at all; the same content is stored once.
The store lies in the user's data folder unless the ``scanning.page_store`` setting
names another (a hall's file server).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

from clerk.domain.errors import ClerkError
from clerk.paths import user_data_dir
from clerk.settings import Settings

MIN_FREE_BYTES = 20_000_000  # refuse to fill the disk to the last byte
DISK_FULL = (
    "存放扫描件的磁盘空间不足，本页未保存（已保存的页面不受影响）。请清理磁盘或联系信息技术人员。"
)


class PageStore:
    def __init__(self, folder: Path, min_free_bytes: int = MIN_FREE_BYTES) -> None:
        self.folder = Path(folder)
        self.min_free_bytes = min_free_bytes

    @classmethod
    def configured(cls, settings: Settings | None = None) -> PageStore:
        configured = (settings or Settings.load()).get("scanning.page_store")
        return cls(Path(configured) if configured else user_data_dir() / "pages")

    def path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.jpg"

    def put(self, data: bytes) -> str:
        """Store ``data``; returns its SHA-256. Safe to call twice with the same content."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(target.parent).free < len(data) + self.min_free_bytes:
                raise ClerkError(
                    DISK_FULL, f"less than {self.min_free_bytes} bytes would stay free"
                )
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            try:
                with temporary.open("wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                temporary.replace(target)
            finally:
                temporary.unlink(missing_ok=True)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise ClerkError(DISK_FULL, repr(exc)) from exc
            raise ClerkError(
                f"无法保存扫描件：{exc.strerror}。请检查存放文件夹的权限。", repr(exc)
            ) from exc
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path(sha256).read_bytes()
        except OSError as exc:
            raise ClerkError(
                "找不到这一页的图像文件，存放文件夹可能已被移动或清理。", repr(exc)
            ) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ClerkError("这一页的图像文件已损坏（校验不符），请重新扫描。", sha256)
        return data

    def discard(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)
