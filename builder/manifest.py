"""The build manifest: what went into each output, so that unchanged outputs are not built again.

`output/.handout-manifest.json` records, per artifact (one article in one
format), a fingerprint of everything that went into it (the source, the merged
settings, the assets, the images it uses, the renderer and library versions)
and the name, size and SHA-256 of each file written. An artifact whose
fingerprint is unchanged and whose files are all still there is up to date.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path
from typing import Any, Final

from builder.config import Project, Settings
from builder.errors import Finding, Location

logger = logging.getLogger(__name__)

MANIFEST_NAME: Final = ".handout-manifest.json"
FORMAT_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class FileRecord:
    path: str
    """Relative to the output folder, with forward slashes."""
    size: int
    sha256: str
    mtime_ns: int = 0
    """When it was written (0 in manifests from before it was recorded): a file whose time changed is
    checked against its SHA-256."""

    @classmethod
    def of(cls, path: Path, output_dir: Path) -> FileRecord:
        stat = path.stat()
        return cls(path.relative_to(output_dir).as_posix(), stat.st_size, file_hash(path), stat.st_mtime_ns)

    def intact(self, output_dir: Path) -> bool:
        """True if the file is there with this size and time (nothing wrote it since)."""
        try:
            stat = (output_dir / self.path).stat()
        except OSError:
            return False
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns


@dataclass(frozen=True, slots=True)
class Entry:
    source: str
    format: str
    inputs: str
    files: tuple[FileRecord, ...]
    findings: tuple[tuple[str, int, str], ...] = ()
    """The warnings the build gave, as (file, line, message): shown again while it is up to date."""


class Manifest:
    """The manifest of one output folder, read at the start of a build and saved as it goes."""

    def __init__(
        self, output_dir: Path, entries: dict[str, Entry] | None = None, quick: dict[str, Any] | None = None
    ) -> None:
        self.output_dir = output_dir
        self.entries: dict[str, Entry] = entries or {}
        self.quick = quick
        """The last complete build, for the fast path of a rebuild with nothing changed (`builder.quick`)."""

    @property
    def path(self) -> Path:
        return self.output_dir / MANIFEST_NAME

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        """The saved manifest, or an empty one (everything will be built) if it is missing or damaged."""
        path = output_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                return cls(output_dir)
            entries = {
                key: Entry(
                    source=value["source"],
                    format=value["format"],
                    inputs=value["inputs"],
                    files=tuple(FileRecord(**f) for f in value["files"]),
                    findings=tuple((str(f), int(n), str(m)) for f, n, m in value.get("findings", ())),
                )
                for key, value in data["artifacts"].items()
            }
            quick = data.get("quick")
        except FileNotFoundError:
            return cls(output_dir)
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("warning: %s is damaged; everything will be built again", path)
            return cls(output_dir)
        return cls(output_dir, entries, quick if isinstance(quick, dict) else None)

    @staticmethod
    def key(slug: str, format_name: str) -> str:
        return f"{slug}/{format_name}"

    def is_current(self, key: str, inputs: str) -> bool:
        """True if `key` was built from exactly `inputs` and its files are still there, unchanged.

        A file with its recorded size and time is taken as written; one whose time changed is
        read and compared with its recorded SHA-256 (same bytes: its new time is recorded).
        """
        entry = self.entries.get(key)
        if entry is None or entry.inputs != inputs:
            return False
        records = []
        for record in entry.files:
            if not record.intact(self.output_dir):
                path = self.output_dir / record.path
                try:
                    stat = path.stat()
                    if stat.st_size != record.size or file_hash(path) != record.sha256:
                        return False
                except OSError:
                    return False
                record = dataclasses.replace(record, mtime_ns=stat.st_mtime_ns)
            records.append(record)
        self.entries[key] = dataclasses.replace(entry, files=tuple(records))
        return True

    def files_of(self, key: str) -> tuple[Path, ...]:
        entry = self.entries.get(key)
        return tuple(self.output_dir / f.path for f in entry.files) if entry else ()

    def findings_of(self, key: str) -> tuple[Finding, ...]:
        entry = self.entries.get(key)
        if entry is None:
            return ()
        return tuple(Finding(Location(Path(f), line or None), message) for f, line, message in entry.findings)

    def record(
        self,
        key: str,
        *,
        source: str,
        format_name: str,
        inputs: str,
        files: Iterable[Path],
        findings: Iterable[Finding] = (),
    ) -> None:
        records = tuple(FileRecord.of(path, self.output_dir) for path in files)
        notes = tuple((str(f.location.path), f.location.line or 0, f.message) for f in findings)
        self.entries[key] = Entry(source, format_name, inputs, records, notes)

    def forget(self, key: str) -> None:
        self.entries.pop(key, None)

    def stale(self, slugs: Iterable[str]) -> list[str]:
        """Keys of artifacts whose article is no longer in the project."""
        present = set(slugs)
        return sorted(key for key in self.entries if key.split("/")[0] not in present)

    def save(self) -> None:
        """Write the manifest atomically (a temporary file renamed into place)."""
        self.output_dir.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "artifacts": {key: asdict(entry) for key, entry in sorted(self.entries.items())},
        }
        if self.quick:
            data["quick"] = self.quick
        text = json.dumps(data, indent=1, sort_keys=True)
        handle, temporary = tempfile.mkstemp(prefix=".manifest-", dir=self.output_dir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def folder_hash(folder: Path) -> str:
    """One hash for every file below `folder` (names and contents), '' if there is no such folder."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(file_hash(path).encode())
    return digest.hexdigest()


@cache
def distribution_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


@cache
def dependency_versions() -> str:
    """Handout's own version and code and the versions of the libraries it renders with: a change to
    any rebuilds everything."""
    try:
        requirements = distribution("handout").requires or []
    except PackageNotFoundError:
        return f"code={code_fingerprint()}"
    names = sorted({re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in requirements if "extra ==" not in r})
    versions = " ".join(f"{name}={distribution_version(name)}" for name in ["handout", *names])
    return f"{versions} code={code_fingerprint()}"


@cache
def code_fingerprint() -> str:
    """The hash of Handout's own code and data (every file of the `builder` package): a change to a
    renderer, even without a new version number, rebuilds what it made."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo") or not path.is_file():
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def settings_fingerprint(settings: Settings) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value

    fields = {name: plain(getattr(settings, name)) for name in settings.__dataclass_fields__}
    return json.dumps(fields, sort_keys=True, default=str)


def article_fingerprint(
    *, project: Project, source: Path, settings: Settings, assets_hash: str, images: Iterable[Path]
) -> str:
    """The hash of what goes into every output of one article: computed once, whatever the formats."""
    return digest_of(
        dependency_versions(),
        code_fingerprint(),
        file_hash(project.root / source),
        settings_fingerprint(settings),
        assets_hash,
        *sorted(f"{p.relative_to(project.root).as_posix()}:{file_hash(p)}" for p in images),
    )


def fingerprint(article: str, *, renderer: str, renderer_fingerprint: str) -> str:
    """The hash of everything that goes into one artifact: the article's inputs and its renderer."""
    return digest_of(article, renderer, renderer_fingerprint)


def digest_of(*parts: str) -> str:
    """The SHA-256 of some strings, each ended by a NUL (so 'ab', 'c' and 'a', 'bc' differ)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()
