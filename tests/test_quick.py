"""The fast path of a rebuild with nothing changed: no article read, no renderer imported; and every
change that matters still rebuilds (the full check decides whenever the fast path misses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from builder import manifest as manifest_module
from builder.cli import main
from builder.manifest import MANIFEST_NAME

FORMATS = "html,txt"
SLUG = "mesenchymal-stem-cells-als"
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "5c0a2d8b0000000049454e44ae426082"
)
"""A 1 x 1 PNG."""


def run(project, *args):
    result = CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)
    return result


def statuses(result) -> dict[str, str]:
    text = result.output
    report = json.loads(text[text.index("{\n") :])
    return {r["format"]: r["status"] for r in report["results"] if r["format"]}


def build(project, *args) -> dict[str, str]:
    result = run(project, "build", "-f", FORMATS, "--json", *args)
    assert result.exit_code == 0, result.output
    return statuses(result)


def test_a_noop_rebuild_reads_no_article_and_imports_no_renderer(project):
    assert build(project) == {"html": "built", "txt": "built"}
    probe = (
        "import sys\n"
        "from builder.cli import main\n"
        "try:\n"
        f"    main(['--project', {str(project.root)!r}, 'build', '-f', {FORMATS!r}, '--json'])\n"
        "except SystemExit as end:\n"
        "    code = end.code\n"
        "heavy = ('markdown_it', 'jsonschema', 'yaml', 'builder.convert', 'builder.renderers', 'weasyprint',\n"
        "         'docx', 'ebooklib', 'numpy', 'onnxruntime', 'builder.pipeline')\n"
        "print('IMPORTED', sorted(m for m in heavy if m in sys.modules), code, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_START"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    report = json.loads(result.stdout)
    assert {r["format"]: r["status"] for r in report["results"] if r["format"]} == {
        "html": "unchanged",
        "txt": "unchanged",
    }
    # The article's warnings are shown again, as a full rebuild shows them.
    assert "no 'reviewed' date" in result.stderr
    assert "IMPORTED [] 0" in result.stderr, result.stderr


def _edit_source(project):
    path = project.source_dir / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("both trials", "both of the trials"), "utf-8")


def _edit_settings(project):
    text = project.settings_path.read_text(encoding="utf-8")
    project.settings_path.write_text(text.replace("555-0100", "555-0199"), encoding="utf-8")


def _add_asset(project):
    (project.assets_dir / "handout.css").write_text(project.asset("handout.css").read_text() + "\n")


@pytest.mark.parametrize(
    "change",
    [_edit_source, _edit_settings, _add_asset],
    ids=["source", "settings", "asset"],
)
def test_a_change_to_what_goes_in_rebuilds(project, change):
    build(project)
    assert build(project) == {"html": "unchanged", "txt": "unchanged"}
    change(project)
    assert build(project)["html"] == "built"
    assert build(project) == {"html": "unchanged", "txt": "unchanged"}


def test_a_picture_next_to_the_article_rebuilds_when_it_changes_or_appears(project):
    article = project.source_dir / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n![A small square](square.png)\n", encoding="utf-8")
    first = run(project, "build", "-f", "html", "--json")
    assert "square.png" in first.output  # not found yet: a warning
    assert statuses(run(project, "build", "-f", "html", "--json")) == {"html": "unchanged"}
    (project.source_dir / "square.png").write_bytes(PICTURE)  # the picture appears
    assert statuses(run(project, "build", "-f", "html", "--json")) == {"html": "built"}
    assert statuses(run(project, "build", "-f", "html", "--json")) == {"html": "unchanged"}
    (project.source_dir / "square.png").write_bytes(PICTURE + b"\0")  # the picture changes
    assert statuses(run(project, "build", "-f", "html", "--json")) == {"html": "built"}


def test_other_options_rebuild(project):
    build(project)
    assert build(project, "--paper", "A4")["html"] == "built"
    assert build(project, "--paper", "A4") == {"html": "unchanged", "txt": "unchanged"}
    result = run(project, "build", "-f", "txt", "--paper", "A4", "--json")
    assert statuses(result) == {"txt": "unchanged"}  # the full check: txt is as it was
    assert build(project, "--force") == {"html": "built", "txt": "built"}


def test_a_deleted_or_damaged_output_is_built_again(project):
    build(project)
    target = project.root / "output" / SLUG / f"{SLUG}.txt"
    good = target.read_bytes()
    target.unlink()
    assert build(project)["txt"] == "built"
    assert target.read_bytes() == good
    damaged = bytearray(good)
    damaged[10] ^= 1  # the same size
    target.write_bytes(bytes(damaged))
    assert build(project)["txt"] == "built"
    assert target.read_bytes() == good
    os.utime(target, ns=(1, 1))  # touched, bytes intact: checked, not rebuilt
    assert build(project)["txt"] == "unchanged"
    assert build(project) == {"html": "unchanged", "txt": "unchanged"}


def test_a_change_to_handouts_code_rebuilds(project, monkeypatch):
    build(project)
    manifest_module.code_fingerprint.cache_clear()
    real = manifest_module.code_fingerprint()
    monkeypatch.setattr(manifest_module, "code_fingerprint", lambda: real + "changed")
    monkeypatch.setattr("builder.quick.code_fingerprint", lambda: real + "changed")
    assert build(project) == {"html": "built", "txt": "built"}


def test_a_failed_build_is_never_the_one_matched(project, write_article):
    write_article("broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    first = run(project, "build", "-f", "txt", "--json")
    assert first.exit_code == 1
    again = run(project, "build", "-f", "txt", "--json")
    assert again.exit_code == 1
    assert "broken.md" in again.output
    data = json.loads((project.root / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "quick" not in data
