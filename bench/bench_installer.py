"""Start-up of the frozen program against the same code run from the virtualenv.

    .venv/bin/python bench/bench_installer.py [FROZEN_DIR] [--runs N]   (default out/dist/clerk, 5)

Two figures, each frozen and from source (the baseline) with their ratio:
- ``clerk --self-test``: wall time of the whole smoke test;
- start to the sign-in screen: ``clerk --demo`` on a virtual display (Xvfb), from
  process start until the X server shows the sign-in window (its title, 登录), seen
  with ``xwininfo``; the demo database is prepared before timing.
Each is the median of N runs, with the load average before and after. The machine is shared:
wall times are noisy; the CPU time to sign-in is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / ".venv" / "bin" / "clerk"
SIGN_IN_TITLE = "登录"  # SignInDialog's title in Chinese


def environment(home: Path, display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        CLERK_MACHINE_CONFIG_DIR=str(home / "machine"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        DISPLAY=display,
    )
    return env


def time_self_test(program: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(program), "--self-test"], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def sign_in_shown(env: dict[str, str]) -> bool:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True
    ).stdout
    return any(f'"{SIGN_IN_TITLE}' in line for line in tree.splitlines())


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (load on a shared machine does not add to it)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


CPU: dict[Path, list[float]] = {}


def time_to_sign_in(program: Path, env: dict[str, str], timeout: float = 60) -> float:
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(program), "--demo"], env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            while not sign_in_shown(env):
                if proc.poll() is not None:
                    errors.seek(0)
                    said = errors.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(
                        f"{program} --demo ended ({proc.returncode}) before sign-in:\n{said}"
                    )
                if time.perf_counter() - started > timeout:
                    raise RuntimeError(f"{program} showed no sign-in window in {timeout} s")
                time.sleep(0.02)
            seconds = time.perf_counter() - started
            CPU.setdefault(program, []).append(cpu_seconds(proc.pid))
            return seconds
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb of this bench's own: Xvfb picks a free display and says which (-displayfd),
    so another engineer's Xvfb started at the same moment cannot take it over."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
    )
    os.close(write)
    with os.fdopen(read) as said:
        number = said.readline().strip()
    if not number:
        xvfb.terminate()
        raise RuntimeError("could not start Xvfb")
    return xvfb, f":{number}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("frozen", nargs="?", type=Path, default=ROOT / "out" / "dist" / "clerk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = args.runs
    program = args.frozen / "clerk"
    if not program.is_file():
        print(f"no frozen program at {program}: run tools/build_installers first")
        return 1
    xvfb, display = start_xvfb()
    home = Path(tempfile.mkdtemp(prefix="clerk-bench-"))
    try:
        env = environment(home, display)
        # Prepare the demo database once (creating it is not start-up), and warm the caches.
        time_to_sign_in(SOURCE, env)
        time_to_sign_in(program, env)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        rows = []
        for name, measure in (("self-test", time_self_test), ("start to sign-in", time_to_sign_in)):
            source = [measure(SOURCE, env) for _ in range(runs)]
            frozen_s = [measure(program, env) for _ in range(runs)]
            rows.append((name, frozen_s, source))
        print(f"median of {runs} runs; baseline = the same code run from .venv (python)")
        for name, frozen_s, source in rows:
            f, s = statistics.median(frozen_s), statistics.median(source)
            print(
                f"{name:18s} frozen {f:6.2f} s   source {s:6.2f} s   ratio frozen/source {f / s:4.2f}"
                f"   (frozen runs: {' '.join(f'{x:.2f}' for x in frozen_s)})"
            )
        cpu = {p: statistics.median(v[1:]) for p, v in CPU.items()}  # v[0]: the warm-up
        print(
            f"{'CPU to sign-in':18s} frozen {cpu[program]:6.2f} s   source {cpu[SOURCE]:6.2f} s   "
            f"ratio frozen/source {cpu[program] / cpu[SOURCE]:4.2f}   (user+system time)"
        )
        load = os.getloadavg()[0]
        print(f"load average after: {load:.1f} on {os.cpu_count()} cores (shared machine)")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
