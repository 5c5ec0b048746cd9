"""Logging to a rotating file in the user's log folder, with personal data masked.

Masking happens where text leaves the process: each handler clerk installs formats a
record (message, %-arguments, exception message and traceback, stack) and masks the
whole result, so an exception's text or a driver's SQL parameters in a traceback are
masked like the message. Uncaught exceptions, on the main thread, on other threads and
in Qt slots, are logged through the same handlers (docs/security.md).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from clerk.domain.ids import mask_id, mask_phone
from clerk.paths import user_log_dir

log = logging.getLogger(__name__)

# One optional separator between digits, as IDs and phones are copied or printed.
_SEP = "[ \u00a0\u3000-]"


def _spaced(*chars: str) -> str:
    return f"{_SEP}?".join(chars)


_D = r"\d"  # any Unicode digit: full-width and other scripts' digits are masked too
_LAST = r"(?:[XxＸｘ]|\d(?!\d))"  # an ID's check character; a digit must end the run
# 18 characters: unbroken, always; with separators only when the birth date looks like
# one (1800–2099, month 0–1x, day 0–3x), so a case number and a count are left alone.
_ID18 = (
    rf"\d{{17}}{_LAST}"
    rf"|{_spaced(*[_D] * 6, '[12]', '[089]', _D, _D, '[01]', _D, '[0-3]', _D, _D, _D, _D)}"
    rf"{_SEP}?{_LAST}"
)
# First-generation IDs: 6 region digits, YYMMDD, 3 digits; always with a date's shape.
_ID15 = rf"{_spaced(*[_D] * 6, _D, _D, '[01]', _D, '[0-3]', _D, _D, _D, _D)}(?!\d)"
# Mainland mobiles 1[3-9]x xxxx xxxx, with +86 / 0086 / 86 before them.
_PHONE = rf"(?P<prefix>(?:\+|00)?86{_SEP}?)?(?P<phone>1[3-9]\d{_SEP}?\d{{4}}{_SEP}?\d{{4}})(?!\d)"
# Each alternative is fixed-length with one way to match each character: linear time.
# The phone comes before the 15-digit ID, which "0086 138 0013 8000" would also fit.
_PERSONAL = re.compile(rf"(?<!\d)(?:(?P<id18>{_ID18})|{_PHONE}|(?P<id15>{_ID15}))")
_SEPARATORS = re.compile(_SEP)


def _masked(match: re.Match[str]) -> str:
    if match["phone"] is not None:
        return (match["prefix"] or "") + mask_phone(_SEPARATORS.sub("", match["phone"]))
    return mask_id(_SEPARATORS.sub("", match[0]))


def mask(text: str) -> str:
    """``text`` with every resident ID and mobile number in it masked as a slip shows them.

    Enterprise codes (USCC) are not personal data and are kept; the rare all-digit one
    cannot be told from an ID and is masked with them.
    """
    return _PERSONAL.sub(_masked, text)


class Masking(logging.Handler):
    """A handler whose every line, traceback included, is masked before it is written."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))

    def handleError(self, record: logging.LogRecord) -> None:
        # logging's own report prints the message and its arguments: masked here too.
        if logging.raiseExceptions and sys.stderr is not None:
            report = (
                f"--- Logging error ---\n{traceback.format_exc()}"
                f"Message: {record.msg!r}\nArguments: {record.args!r}\n"
            )
            sys.stderr.write(mask(report))


class MaskedFileHandler(Masking, logging.handlers.RotatingFileHandler):
    pass


class MaskedStreamHandler(Masking, logging.StreamHandler):
    pass


_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(verbose: bool = False) -> Path:
    """Log to clerk.log (and, with ``verbose``, to stderr), masked; return the file's path.

    Calling it again replaces the handlers and hooks of the earlier call.
    """
    folder = user_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "clerk.log"
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, Masking)]:
        root.removeHandler(old)
        old.close()
    handlers: list[logging.Handler] = [
        MaskedFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    ]
    if verbose:
        handlers.append(MaskedStreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread
    return path


def _report(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None], where: str
) -> None:
    """Log an uncaught exception, and show it masked on stderr unless the log already does."""
    log.critical("uncaught exception in %s", where, exc_info=exc_info)
    on_console = any(isinstance(h, MaskedStreamHandler) for h in logging.getLogger().handlers)
    if not on_console and sys.stderr is not None:
        sys.stderr.write(mask("".join(traceback.format_exception(*exc_info))))


def _uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _report((exc_type, exc, tb), "the main thread")


def _uncaught_in_thread(args: Any) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    where = "thread " + (args.thread.name if args.thread is not None else "?")
    _report((args.exc_type, args.exc_value, args.exc_traceback), where)
