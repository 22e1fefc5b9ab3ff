"""build(...) -> BuildReport: load each article, render each format, write atomically, report.

One article failing never stops the others. Every renderer writes into a
private staging folder; only when it has finished are its files renamed into
place, so an output file is always either the previous complete one or the
new complete one, never a truncated one.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from builder import convert, schema
from builder.config import Project, Settings, load_settings
from builder.document import Document
from builder.errors import Finding, HandoutError, Location, RenderError, SourceError
from builder.registry import Registry
from builder.renderers import RenderOptions
from builder.resources import Resources
from builder.source import read_text, remove_forbidden_characters, split

logger = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")

Status = Literal["built", "failed"]


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article: its document, its merged settings and the warnings found so far."""

    document: Document
    settings: Settings
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome of one article in one format (format is '' when the article did not load)."""

    source: Path
    format: str
    status: Status
    files: tuple[Path, ...] = ()
    error: str = ""
    seconds: float = 0.0
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildReport:
    results: tuple[TaskResult, ...] = field(default=())

    @property
    def failed(self) -> tuple[TaskResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    @property
    def ok(self) -> bool:
        return not self.failed


def slug_for(path: Path) -> str:
    """The article's name in `output/`: its file name without `.md`, made safe for any file system."""
    return path.stem if _SAFE_NAME.fullmatch(path.stem) else convert.slugify(path.stem)


def load_article(
    path: Path, *, project: Project, settings: Settings, overrides: Mapping[str, Any] | None = None
) -> Article:
    """Read, check and convert one article; SourceError names the file and line of any problem."""
    shown = project.relative(path)
    if not project.contains(path):
        raise SourceError(Location(shown), "the article is outside the project folder: move it into source/")
    text, cleaned = remove_forbidden_characters(read_text(path, shown=shown), shown)
    source = split(text, shown)
    schema.check(source, schema.front_matter_schema(), extra_keys=settings.extra_keys)
    merged = settings.merged(source.front_matter).merged(overrides or {})
    doc, findings = convert.to_document(source, slug=slug_for(path))
    return Article(doc, merged, cleaned + findings)


def build(
    paths: Iterable[Path],
    *,
    project: Project,
    output_dir: Path,
    registry: Registry,
    formats: tuple[str, ...] = (),
    overrides: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> BuildReport:
    """Build every article in `paths` in its formats (`formats`, else its settings' formats)."""
    registry.check_names(formats)
    try:
        clinic = load_settings(project)
    except SourceError as error:
        return BuildReport(
            (TaskResult(project.relative(project.settings_path), "", "failed", error=str(error)),)
        )
    results: list[TaskResult] = []
    for path in paths:
        shown = project.relative(path)
        try:
            article = load_article(path, project=project, settings=clinic, overrides=overrides)
        except SourceError as error:
            logger.debug("could not load %s", shown, exc_info=True)
            results.append(TaskResult(shown, "", "failed", error=str(error)))
            continue
        if strict and article.findings:
            first = article.findings[0]
            results.append(
                TaskResult(
                    shown,
                    "",
                    "failed",
                    error=f"{first} (--strict makes warnings errors)",
                    findings=article.findings,
                )
            )
            continue
        wanted = formats or article.settings.formats
        unknown = [name for name in wanted if name not in registry.names()]
        if unknown:
            message = (
                f"{shown}: '{unknown[0]}' is not a format: the formats are {', '.join(registry.names())}"
            )
            results.append(TaskResult(shown, "", "failed", error=message, findings=article.findings))
            continue
        results.append(TaskResult(shown, "", "built", findings=article.findings))
        for name in wanted:
            results.append(
                render_one(
                    article, name, project=project, output_dir=output_dir, registry=registry, strict=strict
                )
            )
    return BuildReport(tuple(results))


def render_one(
    article: Article,
    name: str,
    *,
    project: Project,
    output_dir: Path,
    registry: Registry,
    strict: bool = False,
) -> TaskResult:
    """Render one article in one format into `output_dir/<slug>/`, atomically."""
    doc = article.document
    started = time.perf_counter()
    target = output_dir / doc.slug
    options = RenderOptions(
        settings=article.settings, project=project, resources=Resources.for_article(project, doc.source_path)
    )
    try:
        renderer_class = registry.load(name)
        renderer_class.check_available()
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=target) as staging:
            result = renderer_class().render(doc, options=options, out_dir=Path(staging))
            if strict and result.findings:
                raise RenderError(f"{result.findings[0]} (--strict makes warnings errors)")
            files = tuple(_commit(Path(staging), path, target) for path in result.files)
    except HandoutError as error:
        return _failure(doc, name, str(error), started)
    except OSError as error:
        return _failure(doc, name, f"cannot write to {target} ({error.strerror})", started)
    except Exception as error:  # a renderer's bug must not stop the other articles
        logger.debug("the %s renderer failed on %s", name, doc.source_path, exc_info=True)
        message = (
            f"the {name} renderer failed unexpectedly ({type(error).__name__}: {error}); please report this"
        )
        return _failure(doc, name, message, started)
    return TaskResult(
        doc.source_path,
        name,
        "built",
        files=files,
        seconds=time.perf_counter() - started,
        findings=result.findings,
    )


def _failure(doc: Document, name: str, message: str, started: float) -> TaskResult:
    if not message.startswith(str(doc.source_path)):
        message = f"{doc.source_path}: {name}: {message}"
    return TaskResult(doc.source_path, name, "failed", error=message, seconds=time.perf_counter() - started)


def _commit(staging: Path, written: Path, target: Path) -> Path:
    """Move one finished file from the staging folder into place with an atomic rename."""
    written = written if written.is_absolute() else staging / written
    if not written.resolve().is_relative_to(staging.resolve()):
        raise RenderError(f"the renderer wrote {written} outside its folder")
    final = target / written.relative_to(staging)
    final.parent.mkdir(parents=True, exist_ok=True)
    if written.is_dir() and final.exists():
        shutil.rmtree(final)
    os.replace(written, final)
    return final
