"""One article in one format: a task, and running it into place atomically.

A task carries everything its renderer needs (the composed handout and its
inputs), so it runs the same in this process or in a worker process. The
renderer writes into a private staging folder; only when it has finished are
its files renamed into place, so an output file is always the previous
complete one or the new complete one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from types import FrameType

from builder.config import CACHE_FOLDER, Project, Settings
from builder.document import Document
from builder.errors import Finding, HandoutError, RenderError
from builder.renderers import RenderOptions
from builder.report import Status, TaskResult

__all__ = [
    "Article",
    "Status",
    "Task",
    "TaskResult",
    "TaskTimeout",
    "commit",
    "os_error_message",
    "run_task",
    "time_limit",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article: its document, its merged settings and the warnings found so far."""

    document: Document
    settings: Settings
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Task:
    """One article in one format: its composed handout and inputs, and the fingerprint of them."""

    article: Article
    format: str
    entry_point: EntryPoint
    key: str
    inputs: str
    options: RenderOptions
    after: tuple[str, ...] = ()
    """The formats of the same article this one uses: it runs once they are built (see pipeline.py)."""
    reads: tuple[str, ...] = ()
    """The suffixes of their files whose bytes it is given (`Renderer.reads`: the read-along, '.mp3')."""
    wave: int = 0
    """When it runs: 0 with the formats that follow none, then 1 + the latest wave of those it follows."""


class TaskTimeout(HandoutError):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TaskTimeout in this (main) thread after `seconds`; no limit if 0 or off the main thread."""
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TaskTimeout(f"it took longer than the limit of {seconds} s (raise it with --task-timeout)")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_task(
    task: Task,
    *,
    project: Project,
    output_dir: Path,
    strict: bool,
    threads: int,
    cache_dir: Path | None = None,
) -> TaskResult:
    """Render one article in one format into `output_dir/<slug>/`, atomically.

    Caches that outlive the build (the audio's sentences) go in `cache_dir`, by default
    `output_dir/.cache`.
    """
    article, name = task.article, task.format
    doc = article.document
    started = time.perf_counter()
    target = output_dir / doc.slug
    try:
        renderer_class = task.entry_point.load()
        renderer_class.check_available()
        target.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target, name)
        with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=target) as staging:
            cache = cache_dir if cache_dir is not None else output_dir / CACHE_FOLDER
            options = dataclasses.replace(task.options, threads=threads, cache_dir=cache)
            result = renderer_class().render(doc, options=options, out_dir=Path(staging))
            findings = (*options.findings, *result.findings)
            if strict and findings:
                raise RenderError(f"{findings[0]} (--strict makes warnings errors)")
            files = tuple(commit(Path(staging), path, target) for path in result.files)
    except HandoutError as error:
        return _failure(doc, name, str(error), started)
    except MemoryError:
        return _failure(doc, name, "it ran out of memory (raise the limit with --memory-limit)", started)
    except OSError as error:
        return _failure(doc, name, os_error_message(error, project=project, target=target), started)
    except Exception as error:  # a renderer's bug must not stop the other articles
        logger.debug("the %s renderer failed on %s", name, doc.source_path, exc_info=True)
        message = (
            f"the {name} format could not be made because of a fault in Handout, not in the article "
            f"({error}); the other formats are not affected (handout -v build shows the details)"
        )
        return _failure(doc, name, message, started)
    return TaskResult(
        doc.source_path,
        name,
        "built",
        files=files,
        seconds=time.perf_counter() - started,
        findings=findings,
    )


def os_error_message(error: OSError, *, project: Project, target: Path) -> str:
    """What went wrong with which file, as clinic staff know the file (relative to the project)."""
    path = Path(error.filename) if error.filename else target
    shown = project.relative(path) if path.is_absolute() else path
    why = error.strerror or str(error)
    if error.filename is None or path.resolve().is_relative_to(target.resolve()):
        return f"cannot write {shown} ({why}): check that the output folder can be written to"
    return f"cannot read {shown} ({why})"


def _failure(doc: Document, name: str, message: str, started: float) -> TaskResult:
    if not message.startswith(str(doc.source_path)):
        message = f"{doc.source_path}: {name}: {message}"
    return TaskResult(doc.source_path, name, "failed", error=message, seconds=time.perf_counter() - started)


def _remove_leftovers(target: Path, name: str) -> None:
    """Remove staging folders a killed build left behind for this format."""
    for leftover in target.glob(f".{name}-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def commit(staging: Path, written: Path, target: Path) -> Path:
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
