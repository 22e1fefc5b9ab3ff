"""Articles in other scripts and directions, checked from what was built: glyphs, fonts, direction.

One build of every fixture in tests/languages/ (Chinese, Arabic, Hebrew, Russian, Vietnamese, Hindi
and an emoji-heavy English one) in the formats that draw glyphs or carry direction, then lean checks
per article: no .notdef glyph in the PDF, the fallback font of its script embedded, right to left
read from the PDF's glyph positions, the DOCX's w:bidi and the HTML's dir.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from conftest import libreoffice_pdf
from fontTools.ttLib import TTFont

from builder import Project, Registry, build
from builder.direction import LRI, PDI

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = Path(__file__).parent / "languages"
FIXTURES = sorted(path.stem for path in LANGUAGES.glob("*.md"))
RIGHT_TO_LEFT = {"ar-diabetes", "he-asthma"}
SCRIPT_FONT = {
    "ar-diabetes": "Noto-Sans-Arabic",
    "he-asthma": "Noto-Sans-Hebrew",
    "hi-dengue": "Noto-Sans-Devanagari",
    "zh-hans-handwashing": "Noto-Sans-CJK-SC",
    "emoji-medicines": "Noto-Color-Emoji",
    "vi-vaccination": "Noto-Sans",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture built once in pdf, docx, html and txt; the output folder."""
    root = tmp_path_factory.mktemp("languages")
    shutil.copytree(ROOT / "assets", root / "assets")
    shutil.copytree(LANGUAGES, root / "source")
    shutil.copy(ROOT / "source" / "handout.yaml", root / "source" / "handout.yaml")
    project = Project.at(root)
    report = build(
        project.articles(),
        project=project,
        output_dir=root / "output",
        registry=Registry.discover(),
        formats=("pdf", "docx", "html", "txt"),
    )
    assert report.ok, [r.error for r in report.failed]
    assert report.findings == ()
    return root / "output"


def drawn_glyphs(pdf_path: Path) -> tuple[int, int, set[str]]:
    """(glyphs drawn, of which .notdef or beyond the font, base names of the fonts drawn with)."""
    total = bad = 0
    names: set[str] = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            glyphs = 0
            for operands, operator in pikepdf.parse_content_stream(page, "Tf Tj TJ"):
                if str(operator) == "Tf":
                    font = fonts[operands[0]]
                    names.add(str(font.BaseFont).split("+", 1)[-1])
                    descriptor = font.DescendantFonts[0].FontDescriptor
                    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                    glyphs = TTFont(io.BytesIO(program.read_bytes()))["maxp"].numGlyphs
                    continue
                strings = operands[0] if str(operator) == "TJ" else operands
                for string in strings:
                    if isinstance(string, pikepdf.String):
                        data = bytes(string)
                        for i in range(0, len(data) - 1, 2):
                            gid = data[i] << 8 | data[i + 1]
                            total += 1
                            bad += gid == 0 or gid >= glyphs
    return total, bad, names


def emoji_font_characters(pdf_path: Path) -> str:
    """The ToUnicode maps of the emoji fonts in a PDF, as text."""
    maps = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "Emoji" in str(font.BaseFont):
                    maps.append(font.ToUnicode.read_bytes().decode("latin-1"))
    return "\n".join(maps)


def line_edges(pdf_path: Path) -> tuple[float, float, float]:
    """Page width and the medians of the body lines' left and right ends (pdftotext's word boxes)."""
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf_path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))  # type: ignore[union-attr]
    lines = re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    lefts = [float(left) for left, _ in lines]
    rights = [float(right) for _, right in lines]
    return width, statistics.median(lefts), statistics.median(rights)


