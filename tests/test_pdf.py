"""The large-print PDF: opened with pikepdf and pypdf, measured from the page content."""

from __future__ import annotations

import io
import math
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import besides_review
from pypdf import PdfReader

from builder import Project, Registry, build
from builder.compose import listen_link, short_url
from builder.errors import RendererUnavailable
from builder.labels import labels_for
from builder.pipeline import BuildReport
from builder.renderers import pdf as pdf_module
from builder.renderers.pdf import PdfRenderer, SafeFetcherLog, css_string, make_fetcher, page_css

SEED_SLUG = "mesenchymal-stem-cells-als"
BASE_URL = "https://clinic.example/handouts/"

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# --- helpers -------------------------------------------------------------------------------


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m x n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _glyph_sizes(stream_owner: Any, ctm: Matrix, resources: Any) -> Iterator[tuple[float, str]]:
    """(size in pt, text) of every text-showing operator, with the text and graphics matrices applied."""
    stack: list[Matrix] = []
    tm = line = IDENTITY
    size = 0.0
    leading = 0.0
    for instruction in pikepdf.parse_content_stream(stream_owner):
        operands: Any = instruction.operands
        op = str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
        elif op == "BT":
            tm = line = IDENTITY
        elif op == "Tf":
            size = float(operands[1])
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tm":
            tm = line = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif op in ("Td", "TD"):
            tm = line = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
        elif op == "T*":
            tm = line = _multiply((1, 0, 0, 1, 0, -leading), line)
        elif op in ("Tj", "TJ", "'", '"'):
            m = _multiply(tm, ctm)
            scale = math.hypot(m[2], m[3])
            text = (
                str(operands[-1])
                if op != "TJ"
                else "".join(str(x) for x in operands[0] if isinstance(x, pikepdf.String))
            )
            yield size * scale, text
        elif op == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.Subtype == "/Form":
                matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
                inner = xobject.get("/Resources", resources)
                yield from _glyph_sizes(xobject, _multiply(matrix, ctm), inner)  # type: ignore[arg-type]


