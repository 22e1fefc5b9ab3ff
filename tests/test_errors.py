"""Every message Handout prints is one line, whatever the article quoted in it says."""

from __future__ import annotations

from pathlib import Path

from builder.errors import Finding, Location, RenderError, SourceError, one_line


def test_one_line_makes_line_breaks_and_control_characters_visible():
    assert one_line("a\r\nb\x07c\u2028d\te") == "a\\r\\nbU+0007cU+2028d\te"


def test_errors_and_warnings_are_one_line():
    where = Location(Path("source/a.md"), 4)
    assert str(SourceError(where, "'\r' of 'glossary' must not be empty")) == (
        "source/a.md:4: '\\r' of 'glossary' must not be empty"
    )
    assert str(RenderError("WeasyPrint said:\nline two")) == "WeasyPrint said:\\nline two"
    assert str(Finding(where, "the link 'a\nb' goes nowhere")) == "source/a.md:4: the link 'a\\nb' goes nowhere"