class _Root(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.bdi = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.root = dict(attrs)
        self.bdi += tag == "bdi"


@pytest.mark.slow
@pytest.mark.parametrize("name", FIXTURES)
def test_every_script_prints_with_real_glyphs_and_reads_in_its_direction(built, name):
    folder = built / name
    total, notdef, fonts = drawn_glyphs(folder / f"{name}.pdf")
    assert total > 100 and notdef == 0
    if name in SCRIPT_FONT:
        assert SCRIPT_FONT[name] in fonts
    if name == "emoji-medicines":  # the clinic's number 555-0100 is printed in Atkinson, not as emoji
        assert "0035" not in emoji_font_characters(folder / f"{name}.pdf")

    rtl = name in RIGHT_TO_LEFT
    width, left, right = line_edges(folder / f"{name}.pdf")
    margin_left, margin_right = left, width - right
    if rtl:  # lines end flush at the right margin, their left ends ragged
        assert margin_right < margin_left
    else:
        assert margin_left < margin_right

    parser = _Root()
    parser.feed((folder / f"{name}.html").read_text(encoding="utf-8"))
    assert parser.root.get("dir") == ("rtl" if rtl else "ltr")
    assert (parser.bdi > 0) == rtl  # the Latin drug names are isolated

    with zipfile.ZipFile(folder / f"{name}.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    paragraphs = body.count("<w:p>") + body.count("<w:p ")
    assert (body.count("<w:bidi/>") >= paragraphs) == rtl
    assert ("<w:rtl/>" in body) == rtl

    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    assert (f"{LRI}Metformin{PDI}" in text or f"{LRI}Ventolin{PDI}" in text) == rtl


def words_on_lines(pdf_path: Path, page: int = 1) -> list[list[tuple[float, float, str]]]:
    """Each line of a page as its words (xMin, xMax, text), from pdftotext's boxes."""
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    lines = []
    for line in re.findall(r"<line [^>]*>(.*?)</line>", layout, flags=re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', line)
        lines.append([(float(a), float(b), text) for a, b, text in words])
    return lines


@pytest.mark.slow
def test_word_footer_and_list_markers_read_right_to_left_in_libreoffice(built: Path, tmp_path: Path) -> None:
    """The Arabic footer 'صفحة 1 من 2' and the Hebrew one read from the right, and every bullet and
    number of a right-to-left list stands at the right of its item."""
    arabic = libreoffice_pdf(built / "ar-diabetes" / "ar-diabetes.docx", tmp_path)
    lines = words_on_lines(arabic)
    footer = next(line for line in lines if line and line[0][2] in {"صفحة", "2", "1", "من"} and len(line) == 4)
    # pdftotext writes each box's letters in the order they stand on the page: Arabic words reversed.
    by_x = [text[::-1] for _, _, text in sorted(footer, key=lambda word: -word[0])]  # right to left
    assert by_x == ["صفحة", "1", "من", "2"]
    bullets = [line for line in lines if line and any(text == "•" for _, _, text in line)]
    assert len(bullets) == 3
    for line in bullets:
        marker = next(word for word in line if word[2] == "•")
        assert all(marker[0] > word[1] for word in line if word is not marker)
    rightmost = [max(line)[2] for page in (1, 2) for line in words_on_lines(arabic, page) if line]
    assert sorted(text.strip(".") for text in rightmost if re.fullmatch(r"\.?[12]\.?", text)) == ["1", "2"]

    hebrew = libreoffice_pdf(built / "he-asthma" / "he-asthma.docx", tmp_path)
    footer = next(line for line in words_on_lines(hebrew) if len(line) == 4 and line[-1][2][::-1] == "עמוד")
    assert [text[::-1] for _, _, text in sorted(footer, key=lambda word: -word[0])] == ["עמוד", "1", "מתוך", "1"]


@pytest.mark.slow
def test_a_word_footer_in_english_reads_left_to_right_in_a_persian_document(tmp_path: Path) -> None:
    """Persian has no catalogue: its footer is in English, 'Page 1 of 1', and must not read '1 Page 1 of'."""
    (tmp_path / "source").mkdir()
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    shutil.copy(ROOT / "source" / "handout.yaml", tmp_path / "source" / "handout.yaml")
    (tmp_path / "source" / "fa-asthma.md").write_text(
        "---\ntitle: زندگی با آسم\nlang: fa\n---\n\nآسم یک بیماری ریه است. داروی Ventolin به نفس کشیدن کمک می‌کند.\n",
        encoding="utf-8",
    )
    project = Project.at(tmp_path)
    report = build(
        project.articles(), project=project, output_dir=tmp_path / "output", registry=Registry.discover(),
        formats=("docx",),
    )
    assert report.ok, [r.error for r in report.failed]
    pdf = libreoffice_pdf(tmp_path / "output" / "fa-asthma" / "fa-asthma.docx", tmp_path)
    footer = next(line for line in words_on_lines(pdf) if [w[2] for w in line][:1] == ["Page"])
    assert [text for _, _, text in sorted(footer)] == ["Page", "1", "of", "1"]
    width, _, _ = line_edges(pdf)
    assert footer[-1][1] > width / 2  # at the right margin, where a Persian reader starts


@pytest.mark.parametrize(
    ("first", "second", "lang", "rtl"),
    [
        ("怎样洗手", "怎样刷牙", "zh-Hans", False),
        ("العيش مع السكري", "العيش مع الربو", "ar", True),
        ("Что такое давление", "Что такое диабет", "ru", False),
    ],
)
def test_a_cover_draws_every_script_with_real_glyphs(first: str, second: str, lang: str, rtl: bool) -> None:
    """Two titles in a script Atkinson Hyperlegible lacks make two different covers (drawn as empty
    boxes, they would be the same), and every character of the title is in a font that has it."""
    from PIL import Image

    from builder.cover import ALBUM_COVER, BOOK_COVER, _Typefaces, cover_png
    from builder.fonts import load_fonts

    fonts = load_fonts()
    for style in (ALBUM_COVER, BOOK_COVER):
        one, two = (
            cover_png(title, "Clinic", style=style, fonts=fonts, caption="", lang=lang, rtl=rtl)
            for title in (first, second)
        )
        assert Image.open(io.BytesIO(one)).tobytes() != Image.open(io.BytesIO(two)).tobytes()
    bold = next(font for font in fonts if font.weight == "bold")
    faces = _Typefaces.for_text(first, bold, lang=lang)
    drawn = "".join(run for _, run in faces.runs(first))
    assert drawn == first  # nothing left out
    for index, run in faces.runs(first):
        characters = faces.faces[index][0]
        assert characters is not None and all(ord(c) in characters for c in run if not c.isspace())
    if rtl:  # drawn flush right: the title's ink ends near the right margin
        image = Image.open(io.BytesIO(cover_png(first, "", style=ALBUM_COVER, fonts=fonts, lang=lang, rtl=True)))
        ink = image.convert("L").point(lambda v: 255 if v > 128 else 0).getbbox()
        assert ink is not None and ink[2] > image.width - 200 and ink[0] > 110
