"""build(...) -> BuildReport: load each article, plan its tasks, run them, report.

One article failing never stops the others. Each article in each format is
one task (`tasks.py`): tasks whose inputs did not change since the last build
are skipped (see manifest.py), the others run in this process or in a pool of
worker processes (`workers.py`). An article is composed and its inputs read
once, for all its formats, and only when one of them needs building.

Waves, then the library. A format that uses what other formats of the same
article wrote (`Renderer.after`: the site needs their sizes and the transcript's
timings, the read-along e-book the MP3) runs in a later wave, after every task
of the waves before; its inputs get those files (`Inputs.built`), and its
fingerprint includes theirs, so it is built again whenever they are. A format
that follows a follower (the site shows the read-along e-book) runs one wave
later still. Last, a format with a `library` class method
writes, once per build, what lists every article built in it (`output/index.html`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import checks, convert, schema
from builder.config import Project, Settings, default_assets_dir, load_settings
from builder.errors import Finding, HandoutError, Location, SourceError
from builder.fonts import load_fonts
from builder.inputs import built_files, load_lexicon
from builder.labels import LOCALE_DIR, untranslated
from builder.manifest import Manifest, article_fingerprint, fingerprint, folder_hash
from builder.quick import Prefix, record, slug_for, stale_outputs, up_to_date
from builder.registry import Registry
from builder.renderers import (
    LibraryEntry,
    Renderer,
    RenderOptions,
    after_of,
    default_with_of,
    reads_of,
    shows_pictures,
    uses_of,
)
from builder.report import BuildListener, BuildReport, Limits, TaskResult
from builder.resources import Resources
from builder.source import clean_front_matter, read_text, remove_forbidden_characters, split
from builder.tasks import Article, Task
from builder.workers import Runner

__all__ = ["Article", "BuildListener", "BuildReport", "Limits", "TaskResult", "build", "load_article"]

logger = logging.getLogger(__name__)


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
    source, escaped = clean_front_matter(source)
    merged = settings.merged(source.front_matter).merged(overrides or {})
    doc, findings = convert.to_document(source, slug=slug_for(path))
    warnings = checks.build_findings(doc, source=source, settings=merged, today=dt.date.today())
    words = untranslated(doc.metadata.lang)  # once per article and build, whatever the formats
    language = (Finding(Location(shown), words),) if words else ()
    return Article(doc, merged, cleaned + checked + escaped + findings + language + warnings)


def review_file(path: Path, *, project: Project, settings: Settings, today: dt.date) -> checks.Review:
    """Load an article as a build does and review it (`handout check`): its build warnings, then the advice.

    SourceError (a file that cannot be read or a broken lexicon) names the file and line.
    """
    article = load_article(path, project=project, settings=settings)
    shown = project.relative(path)
    text, _ = remove_forbidden_characters(read_text(path, shown=shown), shown)
    source = split(text, shown)
    explained = [written for written, _ in load_lexicon(project).entries]
    doc = article.document
    scores, findings = checks.review(
        doc, source=source, settings=article.settings, today=today, explained=explained
    )
    advice = [f for f in findings if not f.at_build]
    merged = sorted((*article.findings, *advice), key=lambda f: f.location.line or 0)
    return checks.Review(shown, doc.metadata.title, doc.metadata.lang, scores, tuple(merged))


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
    fast: bool = True,
    cluster: str | None = None,
) -> BuildReport:
    """Build every article in `paths` in its formats (`formats`, else its settings' formats).

    `jobs` worker processes render in parallel; 0 renders in this process.
    Artifacts whose inputs are unchanged are skipped unless `force`. Outputs of
    articles no longer in the project are reported, and removed if `clean`.
    With `fast` (and not `force`), a build with nothing changed since the last
    complete one is answered from the manifest without reading an article
    (`builder.quick`); `fast=False` when the caller has just asked that itself.
    With `cluster` (a Dask scheduler's address) the tasks run on its workers instead
    (`builder.cluster`); UsageError if it cannot be reached.
    """
    registry.check_names(formats)
    paths = list(paths)
    if fast and not force:
        answered = up_to_date(
            project,
            paths,
            output_dir=output_dir,
            entry_points=registry.entry_points,
            formats=formats,
            overrides=overrides,
            strict=strict,
            clean=clean,
            listener=listener,
        )
        if answered is not None:
            return answered
    prefix = Prefix.take(  # before any article is read: what the fast path of the next build matches
        project,
        paths,
        entry_points=registry.entry_points,
        formats=formats,
        overrides=overrides,
        strict=strict,
    )
    client = None
    if cluster:
        from builder import cluster as on_cluster

        client = on_cluster.connect(cluster)
    try:
        return _build(
            paths,
            prefix,
            client,
            project,
            output_dir,
            registry,
            formats,
            overrides,
            strict,
            force,
            clean,
            jobs,
            limits,
            listener,
        )
    finally:
        if client is not None:
            on_cluster.close(client)


def _build(
    paths: list[Path],
    prefix: Prefix,
    client: Any,
    project: Project,
    output_dir: Path,
    registry: Registry,
    formats: tuple[str, ...],
    overrides: Mapping[str, Any] | None,
    strict: bool,
    force: bool,
    clean: bool,
    jobs: int,
    limits: Limits,
    listener: BuildListener | None,
) -> BuildReport:
    try:
        clinic = load_settings(project)
    except SourceError as error:
        failure = TaskResult(project.relative(project.settings_path), "", "failed", error=str(error))
        return BuildReport((failure,))
    manifest = Manifest.load(output_dir)
    manifest.quick = None  # recorded again below if this build completes
    results: list[TaskResult] = []
    interrupted = False
    try:  # Ctrl-C while planning or building: stop, keep what is complete, report
        loaded: list[Article] = []
        tasks = _plan(
            paths, project, clinic, registry, formats, overrides, strict, force, manifest, results, loaded
        )
        references = {
            article.document.source_path.as_posix(): [image.src for image in article.document.images()]
            for article in loaded
        }
        signed = prefix.signature(project, references)
        if listener:
            listener.planned(len(tasks))
            for result in results:
                listener.finished(result)
        runner = Runner(project, output_dir, strict, limits, manifest, results, listener)
        for wave in sorted({task.wave for task in tasks}):
            ready = [task for task in tasks if task.wave == wave]
            ready = [_with_built(t, manifest, output_dir) if t.after else t for t in ready]
            _run(runner, ready, jobs, client)
        results.extend(_libraries(project, clinic, registry, manifest, output_dir, loaded))
        if all(result.status != "failed" for result in results):
            record(manifest, signed, references, results)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stale, removed = stale_outputs(project, manifest, output_dir, clean=clean and not interrupted)
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
    loaded: list[Article],
) -> list[Task]:
    """Load every article and decide which artifacts need building; record the rest in `results`.

    Every article that could be loaded is added to `loaded` (for the libraries).
    """
    tasks: list[Task] = []
    waves = _Waves(registry)
    # Handout's own words are inputs too: a changed translation rebuilds what prints it.
    assets_hash = folder_hash(project.assets_dir) + folder_hash(default_assets_dir())
    assets_hash += folder_hash(LOCALE_DIR)
    followers = {} if formats else _default_followers(registry)
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
        wanted = (
            *wanted,
            *(name for name, w in followers.items() if name not in wanted and set(w) <= set(wanted)),
        )
        unknown = [name for name in wanted if name not in registry.names()]
        if unknown:
            known = ", ".join(registry.names())
            message = f"{shown}: '{unknown[0]}' is not a format: the formats are {known}"
            results.append(TaskResult(shown, "", "failed", error=message, findings=article.findings))
            continue
        results.append(TaskResult(shown, "", "built", findings=article.findings))
        loaded.append(article)
        resources = Resources.for_article(project, shown)
        images = {r.path for image in article.document.images() if (r := resources.resolve(image.src)).path}
        article_inputs = article_fingerprint(
            project=project, source=shown, settings=article.settings, assets_hash=assets_hash, images=images
        )
        renderers: dict[str, type[Renderer]] = {}
        for name in wanted:
            try:
                renderers[name] = registry.load(name)
            except HandoutError as error:
                results.append(TaskResult(shown, name, "failed", error=f"{shown}: {name}: {error}"))
        prepared = _Prepared(
            article,
            project,
            uses=tuple(u for r in renderers.values() for u in uses_of(r)),
            pictures=any(shows_pictures(r) for r in renderers.values()),
        )
        fingerprints: dict[str, str] = {}
        scheduled: set[str] = set()  # this article's formats built in this build
        slug = article.document.slug
        # Formats that use others' files come last, so their fingerprints include those formats'.
        for name, renderer in sorted(renderers.items(), key=lambda item: waves(item[0])):
            after = after_of(renderer)
            key = Manifest.key(article.document.slug, name)
            renderer_fingerprint = getattr(renderer, "fingerprint", None)
            try:
                extra = renderer_fingerprint(prepared.options()) if renderer_fingerprint else ""
            except HandoutError as error:
                results.append(TaskResult(shown, name, "failed", error=f"{shown}: {name}: {error}"))
                continue
            # What it follows, as this build makes it or as an earlier build left it.
            extra = " ".join(
                [str(extra), *(fingerprints.get(n) or _recorded(manifest, slug, n) for n in after)]
            )
            inputs = fingerprint(
                article_inputs, renderer=registry.entry_points[name].value, renderer_fingerprint=extra
            )
            fingerprints[name] = inputs
            # A format whose followed formats are built again is built again too: their inputs may be
            # the same while their files are not (an audio that failed last time, a file deleted).
            if not force and not scheduled & set(after) and manifest.is_current(key, inputs):
                files, findings = manifest.files_of(key), manifest.findings_of(key)
                results.append(TaskResult(shown, name, "unchanged", files=files, findings=findings))
                continue
            try:
                options = prepared.options()
            except SourceError as error:
                results.append(TaskResult(shown, name, "failed", error=str(error)))
                continue
            entry_point = registry.entry_points[name]
            reads = reads_of(renderer)
            tasks.append(Task(article, name, entry_point, key, inputs, options, after, reads, waves(name)))
            scheduled.add(name)
    return tasks


def _default_followers(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Formats built by default with others (`Renderer.default_with`): the site with html and mp3."""
    followers: dict[str, tuple[str, ...]] = {}
    for name in registry.names():
        try:
            renderer = registry.load(name)
        except HandoutError:
            continue  # reported when the format is asked for
        if default_with_of(renderer):
            followers[name] = default_with_of(renderer)
    return followers


class _Waves:
    """Which wave each format runs in: 0 if it follows none, else one after the latest it follows."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.known: dict[str, int] = {}

    def __call__(self, name: str, seen: frozenset[str] = frozenset()) -> int:
        if name not in self.known:
            try:
                after = after_of(self.registry.load(name))
            except HandoutError:
                after = ()
            followed = [n for n in after if n in self.registry.names() and n not in seen | {name}]
            self.known[name] = 1 + max((self(n, seen | {name}) for n in followed), default=-1)
        return self.known[name]


def _recorded(manifest: Manifest, slug: str, format_name: str) -> str:
    """The fingerprint the manifest holds for an artifact ('' if it was never built)."""
    entry = manifest.entries.get(Manifest.key(slug, format_name))
    return entry.inputs if entry else ""


def _run(runner: Runner, tasks: list[Task], jobs: int, client: Any = None) -> None:
    if not tasks:
        return
    if client is not None:
        from builder.cluster import run_on_cluster

        run_on_cluster(runner, tasks, client)
    elif jobs <= 0:
        runner.serially(tasks)
    else:
        runner.in_pool(tasks, jobs)


def _with_built(task: Task, manifest: Manifest, output_dir: Path) -> Task:
    """The task with the files of the formats it follows, as the first wave left them, in its inputs."""
    slug = task.article.document.slug
    files = {name: manifest.files_of(Manifest.key(slug, name)) for name in task.after}
    built = built_files(files, folder=output_dir / slug, reads=task.reads)
    inputs = dataclasses.replace(task.options.inputs, built=built)
    return dataclasses.replace(task, options=dataclasses.replace(task.options, inputs=inputs))


def _libraries(
    project: Project,
    clinic: Settings,
    registry: Registry,
    manifest: Manifest,
    output_dir: Path,
    articles: list[Article],
) -> list[TaskResult]:
    """Write each library (a format's listing of every article built in it), once per build.

    A build of some articles (`handout build source/one.md`) keeps the others in the listing: an
    article built in that format earlier whose source is still there is read again for its title,
    summary and topics.
    """
    results: list[TaskResult] = []
    built = {key.split("/", 1)[1] for key in manifest.entries}
    loaded = {article.document.slug for article in articles}
    for name in sorted(built & set(registry.names())):
        try:
            library = getattr(registry.load(name), "library", None)
        except HandoutError:
            continue
        if library is None:
            continue
        earlier = []
        for key, entry in sorted(manifest.entries.items()):
            source = project.root / entry.source
            if entry.format != name or key.split("/", 1)[0] in loaded or not source.is_file():
                continue
            try:
                earlier.append(load_article(source, project=project, settings=clinic))
            except SourceError:
                continue  # it fails where it is built; the listing leaves it out
        entries = []
        for article in sorted([*articles, *earlier], key=lambda a: a.document.slug):
            slug = article.document.slug
            if not manifest.files_of(Manifest.key(slug, name)):
                continue
            files = sorted(
                {p.name for k in manifest.entries if k.startswith(f"{slug}/") for p in manifest.files_of(k)}
            )
            entries.append(LibraryEntry(article.document, article.settings, tuple(files)))
        shown = Path(output_dir.name) / "index.html"
        try:
            assets = {asset: project.read_asset(asset) for asset in uses_of(registry.load(name))}
            with tempfile.TemporaryDirectory(prefix=f".{name}-library-", dir=output_dir) as staging:
                written = library(tuple(entries), assets=assets, fonts=load_fonts(), out_dir=Path(staging))
                changed = [_replace(Path(staging) / p.name, output_dir / p.name) for p in written]
        except (HandoutError, OSError) as error:
            results.append(TaskResult(shown, name, "failed", error=f"{shown}: {error}"))
            continue
        placed = tuple(output_dir / p.name for p in written)
        results.append(TaskResult(shown, name, "built" if any(changed) else "unchanged", files=placed))
    return results


def _replace(staged: Path, target: Path) -> bool:
    """Move a finished file into place, leaving an identical one untouched; True if it changed."""
    if target.is_file() and target.read_bytes() == staged.read_bytes():
        return False
    os.replace(staged, target)
    return True


@dataclass
class _Prepared:
    """An article's render options, made (composed, inputs read) the first time one of its formats
    needs them: an article whose outputs are all up to date is never composed."""

    article: Article
    project: Project
    uses: tuple[str, ...]
    pictures: bool
    made: RenderOptions | None = None

    def options(self) -> RenderOptions:
        if self.made is None:
            doc, settings = self.article.document, self.article.settings
            self.made = RenderOptions.prepare(
                doc, settings=settings, project=self.project, uses=self.uses, pictures=self.pictures
            )
        return self.made