def smallest_glyph_pt(path: Path) -> float:
    """The smallest type size on any page, footers and page numbers included."""
    with pikepdf.open(path) as pdf:
        sizes = [
            size
            for page in pdf.pages
            for size, text in _glyph_sizes(page, IDENTITY, page.Resources)
            if text.strip("\x00 ")
        ]
    assert sizes, "no text found in the PDF"
    return min(sizes)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles: list[str] = []

    def walk(items: Any) -> None:
        for item in items:
            titles.append(str(item.title))
            walk(item.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element of the tag tree, depth first."""
    todo = [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids: Any = node.get("/K")
        if kids is None:
            continue
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in reversed(list(kids)):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                yield kid
                todo.append(kid)


def heading_kinds(pdf: pikepdf.Pdf) -> list[str]:
    return [str(e.S) for e in struct_elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.S))]


def image_xobjects(page: Any) -> list[Any]:
    """The pictures a page draws, directly or through a form (WeasyPrint draws backgrounds so)."""
    found = []
    for xobject in page.Resources.get("/XObject", {}).values():
        inner = xobject.get("/Resources", {}).get("/XObject", {}).values()
        found += [x for x in [xobject, *inner] if x.get("/Subtype") == "/Image"]
    return found


def set_settings(project: Project, **values: str) -> None:
    text = project.settings_path.read_text(encoding="utf-8")
    for key, value in values.items():
        text = re.sub(rf"^#? ?{key}:.*$", "", text, flags=re.MULTILINE) + f"\n{key}: {value}\n"
    project.settings_path.write_text(text, encoding="utf-8")


def make_logo(project: Project) -> Path:
    from PIL import Image

    path = project.assets_dir / "logo.png"
    Image.new("RGB", (120, 60), (0, 60, 140)).save(path)
    return path


def built_pdf(report: BuildReport, slug: str = SEED_SLUG) -> Path:
    assert report.ok, [r.error for r in report.failed]
    files = [f for r in report.results for f in r.files if f.suffix == ".pdf" and f.stem == slug]
    assert len(files) == 1
    return files[0]


ARTICLE = """\
---
title: Caring for Your Feeding Tube
lang: en-US
summary: How to keep your feeding tube clean and working.
topics: [feeding tube, ALS]
reviewed: 2024-03-12
version: "2"
---

Some *important* words before the first heading.

## Cleaning

Wash your hands first.[^1] Then clean the skin around the tube with **warm water**.

| Day | What to do |
| --- | --- |
| Monday | Check the tube |
| Friday | Change the dressing |

### Every day

- Look at the skin.
- Call us if it is red, see [**our page**](https://clinic.example/tube).

## Steps

1. First step.

   More about the first step.

   > A quoted tip.

2. Second step.
   - a sub point
   - another

   And after the sub list.

[^1]: Use soap and water for at least 20 seconds.
"""


@pytest.fixture
def build_pdf(project: Project, build_formats: Callable[..., BuildReport]) -> Callable[..., BuildReport]:
    def run(paths: list[Path] | None = None, **kwargs: object) -> BuildReport:
        return build_formats(paths, formats=("pdf",), **kwargs)

    return run


# --- pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "formats", "expected"),
    [
        # The default formats make the listening library: the QR code opens the article's page.
        ("https://clinic.example/handouts/", None, "https://clinic.example/handouts/als/"),
        ("https://clinic.example/handouts", None, "https://clinic.example/handouts/als/"),
        ("https://clinic.example/h/", ("pdf", "site"), "https://clinic.example/h/als/"),
        # No library published: the MP3 itself; no audio at all: no link.
        ("https://clinic.example/h/", ("pdf", "mp3"), "https://clinic.example/h/als/als.mp3"),
        ("https://clinic.example/h/", ("pdf", "docx"), ""),
        ("", None, ""),
        ("   ", None, ""),
    ],
)
def test_listen_link_follows_output_layout(base: str, formats: tuple[str, ...] | None, expected: str) -> None:
    from builder.config import Settings

    settings = Settings(base_url=base) if formats is None else Settings(base_url=base, formats=formats)
    link = listen_link(settings, "als", labels_for("en-US"))
    assert (link.url if link else "") == expected


def test_short_url_drops_scheme() -> None:
    assert short_url("https://clinic.example/h/als/als.mp3") == "clinic.example/h/als/als.mp3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [('Page "1"', '"Page \\22 1\\22 "'), ("a\\b", '"a\\5c b"'), ("x\ny", '"x\\a y"'), ("plain", '"plain"')],
)
def test_css_string_escapes_quotes_and_controls(text: str, expected: str) -> None:
    assert css_string(text) == expected


def test_page_css_sets_paper_size_and_footer() -> None:
    from builder.config import Settings

    css = page_css(
        Settings(paper="A4", print_size="extra-large"),
        stamp="Reviewed May 1",
        page_of="Page {page} of {pages}",
    )
    assert ":root { font-size: 24pt; }" in css
    assert "size: A4 portrait" in css
    assert '"Page " counter(page) " of " counter(pages)' in css
    assert '@bottom-left { content: "Reviewed May 1"; }' in css


def test_check_available_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)
    with pytest.raises(RendererUnavailable, match="pip install weasyprint"):
        PdfRenderer.check_available()


def test_smallest_glyph_pt_sees_small_and_scaled_text(tmp_path: Path) -> None:
    import weasyprint

    path = tmp_path / "small.pdf"
    weasyprint.HTML(
        string='<html lang="en"><title>t</title><body style="font-size: 18pt">Big '
        '<span style="font-size: 11pt">small</span>'
        '<div style="transform: scale(0.5)">half</div></body></html>'
    ).write_pdf(path)
    assert smallest_glyph_pt(path) == pytest.approx(9.0)


def test_fetcher_refuses_everything_outside_its_roots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(self: socket.socket, address: object) -> None:
        raise AssertionError(f"the fetcher tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    root = tmp_path / "assets"
    root.mkdir()
    (root / "ok.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    log = SafeFetcherLog()
    fetcher = make_fetcher({"font.ttf": b"ttf"}, log)
    assert fetcher.fetch("handout://fonts/font.ttf").read() == b"ttf"
    hostile = [
        "file:///etc/passwd",
        "handout://assets/ok.png",  # pictures are embedded in the page: no file is ever fetched
        (root / "ok.png").as_uri(),
        "handout://assets/../secret.txt",
        "handout://assets/%2E%2E/secret.txt",
        "handout://article/ok.png",
        "handout://fonts/secret.txt",
        "handout://assets/missing.png",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x.png",
        "data:text/html,<script>1</script>",
        "../../x.png",
    ]
    for url in hostile:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert [url for url, _ in log.refused] == hostile


# --- the built file -----------------------------------------------------------------------


def test_pdf_seed_is_tagged_pdf_ua_with_metadata(build_pdf: Callable[..., BuildReport]) -> None:
    report = build_pdf()
    path = built_pdf(report)
    assert besides_review(report.findings) == ()
    with pikepdf.open(path) as pdf:
        root: Any = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en-US"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Mesenchymal Stem Cells in the Treatment of ALS"
        assert str(pdf.docinfo.Author) == "Example ALS Clinic"
        assert str(pdf.docinfo.Subject).startswith("Researchers tested specially grown stem cells")
        assert "Stem Cell Therapy" in str(pdf.docinfo.Keywords)
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Mesenchymal Stem Cells in the Treatment of ALS"
        assert meta["pdfuaid:part"] == "1"
        assert "/CreationDate" not in pdf.docinfo  # no date in the source: no date in the file


def test_pdf_embeds_every_font(build_pdf: Callable[..., BuildReport]) -> None:
    path = built_pdf(build_pdf())
    names = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    names.append(str(descriptor.FontName))
                assert "/ToUnicode" in font
    assert names and all("Atkinson-Hyperlegible" in n for n in names)


@pytest.mark.parametrize(
    ("paper", "print_size", "media_box"),
    [("Letter", "large", (612, 792)), ("A4", "extra-large", (595, 842))],
)
def test_pdf_smallest_glyph_meets_print_size(
    project: Project,
    build_pdf: Callable[..., BuildReport],
    write_article: Callable[..., Path],
    paper: str,
    print_size: str,
    media_box: tuple[int, int],
) -> None:
    set_settings(project, paper=paper, print_size=print_size, base_url=BASE_URL)
    path = built_pdf(build_pdf([write_article("tube.md", ARTICLE)]), "tube")
    minimum = 18.0 if print_size == "large" else 24.0
    assert smallest_glyph_pt(path) >= minimum - 0.01
    with pikepdf.open(path) as pdf:
        width, height = (round(float(v)) for v in pdf.pages[0].MediaBox[2:])
    assert (width, height) == media_box


def test_pdf_prints_footer_review_stamp_and_page_numbers(
    build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = built_pdf(build_pdf([write_article("tube.md", ARTICLE)]), "tube")
    texts = page_texts(path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Reviewed March 12, 2024, Version 2" in text


def test_pdf_has_one_bookmark_per_heading(build_pdf: Callable[..., BuildReport]) -> None:
    path = built_pdf(build_pdf())
    with pikepdf.open(path) as pdf:
        titles = outline_titles(pdf)
        headings = heading_kinds(pdf)
    assert len(titles) == len(headings) == 8
    assert titles[0] == "Mesenchymal Stem Cells in the Treatment of ALS"
    assert "Words to know" in titles and "References" in titles


def test_pdf_tags_table_header_cells(
    build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = built_pdf(build_pdf([write_article("tube.md", ARTICLE)]), "tube")
    with pikepdf.open(path) as pdf:
        kinds = [str(e.S) for e in struct_elements(pdf)]
    assert kinds.count("/TH") == 2 and kinds.count("/TD") == 4


def test_pdf_list_items_hold_only_label_and_body(
    build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    """PDF/UA 7.2-20, for items with several paragraphs, a quote, a sub-list, and for the notes."""
    path = built_pdf(build_pdf([write_article("tube.md", ARTICLE)]), "tube")
    with pikepdf.open(path) as pdf:
        items = [e for e in struct_elements(pdf) if e.S == "/LI"]
        kinds = {str(k.S) for e in items for k in _kids(e)}
        links = [e for e in struct_elements(pdf) if e.S == "/Link"]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
    assert len(items) >= 7
    assert kinds == {"/Lbl", "/LBody"}
    assert len(links) == len(annotations)  # one tagged Link per link annotation (7.18.5)
    text = "".join(page_texts(path))
    assert "More about the first step." in text and "And after the sub list." in text


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids: Any = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def test_pdf_emphasis_is_bold_never_italic(
    build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = built_pdf(build_pdf([write_article("tube.md", ARTICLE)]), "tube")
    with pikepdf.open(path) as pdf:
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert any("Bold" in f for f in fonts)
    assert not any("Italic" in f or "Oblique" in f for f in fonts)


def test_pdf_qr_code_present_with_base_url(project: Project, build_pdf: Callable[..., BuildReport]) -> None:
    set_settings(project, base_url=BASE_URL)
    report = build_pdf()
    path = built_pdf(report)
    assert besides_review(report.findings) == ()
    target = f"{BASE_URL}{SEED_SLUG}/"  # the article's page in the listening library
    first = page_texts(path)[0]
    assert "Listen to this handout" in first
    assert f"clinic.example/handouts/{SEED_SLUG}" in first.replace("\n", "")
    with pikepdf.open(path) as pdf:
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        uris = [str(a.A.URI) for a in pdf.pages[0].get("/Annots", []) if "/A" in a]
        (qr,) = figures
        x1, y1, x2, y2 = (float(v) for v in qr.A.BBox)
        assert str(qr.Alt).startswith("QR code")
        assert "/K" in qr  # the drawing itself is tagged as the figure's content
    assert target in uris
    assert 3.5 <= (x2 - x1) / 96 * 2.54 <= 4.5 and abs((x2 - x1) - (y2 - y1)) < 1  # about 4 cm square


def test_pdf_qr_code_absent_without_base_url(build_pdf: Callable[..., BuildReport]) -> None:
    path = built_pdf(build_pdf())
    assert "Listen to this handout" not in "".join(page_texts(path))
    with pikepdf.open(path) as pdf:
        assert not [e for e in struct_elements(pdf) if e.S == "/Figure"]
        assert not [
            a for p in pdf.pages for a in p.get("/Annots", []) if "/A" in a and ".mp3" in str(a.A.URI)
        ]


def test_pdf_logo_is_printed_beside_the_organisation(
    project: Project, build_pdf: Callable[..., BuildReport]
) -> None:
    make_logo(project)
    set_settings(project, logo="assets/logo.png")
    report = build_pdf()
    path = built_pdf(report)
    assert besides_review(report.findings) == ()
    with pikepdf.open(path) as pdf:
        drawn = image_xobjects(pdf.pages[0])
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
    assert drawn, "the logo is not drawn on page 1"
    assert not figures  # decoration beside the printed name: an artifact, not a Figure without Alt


def test_pdf_same_source_gives_same_bytes(
    project: Project,
    build_pdf: Callable[..., BuildReport],
    write_article: Callable[..., Path],
    tmp_path: Path,
) -> None:
    make_logo(project)
    set_settings(project, logo="assets/logo.png", base_url=BASE_URL)
    article = write_article("tube.md", ARTICLE)
    first = built_pdf(build_pdf([article], force=True), "tube").read_bytes()
    second = built_pdf(build_pdf([article], force=True), "tube").read_bytes()
    assert first == second
    elsewhere = Project.at(tmp_path / "elsewhere")
    shutil.copytree(project.root, elsewhere.root, ignore=shutil.ignore_patterns("output"))
    moved = build(
        [elsewhere.source_dir / "tube.md"],
        project=elsewhere,
        output_dir=elsewhere.root / "output",
        registry=Registry.discover(),
        formats=("pdf",),
    )
    assert built_pdf(moved, "tube").read_bytes() == first  # the folder's location is not in the file
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20240312")
    write_article("tube.md", ARTICLE.replace("Wash your hands", "Always wash your hands"))
    assert built_pdf(build_pdf([article], force=True), "tube").read_bytes() != first


HOSTILE = """\
---
title: Hostile pictures
lang: en-US
---

## Pictures

![The password file](file:///etc/passwd)

![A file outside](../../x.png)

![A local server](http://127.0.0.1:9/x.png)

Raw markup <script>alert(1)</script> and <img src="http://127.0.0.1:9/y.png" onerror="x()"> stays text.
"""


def test_pdf_hostile_sources_are_never_fetched(
    project: Project,
    build_pdf: Callable[..., BuildReport],
    write_article: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connections: list[object] = []

    def no_network(self: socket.socket, address: object) -> None:
        connections.append(address)
        raise OSError("tests never use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    logs: list[SafeFetcherLog] = []
    real_make_fetcher = pdf_module.make_fetcher

    def recording(fonts: dict[str, bytes], log: SafeFetcherLog) -> Any:
        logs.append(log)
        return real_make_fetcher(fonts, log)

    monkeypatch.setattr(pdf_module, "make_fetcher", recording)
    report = build_pdf([write_article("hostile.md", HOSTILE)])
    path = built_pdf(report, "hostile")

    assert connections == []
    (log,) = logs
    assert log.refused == []  # refused before the markup was written: WeasyPrint never saw them
    for url in log.asked:
        local = Path(url.removeprefix("file://")).resolve()
        assert (
            url.startswith("data:image/") or local.is_relative_to(project.root) or "atkinson" in url.lower()
        )
    assert not any("passwd" in url or "127.0.0.1" in url or "x.png" in url for url in log.asked)
    refused = [f for f in report.findings if "image left out" in f.message]
    assert [f.location.line for f in refused] == [8, 10, 12]
    assert all(str(f.location.path).endswith("hostile.md") for f in refused)
    text = "".join(page_texts(path))
    assert "Raw markup" in text and "<script>" not in text
    with pikepdf.open(path) as pdf:
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert "/OpenAction" not in pdf.Root


def test_pdf_renderer_refuses_hostile_images_with_their_lines(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.config import Settings
    from builder.document import Document, Image, Metadata, Paragraph, Section
    from builder.renderers import RenderOptions

    logs: list[SafeFetcherLog] = []
    real_make_fetcher = pdf_module.make_fetcher

    def recording(fonts: dict[str, bytes], log: SafeFetcherLog) -> Any:
        logs.append(log)
        return real_make_fetcher(fonts, log)

    monkeypatch.setattr(pdf_module, "make_fetcher", recording)
    sources = ["file:///etc/passwd", "../../x.png", "http://127.0.0.1:9/x.png"]
    blocks = tuple(Paragraph((Image(src, f"picture {n}", n),), n) for n, src in enumerate(sources, start=10))
    source_path = Path("source/hostile.md")
    doc = Document(
        slug="hostile",
        source_path=source_path,
        metadata=Metadata(title="Hostile pictures"),
        sections=(Section("pictures", (), 1, blocks, (), 8),),
    )
    options = RenderOptions.prepare(doc, settings=Settings(), project=project, uses=PdfRenderer.uses)
    out = tmp_path / "out"
    out.mkdir()
    result = PdfRenderer().render(doc, options=options, out_dir=out)
    assert [f.location.line for f in options.findings] == [10, 11, 12]
    assert all("image left out" in f.message for f in options.findings)
    assert result.findings == ()
    assert result.files[0].read_bytes().startswith(b"%PDF-")
    (log,) = logs
    assert not [url for url in log.asked if not url.startswith(("data:image/", "handout://"))]
    assert not [url for url in log.asked if "passwd" in url or "x.png" in url]


@pytest.mark.slow
def test_pdf_long_corpus_article_stays_large_print(
    corpus_project: Project, build_pdf: Callable[..., BuildReport]
) -> None:
    source = corpus_project.source_dir / "nci-pdq-cardiopulmonary-syndromes-patient.md"
    report = build_pdf([source])
    path = built_pdf(report, source.stem)
    assert not [f for f in report.findings if f.message.startswith("PDF layout")]
    assert smallest_glyph_pt(path) >= 18.0 - 0.01
    with pikepdf.open(path) as pdf:
        assert len(outline_titles(pdf)) == len(heading_kinds(pdf)) > 40
        assert len(pdf.pages) > 20


def test_pdf_local_pictures_keep_alt_text_and_decoration_is_an_artifact(
    project: Project, build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    from PIL import Image

    Image.new("RGB", (80, 40), (200, 0, 0)).save(project.source_dir / "wound.png")
    Image.new("RGB", (300, 10), (0, 0, 0)).save(project.assets_dir / "border.png")
    article = write_article(
        "pictures.md",
        "---\ntitle: Pictures\nlang: en-US\n---\n\n## Look\n\n"
        '![A red, healed wound](wound.png)\n\n![](border.png "decorative")\n',
    )
    report = build_pdf([article])
    path = built_pdf(report, "pictures")
    assert besides_review(report.findings) == ()
    with pikepdf.open(path) as pdf:
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        images = image_xobjects(pdf.pages[0])
    assert [str(f.Alt) for f in figures] == ["A red, healed wound"]
    assert len(images) == 2


def test_pdf_furniture_speaks_the_article_language(
    project: Project, build_pdf: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    set_settings(project, base_url=BASE_URL)
    article = write_article(
        "sonda.md",
        "---\ntitle: Cuidado de la sonda\nlang: es\nreviewed: 2024-03-12\n---\n\n## Limpieza\n\nLávese las manos.\n",
    )
    path = built_pdf(build_pdf([article]), "sonda")
    text = page_texts(path)[0]
    assert "Página 1 de 1" in text
    assert "Revisado el 12 de marzo de 2024" in text
    assert "Escuche este folleto" in text
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "es"


def test_pdf_unreadable_print_stylesheet_override_fails_with_a_hint(
    project: Project, build_pdf: Callable[..., BuildReport]
) -> None:
    (project.assets_dir / "print.css").unlink(missing_ok=True)
    (project.assets_dir / "print.css").mkdir()  # an override that cannot be read as a file
    report = build_pdf()
    (failure,) = report.failed
    assert "assets/print.css" in failure.error
    assert not (project.root / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf").exists()


def test_pdf_printed_qr_code_scans_to_the_articles_page(
    project: Project, build_pdf: Callable[..., BuildReport], tmp_path: Path
) -> None:
    set_settings(project, base_url=BASE_URL)
    path = built_pdf(build_pdf())
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert scanned.stdout.strip() == f"{BASE_URL}{SEED_SLUG}/"
