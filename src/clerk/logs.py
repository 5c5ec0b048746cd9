"""Logging to a rotating file in the user's log folder, with personal data masked."""

from __future__ import annotations

import logging
import logging.handlers
import re

from clerk.paths import user_log_dir

# A resident ID (18 chars) or a mainland mobile number anywhere in a log line.
_ID = re.compile(r"(?<![0-9A-Z])(\d{4})\d{10}(\d{3}[\dX])(?![0-9A-Z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


class MaskPersonalData(logging.Filter):
    """The last line of defence: no ID or phone number reaches a log file in clear."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _PHONE.sub(r"\1****\2", _ID.sub(r"\1**********\2", message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup(verbose: bool = False) -> None:
    folder = user_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / "clerk.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPersonalData())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
