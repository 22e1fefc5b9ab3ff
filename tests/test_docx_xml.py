"""The raw-XML helpers behind the DOCX renderer, each on a fresh python-docx document."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from builder.renderers import docx_xml as x

W = {"w": x.W_NS}


def tiny_png(path: Path, width: int = 4, height: int = 2) -> Path:
    """A valid black PNG, written without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def saved_xml(document: docx.document.Document, tmp_path: Path, part: str) -> etree._Element:
    path = tmp_path / "out.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def test_set_picture_description_writes_alt_text(tmp_path: Path) -> None:
    document = docx.Document()
    shape = document.add_paragraph().add_run().add_picture(str(tiny_png(tmp_path / "a.png")))
    x.set_picture_description(shape, alt="A nurse & a patient", decorative=False)
    root = saved_xml(document, tmp_path, "word/document.xml")
    doc_pr = root.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr is not None and doc_pr.get("descr") == "A nurse & a patient"


def test_set_picture_description_marks_decorative(tmp_path: Path) -> None:
    document = docx.Document()
    shape = document.add_paragraph().add_run().add_picture(str(tiny_png(tmp_path / "a.png")))
    x.set_picture_description(shape, alt="", decorative=True)
    root = saved_xml(document, tmp_path, "word/document.xml")
    marks = root.findall(f".//{{{x.ADEC_NS}}}decorative")
    assert [m.get("val") for m in marks] == ["1"]
    ext = marks[0].getparent()
    assert ext.get("uri") == x.DECORATIVE_EXT_URI
    assert ext.getparent().getparent().tag.endswith("docPr")


