"""Whole-process measurements for the benchmarks: wall time, CPU time and peak memory of a command.

Peak memory is given two ways: the largest single process (the kernel's
maximum resident set size of the command and everything it started) and the
largest sum over all its processes at one moment (sampled from /proc every
50 ms), which is what a machine running the command must have free.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    wall: float
    """Seconds, start to end."""
    cpu: float
    """User and system seconds of the command and every process it started."""
    peak_mb: float
    """The largest single process's peak resident memory, in MiB."""
    total_mb: float
    """The largest sum of resident memory over all its processes at one moment, in MiB (sampled)."""
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants now."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def measure(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run `command` to its end and measure it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    highest = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal highest
        while not stop.wait(0.05):
            highest = max(highest, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output: dict[str, str] = {}

    def drain(name: str, pipe: IO[str]) -> None:
        output[name] = pipe.read()

    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=drain, args=(name, pipe), daemon=True)
        for name, pipe in (("stdout", process.stdout), ("stderr", process.stderr))
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    stdout, stderr = output["stdout"], output["stderr"]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        total_mb=max(highest, usage.ru_maxrss * 1024) / 2**20,
        returncode=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )
