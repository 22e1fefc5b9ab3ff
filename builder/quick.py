"""The fast path: a rebuild with nothing changed is found up to date from raw bytes alone.

At the end of a build in which nothing failed, the manifest keeps a record of it
(`Manifest.quick`): a signature of everything the build was given, taken before
any article was read, and what the build reported. The signature covers the
bytes of every article and of `source/handout.yaml`, the pictures each article
names (resolved again, as the image gate does, and hashed), the names, sizes and
times of every file in `assets/` and in Handout's own defaults, Handout's code,
the installed packages (their names and versions), the renderers' entry points,
the command line's formats, overrides and `--strict`, and today's date (some
warnings depend on it).

The next build with the same signature, whose recorded output files are all
there with the size and time they were written with, is up to date: it is
answered without parsing an article or importing a renderer's library. Anything
else (a changed byte, a new picture next to an article, a touched output, a
different `-f`) misses, and the full check of `pipeline.py`, the authority,
decides what to build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, Final

from builder.config import Project, default_assets_dir
from builder.errors import Finding, Location
from builder.manifest import FileRecord, Manifest, code_fingerprint, digest_of, file_hash
from builder.report import BuildListener, BuildReport, TaskResult
from builder.resources import Resources

QUICK_VERSION: Final = 1

_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def slug_for(path: Path) -> str:
    """The article's name in `output/`: its file name without `.md`, made safe for any file system."""
    if _SAFE_NAME.fullmatch(path.stem):
        return path.stem
    from builder.convert import slugify

    return slugify(path.stem)


@dataclass(frozen=True, slots=True)
class Prefix:
    """What a build was given, read before any article is: the start of its signature."""

    common: str
    sources: tuple[tuple[str, str], ...]
    """(article as shown, SHA-256 of its bytes) in build order; '' for one that cannot be read."""

    @classmethod
    def take(
        cls,
        project: Project,
        paths: Iterable[Path],
        *,
        entry_points: Mapping[str, EntryPoint],
        formats: Sequence[str],
        overrides: Mapping[str, Any] | None,
        strict: bool,
    ) -> Prefix:
        sources = []
        for path in paths:
            try:
                digest = file_hash(path)
            except OSError:
                digest = ""
            sources.append((project.relative(path).as_posix(), digest))
        settings = project.settings_path
        common = digest_of(
            str(QUICK_VERSION),
            code_fingerprint(),
            _installed(),
            json.dumps(sorted((n, ep.value, _dist_of(ep)) for n, ep in entry_points.items())),
            file_hash(settings) if settings.is_file() else "-",
            _tree_stat(project.assets_dir),
            _tree_stat(default_assets_dir()),
            json.dumps(list(formats)),
            json.dumps(sorted((str(k), str(v)) for k, v in (overrides or {}).items() if v is not None)),
            str(strict),
            dt.date.today().isoformat(),
        )
        return cls(common, tuple(sources))

    def signature(self, project: Project, references: Mapping[str, Sequence[str]]) -> str:
        """The whole signature, with the pictures each article names (`references`, by article)."""
        parts = [self.common]
        for shown, digest in self.sources:
            parts += [shown, digest or "unreadable"]
            resources = Resources.for_article(project, Path(shown))
            for reference in references.get(shown, ()):
                resolved = resources.resolve(reference)
                parts.append(reference)
                try:
                    parts.append(f"{resolved.path}:{file_hash(resolved.path)}" if resolved.path else "-")
                except OSError:
                    parts.append("unreadable")
        return digest_of(*parts)


