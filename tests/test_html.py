"""The HTML renderer: golden pages for the markup, and the standalone page as a browser gets it."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import besides_review

from builder import load_article, load_settings
from builder.renderers import RenderOptions
from builder.renderers.html import document_to_html
from builder.renderers.text import document_to_text

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in (GOLDEN / "html").glob("*.md"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def load_case(project, name):
    path = project.source_dir / f"{name}.md"
    path.write_text((GOLDEN / "html" / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
    return load_article(path, project=project, settings=load_settings(project))


def options_for(project, article):
    return RenderOptions.prepare(article.document, settings=article.settings, project=project)


def compare(actual: str, expected_path: Path) -> None:
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_document_to_html_matches_golden(project, name):
    article = load_case(project, name)
    html = document_to_html(options_for(project, article), css="")
    compare(html, GOLDEN / "html" / f"{name}.html")


@pytest.mark.parametrize("name", CASES)
def test_document_to_text_matches_golden(project, name):
    article = load_case(project, name)
    compare(document_to_text(options_for(project, article)), GOLDEN / "txt" / f"{name}.txt")


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_renderer_writes_standalone_accessible_page(project, build_formats):
    report = build_formats(formats=("html",))
    assert report.ok and besides_review(report.findings) == ()
    html = report.results[1].files[0].read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    tags = [tag for tag, _ in outline.tags]
    assert outline.tags[0] == ("html", {"lang": "en-US", "dir": "ltr"})
    assert "<title>Mesenchymal Stem Cells in the Treatment of ALS</title>" in html
    for landmark in ("header", "main", "footer", "aside"):
        assert landmark in tags or landmark == "footer"
    headings = [tag for tag in tags if tag in ("h1", "h2", "h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1
    assert "<link" not in html and "<script" not in html  # nothing to fetch: works offline
    assert "@font-face { font-family: 'Atkinson Hyperlegible'" in html
    assert ":root { font-size: 150%; }" in html
    assert 'href="tel:5550100;phone-context=+1"' in html  # RFC 3966: a local number names its country


def test_html_renderer_refuses_outside_images_with_a_warning(project, build_formats, write_article):
    from PIL import Image

    Image.new("RGB", (2, 2), "black").save(project.root / "assets" / "dot.png")
    write_article(
        "images.md",
        "---\ntitle: Images\n---\n![A dot](dot.png)\n\n![Passwords](file:///etc/passwd)\n\n"
        "![Up](../../x.png)\n\n![Web](http://127.0.0.1:9/x.png)\n\n![Broken](broken.png)\n",
    )
    (project.root / "assets" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    report = build_formats([project.source_dir / "images.md"], formats=("html",))
    assert report.ok
    assert [str(f) for f in besides_review(report.findings)] == [
        "source/images.md:6: image left out: 'file:///etc/passwd' is not allowed: use a file in assets/ by its name",
        "source/images.md:8: image left out: '../../x.png' points outside the project's folders: use a file in assets/",
        "source/images.md:10: image left out: 'http://127.0.0.1:9/x.png' is on the web and Handout never "
        "downloads anything: save the file in assets/ and use its name",
        "source/images.md:12: image left out: 'broken.png' is not a picture every format can show: "
        "save it as PNG or JPEG",
    ]
    html = report.results[1].files[0].read_text(encoding="utf-8")
    assert 'alt="A dot"' in html and "data:image/png;base64," in html
    assert "(Picture: Passwords)" in html and "root:" not in html
