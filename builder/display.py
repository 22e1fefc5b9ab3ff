"""What `handout build` shows while it works and when it ends: a progress bar on a terminal (a line
per task elsewhere), the warnings and errors once each, the summary table, and the report as JSON."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from builder.config import Project
from builder.report import BuildReport, TaskResult

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

logger = logging.getLogger("builder")


class Display:
    """Progress while building (a bar on a terminal, a line per task elsewhere) and the summary."""

    def __init__(self, project: Project, *, live: bool) -> None:
        self.project = project
        self.live = live
        self.total = 0
        self.done = 0
        self.said: set[str] = set()
        self.progress: Progress | None = None
        self.bar: TaskID | None = None

    def __enter__(self) -> Display:
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("Building"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def planned(self, tasks: int) -> None:
        self.total = tasks
        if self.progress:
            self.bar = self.progress.add_task("", total=tasks)

    def finished(self, result: TaskResult) -> None:
        for finding in result.findings:
            self._say(logging.WARNING, f"warning: {finding}")
        if result.status == "failed":
            self._say(logging.ERROR, f"error: {result.error}")
        if not result.format or result.status == "unchanged":
            return
        self.done += 1
        what = f"{result.source} {result.format}"
        if self.progress and self.bar is not None:
            self.progress.update(self.bar, advance=1, description=what)
        elif result.status == "built":
            size = _size(result.size)
            logger.info("[%d/%d] built %s (%s, %.1f s)", self.done, self.total, what, size, result.seconds)
            for path in result.files:
                logger.debug("built %s", self.project.relative(path))

    def _say(self, level: int, message: str) -> None:
        if logger.level > level or message in self.said:
            return
        self.said.add(message)
        if self.progress:
            self.progress.console.print(message, markup=False, highlight=False)
        else:
            logger.log(level, message)

    def summary(self, report: BuildReport) -> None:
        rows = sorted((r for r in report.results if r.format), key=lambda r: (str(r.source), r.format))
        for path in report.stale:
            where = self.project.relative(path)
            logger.warning(
                "warning: %s is left from an article no longer in source/: --clean removes it", where
            )
        for path in report.removed:
            logger.info("removed %s", self.project.relative(path))
        if report.interrupted:
            logger.error(
                "error: the build was interrupted; finished outputs are complete, the rest were not built"
            )
        if logger.level <= logging.INFO and rows and (self.live or len(rows) > 1):
            from rich import box
            from rich.console import Console
            from rich.table import Table

            table = Table(box=box.SIMPLE if self.live else box.ASCII2, show_footer=False)
            for name, justify in (
                ("article", "left"),
                ("format", "left"),
                ("status", "left"),
                ("size", "right"),
                ("time", "right"),
            ):
                table.add_column(name, justify=justify)  # type: ignore[arg-type]
            for r in rows:
                table.add_row(str(r.source), r.format, r.status, _size(r.size), f"{r.seconds:.1f} s")
            Console(stderr=True, width=None if self.live else 120, no_color=not self.live).print(table)
        built = [r for r in rows if r.status == "built"]
        files = sum(len(r.files) for r in built)
        parts = [f"built {files} file{'s' if files != 1 else ''}"]
        unchanged = sum(1 for r in rows if r.status == "unchanged")
        if unchanged:
            parts.append(f"{unchanged} up to date")
        if report.failed:
            parts.append(f"{len(report.failed)} failed")
        if report.findings:
            count = len(report.findings)
            parts.append(f"{count} warning{'s' if count != 1 else ''}")
        seconds = sum(r.seconds for r in built)
        logger.info("%s (%.1f s of work)", "; ".join(parts), seconds)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def report_json(report: BuildReport, project: Project) -> dict[str, object]:
    return {
        "ok": report.ok,
        "interrupted": report.interrupted,
        "results": [
            {
                "source": str(r.source),
                "format": r.format or None,
                "status": r.status,
                "files": [str(project.relative(p)) for p in r.files],
                "size": r.size,
                "seconds": round(r.seconds, 3),
                "error": r.error or None,
                "warnings": [str(f) for f in r.findings],
            }
            for r in report.results
        ],
        "stale": [str(project.relative(p)) for p in report.stale],
        "removed": [str(project.relative(p)) for p in report.removed],
    }
