"""A third-party renderer is found through its entry point, exactly like the built-in ones."""

from __future__ import annotations

from click.testing import CliRunner

from builder import Registry
from builder.cli import main


def test_registry_finds_third_party_renderer_through_entry_point(plugin_on_path):
    registry = Registry.discover()
    assert "outline" in registry.names()
    renderer = registry.load("outline")
    assert renderer.__module__ == "handout_outline"
    assert registry.availability("outline") == "available"


def test_registry_without_plugin_does_not_know_it():
    assert "outline" not in Registry.discover().names()


def test_cli_builds_with_third_party_renderer(plugin_on_path, project):
    runner = CliRunner()
    listed = runner.invoke(main, ["--project", str(project.root), "formats"])
    # The names are padded to the longest ('readalong'), so the descriptions line up.
    assert "outline   available - the headings of the article, indented" in listed.output
    result = runner.invoke(main, ["--project", str(project.root), "build", "-f", "outline"])
    assert result.exit_code == 0, result.output
    written = (
        project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.outline.txt"
    )
    lines = written.read_text().splitlines()
    assert lines[:3] == [
        "Mesenchymal Stem Cells in the Treatment of ALS",
        "  What is ALS?  #what-is-als",
        "  How ALS affects the body  #how-als-affects-the-body",
    ]
    assert lines[-3:] == ["  Words to know", "  References", "  What to do next"]
