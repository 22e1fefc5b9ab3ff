"""The DOCX renderer: build articles, open the files with python-docx and lxml, check real properties."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from conftest import besides_review, libreoffice_pdf
from lxml import etree
from test_docx_xml import tiny_png

from builder import Project
from builder.pipeline import BuildReport
from builder.renderers.docx_xml import ADEC_NS, W_NS

W = {"w": W_NS}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
SEED_SLUG = "mesenchymal-stem-cells-als"

RICH = """\
---
title: Living with ALS at home
lang: en-US
summary: Practical tips for daily life.
topics: [ALS, Home care]
version: "2.1"
call_to_action: Call us to book a home visit.
glossary:
  Ramp: A slope instead of steps.
---

Text with **bold**, `</w:t>` and `{{ name }}` and `&amp;` in it.[^tip]

## Lists

1. First step
2. Second step
   - nested bullet
   - with a [web link](https://example.org/help)
3. Third step

See [the table](#a-table).

## A table

| Item | Cost |
|------|-----:|
| Wheelchair | $100 |

## Pictures

![A red banner with the clinic name](photo.png)

![](border.png "decorative")

![A chart from the web](https://example.org/chart.png)

[^tip]: A helpful tip.
"""


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(w(attr))


@pytest.fixture
def build_docx(
    project: Project, build_formats: Callable[..., BuildReport]
) -> Callable[..., tuple[Path, BuildReport]]:
    """Build one article (the seed by default) as DOCX; return the file and the report."""

    def run(name: str = f"{SEED_SLUG}.md", **kwargs: object) -> tuple[Path, BuildReport]:
        report = build_formats([project.source_dir / name], formats=("docx",), **kwargs)
        assert report.ok, [r.error for r in report.failed]
        return project.root / "output" / Path(name).stem / f"{Path(name).stem}.docx", report

    return run


@pytest.fixture
def rich_docx(
    project: Project, write_article: Callable[..., Path], build_docx: Callable[..., tuple[Path, BuildReport]]
) -> tuple[Path, BuildReport]:
    tiny_png(project.source_dir / "photo.png", 1200, 400)
    tiny_png(project.source_dir / "border.png")
    write_article("rich.md", RICH)
    return build_docx("rich.md")


class Styles:
    """Effective run size through the OOXML style chain, docDefaults included (10 pt if nothing says)."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        root = etree.fromstring(package.read("word/styles.xml"))
        self.root = root
        self.by_id = {s.get(w("styleId")): s for s in root.findall("w:style", W)}
        self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", W)
        self.default_paragraph = next(
            s.get(w("styleId"))
            for s in root.findall("w:style", W)
            if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"
        )

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = val(style.find("w:basedOn", W))

    def size_from(self, layers: list[etree._Element | None]) -> float:
        for rpr in [*layers, self.defaults]:
            if rpr is not None and rpr.find("w:sz", W) is not None:
                return int(val(rpr.find("w:sz", W))) / 2
        return 10.0

    def style_size(self, style_id: str) -> float:
        return self.size_from([s.find("w:rPr", W) for s in self.chain(style_id)])

    def run_size(self, run: etree._Element, paragraph: etree._Element, table_style: str | None) -> float:
        rpr = run.find("w:rPr", W)
        layers: list[etree._Element | None] = [rpr]
        if rpr is not None and rpr.find("w:rStyle", W) is not None:
            layers += [s.find("w:rPr", W) for s in self.chain(val(rpr.find("w:rStyle", W)))]
        p_style = val(paragraph.find("w:pPr/w:pStyle", W)) or self.default_paragraph
        layers += [s.find("w:rPr", W) for s in self.chain(p_style)]
        if table_style:
            layers += [s.find("w:rPr", W) for s in self.chain(table_style)]
        return self.size_from(layers)


def story_parts(package: zipfile.ZipFile) -> list[str]:
    names = package.namelist()
    return [
        n
        for n in names
        if n.startswith("word/")
        and n.split("/")[-1].startswith(("document", "header", "footer", "footnotes"))
    ]


def all_run_sizes(path: Path) -> list[tuple[float, str]]:
    """(effective size, text) of every run with text in the body, headers, footers and footnotes."""
    out = []
    with zipfile.ZipFile(path) as package:
        styles = Styles(package)
        for part in story_parts(package):
            root = etree.fromstring(package.read(part))
            for p in root.iter(w("p")):
                table = next(p.iterancestors(w("tbl")), None)
                table_style = val(table.find("w:tblPr/w:tblStyle", W)) if table is not None else None
                for r in p.iter(w("r")):
                    text = "".join(t.text or "" for t in r.iter(w("t"), w("instrText")))
                    if r.find("w:footnoteReference", W) is not None or r.find("w:footnoteRef", W) is not None:
                        text += "#"
                    if text.strip():
                        out.append((styles.run_size(r, p, table_style), f"{part}: {text}"))
    return out


def xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


# --- the seed article -------------------------------------------------------------


def test_seed_builds_without_findings(build_docx: Callable[..., tuple[Path, BuildReport]]) -> None:
    path, report = build_docx()
    assert path.is_file()
    assert besides_review(report.findings) == ()


def test_headings_use_builtin_title_and_heading_styles(
    build_docx: Callable[..., tuple[Path, BuildReport]],
) -> None:
    path, _ = build_docx()
    document = docx.Document(str(path))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))
    ]
    assert headings[0] == ("Title", "Mesenchymal Stem Cells in the Treatment of ALS")
    assert ("Heading 1", "What is ALS?") in headings
    assert ("Heading 1", "Words to know") in headings and ("Heading 1", "References") in headings
    assert {name for name, _ in headings} == {"Title", "Heading 1"}
    body = [p for p in document.paragraphs if p.style.name == "Normal"]
    assert body and all(p.text != "" for p in body), "space comes from styles, not empty paragraphs"


