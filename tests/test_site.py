"""The listening library (`site`): each article's page with its player and downloads, and the index.

These tests are fast: the transcript is made from the speech script with made-up timings, and the
pages are read as HTML. tests/test_site_browser.py opens real builds in Chromium.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from builder import Project
from builder.config import load_settings
from builder.direction import text_direction as direction
from builder.inputs import BuiltFile
from builder.pipeline import BuildReport, load_article
from builder.renderers import RenderOptions
from builder.renderers.site import SiteRenderer, file_size, timed_cues
from builder.speech.script import make_script
from builder.speech.transcript import Cue, webvtt

LANGUAGES = Path(__file__).parent / "languages"


def options_with_transcript(project: Project, path: Path, **settings: object) -> tuple[RenderOptions, str]:
    article = load_article(path, project=project, settings=load_settings(project), overrides=settings)
    uses = SiteRenderer.uses
    options = RenderOptions.prepare(article.document, settings=article.settings, project=project, uses=uses)
    script = make_script(options.handout, lexicon=options.inputs.lexicon)
    spoken = [u for u in script.utterances if u.spoken.strip()]
    cues = [Cue(2.0 * i + 0.5, 2.0 * i + 2.0, u.shown or u.spoken, u.chapter) for i, u in enumerate(spoken)]
    vtt = webvtt(cues, lang=article.document.metadata.lang)
    slug = article.document.slug
    built = (
        BuiltFile("mp3", f"{slug}.mp3", 2_345_678),
        BuiltFile("mp3", f"{slug}.vtt", len(vtt), vtt),
        BuiltFile("pdf", f"{slug}.pdf", 123_456),
        BuiltFile("txt", f"{slug}.txt", 4_321),
    )
    inputs = type(options.inputs)(**{**_fields(options.inputs), "built": built})
    return type(options)(**{**_fields(options), "inputs": inputs}), vtt


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def render_page(project: Project, path: Path, tmp_path: Path, **settings: object) -> lxml.html.HtmlElement:
    options, _ = options_with_transcript(project, path, **settings)
    doc = options.handout.document
    result = SiteRenderer().render(doc, options=options, out_dir=tmp_path)
    assert [p.name for p in result.files] == ["index.html"]
    return lxml.html.fromstring(result.files[0].read_bytes())


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def placed_cues(project: Project, path: Path) -> tuple[int, int]:
    """Check that every cue with a place is printed there; (sentences placed, elements marked)."""
    options, vtt = options_with_transcript(project, path)
    cues = timed_cues(vtt, options)
    assert len(cues) == vtt.count(" --> ") > 5
    page = lxml.html.fromstring(
        SiteRenderer()
        .render(options.handout.document, options=options, out_dir=project.root)
        .files[0]
        .read_bytes()
    )
    placed = marked = 0
    for cue in cues:
        if not cue.target:
            continue
        where = re.fullmatch(r'\[data-line="(\d+)"\]( tbody tr:nth-of-type\((\d+)\))?', cue.target)
        if where:
            found = page.xpath(f'//*[@data-line="{where.group(1)}"]')
            if where.group(3):
                found = [row for f in found for row in f.xpath(f".//tbody/tr[{where.group(3)}]")]
        else:
            found = page.find_class("title-block")
        assert found, cue  # the first, as the page's script takes it: a list before its first item
        if cue.whole:
            marked += 1
        else:
            assert cue.text in words(found[0]), cue
            placed += 1
    sentences = [q for q in cues if q.chapter not in ("opening", "closing")]
    # Every sentence of the article's sections is placed; only furniture (the closing) is looked up by its words.
    assert all(q.target for q in sentences), [q for q in sentences if not q.target]
    return placed, marked


def test_site_ties_every_spoken_sentence_to_the_element_that_prints_it(project: Project) -> None:
    placed, marked = placed_cues(project, project.articles()[0])
    assert placed > 30 and marked == 0


def test_site_finds_every_sentence_of_real_and_other_script_articles(corpus_project: Project) -> None:
    """The corpus (citation links, tables, lists, notes, pictures) and every script and direction."""
    for path in sorted(LANGUAGES.glob("*.md")):
        shutil.copy(path, corpus_project.source_dir / path.name)
    totals = {path.stem: placed_cues(corpus_project, path) for path in corpus_project.articles()}
    assert len(totals) >= 14
    assert totals["nci-pdq-cardiopulmonary-syndromes-patient"][0] > 400
    assert totals["ar-diabetes"] == (11, 2)  # and its table's 2 rows, marked


def test_site_page_has_player_chapters_speeds_and_downloads(project: Project, tmp_path: Path) -> None:
    seed = project.articles()[0]
    options, vtt = options_with_transcript(project, seed, base_url="https://clinic.example/handouts/")
    result = SiteRenderer().render(options.handout.document, options=options, out_dir=tmp_path)
    page = lxml.html.fromstring(result.files[0].read_bytes())
    slug = seed.stem
    (audio,) = page.xpath("//audio")
    assert audio.get("controls") is not None and audio.get("src") == f"{slug}.mp3"
    (track,) = audio.xpath("track")
    assert (track.get("kind"), track.get("srclang")) == ("captions", "en-US")
    assert base64.b64decode(track.get("src").split(",", 1)[1]).decode() == vtt
    speeds = [b.get("data-rate") for b in page.xpath('//div[@class="speeds"]/button')]
    assert speeds == ["0.75", "1.0", "1.25", "1.5"]
    cues = json.loads(page.get_element_by_id("cues").text)
    chapters = page.xpath('//a[@class="chapter"]')
    sections = page.xpath("//section/h2[@data-line]")
    assert [a.get("href") for a in chapters] == [f"#{h.get('id')}" for h in sections]
    for link in chapters:  # each chapter starts at its heading's cue
        heading = page.get_element_by_id(link.get("href")[1:])
        start = next(c["start"] for c in cues if c["target"] == f'[data-line="{heading.get("data-line")}"]')
        assert float(link.get("data-start")) == pytest.approx(start)
    downloads = {a.get("href"): (a.text, words(a.getnext())) for a in page.xpath('//ul[@class="files"]//a')}
    assert downloads == {
        f"{slug}.pdf": ("Print this", "PDF, 123 KB"),
        f"{slug}.mp3": ("Listen offline", "MP3, 2.3 MB"),
        f"{slug}.txt": ("Plain text, for a screen reader or braille", "TXT, 4 KB"),
    }
    (qr,) = page.xpath('//figure[@class="qr"]')
    assert qr.xpath("svg/@role") == ["img"] and qr.xpath("figcaption/a/@href") == [
        f"https://clinic.example/handouts/{slug}/"
    ]
    assert page.xpath('//nav[@class="home"]/a/@href') == ["../index.html"]


def test_site_page_asks_no_other_host_for_anything(project: Project, tmp_path: Path) -> None:
    page = render_page(project, project.articles()[0], tmp_path, base_url="https://clinic.example/")
    fetched = page.xpath("//@src | //link/@href | //object/@data | //iframe | //embed")
    assert fetched and all(not re.match(r"(?!data:)[a-z]+:", str(url)) for url in fetched), fetched
    style = " ".join(page.xpath("//style/text()"))
    assert re.findall(r"url\(\s*(?![\x27\"]?data:)", style) == [] and "@import" not in style


def test_site_page_speaks_the_article_language_and_direction(
    project: Project, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    article = write_article(
        "dolor.md",
        "---\ntitle: El dolor\nlang: es\nsummary: Qué hacer.\n---\n\n## Qué es\n\nEl dolor es una señal.\n",
    )
    page = render_page(project, article, tmp_path)
    assert page.get("lang") == "es" and page.get("dir") == "ltr"
    assert page.get_element_by_id("player-heading").text == "Escuchar"
    assert page.xpath('//ul[@class="files"]//a')[0].text == "Imprimir"
    assert words(page.xpath('//ul[@class="files"]//span')[1]) == "MP3, 2,3 MB"
    assert direction("ar") == direction("he-IL") == "rtl" and direction("fa") == "rtl"
    assert direction("en-US") == "ltr"
    assert file_size(999, "en-US") == "1\u00a0KB"


def test_site_follows_the_other_formats_and_writes_the_library(
    project: Project, write_article: Callable[..., Path], build_formats: Callable[..., BuildReport]
) -> None:
    write_article(
        "pain.md",
        "---\ntitle: Pain\nlang: en-GB\ntopics: [Pain, Care]\nsummary: What to do.\n---\n\n## What\n\nIt hurts.\n",
    )
    report = build_formats(formats=("site", "txt", "html"))
    assert report.ok, report.results
    order = [(r.source.name, r.format) for r in report.results if r.format]
    assert order.index(("pain.md", "site")) > order.index(("pain.md", "txt"))
    output = project.root / "output"
    page = lxml.html.fromstring((output / "pain" / "index.html").read_bytes())
    size = (output / "pain" / "pain.txt").stat().st_size
    assert [words(li) for li in page.xpath('//ul[@class="files"]/li')] == [
        "Plain text, for a screen reader or braille TXT, " + " ".join(file_size(size, "en-GB").split())
    ]
    assert page.xpath("//audio") == []  # no audio built: no player
    index = lxml.html.fromstring((output / "index.html").read_bytes())
    entries = index.find_class("entry")
    assert [e.xpath("h2/a/@href")[0] for e in entries] == [
        "mesenchymal-stem-cells-als/index.html",
        "pain/index.html",
    ]
    pain = entries[1]
    assert json.loads(pain.get("data-topics")) == ["Pain", "Care"] and pain.get("data-lang") == "en-GB"
    details = dict(zip(pain.xpath("dl/dt/text()"), pain.xpath("dl/dd/text()"), strict=True))
    assert details == {
        "Language": "English (United Kingdom)",
        "Topics": "Pain, Care",
        "Review": "Draft: not yet reviewed by the clinic",
    }
    assert pain.xpath("p/text()") == ["What to do."]
    assert [o.text for o in index.xpath('//select[@id="topic"]/option')] == [
        "All",
        "ALS",
        "Care",
        "Mesenchymal Stem Cells",
        "Pain",
        "Stem Cell Therapy",
    ]

    again = build_formats(formats=("site", "txt", "html"))
    assert {r.status for r in again.results if r.format} == {"unchanged"}  # the library too
    (project.source_dir / "pain.md").write_text(
        "---\ntitle: Pain\nlang: en-GB\n---\n\n## What\n\nIt hurts a lot more now.\n", encoding="utf-8"
    )
    edited = build_formats(formats=("txt", "site"))
    built = {(r.source.name, r.format) for r in edited.results if r.status == "built"}
    assert {("pain.md", "txt"), ("pain.md", "site")} <= built
    assert ("mesenchymal-stem-cells-als.md", "site") not in built
    # A followed format built again (its file was deleted) builds the page again: the page lists it.
    (output / "pain" / "pain.txt").unlink()
    again = build_formats([project.source_dir / "pain.md"], formats=("txt", "site"))
    assert {(r.format, r.status) for r in again.results if r.source.name == "pain.md" and r.format} == {
        ("txt", "built"),
        ("site", "built"),
    }
    # Building one article keeps the others in the library.
    one = build_formats([project.source_dir / "pain.md"], formats=("txt", "site"), force=True)
    assert one.ok and {r.source.name for r in one.results if r.format == "site" and r.source.name != "index.html"} == {
        "pain.md"
    }
    index = lxml.html.fromstring((output / "index.html").read_bytes())
    assert [e.xpath("h2/a/@href")[0] for e in index.find_class("entry")] == [
        "mesenchymal-stem-cells-als/index.html",
        "pain/index.html",
    ]
    # An article deleted from source/ leaves the library at the next build.
    (project.source_dir / "pain.md").unlink()
    build_formats(formats=("txt", "site"))
    index = lxml.html.fromstring((output / "index.html").read_bytes())
    assert [e.xpath("h2/a/@href")[0] for e in index.find_class("entry")] == ["mesenchymal-stem-cells-als/index.html"]


def test_site_is_built_by_default_only_with_html_and_mp3(
    project: Project, build_formats: Callable[..., BuildReport]
) -> None:
    settings = project.settings_path.read_text(encoding="utf-8")
    project.settings_path.write_text(
        re.sub(r"(?m)^formats:.*$", "formats: [html, txt]", settings), encoding="utf-8"
    )
    report = build_formats(formats=())
    assert {r.format for r in report.results if r.format} == {"html", "txt"}