def record(
    manifest: Manifest,
    signature: str,
    references: Mapping[str, Sequence[str]],
    results: Iterable[TaskResult],
) -> None:
    """Keep the build just finished (nothing failed) as the one a rebuild may match: `signature`
    was taken (`Prefix.signature`) before any article was rendered."""
    reported: list[dict[str, Any]] = []
    keys = {(entry.source, entry.format): key for key, entry in manifest.entries.items()}
    for result in results:
        item: dict[str, Any] = {
            "source": result.source.as_posix(),
            "format": result.format,
            "findings": [[str(f.location.path), f.location.line or 0, f.message] for f in result.findings],
        }
        if result.format:
            key = keys.get((str(result.source), result.format), "")
            entry = manifest.entries.get(key) if key else None
            if entry is not None:
                item["key"], item["inputs"] = key, entry.inputs
            else:  # a library (output/index.html): not an artifact of one article
                item["files"] = [_file_record(path, manifest.output_dir) for path in result.files]
        reported.append(item)
    manifest.quick = {
        "signature": signature,
        "references": {shown: list(refs) for shown, refs in references.items()},
        "results": reported,
    }


def up_to_date(
    project: Project,
    paths: Sequence[Path],
    *,
    output_dir: Path,
    entry_points: Mapping[str, EntryPoint],
    formats: Sequence[str],
    overrides: Mapping[str, Any] | None,
    strict: bool,
    clean: bool,
    listener: BuildListener | None = None,
) -> BuildReport | None:
    """The report of a build with nothing to do, or None if anything may have changed."""
    manifest = Manifest.load(output_dir)
    quick = manifest.quick
    if not quick:
        return None
    try:
        references = {str(k): [str(r) for r in v] for k, v in quick["references"].items()}
        prefix = Prefix.take(
            project, paths, entry_points=entry_points, formats=formats, overrides=overrides, strict=strict
        )
        if prefix.signature(project, references) != quick["signature"]:
            return None
        results = [_result(item, manifest) for item in quick["results"]]
    except (KeyError, TypeError, ValueError, OSError):
        return None
    if any(result is None for result in results):
        return None
    done = tuple(r for r in results if r is not None)
    if listener:
        listener.planned(0)
        for result in done:
            listener.finished(result)
    stale, removed = stale_outputs(project, manifest, output_dir, clean=clean)
    if removed:
        manifest.save()
    return BuildReport(done, stale=stale, removed=removed)


def _result(item: Mapping[str, Any], manifest: Manifest) -> TaskResult | None:
    """One recorded result, reported as up to date; None if its files are not as the build left them."""
    source, name = Path(item["source"]), str(item["format"])
    findings = tuple(Finding(Location(Path(f), int(n) or None), str(m)) for f, n, m in item["findings"])
    if not name:
        return TaskResult(source, "", "built", findings=findings)
    if "key" in item:
        entry = manifest.entries.get(item["key"])
        if entry is None or entry.inputs != item["inputs"]:
            return None
        records = entry.files
    else:
        records = tuple(FileRecord(**f) for f in item["files"])
    if not records or not all(r.mtime_ns and r.intact(manifest.output_dir) for r in records):
        return None
    files = tuple(manifest.output_dir / r.path for r in records)
    return TaskResult(source, name, "unchanged", files=files, findings=findings)


def stale_outputs(
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


def _file_record(path: Path, output_dir: Path) -> dict[str, Any]:
    record = FileRecord.of(path, output_dir)
    return {"path": record.path, "size": record.size, "sha256": record.sha256, "mtime_ns": record.mtime_ns}


def _dist_of(entry_point: EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    return f"{dist.name}={dist.version}" if dist is not None else ""


def _installed() -> str:
    """The installed distributions, by the names of their metadata folders (name and version), in
    every site-packages folder on the path (a plug-in elsewhere counts through its entry point)."""
    names: set[str] = set()
    for folder in sys.path:
        if not folder or Path(folder).name not in ("site-packages", "dist-packages"):
            continue
        try:
            with os.scandir(folder) as entries:
                names.update(e.name for e in entries if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return "\n".join(sorted(names))


def _tree_stat(folder: Path) -> str:
    """Every file below `folder` by name, size and time ('' if there is no such folder)."""
    if not folder.is_dir():
        return ""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        lines.append(f"{path.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(lines)
