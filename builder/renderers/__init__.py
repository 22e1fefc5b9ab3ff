"""What a renderer is: one output format, built from one composed handout.

A renderer is a class with the metadata below and a `render` method; it is
found through the `builder.renderers` entry-point group (the built-in ones are
declared in pyproject.toml exactly as a plug-in would declare its own). It is
given the article (`doc`) and `options`: the composed handout (its parts, in
order, words resolved) and the inputs the pipeline read for it (stylesheets,
fonts, pictures, lexicon). It reads no file and writes only into `out_dir`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from builder.compose import Handout, compose
from builder.config import Project, Settings
from builder.document import Document
from builder.errors import Finding, Location
from builder.inputs import Inputs, gather
from builder.resources import Resources


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Everything a renderer may use besides the document itself."""

    settings: Settings
    """The article's merged settings, with the clinic's words made safe (see `compose`)."""
    project: Project
    resources: Resources
    handout: Handout
    """The handout's parts in reading order: what every format shows."""
    inputs: Inputs
    """What was read from disk for this article: assets, fonts, pictures, lexicon, timestamp."""
    threads: int = 0
    """How many threads an engine may use (onnxruntime for Piper); 0 for the renderer's default."""
    cache_dir: Path | None = None
    """A folder for caches that outlive one build (the audio's sentence cache), if the caller has one."""

    @classmethod
    def prepare(
        cls,
        doc: Document,
        *,
        settings: Settings,
        project: Project,
        uses: Iterable[str] = (),
        pictures: bool = True,
        threads: int = 0,
        cache_dir: Path | None = None,
    ) -> RenderOptions:
        """Compose the handout and read its inputs: what the pipeline does once per article.

        `uses` are the assets the formats declare; `pictures` whether any of them shows pictures.
        """
        handout = compose(doc, settings, settings_file=Location(project.relative(project.settings_path)))
        inputs = gather(
            doc, settings=handout.settings, project=project, uses=uses, pictures=pictures, handout=handout
        )
        return cls(
            settings=handout.settings,
            project=project,
            resources=Resources.for_article(project, doc.source_path),
            handout=handout,
            inputs=inputs,
            threads=threads,
            cache_dir=cache_dir,
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What composing and reading found, reported with every format's own findings."""
        return (*self.handout.findings, *self.inputs.findings)

    @property
    def modified(self) -> dt.datetime:
        """When the article last changed: every timestamp inside an output comes from here."""
        return self.inputs.modified


@dataclass(frozen=True, slots=True)
class RenderResult:
    """The files a renderer wrote into its `out_dir`, and what it found worth a warning."""

    files: tuple[Path, ...]
    findings: tuple[Finding, ...] = ()


@runtime_checkable
class Renderer(Protocol):
    """The contract every output format fulfils.

    A renderer may also declare `uses: ClassVar[tuple[str, ...]]`, the files of
    `assets/` it needs (such as 'print.css'); the pipeline reads them into
    `options.inputs.assets` before `render` is called. One that never shows
    pictures (plain text, speech) declares `shows_pictures: ClassVar[bool] = False`,
    so a build of it alone neither reads nor warns about them.

    A renderer that shows what other formats made (the listening site: their
    sizes, the transcript's timings) declares `after: ClassVar[tuple[str, ...]]`,
    those formats: the pipeline builds it once they are done for the article and
    gives it their files in `options.inputs.built` (their bytes too for the suffixes it names in
    `reads: ClassVar[tuple[str, ...]]`: the read-along e-book reads '.mp3'). `default_with` names formats
    with which it is built when no format is asked for on the command line. A
    `library(entries, *, assets, fonts, out_dir)` class method, if it has one,
    is called once per build, after every article, to write what lists them all.
    One whose work runs in threads of its own (the audio's speech engine) declares
    `apart: ClassVar[bool] = True`: on a cluster's worker it renders in a plain
    child process, away from the worker's own threads.
    """

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


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One article in a build-wide listing: its document, settings and the files its formats wrote."""

    document: Document
    settings: Settings
    files: tuple[str, ...]
    """Its files inside its output folder, by name."""


def uses_of(renderer: type[Renderer]) -> tuple[str, ...]:
    """The assets a renderer declares it needs (none if it declares nothing)."""
    return tuple(getattr(renderer, "uses", ()))


def shows_pictures(renderer: type[Renderer]) -> bool:
    """Whether a renderer shows pictures (yes unless it says otherwise)."""
    return bool(getattr(renderer, "shows_pictures", True))


def after_of(renderer: type[Renderer]) -> tuple[str, ...]:
    """The formats whose files a renderer uses, so it is built after them (none if it declares none)."""
    return tuple(getattr(renderer, "after", ()))


def reads_of(renderer: type[Renderer]) -> tuple[str, ...]:
    """The suffixes of the followed formats' files whose bytes a renderer is given (none by default)."""
    return tuple(getattr(renderer, "reads", ()))


def default_with_of(renderer: type[Renderer]) -> tuple[str, ...]:
    """The formats with which a renderer is built by default (none: only when asked for)."""
    return tuple(getattr(renderer, "default_with", ()))


def renders_apart(renderer: type[Renderer]) -> bool:
    """Whether a renderer asks for a process of its own on a cluster's worker (no, unless it says so)."""
    return bool(getattr(renderer, "apart", False))
