"""The log never holds personal data: each ID and phone format, through each way into clerk.log."""

import io
import logging
import re
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from sqlalchemy.exc import DBAPIError

from clerk import logs
from clerk.gui.workers import Workers
from clerk.storage.db import Database
from clerk.storage.models.intake import Applicant

log = logging.getLogger("clerk.test_logs")

# Each format the audit found in clear, and how the log must show it.
SAMPLES = [
    ("11010519491231002X", "1101**********002X"),
    ("11010519491231002x", "1101**********002x"),  # lower-case check character
    ("440301199003071238", "4403**********1238"),
    ("110105 19491231 002X", "1101**********002X"),  # spaces between groups
    ("3201 0219 8506 0712 3X", "3201**********123X"),
    ("510104-19851212-0016", "5101**********0016"),
    ("110105491231002", "1101*******1002"),  # first-generation, 15 digits
    ("370102 850607 123", "3701*******7123"),
    ("13800138000", "138****8000"),
    ("+86 139-1234-5678", "+86 139****5678"),
    ("0086 18612345678", "0086 186****5678"),
    ("8615012345678", "86150****5678"),
    ("177 0013 8000", "177****8000"),
]
# Each sample once on its own, once straight after Chinese text, once after a letter.
TEXT = " ".join(f"{raw}，申请人{raw}号，id{raw}；" for raw, _ in SAMPLES)


def _compact(raw: str) -> str:
    return re.sub(r"[ +-]", "", raw)


def assert_masked(text: str) -> None:
    """No sample in clear, in any spelling, and each one's masked form is there."""
    for raw, masked in SAMPLES:
        assert raw not in text
        assert _compact(raw) not in text
        assert masked in text
    assert logs.mask(text) == text  # nothing left that looks like an ID or a phone


@pytest.fixture
def log_file() -> Path:
    """clerk's own logging in the test's folders (tests/conftest.py undoes it after)."""
    return logs.setup()


def written(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        *SAMPLES,
        ("张三11010519491231002X的", "张三1101**********002X的"),
        ("ID11010519491231002x.", "ID1101**********002x."),
        ("１１０１０５１９４９１２３１００２Ｘ", "１１０１**********００２Ｘ"),  # full-width
        ("tel:13800138000,", "tel:138****8000,"),
    ],
)
def test_each_format_is_masked_in_the_shape_a_slip_prints(raw, masked):
    assert logs.mask(raw) == masked


@pytest.mark.parametrize(
    "kept",
    [
        "20250314000071",  # case number
        "case 20250314000071 1234 ms",  # a case number and a count: not an ID with spaces
        "A012",  # ticket
        "91350100M000100Y43",  # USCC: an enterprise's code, not personal data
        "2026-03-07 13:45:12,345 INFO clerk: ok",  # the log's own time stamp
        "0.123456789012345",
        "12345678901",  # eleven digits that are no mobile number
    ],
)
def test_numbers_that_are_not_personal_are_kept(kept):
    assert logs.mask(kept) == kept


def test_a_megabyte_of_digits_and_spaces_is_masked_in_linear_time():
    # No timing assertion: a backtracking pattern would not finish at all here.
    line = "1 " * 500_000 + "110101 19491231 002X" + "9" * 500_000
    assert "1101**********002X" in logs.mask(line)


def test_a_plain_message(log_file):
    log.info("受理：" + TEXT)
    assert_masked(written(log_file))


def test_a_message_with_arguments(log_file):
    log.warning("受理：%s（%d件）", TEXT, 3)
    log.warning("受理：%(text)s", {"text": TEXT})
    assert_masked(written(log_file))


def test_an_exception_its_chain_and_the_stack(log_file):
    def fail() -> None:
        try:
            raise KeyError(TEXT)
        except KeyError as exc:
            raise ValueError(f"申请人无效：{TEXT}") from exc

    try:
        fail()
    except ValueError:
        log.exception("保存失败", stack_info=True)
    text = written(log_file)
    assert "Traceback" in text and "KeyError" in text and "Stack (most recent call last)" in text
    assert_masked(text)


def test_a_failed_statement_with_an_id_in_its_parameters(log_file, db: Database):
    """The audit's case: a 256-character name on PostgreSQL; a duplicate on SQLite."""
    raw_id = SAMPLES[2][0]
    with db.session() as session:
        session.add(Applicant(kind="person", name="张三", id_number=raw_id, phone="13800138000"))
    with pytest.raises(DBAPIError) as failure, db.session() as session:
        session.add(Applicant(kind="person", name="张" * 256, id_number=raw_id, phone=TEXT[:32]))
        session.flush()
    assert raw_id in str(failure.value)  # the driver's text holds it ...
    log.error("保存申请人失败", exc_info=failure.value)
    log.error("保存申请人失败：%s", failure.value)
    text = written(log_file)
    assert "[parameters:" in text
    assert raw_id not in text and "4403**********1238" in text  # ... the log does not
    assert logs.mask(text) == text


def test_a_failed_worker(log_file, qtbot):
    workers = Workers()
    failures = []

    def bug() -> None:
        raise RuntimeError(TEXT)

    workers.run(bug, failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert workers.shutdown(10_000)
    workers.deleteLater()
    text = written(log_file)
    assert "work off the GUI thread failed" in text and "RuntimeError" in text
    assert_masked(text)


def test_an_uncaught_exception_on_the_main_thread(log_file, capsys):
    try:
        raise RuntimeError(TEXT)
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # what the interpreter calls before exiting
    assert_masked(written(log_file))
    assert_masked(capsys.readouterr().err)  # and the terminal sees it masked too


def test_an_uncaught_exception_on_another_thread(log_file, capsys):
    def bug() -> None:
        raise RuntimeError(TEXT)

    thread = threading.Thread(target=bug)
    thread.start()
    thread.join()
    assert "CRITICAL" in written(log_file)
    assert_masked(written(log_file))
    assert_masked(capsys.readouterr().err)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_slot(log_file, qtbot, capsys):
    def slot() -> None:
        raise RuntimeError(TEXT)

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: "RuntimeError" in written(log_file))
    assert_masked(written(log_file))
    assert_masked(capsys.readouterr().err)


def test_the_console_in_verbose_mode(log_file, capsys):
    logs.setup(verbose=True)
    log.debug("受理：%s", TEXT)
    err = capsys.readouterr().err
    assert "DEBUG" in err
    assert_masked(err)
    assert_masked(written(log_file))


def test_a_record_that_cannot_be_formatted(capsys):
    # A wrong placeholder: logging reports the message and its arguments on stderr.
    # (Through the root logger pytest's own handler would raise first.)
    handler = logs.MaskedStreamHandler(io.StringIO())
    handler.handle(log.makeRecord(log.name, logging.INFO, __file__, 1, "受理 %d", (TEXT,), None))
    err = capsys.readouterr().err
    assert "Logging error" in err
    assert_masked(err)


def test_setting_up_again_replaces_the_handlers(log_file):
    logs.setup()
    logs.setup()
    mine = [h for h in logging.getLogger().handlers if isinstance(h, logs.Masking)]
    assert len(mine) == 1
