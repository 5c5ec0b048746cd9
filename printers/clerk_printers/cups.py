"""CUPS (Linux, macOS) through its command-line clients ``lp``, ``lpstat`` and ``cancel``.

The command-line clients need no build step and speak to any CUPS version. A job counts
as printed when it leaves the queue's not-completed list; a queue that is paused, or
that stops while the job waits (out of paper, printer off), fails the job with the
printer's reason in Chinese, and the job is cancelled so that a retry does not print
twice.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

from clerk.services.printing import PrintFailed

WAIT_SECONDS = 120.0
POLL_SECONDS = 0.2

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


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # we read the English output
    try:
        result = subprocess.run(
            args, input=stdin, capture_output=True, env=env, timeout=30, check=False
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

    def problem(self, queue: str) -> str:
        """Why ``queue`` cannot print now, in Chinese; empty when it can."""
        out = _run("lpstat", "-l", "-p", queue)
        if out.returncode != 0:
            raise _failure(out.stdout + out.stderr, queue)
        first, *rest = out.stdout.splitlines() or [""]
        alerts = re.search(r"Alerts:\s*(.*)", out.stdout)
        raw = alerts.group(1).split() if alerts else []
        if " disabled since " in first:
            said = [REASONS[r] for r in map(_reason, raw) if r in REASONS and r != "paused"]
            note = rest[0].strip() if rest and ":" not in rest[0] else ""
            return "、".join(said) or (f"已暂停（{note}）" if note else "已暂停")
        # An enabled queue prints unless a reason is an error (a warning still prints).
        said = [REASONS[_reason(r)] for r in raw if r.endswith("-error") and _reason(r) in REASONS]
        return "、".join(dict.fromkeys(said))

    def print_pdf(self, pdf: bytes, title: str) -> str:
        queue = self._destination()
        problem = self.problem(queue)
        if problem:
            raise PrintFailed(
                f"打印机“{queue}”{problem}。处理后请重试；打印机处于暂停状态时请联系信息技术人员恢复。",
                f"lpstat reports {queue} cannot print",
            )
        out = _run("lp", "-d", queue, "-t", title, "-", stdin=pdf)
        match = re.search(r"request id is (\S+)", out.stdout)
        if out.returncode != 0 or match is None:
            raise _failure(out.stdout + out.stderr, queue)
        job = match.group(1)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            pending = _run("lpstat", "-W", "not-completed", "-o", queue)
            if not re.search(rf"^{re.escape(job)}\s", pending.stdout, re.MULTILINE):
                return job
            problem = self.problem(queue)
            if problem:
                _run("cancel", job)
                raise PrintFailed(f"打印机“{queue}”{problem}，本次打印已取消。处理后请重试。", job)
            time.sleep(POLL_SECONDS)
        _run("cancel", job)
        raise PrintFailed(
            f"打印机“{queue}”长时间未完成打印，本次打印已取消。请检查打印机后重试。", job
        )
