"""What a build reports and what bounds it: light types, importable without any renderer's library.

`handout build` with nothing to do (see `builder.quick`) answers with these
alone; `tasks.py`, `workers.py` and `pipeline.py` use them for real builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from builder.errors import Finding

Status = Literal["built", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome of one article in one format (format is '' for the article as a whole)."""

    source: Path
    format: str
    status: Status
    files: tuple[Path, ...] = ()
    error: str = ""
    seconds: float = 0.0
    findings: tuple[Finding, ...] = ()

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.files if path.exists())


@dataclass(frozen=True, slots=True)
class BuildReport:
    results: tuple[TaskResult, ...] = field(default=())
    stale: tuple[Path, ...] = ()
    """Output files whose article is no longer in source/."""
    removed: tuple[Path, ...] = ()
    """Stale files removed by `clean=True`."""
    interrupted: bool = False

    @property
    def failed(self) -> tuple[TaskResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every warning once, even when several formats found the same thing."""
        return tuple(dict.fromkeys(f for r in self.results for f in r.findings))

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


@dataclass(frozen=True, slots=True)
class Limits:
    """What one task may use. Documented in the README; `handout build` has an option for each."""

    seconds: int = 1800
    """Wall-clock time one article may take in one format."""
    memory_mb: int = 6144
    """Address space of one worker process (enforced in worker processes only). The longest real
    article we know (94 KB, 100 minutes of audio) peaks at about 3.5 GB while its MP3 is made."""
    threads: int = 1
    """Threads each worker's engines may use (onnxruntime for Piper): one per worker by default."""


class BuildListener(Protocol):
    """Told what happens during a build, for a progress display."""

    def planned(self, tasks: int) -> None:
        """`tasks` artifacts are to be built (those up to date are not counted)."""

    def finished(self, result: TaskResult) -> None:
        """One artifact was built, found up to date, or failed."""
