"""The benchmarks' measurements of memory: what a machine must have free for a command and its workers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from measure import measure

# 200 MiB touched page by page, then a forked child that shares them for most of a second.
FORKED = """
import os, time
block = bytearray(200 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
if os.fork() == 0:
    time.sleep(0.8)
    os._exit(0)
time.sleep(0.9)
os.wait()
"""


def test_pages_a_forked_worker_shares_count_twice_resident_and_once_proportional() -> None:
    # The measuring process is large too: its memory must not be counted in the command's (the
    # kernel's ru_maxrss keeps the high-water mark of the copy of it made before exec).
    caller = bytearray(300 * 2**20)
    for i in range(0, len(caller), 4096):
        caller[i] = 1
    measured = measure([sys.executable, "-c", FORKED])
    del caller
    assert measured.returncode == 0
    assert 200 <= measured.peak_mb < 260  # the largest process holds the block once
    assert measured.total_mb >= 400  # resident: parent and child each count the shared block
    assert 200 <= measured.proportional_mb < 280  # proportional: the block counts once in all
