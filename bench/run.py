"""Run every benchmark in turn (`make bench`): PDF overhead, audio against raw Piper, the peer
chain, the long article's memory, batch builds, listening.

Each prints its own figures, measured against a baseline in the same run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "bench_pdf.py",
    "bench_audio.py",
    "bench_peers.py",
    "bench_long.py",
    "bench_batch.py",
    "bench_cluster.py",
    "bench_listening.py",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)], check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nover budget or failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
