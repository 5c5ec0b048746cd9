"""PDF to a folder: for a hall without a printer at a window, for archiving, and for tests."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from clerk.plugin_api import PrintFailed, user_data_dir


class FolderPrinter:
    """Writes each job as ``<time>-<title>.pdf`` into the folder (default: the user's data)."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder) if folder.strip() else user_data_dir() / "printed"

    def print_pdf(self, pdf: bytes, title: str) -> str:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        name = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_")[:80]
        target = self.folder / f"{stamp}-{name}.pdf"
        tmp = ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written beside, then renamed: a reader of the folder never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(pdf)
            os.replace(tmp, target)
        except OSError as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            raise PrintFailed(
                f"无法写入文件夹 {self.folder}（{exc.strerror or exc}），请检查文件夹是否存在、可写，磁盘是否已满。",
                repr(exc),
            ) from exc
        return str(target)