@pytest.mark.parametrize(("print_size", "minimum"), [("large", 18.0), ("extra-large", 24.0)])
def test_every_run_and_style_is_large_print(
    build_docx: Callable[..., tuple[Path, BuildReport]], print_size: str, minimum: float
) -> None:
    path, _ = build_docx(overrides={"print_size": print_size})
    sizes = all_run_sizes(path)
    parts = {text.split(":")[0] for _, text in sizes}
    assert {"word/document.xml", "word/header1.xml", "word/footer1.xml"} <= parts
    assert min(sizes)[0] >= minimum, min(sizes)
    with zipfile.ZipFile(path) as package:
        styles = Styles(package)
        small = {sid: styles.style_size(sid) for sid in styles.by_id if styles.style_size(sid) < minimum}
        conditional = [
            int(val(sz)) / 2
            for sz in styles.root.iterfind(".//w:tblStylePr//w:sz", W)
            if int(val(sz)) / 2 < minimum
        ]
    assert small == {} and conditional == []
    body = docx.Document(str(path)).styles["Normal"]
    assert body.font.size.pt == minimum
    assert body.paragraph_format.line_spacing == 1.5


def test_styles_are_sans_serif_black_and_flush_left(
    build_docx: Callable[..., tuple[Path, BuildReport]],
) -> None:
    path, _ = build_docx()
    styles = xml(path, "word/styles.xml")
    fonts = {f.get(w("ascii")) for f in styles.iter(w("rFonts"))} - {None}
    assert fonts <= {"Atkinson Hyperlegible", "Verdana"}
    assert not any(f.get(w("asciiTheme")) for f in styles.iter(w("rFonts")))
    assert not [el for el in styles.iter(w("i")) if el.getparent().getparent().tag == w("style")]
    heading = docx.Document(str(path)).styles["Heading 1"]
    assert str(heading.font.color.rgb) == "000000"
    assert {val(jc) for jc in xml(path, "word/document.xml").iter(w("jc"))} <= {"left", "center", "right"}
    assert {val(jc) for jc in styles.iter(w("jc"))} <= {"left"}


