"""A build on a Dask cluster against a local build on the same cores, alternating, in one run.

Local: a cold `handout build -j 2` of the seed (a fresh project folder, no sentence cache).
Cluster: the same cold build with `--cluster`, on a scheduler and two single-threaded worker
processes started on 127.0.0.1 for that run (`dask scheduler`, `dask worker --nworkers 2
--nthreads 1`, each with a temporary folder of its own, so no sentence cache is left from a run
before). Starting the cluster is not timed (a cluster's workers outlive one build); everything a
build does on it is: shipping the tasks, the workers' first imports, the files coming back.
Prints the medians of wall time and the cluster's ratio to the local build (target: at most 1.15).

    .venv/bin/python bench/bench_cluster.py [--runs 2] [--formats pdf,docx,...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import Measured, measure
from project import copy_project

TARGET = 1.15
ALL_FORMATS = "pdf,docx,epub,mp3,html,txt"
BIN = Path(sys.executable).parent
USER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def start_cluster(folder: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and two worker processes of one thread each on 127.0.0.1; its address."""
    env = {**USER_ENVIRONMENT, "TMPDIR": str(folder)}
    address_file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen(
        [
            str(BIN / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(address_file),
        ],
        **quiet,  # type: ignore[call-overload]
    )
    workers = subprocess.Popen(
        [
            str(BIN / "dask"),
            "worker",
            "--scheduler-file",
            str(address_file),
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
            "--local-directory",
            str(folder),
        ],
        **quiet,  # type: ignore[call-overload]
    )
    from distributed import Client

    deadline = time.monotonic() + 120
    while not address_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the scheduler did not start")
        time.sleep(0.2)
    address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=120)
    return address, [workers, scheduler]


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cold_build(formats: str, *extra: str) -> Measured:
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder:
        project = copy_project(Path(folder))
        command = [sys.executable, "-m", "builder", "--project", str(project), "build", "-f", formats, *extra]
        result = measure(command, env=USER_ENVIRONMENT)
        if result.returncode != 0:
            raise SystemExit(f"handout build {' '.join(extra)} failed:\n{result.stderr}")
        return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--formats", default=ALL_FORMATS)
    args = parser.parse_args()
    print(f"formats: {args.formats}; cores: {os.cpu_count()}; runs: {args.runs}, alternating", flush=True)
    local: list[Measured] = []
    remote: list[Measured] = []
    for run in range(1, args.runs + 1):
        local.append(cold_build(args.formats, "-j", "2"))
        print(f"run {run}: local   {local[-1].wall:7.2f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-cluster-workers-") as folder:
            address, processes = start_cluster(Path(folder))
            try:
                remote.append(cold_build(args.formats, "--cluster", address))
            finally:
                stop(processes)
        print(f"run {run}: cluster {remote[-1].wall:7.2f} s", flush=True)
    here = statistics.median(m.wall for m in local)
    there = statistics.median(m.wall for m in remote)
    ratio = there / here
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"local build, -j 2:        {here:7.2f} s (median)")
    print(f"cluster, 2 workers:       {there:7.2f} s (median)")
    print(f"cluster / local:          {ratio:7.2f}x (target <= {TARGET}: {verdict})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
