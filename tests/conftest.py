"""Shared fixtures: a throw-away Handout project per test, and the shared corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from builder import Project, Registry, build
from builder.errors import Finding
from builder.pipeline import BuildReport

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "mesenchymal-stem-cells-als.md"
CORPUS = ROOT.parent / "shared" / "corpus"
PLUGINS = Path(__file__).parent / "plugins"

# Front-matter keys the shared corpus carries to record where each text came from.
CORPUS_EXTRA_KEYS = (
    "current_url",
    "license_note",
    "retrieved_via",
    "text_date",
    "conversion_note",
    "corpus_kind",
    "source_repo",
    "example_count",
)


NOT_REVIEWED = "no 'reviewed' date"
"""How the warning about an article no clinician has reviewed yet begins (the seed is one)."""


def besides_review(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings other than the warning that the article is not yet reviewed."""
    return tuple(f for f in findings if not f.message.startswith(NOT_REVIEWED))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh project with this repository's assets, settings and seed article."""
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    (tmp_path / "source").mkdir()
    shutil.copy(ROOT / "source" / "handout.yaml", tmp_path / "source" / "handout.yaml")
    shutil.copy(SEED, tmp_path / "source" / SEED.name)
    return Project.at(tmp_path)


@pytest.fixture
def write_article(project: Project) -> Callable[..., Path]:
    """Write `source/<name>` in the project; text is used as given (str) or byte for byte (bytes)."""

    def write(name: str, content: str | bytes) -> Path:
        path = project.source_dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def build_formats(project: Project) -> Callable[..., BuildReport]:
    """Build some articles of the project in some formats into project/output."""

    def run(
        paths: list[Path] | None = None, formats: tuple[str, ...] = ("html",), **kwargs: object
    ) -> BuildReport:
        return build(
            paths if paths is not None else project.articles(),
            project=project,
            output_dir=project.root / "output",
            registry=Registry.discover(),
            formats=formats,
            **kwargs,  # type: ignore[arg-type]
        )

    return run


@pytest.fixture
def corpus_project(project: Project) -> Project:
    """The project with every article of the shared corpus copied into source/."""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is not beside this checkout: {CORPUS} is missing")
    for path in sorted(CORPUS.glob("*/*.md")):
        shutil.copy(path, project.source_dir / path.name)
    settings = project.settings_path.read_text(encoding="utf-8")
    keys = ", ".join(CORPUS_EXTRA_KEYS)
    project.settings_path.write_text(settings + f"extra_keys: [{keys}]\n", encoding="utf-8")
    return project


@pytest.fixture
def plugin_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put the test plug-in distribution (tests/plugins) on sys.path, as pip would."""
    monkeypatch.syspath_prepend(str(PLUGINS))
    yield
    sys.modules.pop("handout_outline", None)


def libreoffice_pdf(docx: Path, out: Path) -> Path:
    """The Word document as LibreOffice lays it out, printed to PDF."""
    profile = out / "lo-profile"
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, "HOME": str(out)},
    )
    return out / f"{docx.stem}.pdf"
