"""Handout against the chain of tools a user could script instead, on the same article, in one run.

The peer chain, run one tool after the other as a shell script would:
  pandoc     the Markdown to docx, epub, standalone html and plain text;
  WeasyPrint pandoc's HTML to a PDF/UA-1 PDF;
  piper      the words Handout's audio says (its speech script, one sentence a line, written
             before the clock starts) to speech: the `piper` command of piper-tts, the same voice;
  lame       the WAV to a 96 kbps constant-bit-rate 44.1 kHz MP3 (as Handout's speech profile).
Handout: a cold `handout build` (no output/, no sentence cache) in every default format, with
the default --jobs. Each is run --runs times, alternating, each run in a fresh folder; the
medians of wall time, CPU time (every process) and peak memory (the largest process, and the
largest sum over all processes at one moment) are printed with Handout's ratios to the chain.
Targets: wall time at most 1.0 times the chain's (aim 0.8), peak memory at most 1.2 times.

pandoc and lame come from Debian (`apt-get install pandoc lame`, in the Makefile's set-up);
without them this prints which is missing and exits with status 2.

    .venv/bin/python bench/bench_peers.py [--runs 3] [--article source/NAME.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from measure import Measured, measure
from project import ROOT, SEED, copy_project

WALL_TARGET = 1.0
MEMORY_TARGET = 1.2
BIN = Path(sys.executable).parent
USER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def missing_tools() -> list[str]:
    wanted = {"pandoc": "pandoc", "lame": "lame"}
    missing = [f"{tool} (apt-get install {package})" for tool, package in wanted.items() if not shutil.which(tool)]
    for tool in ("weasyprint", "piper"):
        if not (BIN / tool).exists():
            missing.append(f"{tool} (run 'make setup')")
    return missing


def peer_script(article: Path, folder: Path, voice: Path, words: Path) -> str:
    """The shell script a user could write for the same outputs."""
    stem = folder / article.stem
    return " && ".join(
        [
            f"pandoc '{article}' -s -o '{stem}.html'",
            f"pandoc '{article}' -o '{stem}.docx'",
            f"pandoc '{article}' -o '{stem}.epub'",
            f"pandoc '{article}' -t plain --wrap=none -o '{stem}.txt'",
            f"'{BIN / 'weasyprint'}' --pdf-variant pdf/ua-1 '{stem}.html' '{stem}.pdf'",
            f"'{BIN / 'piper'}' -m '{voice}' -i '{words}' -f '{stem}.wav'",
            f"lame --quiet --cbr -b 96 --resample 44.1 -m m -q 5 '{stem}.wav' '{stem}.mp3'",
        ]
    )


def spoken_words(article: Path) -> str:
    """What Handout's audio of `article` says, one utterance a line."""
    from builder import Project, load_article, load_settings
    from builder.renderers import RenderOptions
    from builder.renderers.audio import AudioRenderer
    from builder.speech.script import make_script

    with tempfile.TemporaryDirectory(prefix="bench-peers-") as folder:
        project = Project.at(copy_project(Path(folder), [article]))
        loaded = load_article(project.source_dir / article.name, project=project, settings=load_settings(project))
        options = RenderOptions.prepare(
            loaded.document, settings=loaded.settings, project=project, uses=AudioRenderer.uses
        )
        script = make_script(options.handout, lexicon=options.inputs.lexicon)
    return "".join(f"{u.spoken}\n" for u in script.utterances if u.spoken.strip())


def run_peers(article: Path, voice: Path, words: str) -> Measured:
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as folder, tempfile.NamedTemporaryFile(
        "w", suffix=".txt", encoding="utf-8"
    ) as said:
        said.write(words)
        said.flush()
        result = measure(
            ["bash", "-c", peer_script(article, Path(folder), voice, Path(said.name))], env=USER_ENVIRONMENT
        )
        made = sorted(p.suffix for p in Path(folder).iterdir())
    if result.returncode != 0 or made != [".docx", ".epub", ".html", ".mp3", ".pdf", ".txt", ".wav"]:
        raise SystemExit(f"the peer chain failed ({made}):\n{result.stderr}")
    return result


def run_handout(article: Path) -> Measured:
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as folder:
        project = copy_project(Path(folder) / "project", [article])
        result = measure(
            [sys.executable, "-m", "builder", "--project", str(project), "-q", "build"], env=USER_ENVIRONMENT
        )
        made = sorted(p.suffix for p in (project / "output" / article.stem).iterdir())
    if result.returncode != 0 or not {".docx", ".epub", ".html", ".mp3", ".pdf", ".txt"} <= set(made):
        raise SystemExit(f"handout build failed ({made}):\n{result.stderr}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each, alternating (the median is shown)")
    parser.add_argument("--article", type=Path, default=SEED.relative_to(ROOT))
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print(f"cannot compare with the peer chain: missing {', '.join(missing)}")
        return 2

    from builder.speech.engines.piper import installed_voices

    voice, _ = installed_voices()["en_US-joe-medium"]
    article = (ROOT / args.article).resolve()
    words = spoken_words(article)
    runs: dict[str, list[Measured]] = {"peers": [], "handout": []}
    for number in range(1, args.runs + 1):
        for name, action in (("handout", lambda: run_handout(article)), ("peers", lambda: run_peers(article, voice, words))):
            done = action()
            runs[name].append(done)
            print(
                f"run {number}, {name}: {done.wall:.1f} s wall, {done.cpu:.1f} s CPU,"
                f" peak {done.peak_mb:.0f} MiB (largest process), {done.total_mb:.0f} MiB (all),"
                f" {done.proportional_mb:.0f} MiB (all, proportional)",
                flush=True,
            )

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(run, field) for run in runs[name])

    print(f"article {args.article}, every default format, {args.runs} alternating runs, {os.cpu_count()} cores")
    print(f"{'':28}{'wall':>9}{'CPU':>9}{'peak process':>14}{'peak total':>12}{'PSS total':>12}")
    for name, label in (("peers", "peer chain (pandoc ... lame)"), ("handout", "handout build, cold")):
        print(
            f"{label:28}{median(name, 'wall'):>7.1f} s{median(name, 'cpu'):>7.1f} s"
            f"{median(name, 'peak_mb'):>10.0f} MiB{median(name, 'total_mb'):>8.0f} MiB"
            f"{median(name, 'proportional_mb'):>8.0f} MiB"
        )
    wall = median("handout", "wall") / median("peers", "wall")
    cpu = median("handout", "cpu") / median("peers", "cpu")
    memory = median("handout", "total_mb") / median("peers", "total_mb")
    process = median("handout", "peak_mb") / median("peers", "peak_mb")
    shared_once = median("handout", "proportional_mb") / median("peers", "proportional_mb")
    print(f"handout / peers: wall {wall:.2f} (target <= {WALL_TARGET}, aim 0.8), CPU {cpu:.2f}")
    print(
        f"handout / peers: peak memory {memory:.2f} all processes, {process:.2f} largest process"
        f" (target <= {MEMORY_TARGET}); {shared_once:.2f} all processes counted proportionally"
        " (pages forked workers share counted once: information, not the target)"
    )
    return 0 if wall <= WALL_TARGET and memory <= MEMORY_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