def test_mark_header_row_repeats_and_keeps_together(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    x.mark_header_row(table.rows[0])
    x.keep_row_together(table.rows[1])
    root = saved_xml(document, tmp_path, "word/document.xml")
    rows = root.findall(".//w:tr", W)
    assert rows[0].find("w:trPr/w:tblHeader", W) is not None
    assert rows[1].find("w:trPr/w:tblHeader", W) is None
    assert rows[1].find("w:trPr/w:cantSplit", W) is not None


def test_list_definition_and_instances_restart_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    abstract = x.add_list_definition(
        document, ordered=True, indent_twips=800, font="Verdana", size_half_points=36
    )
    first = x.add_list_instance(document, abstract, level=0, start=1)
    second = x.add_list_instance(document, abstract, level=1, start=5)
    assert first != second
    p = document.add_paragraph("item")
    x.set_list_level(p, second, 1)
    numbering = saved_xml(document, tmp_path, "word/numbering.xml")
    definition = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']", W)
    assert definition is not None
    assert definition.find("w:lvl[@w:ilvl='0']/w:numFmt", W).get(f"{{{x.W_NS}}}val") == "decimal"
    assert definition.find("w:lvl[@w:ilvl='0']/w:rPr/w:sz", W).get(f"{{{x.W_NS}}}val") == "36"
    num = numbering.find(f"w:num[@w:numId='{second}']", W)
    assert num.find("w:abstractNumId", W).get(f"{{{x.W_NS}}}val") == str(abstract)
    assert num.find("w:lvlOverride[@w:ilvl='1']/w:startOverride", W).get(f"{{{x.W_NS}}}val") == "5"
    # every abstractNum comes before the first num, as the schema requires
    tags = [
        etree.QName(el).localname for el in numbering if etree.QName(el).localname in ("abstractNum", "num")
    ]
    assert tags == sorted(tags)


def test_add_hyperlink_external_and_anchor(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph()
    link = x.add_hyperlink(p, url="https://example.org/a?b=1&c=2")
    link.append(p.add_run("help")._r)
    anchor = x.add_hyperlink(p, anchor="h_intro")
    anchor.append(p.add_run("intro")._r)
    path = tmp_path / "out.docx"
    document.save(str(path))
    reopened = docx.Document(str(path))
    links = reopened.paragraphs[0].hyperlinks
    assert [link.text for link in links] == ["help", "intro"]
    assert links[0].address == "https://example.org/a?b=1&c=2"
    assert links[1].fragment == "h_intro"


def test_add_bookmark_wraps_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("Heading", style="Heading 1")
    x.add_bookmark(p, "h_intro", 1)
    root = saved_xml(document, tmp_path, "word/document.xml")
    start = root.find(".//w:bookmarkStart", W)
    assert start.get(f"{{{x.W_NS}}}name") == "h_intro"
    assert start.getprevious().tag == x.w("pPr")
    assert root.find(".//w:p", W)[-1].tag == x.w("bookmarkEnd")


@pytest.mark.parametrize(
    ("section_id", "expected"),
    [("what-is-als", "h_what_is_als"), ("é-x", "h___x"), ("a" * 60, "h_" + "a" * 34)],
)
def test_bookmark_name_is_valid(section_id: str, expected: str) -> None:
    assert x.bookmark_name(section_id, set()) == expected


def test_bookmark_name_is_unique() -> None:
    taken: set[str] = set()
    assert x.bookmark_name("a-b", taken) != x.bookmark_name("a_b", taken)


def test_add_field_writes_complex_field(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("Page ")
    x.add_field(p, "PAGE")
    root = saved_xml(document, tmp_path, "word/document.xml")
    kinds = [el.get(f"{{{x.W_NS}}}fldCharType") for el in root.iter(x.w("fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [el.text for el in root.iter(x.w("instrText"))] == [" PAGE "]


@pytest.mark.parametrize(("lang", "bidi"), [("en-US", None), ("ar-EG", "ar-EG")])
def test_set_lang_on_run_properties(lang: str, bidi: str | None) -> None:
    document = docx.Document()
    rpr = document.add_paragraph().add_run("x")._r.get_or_add_rPr()
    rpr.get_or_add_sz()
    x.set_lang(rpr, lang)
    x.set_lang(rpr, lang)
    langs = rpr.findall(x.w("lang"))
    assert len(langs) == 1
    assert langs[0].get(x.w("val")) == lang
    assert langs[0].get(x.w("bidi")) == bidi
    assert rpr[-1].tag == x.w("lang")  # after w:sz, as the schema orders them


def test_set_fonts_drops_theme_fonts() -> None:
    document = docx.Document()
    rpr = document.styles["Heading 1"].element.get_or_add_rPr()
    x.set_fonts(rpr, "Verdana")
    fonts = rpr.find(x.w("rFonts"))
    assert {k.split("}")[1]: v for k, v in fonts.attrib.items()} == {
        "ascii": "Verdana",
        "hAnsi": "Verdana",
        "eastAsia": "Verdana",
        "cs": "Verdana",
    }


def test_set_borders_boxes_paragraph_before_spacing() -> None:
    document = docx.Document()
    ppr = document.add_paragraph("x")._p.get_or_add_pPr()
    ppr.get_or_add_spacing()
    x.set_borders(ppr)
    border = ppr.find(x.w("pBdr"))
    assert [etree.QName(side).localname for side in border] == ["top", "left", "bottom", "right"]
    assert ppr.index(border) < ppr.index(ppr.find(x.w("spacing")))


def test_footnotes_part_is_created_and_saved(tmp_path: Path) -> None:
    document = docx.Document()
    notes = x.Footnotes(document)
    note_id, first = notes.add(text_style="FootnoteText", reference_style="FootnoteReference")
    run = x._element("w:r")
    text = x._element("w:t")
    text.text = "Ask your nurse."
    run.append(text)
    first.append(run)
    x.add_footnote_reference(document.add_paragraph("Body"), note_id, style_id="FootnoteReference")
    path = tmp_path / "out.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
        settings = etree.fromstring(package.read("word/settings.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    assert x.FOOTNOTES_CONTENT_TYPE in types and x.FOOTNOTES_RELTYPE in rels
    ids = [int(n.get(x.w("id"))) for n in footnotes.findall("w:footnote", W)]
    assert ids == [-1, 0, note_id]
    assert "".join(footnotes.itertext()).endswith("Ask your nurse.")
    assert settings.find("w:footnotePr", W).getnext().tag == x.w("compat")
    assert body.find(".//w:footnoteReference", W).get(x.w("id")) == str(note_id)
