"""Whole-process measurements for the benchmarks: wall time, CPU time and peak memory of a command.

Peak memory is given two ways: the largest single process (the high-water
mark of resident memory of each process of the command, read from /proc) and the
largest sum over all its processes at one moment (sampled from /proc every
100 ms), which is what a machine running the command must have free. Beside it,
the same sum counted proportionally (PSS, from each process's smaps_rollup): a
page that forked processes share counts once in all, not once in each, so for
a command whose workers are forked from it this is the smaller, truer figure;
for separate programs run one after the other the two agree.
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
SAMPLE_EVERY = 0.1
"""Seconds between samples of the memory of all the command's processes. Each sample reads /proc, 3 ms
of CPU for a build's four processes: every 50 ms, that was 6 % of a core taken from the command."""


@dataclass(frozen=True)
class Measured:
    wall: float
    """Seconds, start to end."""
    cpu: float
    """User and system seconds of the command and every process it started."""
    peak_mb: float
    """The largest single process's peak resident memory, in MiB (each process's VmHWM, sampled: the
    kernel's ru_maxrss would also count the measuring process, copied into the child before exec)."""
    total_mb: float
    """The largest sum of resident memory over all its processes at one moment, in MiB (sampled)."""
    proportional_mb: float
    """The largest sum of proportional memory (PSS: shared pages divided among their sharers) at one
    moment, in MiB (sampled)."""
    returncode: int
    stdout: str
    stderr: str


def _tree_memory(root: int) -> tuple[int, int, int]:
    """Resident and proportional bytes of `root` and all its descendants now, and the largest
    high-water mark of resident memory among them (VmHWM, since each one's last exec)."""
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
    resident = proportional = largest = 0
    stack = [root]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while stack:
        pid = stack.pop()
        resident += rss.get(pid, 0)
        proportional += _proc_bytes(pid, "smaps_rollup", "Pss")  # proportional set size
        largest = max(largest, _proc_bytes(pid, "status", "VmHWM"))  # peak resident since exec
        stack.extend(children.get(pid, ()))
    return resident, proportional, largest


def _proc_bytes(pid: int, file: str, field: str) -> int:
    """A size in `/proc/PID/FILE` (a line "FIELD: N kB"), in bytes; 0 if the process has ended."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run `command` to its end and measure it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    highest = highest_proportional = largest = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal highest, highest_proportional, largest
        while not stop.wait(SAMPLE_EVERY):
            resident, proportional, high_water = _tree_memory(process.pid)
            highest = max(highest, resident)
            highest_proportional = max(highest_proportional, proportional)
            largest = max(largest, high_water)

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
        peak_mb=largest / 2**20,
        total_mb=max(highest, largest) / 2**20,
        proportional_mb=highest_proportional / 2**20,
        returncode=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )
