"""build(...) -> BuildReport: load each article, render each format, write atomically, report.

One article failing never stops the others. Each article in each format is
one task: tasks whose inputs did not change since the last build are skipped
(see manifest.py), the others run in a pool of worker processes, each bounded
in time and memory. Every renderer writes into a private staging folder;
only when it has finished are its files renamed into place, so an output file
is always the previous complete one or the new complete one, never a
truncated one, whenever the build is stopped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import resource
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint
from pathlib import Path
from types import FrameType
from typing import Any, Final, Literal, Protocol

from builder import convert, schema
from builder.config import CACHE_FOLDER, Project, Settings, default_assets_dir, load_settings
from builder.document import Document
from builder.errors import Finding, HandoutError, Location, RenderError, SourceError
from builder.manifest import Manifest, article_fingerprint, fingerprint, folder_hash
from builder.registry import Registry
from builder.renderers import RenderOptions
from builder.resources import Resources
from builder.source import read_text, remove_forbidden_characters, split

logger = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SAVE_EVERY: Final = 5.0
"""Seconds between manifest saves during a build (and once at the end, however it ends)."""

Status = Literal["built", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article: its document, its merged settings and the warnings found so far."""

    document: Document
    settings: Settings
    findings: tuple[Finding, ...]


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


class BuildListener(Protocol):
    """Told what happens during a build, for a progress display."""

    def planned(self, tasks: int) -> None:
        """`tasks` artifacts are to be built (those up to date are not counted)."""

    def finished(self, result: TaskResult) -> None:
        """One artifact was built, found up to date, or failed."""


@dataclass(frozen=True, slots=True)
class _Task:
    """One article in one format, with the fingerprint of its inputs."""

    article: Article
    format: str
    entry_point: EntryPoint
    key: str
    inputs: str


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
    source, checked = schema.check_front_matter(source, extra_keys=settings.extra_keys)
    merged = settings.merged(source.front_matter).merged(overrides or {})
    doc, findings = convert.to_document(source, slug=slug_for(path))
    return Article(doc, merged, cleaned + checked + findings)


def build(
    paths: Iterable[Path],
    *,
    project: Project,
    output_dir: Path,
    registry: Registry,
    formats: tuple[str, ...] = (),
    overrides: Mapping[str, Any] | None = None,
    strict: bool = False,
    force: bool = False,
    clean: bool = False,
    jobs: int = 0,
    limits: Limits = Limits(),
    listener: BuildListener | None = None,
) -> BuildReport:
    """Build every article in `paths` in its formats (`formats`, else its settings' formats).

    `jobs` worker processes render in parallel; 0 renders in this process.
    Artifacts whose inputs are unchanged are skipped unless `force`. Outputs of
    articles no longer in the project are reported, and removed if `clean`.
    """
    registry.check_names(formats)
    try:
        clinic = load_settings(project)
    except SourceError as error:
        failure = TaskResult(project.relative(project.settings_path), "", "failed", error=str(error))
        return BuildReport((failure,))
    manifest = Manifest.load(output_dir)
    results: list[TaskResult] = []
    tasks = _plan(paths, project, clinic, registry, formats, overrides, strict, force, manifest, results)
    if listener:
        listener.planned(len(tasks))
        for result in results:
            listener.finished(result)

    interrupted = False
    try:
        runner = _Runner(project, output_dir, strict, limits, manifest, results, listener)
        if jobs <= 0:
            runner.serially(tasks)
        else:
            runner.in_pool(tasks, jobs)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stale, removed = _stale_outputs(project, manifest, output_dir, clean=clean and not interrupted)
        if manifest.entries or manifest.path.exists():
            manifest.save()
    return BuildReport(tuple(results), stale=stale, removed=removed, interrupted=interrupted)


def _plan(
    paths: Iterable[Path],
    project: Project,
    clinic: Settings,
    registry: Registry,
    formats: tuple[str, ...],
    overrides: Mapping[str, Any] | None,
    strict: bool,
    force: bool,
    manifest: Manifest,
    results: list[TaskResult],
) -> list[_Task]:
    """Load every article and decide which artifacts need building; record the rest in `results`."""
    tasks: list[_Task] = []
    assets_hash = folder_hash(project.assets_dir) + folder_hash(default_assets_dir())
    for path in paths:
        shown = project.relative(path)
        try:
            article = load_article(path, project=project, settings=clinic, overrides=overrides)
        except SourceError as error:
            logger.debug("could not load %s", shown, exc_info=True)
            results.append(TaskResult(shown, "", "failed", error=str(error)))
            continue
        if strict and article.findings:
            message = f"{article.findings[0]} (--strict makes warnings errors)"
            results.append(TaskResult(shown, "", "failed", error=message, findings=article.findings))
            continue
        wanted = formats or article.settings.formats
        unknown = [name for name in wanted if name not in registry.names()]
        if unknown:
            known = ", ".join(registry.names())
            message = f"{shown}: '{unknown[0]}' is not a format: the formats are {known}"
            results.append(TaskResult(shown, "", "failed", error=message, findings=article.findings))
            continue
        results.append(TaskResult(shown, "", "built", findings=article.findings))
        resources = Resources.for_article(project, shown)
        images = {r.path for image in article.document.images() if (r := resources.resolve(image.src)).path}
        article_inputs = article_fingerprint(
            project=project, source=shown, settings=article.settings, assets_hash=assets_hash, images=images
        )
        for name in wanted:
            key = Manifest.key(article.document.slug, name)
            try:
                renderer = registry.load(name)
                options = _options(article, project)
                renderer_fingerprint = getattr(renderer, "fingerprint", None)
                extra = renderer_fingerprint(options) if renderer_fingerprint else ""
            except HandoutError as error:
                results.append(TaskResult(shown, name, "failed", error=f"{shown}: {name}: {error}"))
                continue
            inputs = fingerprint(
                article_inputs, renderer=registry.entry_points[name].value, renderer_fingerprint=str(extra)
            )
            if not force and manifest.is_current(key, inputs):
                files, findings = manifest.files_of(key), manifest.findings_of(key)
                results.append(TaskResult(shown, name, "unchanged", files=files, findings=findings))
                continue
            tasks.append(_Task(article, name, registry.entry_points[name], key, inputs))
    return tasks


def _options(
    article: Article, project: Project, threads: int = 0, cache_dir: Path | None = None
) -> RenderOptions:
    resources = Resources.for_article(project, article.document.source_path)
    return RenderOptions(
        settings=article.settings, project=project, resources=resources, threads=threads, cache_dir=cache_dir
    )


@dataclass
class _Runner:
    """Runs the planned tasks, records each result in the manifest and tells the listener."""

    project: Project
    output_dir: Path
    strict: bool
    limits: Limits
    manifest: Manifest
    results: list[TaskResult]
    listener: BuildListener | None
    last_save: float = field(default_factory=time.monotonic)

    def finished(self, result: TaskResult, task: _Task) -> None:
        if result.status == "built":
            self.manifest.record(
                task.key,
                source=str(task.article.document.source_path),
                format_name=task.format,
                inputs=task.inputs,
                files=result.files,
                findings=result.findings,
            )
        self.results.append(result)
        if self.listener:
            self.listener.finished(result)
        if time.monotonic() - self.last_save > _SAVE_EVERY:
            self.manifest.save()
            self.last_save = time.monotonic()

    def serially(self, tasks: list[_Task]) -> None:
        """Run every task in this process, one after the other."""
        for task in tasks:
            with _time_limit(self.limits.seconds):
                result = run_task(
                    task, project=self.project, output_dir=self.output_dir, strict=self.strict, threads=0
                )
            self.finished(result, task)

    def in_pool(self, tasks: list[_Task], jobs: int) -> None:
        """Run tasks in `jobs` worker processes, at most `jobs` at a time, so a dead worker's task is known.

        A worker that dies (killed by the memory limit, a crash in a library)
        breaks the pool: the tasks it was running are retried once, alone, in a
        new pool; a task that kills its worker again fails with a clear message.
        """
        pending = deque(tasks)
        retried: set[str] = set()
        executor = _new_pool(jobs, self.limits)
        inflight: dict[Future[TaskResult], _Task] = {}
        try:
            while pending or inflight:
                while pending and len(inflight) < jobs:
                    if pending[0].key in retried and inflight:
                        break  # a retried task runs alone
                    task = pending.popleft()
                    work = (task, self.project, self.output_dir, self.strict, self.limits)
                    inflight[executor.submit(_work, *work)] = task
                    if task.key in retried:
                        break
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    task = inflight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if task.key in retried:
                            self.finished(_worker_died(task, self.limits), task)
                        else:
                            retried.add(task.key)
                            pending.appendleft(task)
                        continue
                    self.finished(result, task)
                if broken:
                    for future, task in inflight.items():  # the rest died with the pool: run them again
                        future.cancel()
                        pending.appendleft(task)
                    inflight.clear()
                    executor.shutdown(wait=True, cancel_futures=True)
                    executor = _new_pool(jobs, self.limits)
        except KeyboardInterrupt:
            _stop_workers(executor)
            raise
        executor.shutdown(wait=True)


def _new_pool(jobs: int, limits: Limits) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(limits,))


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """End every worker now (Ctrl-C): their unfinished files stay in staging folders, never in place."""
    processes = getattr(executor, "_processes", None) or {}  # no public API before Python 3.14
    for process in list(processes.values()):
        process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(limits: Limits) -> None:
    """Set up a worker process: Ctrl-C is the main process's job; bound memory and threads."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limits.memory_mb > 0:
        size = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(limits.threads)


def _work(task: _Task, project: Project, output_dir: Path, strict: bool, limits: Limits) -> TaskResult:
    """What a worker process does with one task."""
    with _time_limit(limits.seconds):
        return run_task(task, project=project, output_dir=output_dir, strict=strict, threads=limits.threads)


def _worker_died(task: _Task, limits: Limits) -> TaskResult:
    doc = task.article.document
    message = (
        f"{doc.source_path}: {task.format}: the worker building it stopped unexpectedly, twice; it may need "
        f"more than the {limits.memory_mb} MB memory limit (raise it with --memory-limit)"
    )
    return TaskResult(doc.source_path, task.format, "failed", error=message)


class TaskTimeout(HandoutError):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
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


def run_task(task: _Task, *, project: Project, output_dir: Path, strict: bool, threads: int) -> TaskResult:
    """Render one article in one format into `output_dir/<slug>/`, atomically."""
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
            options = _options(article, project, threads, cache_dir=output_dir / CACHE_FOLDER)
            result = renderer_class().render(doc, options=options, out_dir=Path(staging))
            if strict and result.findings:
                raise RenderError(f"{result.findings[0]} (--strict makes warnings errors)")
            files = tuple(_commit(Path(staging), path, target) for path in result.files)
    except HandoutError as error:
        return _failure(doc, name, str(error), started)
    except MemoryError:
        return _failure(doc, name, "it ran out of memory (raise the limit with --memory-limit)", started)
    except OSError as error:
        return _failure(doc, name, f"cannot write to {target} ({error.strerror})", started)
    except Exception as error:  # a renderer's bug must not stop the other articles
        logger.debug("the %s renderer failed on %s", name, doc.source_path, exc_info=True)
        what = f"{type(error).__name__}: {error}"
        message = f"the {name} renderer failed unexpectedly ({what}); please report this"
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


def _remove_leftovers(target: Path, name: str) -> None:
    """Remove staging folders a killed build left behind for this format."""
    for leftover in target.glob(f".{name}-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


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


def _stale_outputs(
    project: Project, manifest: Manifest, output_dir: Path, *, clean: bool
) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Output files whose article is gone from source/; with `clean`, remove them."""
    stale = manifest.stale(slug_for(path) for path in project.articles())
    if not clean:
        return tuple(path for key in stale for path in manifest.files_of(key) if path.exists()), ()
    removed: list[Path] = []
    for key in stale:
        for path in manifest.files_of(key):
            if path.is_file():
                path.unlink()
                removed.append(path)
        manifest.forget(key)
        folder = output_dir / key.split("/")[0]
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty: never remove what Handout did not write
    return (), tuple(removed)
