"""The `handout` command end to end, with click's CliRunner: outputs, messages and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOT_REVIEWED

from builder.cli import main

GOOD = "---\ntitle: Good\n---\nSome text.\n"


@pytest.fixture
def run(project):
    def invoke(*args: str):
        return CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)

    return invoke


def test_build_without_paths_builds_every_article(run, project, write_article):
    write_article("second.md", GOOD)
    result = run("build", "-f", "html,txt")
    assert result.exit_code == 0, result.output
    out = project.root / "output"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".handout-manifest.json",
        "mesenchymal-stem-cells-als/mesenchymal-stem-cells-als.html",
        "mesenchymal-stem-cells-als/mesenchymal-stem-cells-als.txt",
        "second/second.html",
        "second/second.txt",
    ]
    assert "built 4 files" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning")]
    assert [line for line in warnings if NOT_REVIEWED not in line] == []


def test_build_uses_formats_from_settings(run, project):
    project.settings_path.write_text(project.settings_path.read_text().replace("formats: [pdf, docx, epub, mp3, html, txt]", "formats: [txt]"))
    result = run("build")
    assert result.exit_code == 0
    assert (
        project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt"
    ).is_file()


def test_build_one_path_and_output_folder(run, project, write_article, tmp_path):
    path = write_article("second.md", GOOD)
    result = run("build", str(path), "-f", "txt", "-o", str(tmp_path / "elsewhere"))
    assert result.exit_code == 0
    assert (tmp_path / "elsewhere" / "second" / "second.txt").read_text().startswith("Example ALS Clinic")
    assert not (project.root / "output").exists()


BAD_INPUTS = {
    "no-front-matter.md": (b"Just text\n", "no-front-matter.md:1: the article has no front matter"),
    "unterminated.md": (
        b"---\ntitle: A\nText\n",
        "unterminated.md:1: the front matter that starts here is never closed",
    ),
    "invalid-yaml.md": (
        b"---\ntitle: [A\n---\nText\n",
        "invalid-yaml.md:3: the front matter is not valid YAML",
    ),
    "python-tag.md": (
        b"---\ntitle: !!python/object/apply:os.system [touch pwned]\n---\nText\n",
        "python-tag.md:2: YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",
    ),
    "not-mapping.md": (b"---\n- a\n---\nText\n", "not-mapping.md:2: the front matter must be a list"),
    "impossible-date.md": (
        b"---\ntitle: A\ndate: 2023-02-30\n---\nText\n",
        "impossible-date.md:3: 'date' is not a real date ('2023-02-30')",
    ),
    "latin1.md": (
        "---\ntitle: Caf\u00e9\n---\nText\n".encode("cp1252"),
        "latin1.md:2: byte 0xE9 at offset 14",
    ),
    "utf16.md": ("---\ntitle: A\n---\nText\n".encode("utf-16"), "utf16.md: the file looks like UTF-16"),
    "empty-body.md": (
        b"---\ntitle: A\n---\n\n",
        "empty-body.md:3: the article has no text after its front matter",
    ),
    "no-title.md": (b"---\nlang: en\n---\nText\n", "no-title.md:1: 'title' is missing"),
    "bad-lang.md": (
        b"---\ntitle: A\nlang: english\n---\nText\n",
        "bad-lang.md:3: 'lang' must be a language tag",
    ),
    "huge.md": (b"---\ntitle: A\n---\n" + b"a" * 600_000, "huge.md: the file is 600,017 bytes; the limit is"),
    "bad-format.md": (b"---\ntitle: A\nformats: [pfd]\n---\nText\n", "bad-format.md: 'pfd' is not a format"),
}


def test_build_reports_each_bad_article_and_builds_the_others(run, project, write_article):
    for name, (content, _) in BAD_INPUTS.items():
        write_article(name, content)
    settings = project.settings_path.read_text().replace("formats: [pdf, docx, epub, mp3, html, txt]", "formats: [html, txt]")
    project.settings_path.write_text(settings)
    result = run("build")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(BAD_INPUTS)
    for _, expected in BAD_INPUTS.values():
        assert any(f"error: source/{expected}" in line for line in errors), expected
    output = project.root / "output"
    assert sorted(p.name for p in output.iterdir() if p.is_dir()) == ["mesenchymal-stem-cells-als"]
    assert not (project.root / "pwned").exists()
    assert "built 2 files; 13 failed" in result.output


def test_build_unknown_format_is_a_usage_error(run, project):
    result = run("build", "-f", "html,pdff")
    assert result.exit_code == 2
    assert "error: 'pdff' is not a format: the formats are" in result.output
    assert not (project.root / "output").exists()


def test_build_missing_path_is_a_usage_error(run):
    result = run("build", "source/nope.md")
    assert result.exit_code == 2
    assert "error: source/nope.md: no such article" in result.output


def test_build_strict_makes_warnings_fatal(run, project, write_article):
    write_article("warned.md", "---\ntitle: W\n---\n![](photo.png)\n")
    relaxed = run("build", "-f", "txt", "source/warned.md")
    assert relaxed.exit_code == 0
    assert "warning: source/warned.md:4: the image 'photo.png' has no description" in relaxed.output
    (project.root / "output" / "warned" / "warned.txt").unlink()
    strict = run("build", "-f", "txt", "--strict", "source/warned.md")
    assert strict.exit_code == 1
    assert "--strict makes warnings errors" in strict.output
    assert not (project.root / "output" / "warned" / "warned.txt").exists()


def test_build_quiet_prints_only_errors(run, write_article):
    write_article("bad.md", "no front matter\n")
    result = run("--quiet", "build", "-f", "txt")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.output.splitlines()] == ["error"]


def test_build_verbose_lists_files(run):
    result = run("--verbose", "build", "-f", "txt")
    assert "built output/mesenchymal-stem-cells-als/mesenchymal-stem-cells-als.txt" in result.output


def test_build_options_override_settings(run, project):
    result = run("build", "-f", "html", "--print-size", "extra-large")
    assert result.exit_code == 0
    html = (
        project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.html"
    ).read_text()
    assert ":root { font-size: 200%; }" in html


def test_formats_lists_availability(run):
    result = run("formats")
    assert result.exit_code == 0
    lines = dict(line.split(None, 1) for line in result.output.splitlines())
    assert lines["html"].startswith("available")
    assert lines["txt"].startswith("available")


def test_new_writes_an_article_that_builds(run, project):
    result = run("new", "living-with-als", "--title", "Living with ALS")
    assert result.exit_code == 0
    path = project.source_dir / "living-with-als.md"
    assert 'title: "Living with ALS"' in path.read_text()
    text = path.read_text()
    assert re.search(r"^reviewed:[ \t]*(#.*)?$", text, re.MULTILINE), "reviewed is left for a person to fill in"
    again = run("build", "-f", "txt", str(path))
    assert again.exit_code == 0, again.output
    warnings = [line for line in again.output.splitlines() if line.startswith("warning")]
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("reviewed:"))) + 1
    assert warnings == [
        f"warning: source/living-with-als.md:{line}: no 'reviewed' date: the handout is a draft until "
        "a clinician has reviewed the article; then write the day as 'reviewed: YYYY-MM-DD'"
    ]


def test_build_unknown_key_is_a_warning_and_strict_makes_it_an_error(run, write_article):
    write_article("typo.md", "---\ntitle: A\nreviewed: 2024-03-12\nsumary: x\n---\nText\n")
    result = run("build", "-f", "txt", "source/typo.md")
    assert result.exit_code == 0, result.output
    assert "warning: source/typo.md:4: unknown key 'sumary' was left out: did you mean 'summary'?" in result.output
    strict = run("build", "-f", "txt", "--force", "--strict", "source/typo.md")
    assert strict.exit_code == 1
    assert (
        "error: source/typo.md:4: unknown key 'sumary' was left out: did you mean 'summary'? "
        "(--strict makes warnings errors)" in strict.output
    )


def test_new_refuses_existing_or_bad_names(run):
    assert run("new", "mesenchymal-stem-cells-als").exit_code == 2
    assert run("new", "Bad Name").exit_code == 2


def test_version_and_help(run):
    assert run("--version").output.startswith("handout, version ")
    assert "build" in run("--help").output


def test_python_dash_m_builder_runs_the_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "builder", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("handout, version")


def test_init_writes_a_project_that_builds_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["init", "clinic"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    root = tmp_path / "clinic"
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == ["assets/README", "source/getting-ready-for-your-visit.md", "source/handout.yaml"]
    assert "next: fill in source/handout.yaml, then run 'cd clinic && handout build'" in first.output
    assert str(tmp_path) not in first.output  # paths as the user typed them

    (root / "source" / "handout.yaml").write_text("organisation: Our Clinic\n")
    again = runner.invoke(main, ["init", "clinic"], catch_exceptions=False)
    assert again.exit_code == 0
    assert "kept clinic/source/handout.yaml: it is already there" in again.output
    assert (root / "source" / "handout.yaml").read_text() == "organisation: Our Clinic\n"
    (root / "source" / "getting-ready-for-your-visit.md").unlink()
    (root / "source" / "ours.md").write_text(GOOD)
    third = runner.invoke(main, ["init", "clinic"], catch_exceptions=False)
    assert "skipped clinic/source/getting-ready-for-your-visit.md: source/ already has articles" in third.output
    assert not (root / "source" / "getting-ready-for-your-visit.md").exists()


def test_init_project_builds_with_only_the_review_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(main, ["build", "-f", "html,txt,script"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1 and NOT_REVIEWED in warnings[0]
    assert warnings[0].startswith("warning: source/getting-ready-for-your-visit.md:9: ")
    assert "Words to know" in (tmp_path / "output" / "getting-ready-for-your-visit" / "getting-ready-for-your-visit.txt").read_text()


def test_init_settings_template_names_every_setting_commented_with_its_default():
    from importlib import resources

    import yaml

    from builder import schema
    from builder.config import Settings
    from builder.source import SourceFile

    text = resources.files("builder.templates").joinpath("handout.yaml").read_text("utf-8")
    assert yaml.safe_load(text) is None  # everything is commented
    settings_lines = [line[2:] for line in text.splitlines() if re.match(r"# [a-z_]+: ", line)]
    names = [line.split(":", 1)[0] for line in settings_lines]
    assert sorted(names) == sorted(schema.settings_schema()["properties"])
    values = yaml.safe_load("\n".join(settings_lines))
    schema.check(SourceFile(Path("source/handout.yaml"), values, {}, "", 0), schema.settings_schema())
    clinic = {"organisation", "contact", "phone", "country", "logo", "base_url"}
    defaults = Settings()
    for name, value in values.items():
        if name not in clinic:
            assert Settings().merged({name: value}) == defaults, name


def test_build_output_folder_relative_to_where_the_command_is_run(run, project, tmp_path, monkeypatch):
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run("build", "-f", "txt", "-o", "handouts")
    assert result.exit_code == 0, result.output
    assert (here / "handouts" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt").is_file()
