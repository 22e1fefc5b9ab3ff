"""How much Handout adds to WeasyPrint when it builds the seed article's PDF.

Prints, in one run, the time (wall clock and CPU) and peak memory of
  - Handout building the seed article's PDF (load, check, convert, render, write), and
  - WeasyPrint alone rendering the very same HTML to a PDF/UA-1 file,
and the overhead ratio, judged on CPU time (the figure least disturbed by other
work on the machine). Exits with status 1 if the overhead is over the budget (20 %).

    .venv/bin/python bench/bench_pdf.py [--runs 9]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from project import SEED, copy_project

from builder import Project, Registry, build, load_article, load_settings
from builder.fonts import font_files
from builder.renderers import RenderOptions
from builder.renderers.pdf import SCHEME, PdfRenderer

BUDGET = 0.20


def plain_html(project: Project) -> str:
    """The HTML Handout gives WeasyPrint, with its handout:// font URLs turned into ordinary file URLs."""
    article = load_article(project.source_dir / SEED.name, project=project, settings=load_settings(project))
    options = RenderOptions.prepare(
        article.document, settings=article.settings, project=project, uses=PdfRenderer.uses
    )
    html = PdfRenderer().page_html(options)
    fonts = {path.name: path for path in font_files().values()}
    return re.sub(rf"{SCHEME}://fonts/([^'\")\s]+)", lambda match: fonts[match[1]].as_uri(), html)


def interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """(median wall seconds, least CPU seconds) of each action over `runs` rounds, run in turn.

    Running them in turn spreads any other load on the machine over both; the
    least CPU time of a single-threaded build is the figure least disturbed by it.
    """
    wall: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            cpu[name].append(time.process_time() - started_cpu)
            wall[name].append(time.perf_counter() - started)
    return {name: (statistics.median(wall[name]), min(cpu[name])) for name in actions}


def traced_peak(action: Callable[[], object]) -> float:
    """Peak Python heap (tracemalloc) of one run, in MiB."""
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def process_peak(which: str, html_file: Path) -> float:
    """Peak resident memory, in MiB, of a fresh Python process doing one build of `which`."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", which, str(html_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip()) / 1024


class Bench:
    """The seed article in a throw-away project, and the two ways of turning it into a PDF."""

    def __init__(self, tmp: Path) -> None:
        import weasyprint

        self.weasyprint = weasyprint
        self.project = Project.at(copy_project(tmp / "project"))
        self.out = tmp / "output"
        self.registry = Registry.discover()
        self.html = plain_html(self.project)
        self.alone_pdf = tmp / "weasyprint-alone.pdf"
        self.handout_pdf = self.out / SEED.stem / f"{SEED.stem}.pdf"

    def handout(self) -> None:
        report = build(
            [self.project.source_dir / SEED.name],
            project=self.project,
            output_dir=self.out,
            registry=self.registry,
            formats=("pdf",),
            force=True,  # every run really builds: no skipping of unchanged articles
        )
        if not report.ok:
            raise SystemExit(f"the build failed: {report.failed[0].error}")

    def weasyprint_alone(self) -> None:
        self.weasyprint.HTML(string=self.html).write_pdf(self.alone_pdf, pdf_variant="pdf/ua-1")


def child(which: str, html_file: Path) -> int:
    """Build once, the Handout way or with WeasyPrint alone, and print the peak resident memory in KiB."""
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        if which == "handout":
            bench = Bench(Path(tmp))
            bench.handout()
        else:
            import weasyprint

            html = html_file.read_text(encoding="utf-8")
            weasyprint.HTML(string=html).write_pdf(Path(tmp) / "alone.pdf", pdf_variant="pdf/ua-1")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed rounds (the median is shown)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "HTML"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]))

    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        bench = Bench(Path(tmp))
        bench.handout()  # warm up: imports, fonts, caches
        bench.weasyprint_alone()
        times = interleaved({"alone": bench.weasyprint_alone, "handout": bench.handout}, args.runs)
        heap = {"alone": traced_peak(bench.weasyprint_alone), "handout": traced_peak(bench.handout)}
        sizes = {"alone": bench.alone_pdf.stat().st_size, "handout": bench.handout_pdf.stat().st_size}
        html_file = Path(tmp) / "page.html"
        html_file.write_text(bench.html, encoding="utf-8")
        rss = {name: process_peak(name, html_file) for name in ("alone", "handout")}

    overhead = times["handout"][1] / times["alone"][1] - 1
    print(f"seed article {SEED.name}, {args.runs} interleaved rounds")
    print(f"{'':18}{'wall (median)':>15}{'CPU (least)':>13}{'Python heap':>13}{'process RSS':>13}{'PDF':>10}")
    for name, label in (("alone", "WeasyPrint alone"), ("handout", "Handout pdf")):
        wall, cpu = times[name]
        print(
            f"{label:18}{wall * 1000:>12.1f} ms{cpu * 1000:>10.1f} ms{heap[name]:>9.1f} MiB"
            f"{rss[name]:>9.1f} MiB{sizes[name]:>10,}"
        )
    print(f"overhead (CPU) {overhead:+.1%}, budget {BUDGET:.0%}")
    return 0 if overhead <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
