"""What a renderer is: one output format, built from one Document.

A renderer is a class with the metadata below and a `render` method; it is
found through the `builder.renderers` entry-point group (the built-in ones are
declared in pyproject.toml exactly as a plug-in would declare its own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from builder.config import Project, Settings
from builder.document import Document
from builder.errors import Finding
from builder.resources import Resources


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Everything a renderer may use besides the document itself."""

    settings: Settings
    project: Project
    resources: Resources
    threads: int = 0
    """How many threads an engine may use (onnxruntime for Piper); 0 for the renderer's default."""
    cache_dir: Path | None = None
    """A folder for caches that outlive one build (the audio's sentence cache), if the caller has one."""


def last_changed(doc: Document, options: RenderOptions) -> dt.datetime:
    """When the article last changed: its review or publication date, else its file's time.

    Every timestamp inside an output comes from here, so an unchanged article
    gives the same bytes however often it is built.
    """
    day = doc.metadata.reviewed or doc.metadata.date
    if day is not None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    path = options.project.root / doc.source_path
    try:
        return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.UTC)
    except OSError:
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class RenderResult:
    """The files a renderer wrote into its `out_dir`, and what it found worth a warning."""

    files: tuple[Path, ...]
    findings: tuple[Finding, ...] = ()


@runtime_checkable
class Renderer(Protocol):
    """The contract every output format fulfils."""

    name: ClassVar[str]
    """The format's name on the command line and in the entry point."""
    suffix: ClassVar[str]
    """The main output file's suffix, such as '.pdf'."""
    media_type: ClassVar[str]
    description: ClassVar[str]
    """One line for `handout formats`."""

    @classmethod
    def check_available(cls) -> None:
        """Raise RendererUnavailable, saying what to install, if this machine cannot build the format."""

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        """Write the format into `out_dir` (and nowhere else) and say which files were written."""
        ...
