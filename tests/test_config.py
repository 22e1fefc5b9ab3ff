"""Settings: clinic-wide file, then front matter, then command line; all checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import Project, Settings, load_article, load_settings
from builder.config import default_assets_dir
from builder.errors import SourceError


def test_load_settings_reads_the_clinic_file(project):
    settings = load_settings(project)
    assert settings.organisation == "Example ALS Clinic"
    assert settings.paper == "Letter"
    assert settings.min_font_pt == 18


def test_load_settings_defaults_without_a_file(project):
    project.settings_path.unlink()
    assert load_settings(project) == Settings()


def test_settings_merge_front_matter_then_command_line(project, write_article):
    path = write_article("a.md", "---\ntitle: A\npaper: A4\nprint_size: extra-large\n---\nText\n")
    article = load_article(
        path, project=project, settings=load_settings(project), overrides={"paper": "Letter"}
    )
    assert article.settings.paper == "Letter"  # command line beats front matter
    assert article.settings.print_size == "extra-large"  # front matter beats the clinic file
    assert article.settings.min_font_pt == 24
    assert article.settings.organisation == "Example ALS Clinic"  # the clinic file's own values stay


def test_settings_are_frozen(project):
    settings = load_settings(project)
    with pytest.raises(AttributeError):
        settings.paper = "A4"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paper: A5\n", "source/handout.yaml:1: 'paper' must be one of: A4, Letter"),
        (
            "organisation: X\nflavour: red\n",
            "source/handout.yaml:2: unknown setting 'flavour': the settings are",
        ),
        ("papr: A4\n", "source/handout.yaml:1: unknown key 'papr': did you mean 'paper'?"),
        ("logo: ../../etc/passwd\n", "source/handout.yaml:1: '../../etc/passwd' is outside the project"),
        ("logo: assets/none.png\n", "source/handout.yaml:1: 'assets/none.png' does not exist"),
        ("formats: pdf\n", "source/handout.yaml:1: 'formats' must be a list"),
        ("- a\n", "source/handout.yaml:1: the settings file must be a list of 'key: value' lines"),
    ],
)
def test_load_settings_names_line_and_fix(project, text, expected):
    project.settings_path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_settings(project)
    assert str(caught.value).startswith(expected)


def test_project_asset_is_the_projects_own_file_when_it_has_one(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "print.css").write_text("body { color: black; }\n", encoding="utf-8")
    assert project.asset("print.css") == project.assets_dir / "print.css"
    assert project.asset("handout.css") == default_assets_dir() / "handout.css"



@pytest.mark.parametrize("name", ["handout.css", "print.css", "epub.css", "lexicon.yaml"])
def test_project_without_assets_uses_the_defaults_shipped_in_the_package(tmp_path: Path, name: str) -> None:
    path = Project.at(tmp_path).asset(name)
    assert path.is_relative_to(default_assets_dir())
    assert path.read_text(encoding="utf-8").strip()


def test_project_read_asset_names_the_projects_file_that_cannot_be_read(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    (tmp_path / "assets" / "print.css").mkdir(parents=True)
    with pytest.raises(SourceError) as caught:
        project.read_asset("print.css")
    assert str(caught.value) == (
        "assets/print.css: cannot be read (Is a directory): fix the file, or delete it to use Handout's default"
    )
    (tmp_path / "assets" / "print.css").rmdir()
    (tmp_path / "assets" / "print.css").write_bytes(b"body { color: \xff; }")
    with pytest.raises(SourceError, match=r"^assets/print\.css: cannot be read \(it is not UTF-8 text\)"):
        project.read_asset("print.css")
    assert "@page" in Project.at(tmp_path / "empty").read_asset("print.css")
