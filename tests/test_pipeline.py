"""The pipeline: failures stay with their article and format, and outputs are written atomically."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import besides_review

from builder import Project, Registry, RenderError, RenderOptions, RenderResult, build
from builder.document import Document
from builder.registry import RENDERERS_GROUP


class HalfWritingRenderer:
    """Writes half a file, then fails: the old output must survive untouched."""

    name: ClassVar[str] = "half"
    suffix: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "fails half-way"

    @classmethod
    def check_available(cls) -> None:
        pass

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        (out_dir / f"{doc.slug}.txt").write_text("half a fi")
        raise RenderError("the disk is full")


class CrashingRenderer(HalfWritingRenderer):
    name: ClassVar[str] = "crash"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        raise ZeroDivisionError("bug")


def registry_with(*renderers: type) -> Registry:
    found = dict(Registry.discover().entry_points)
    for renderer in renderers:
        value = f"{renderer.__module__}:{renderer.__name__}"
        found[renderer.name] = EntryPoint(name=renderer.name, value=value, group=RENDERERS_GROUP)
    return Registry(found)


def run(project, formats, registry=None):
    return build(
        project.articles(),
        project=project,
        output_dir=project.root / "output",
        registry=registry or registry_with(HalfWritingRenderer, CrashingRenderer),
        formats=formats,
    )


def test_build_failed_renderer_keeps_previous_complete_output(project):
    target = project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt"
    assert run(project, ("txt",)).ok
    before = target.read_text()
    report = run(project, ("half",))
    assert not report.ok
    assert report.failed[0].error == "source/mesenchymal-stem-cells-als.md: half: the disk is full"
    assert target.read_text() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no staging folder left behind


def test_build_renderer_bug_fails_only_that_format(project):
    report = run(project, ("crash", "html"))
    statuses = {r.format: r.status for r in report.results if r.format}
    assert statuses == {"crash": "failed", "html": "built"}
    assert "the crash format could not be made because of a fault in Handout, not in the article (bug)" in (
        report.failed[0].error
    )


def test_build_clean_seed_has_no_findings(project):
    report = run(project, ("html", "txt"), registry=Registry.discover())
    assert report.ok
    assert besides_review(report.findings) == ()


def test_os_errors_name_the_file_as_clinic_staff_know_it(project: Project) -> None:
    from builder.tasks import os_error_message

    target = project.root / "output" / "als"
    full = OSError(28, "No space left on device", str(target / ".pdf-x" / "als.pdf"))
    assert os_error_message(full, project=project, target=target) == (
        "cannot write output/als/.pdf-x/als.pdf (No space left on device): "
        "check that the output folder can be written to"
    )
    missing = FileNotFoundError(2, "No such file or directory", str(project.root / "assets" / "x.css"))
    assert os_error_message(missing, project=project, target=target) == (
        "cannot read assets/x.css (No such file or directory)"
    )


def test_a_change_to_handouts_own_code_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    """How a format is made is an input of it: the fingerprint carries a hash of the package's code."""
    from builder import manifest

    before = manifest.dependency_versions()
    assert f"code={manifest.code_fingerprint()}" in before
    manifest.dependency_versions.cache_clear()
    monkeypatch.setattr(manifest, "code_fingerprint", lambda: "0123456789abcdef")
    try:
        assert manifest.dependency_versions() != before
    finally:
        manifest.dependency_versions.cache_clear()
