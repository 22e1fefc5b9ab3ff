"""Batch-build benchmark: cold, no-op and one-paragraph-edit builds, and the speed-up of --jobs 2.

Prints, measured in one run on this machine (every figure a ratio against a
baseline measured in the same run):
  1. a cold build of the seed article in every format: time and peak memory;
  2. a no-op rebuild (target: at most 2 % of the cold build);
  3. a rebuild after editing one paragraph (target: under 25 % of the cold build);
  4. a batch of the real articles of ../shared/corpus/real plus 20 copies of the seed under new
     names, cold, with --jobs 1 and with --jobs 2 (target: a speed-up of at least 1.8). In every
     format this is long (the longest article is 100 minutes of speech): `--copies`, `--formats`
     and `--corpus-limit` shrink it for a quick check.
Each build is the real `handout build` command in a fresh project folder, as a user runs it
(with Python's bytecode cache on, whatever this shell says).

    .venv/bin/python bench/bench_batch.py [--formats pdf,docx,...] [--copies 20] [--skip-batch | --skip-single]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from project import ROOT, SEED, copy_project

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
ALL_FORMATS = "pdf,docx,epub,mp3,html,txt"
CORPUS_KEYS = "[current_url, license_note, retrieved_via, text_date, conversion_note, corpus_kind]"
USER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    built: int


def handout(project: Path, *args: str) -> Run:
    """Run `handout build` in `project`; wall time and the peak memory of its largest process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "builder", "--project", str(project), "build", "--json", *args],
        capture_output=True,
        text=True,
        check=False,
        env=USER_ENVIRONMENT,
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"handout build failed:\n{result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(result.stdout) if result.stdout.strip() else {"results": []}
    built = sum(1 for r in report["results"] if r["format"] and r["status"] == "built")
    return Run(seconds, max(peak, before) / 1024, built)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formats", default=ALL_FORMATS)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument(
        "--corpus-limit", type=int, default=0, help="only the N shortest corpus articles (0: all)"
    )
    parser.add_argument("--skip-batch", action="store_true", help="only the single-article figures")
    parser.add_argument("--skip-single", action="store_true", help="only the batch")
    args = parser.parse_args()
    formats = ["-f", args.formats]
    print(f"formats: {args.formats}; cores: {os.cpu_count()}")
    if not args.skip_single:
        single(formats)
    if not args.skip_batch:
        batch(formats, args.copies, args.corpus_limit)
    return 0


def single(formats: list[str]) -> None:
    """Cold, no-op and one-edit builds of the seed, with the default --jobs (the cores), as a user types it."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        project = copy_project(Path(folder), extra_keys=CORPUS_KEYS)
        seed = project / "source" / SEED.name
        cold = handout(project, *formats)
        print(
            f"cold build of the seed:      {cold.seconds:7.2f} s  peak {cold.peak_mb:6.0f} MB  ({cold.built} outputs built)"
        )
        noop = handout(project, *formats)
        ratio = noop.seconds / cold.seconds
        verdict = "ok" if ratio <= 0.02 else "OVER TARGET"
        print(
            f"no-op rebuild:               {noop.seconds:7.2f} s  = {ratio:6.1%} of cold (target <= 2 %: {verdict})"
        )
        text = seed.read_text(encoding="utf-8")
        seed.write_text(
            text.replace("All patients in both trials", "All of the patients in both trials"), "utf-8"
        )
        edit = handout(project, *formats)
        ratio = edit.seconds / cold.seconds
        verdict = "ok" if ratio < 0.25 else "OVER TARGET"
        print(
            f"one-paragraph edit:          {edit.seconds:7.2f} s  = {ratio:6.1%} of cold (target < 25 %: {verdict})"
        )


def batch(formats: list[str], copies: int, corpus_limit: int) -> None:
    articles = sorted(CORPUS.glob("*.md"), key=lambda p: p.stat().st_size) if CORPUS.is_dir() else []
    if corpus_limit:
        articles = articles[:corpus_limit]
    times = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
            project = copy_project(Path(folder), articles, extra_keys=CORPUS_KEYS)
            for n in range(copies):
                shutil.copy(SEED, project / "source" / f"seed-copy-{n:02d}.md")
            run = handout(project, *formats, "-j", str(jobs))
            times[jobs] = run.seconds
            count = len(articles) + copies
            print(
                f"batch of {count} articles, --jobs {jobs}: {run.seconds:7.2f} s  peak {run.peak_mb:6.0f} MB"
                f"  ({run.built} outputs built)",
                flush=True,
            )
    speedup = times[1] / times[2]
    verdict = "ok" if speedup >= 1.8 else "UNDER TARGET"
    print(f"speed-up of --jobs 2:        {speedup:7.2f}x (target >= 1.8: {verdict})", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