def test_core_properties_and_language(build_docx: Callable[..., tuple[Path, BuildReport]]) -> None:
    path, _ = build_docx()
    document = docx.Document(str(path))
    core = document.core_properties
    assert core.title == "Mesenchymal Stem Cells in the Treatment of ALS"
    assert core.subject.startswith("Researchers tested specially grown stem cells")
    assert core.keywords == "ALS, Mesenchymal Stem Cells, Stem Cell Therapy"
    assert core.author == "Example ALS Clinic"
    assert core.language == "en-US"
    assert core.version == "1.0" and core.revision == 1
    defaults = xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", W)
    assert val(defaults) == "en-US"
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if "thumbnail" in n]


def test_language_follows_the_article(
    write_article: Callable[..., Path], build_docx: Callable[..., tuple[Path, BuildReport]]
) -> None:
    write_article("es.md", "---\ntitle: Vivir con ELA\nlang: es\n---\n\n## Qué es\n\nUn texto.\n")
    path, _ = build_docx("es.md")
    styles = xml(path, "word/styles.xml")
    assert {val(el) for el in styles.iter(w("lang"))} == {"es"}
    footer = "".join(xml(path, "word/footer1.xml").itertext())
    assert footer.startswith("Página") and " de " in footer
    assert docx.Document(str(path)).core_properties.language == "es"


