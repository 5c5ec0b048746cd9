"""CUPS (Linux, macOS) through its command-line clients ``lp``, ``lpstat`` and ``cancel``.

The command-line clients need no build step and speak to any CUPS version. A job counts
as printed when it leaves the queue's not-completed list. A queue that is paused, or
that stops while the job waits (CUPS stops a queue whose backend fails: out of paper,
jam), fails the job at once with the printer's reason in Chinese. A queue that stays
enabled while its printer reports a fault (off, out of paper under the retry-job error
policy) fails the job once the fault has lasted ``FAULT_SECONDS``. Either way the job is
cancelled, so that a retry does not print twice.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from typing import NamedTuple

from clerk.plugin_api import PrintFailed

log = logging.getLogger(__name__)

WAIT_SECONDS = 120.0
POLL_SECONDS = 0.2
# A fault of an enabled queue counts once it has lasted this long while the job waits:
# a network printer reports connecting-to-device for a moment on every job, and a reason
# left over from the last failure lasts until the printer's backend next reports.
FAULT_SECONDS = 15.0

# printer-state-reasons CUPS reports (lpstat "Alerts:") and what the clerk should do.
REASONS = {
    "media-empty": "缺纸，请装纸",
    "media-needed": "缺纸，请装纸",
    "media-jam": "卡纸，请取出卡住的纸",
    "toner-empty": "墨粉（墨水）已用完",
    "marker-supply-empty": "墨粉（墨水）已用完",
    "door-open": "机盖未关好",
    "cover-open": "机盖未关好",
    "offline": "未开机或未连接",
    "connecting-to-device": "未开机或未连接",
    "shutdown": "已关机",
    "paused": "已暂停",
}
# Reasons of an enabled queue that stop printing whatever their severity suffix.
UNREACHABLE = ("offline", "connecting-to-device", "shutdown")


class QueueState(NamedTuple):
    stopped: bool  # the queue is disabled: CUPS sends it nothing
    problem: str  # in Chinese; empty when the printer reports nothing wrong
    printer_fault: bool  # stopped because the printer failed, not paused by an operator


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # we read the English output
    try:
        # A session of its own: no terminal to ask a password on (cupsenable as a non-admin).
        result = subprocess.run(
            args,
            input=stdin,
            capture_output=True,
            env=env,
            timeout=30,
            check=False,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise PrintFailed("本机未安装打印服务 CUPS，无法使用此打印机。", str(exc)) from exc
    except subprocess.TimeoutExpired as exc:
        raise PrintFailed("打印服务没有响应，请稍后重试。", str(exc)) from exc
    return subprocess.CompletedProcess(
        args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def _failure(output: str, queue: str) -> PrintFailed:
    if "scheduler is not running" in output.lower() or "unable to connect" in output.lower():
        return PrintFailed("打印服务（CUPS）未运行，请联系信息技术人员。", output)
    if "does not exist" in output or "invalid destination" in output.lower():
        return PrintFailed(f"找不到打印机“{queue}”，请检查打印机设置。", output)
    return PrintFailed(f"打印机“{queue}”无法接收打印任务，请稍后重试。", output)


def _reason(keyword: str) -> str:
    return keyword.removesuffix("-error").removesuffix("-warning").removesuffix("-report")


class CupsPrinter:
    """A CUPS queue; an empty name means the system's default destination."""

    def __init__(self, queue: str) -> None:
        self.queue = queue.strip()

    def _destination(self) -> str:
        if self.queue:
            return self.queue
        out = _run("lpstat", "-d")
        match = re.search(r"system default destination: (\S+)", out.stdout)
        if match is not None:
            return match.group(1)
        if "no system default" in out.stdout + out.stderr:
            raise PrintFailed("本机没有设置默认打印机，请在打印机设置中选择一台。", out.stdout)
        raise _failure(out.stdout + out.stderr, "默认打印机")

    def state(self, queue: str) -> QueueState:
        """Whether ``queue`` is stopped and why, and what its printer reports, in Chinese."""
        out = _run("lpstat", "-l", "-p", queue)
        if out.returncode != 0:
            raise _failure(out.stdout + out.stderr, queue)
        first, *rest = out.stdout.splitlines() or [""]
        alerts = re.search(r"Alerts:\s*(.*)", out.stdout)
        raw = alerts.group(1).split() if alerts else []
        if " disabled since " in first:
            said = [REASONS[r] for r in map(_reason, raw) if r in REASONS and r != "paused"]
            if said:
                return QueueState(True, "、".join(dict.fromkeys(said)), True)
            note = rest[0].strip() if rest and ":" not in rest[0] else ""
            return QueueState(True, f"已暂停（{note}）" if note else "已暂停", False)
        # An enabled queue prints through a warning; an error or an unreachable printer stops it.
        said = [
            REASONS[_reason(r)]
            for r in raw
            if _reason(r) in REASONS and (r.endswith("-error") or _reason(r) in UNREACHABLE)
        ]
        return QueueState(False, "、".join(dict.fromkeys(said)), bool(said))

    def print_pdf(self, pdf: bytes, title: str) -> str:
        queue = self._destination()
        state = self.state(queue)
        if state.stopped and state.printer_fault:
            # CUPS stops the queue of a printer that failed (out of paper, jam, off) and
            # keeps it stopped once the printer is fixed: this print is the clerk's retry.
            # A queue an operator paused is left alone.
            if _run("cupsenable", queue).returncode != 0:
                raise PrintFailed(
                    f"打印机“{queue}”已停止（{state.problem}），本机无权恢复。"
                    "处理后请联系信息技术人员恢复该打印机。",
                    f"cupsenable {queue} refused",
                )
            log.info("CUPS queue %s stopped by %s: started again", queue, state.problem)
        elif state.stopped:
            raise PrintFailed(
                f"打印机“{queue}”{state.problem}。请联系信息技术人员恢复后重试。",
                f"lpstat reports {queue} paused",
            )
        out = _run("lp", "-d", queue, "-t", title, "-", stdin=pdf)
        match = re.search(r"request id is (\S+)", out.stdout)
        if out.returncode != 0 or match is None:
            raise _failure(out.stdout + out.stderr, queue)
        job = match.group(1)
        deadline = time.monotonic() + WAIT_SECONDS
        faulty_since: float | None = None
        while (now := time.monotonic()) < deadline:
            pending = _run("lpstat", "-W", "not-completed", "-o", queue)
            if not re.search(rf"^{re.escape(job)}\s", pending.stdout, re.MULTILINE):
                return job
            state = self.state(queue)
            if not state.problem:
                faulty_since = None
            elif faulty_since is None:
                faulty_since = now
            if state.stopped or (faulty_since is not None and now - faulty_since >= FAULT_SECONDS):
                _run("cancel", job)
                raise PrintFailed(
                    f"打印机“{queue}”{state.problem}，本次打印已取消。处理后请重试。", job
                )
            time.sleep(POLL_SECONDS)
        _run("cancel", job)
        raise PrintFailed(
            f"打印机“{queue}”长时间未完成打印，本次打印已取消。请检查打印机后重试。", job
        )