def test_page_header_and_footer(build_docx: Callable[..., tuple[Path, BuildReport]]) -> None:
    path, _ = build_docx(overrides={"paper": "A4"})
    section = docx.Document(str(path)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.left_margin.mm >= 20
    assert section.header.paragraphs[0].text == "Example ALS Clinic"
    footer = xml(path, "word/footer1.xml")
    assert [t.text.strip() for t in footer.iter(w("instrText"))] == ["PAGE", "NUMPAGES"]
    letter, _ = build_docx(overrides={"paper": "Letter"})
    assert round(docx.Document(str(letter)).sections[0].page_width.inches, 2) == 8.5


def test_call_to_action_in_a_bordered_box(build_docx: Callable[..., tuple[Path, BuildReport]]) -> None:
    path, _ = build_docx()
    document = docx.Document(str(path))
    boxed = [p for p in document.paragraphs if p.style.style_id == "CallToAction"]
    assert [p.text for p in boxed] == [
        "Speak with one of our friendly Care Coordinators today!",
        "Call our Care Coordinators: 555-0100",
    ]
    border = document.styles["Call To Action"].element.find("w:pPr/w:pBdr", W)
    assert {etree.QName(side).localname for side in border} == {"top", "left", "bottom", "right"}
    assert boxed[1].hyperlinks[0].address == "tel:5550100;phone-context=+1"  # RFC 3966


def test_glossary_and_references(build_docx: Callable[..., tuple[Path, BuildReport]]) -> None:
    path, _ = build_docx()
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Words to know")
    assert texts[start + 1].startswith("ALS: Amyotrophic lateral sclerosis")
    reference = next(p for p in document.paragraphs if p.text.startswith("Petrou P"))
    assert reference._p.pPr.numPr is not None
    assert reference.hyperlinks[0].address == "https://doi.org/10.1001/jamaneurol.2015.4321"


# --- a richer article -------------------------------------------------------------


def test_markup_like_text_stays_plain(rich_docx: tuple[Path, BuildReport]) -> None:
    path, _ = rich_docx
    text = docx.Document(str(path)).paragraphs[2].text
    assert "</w:t>" in text and "{{ name }}" in text and "&amp;" in text


def test_pictures_have_alt_text_or_are_decorative(rich_docx: tuple[Path, BuildReport]) -> None:
    path, report = rich_docx
    doc_prs = list(xml(path, "word/document.xml").iter(f"{{{WP}}}docPr"))
    assert len(doc_prs) == 2
    assert doc_prs[0].get("descr") == "A red banner with the clinic name"
    assert doc_prs[1].get("descr") == ""
    assert [m.get("val") for m in doc_prs[1].iter(f"{{{ADEC_NS}}}decorative")] == ["1"]
    document = docx.Document(str(path))
    wide = document.inline_shapes[0]
    assert (
        wide.width
        <= document.sections[0].page_width
        - document.sections[0].left_margin
        - document.sections[0].right_margin
    )
    findings = besides_review(report.findings)
    assert [str(f.location) for f in findings] == ["source/rich.md:36"]
    assert "on the web" in findings[0].message
    assert "(Picture: A chart from the web)" in [p.text for p in document.paragraphs]


def test_table_header_row_repeats(rich_docx: tuple[Path, BuildReport]) -> None:
    path, _ = rich_docx
    table = docx.Document(str(path)).tables[0]
    rows = table._tbl.findall("w:tr", W)
    assert rows[0].find("w:trPr/w:tblHeader", W) is not None
    assert all(row.find("w:trPr/w:tblHeader", W) is None for row in rows[1:])
    assert [c.text for c in table.rows[0].cells] == ["Item", "Cost"]
    assert table.style.name == "Handout Table"
    first_row = table.style.element.find("w:tblStylePr[@w:type='firstRow']/w:rPr/w:b", W)
    assert first_row is not None


def test_lists_use_real_numbering(rich_docx: tuple[Path, BuildReport]) -> None:
    path, _ = rich_docx
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    items = {
        p.text: p._p.pPr.numPr
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    }

    def fmt(num_pr: etree._Element) -> tuple[int, str | None]:
        level = num_pr.ilvl.val
        num = numbering.find(f"w:num[@w:numId='{num_pr.numId.val}']", W)
        abstract = numbering.find(
            f"w:abstractNum[@w:abstractNumId='{val(num.find('w:abstractNumId', W))}']", W
        )
        return level, val(abstract.find(f"w:lvl[@w:ilvl='{level}']/w:numFmt", W))

    assert fmt(items["First step"]) == (0, "decimal")
    assert fmt(items["nested bullet"]) == (1, "bullet")
    assert items["First step"].numId.val == items["Third step"].numId.val


def test_links_and_footnotes(rich_docx: tuple[Path, BuildReport]) -> None:
    path, _ = rich_docx
    document = docx.Document(str(path))
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert ("web link", "https://example.org/help") in [(link.text, link.address) for link in links]
    internal = next(link for link in links if link.text == "the table")
    bookmarks = {val(b, "name") for b in xml(path, "word/document.xml").iter(w("bookmarkStart"))}
    assert internal.fragment in bookmarks
    notes = xml(path, "word/footnotes.xml")
    real = [n for n in notes.findall("w:footnote", W) if int(val(n, "id")) > 0]
    assert len(real) == 1 and "".join(real[0].itertext()).strip().endswith("A helpful tip.")
    ref = xml(path, "word/document.xml").find(".//w:footnoteReference", W)
    assert val(ref, "id") == val(real[0], "id")
    mark = document.styles["footnote reference"].element.find("w:rPr/w:vertAlign", W)
    assert val(mark) == "baseline", "a superscript note mark would print below the minimum size"


def test_forbidden_characters_are_removed_with_a_warning(
    write_article: Callable[..., Path], build_docx: Callable[..., tuple[Path, BuildReport]]
) -> None:
    write_article("ctl.md", "---\ntitle: Bad\n---\n\nA bell\x07 here.\n")
    path, report = build_docx("ctl.md")
    assert any(f.location.line == 5 for f in report.findings)
    assert "A bell here." in [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.slow
def test_corpus_articles_all_build(
    corpus_project: Project, build_formats: Callable[..., BuildReport]
) -> None:
    report = build_formats(formats=("docx",))
    assert report.ok, [r.error for r in report.failed]
    built = [f for r in report.results for f in r.files]
    assert len(built) == len(corpus_project.articles())
    for path in built:
        assert min(all_run_sizes(path))[0] >= 18


# --- LibreOffice ------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_renders_pages_and_text(
    build_docx: Callable[..., tuple[Path, BuildReport]], tmp_path: Path
) -> None:
    if shutil.which("libreoffice") is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice or poppler-utils is not installed: run make setup (the Makefile's APT_PACKAGES)")
    path, _ = build_docx()
    pdf = libreoffice_pdf(path, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 12
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Mesenchymal Stem Cells" in text and "Lou Gehrig" in text
    assert "Words to know" in text and f"Page 1 of {pages}" in text
    assert "Example ALS Clinic" in text
