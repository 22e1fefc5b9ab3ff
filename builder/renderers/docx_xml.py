"""Small raw-XML helpers for what python-docx has no API for.

Alt text and the decorative mark on pictures, repeating table header rows,
list numbering definitions, hyperlinks, bookmarks, footnotes, PAGE/NUMPAGES
fields, `w:lang`, fonts without theme indirection, and paragraph borders.
Each helper takes python-docx objects (or their lxml elements) and changes
them in place, writing elements in the order the OOXML schema requires, so
Word opens the file without "repairing" it.

python-docx is imported only inside functions, like everywhere in a renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ADEC_NS: Final = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_EXT_URI: Final = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
"""The a:ext uri Office uses for the "Mark as decorative" flag."""

FOOTNOTES_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RELTYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_RELTYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

# Successors of w:lang and w:color inside w:rPr (ECMA-376 CT_RPr sequence).
_AFTER_LANG: Final = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_COLOR: Final = (
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    *_AFTER_LANG,
)
_AFTER_PBDR: Final = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_FOOTNOTE_PR: Final = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr")


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: w('p') -> '{...main}p'."""
    return f"{{{W_NS}}}{tag}"


def _element(tag: str, **attrs: str) -> Any:
    """A new element such as 'w:tblHeader' with w: attributes given as keywords."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


def drop_thumbnail(document: DocxDocument) -> None:
    """Remove the template's preview picture, which would show a blank page in file browsers."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[rel_id]


# --- run properties ----------------------------------------------------------


_RIGHT_TO_LEFT: Final = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "dv", "syr"})
_EAST_ASIAN: Final = frozenset({"zh", "ja", "ko"})


def set_lang(rpr: Any, lang: str) -> None:
    """Set `w:lang` on a w:rPr: `val` always, `bidi`/`eastAsia` too when the language is one of those."""
    from docx.oxml.ns import qn

    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    attrs = {"val": lang}
    primary = lang.split("-")[0].lower()
    if primary in _RIGHT_TO_LEFT:
        attrs["bidi"] = lang
    if primary in _EAST_ASIAN:
        attrs["eastAsia"] = lang
    rpr.insert_element_before(_element("w:lang", **attrs), *_AFTER_LANG)


def set_size(rpr: Any, half_points: int) -> None:
    """Set w:sz and w:szCs (the complex-script size, for Arabic or Hebrew text) together."""
    from docx.oxml.ns import qn

    rpr.get_or_add_sz().set(qn("w:val"), str(half_points))
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    rpr.find(qn("w:sz")).addnext(_element("w:szCs", val=str(half_points)))


def set_fonts(rpr: Any, family: str, *, east_asian: str = "", complex_script: str = "") -> None:
    """Name `family` for every script on a w:rPr, dropping theme fonts (which would win over it).

    `east_asian` and `complex_script` name the typefaces Word uses for Chinese, Japanese and Korean,
    and for Arabic, Hebrew, Indic and Thai text, when the article needs other ones.
    """
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, name in (
        ("ascii", family),
        ("hAnsi", family),
        ("eastAsia", east_asian or family),
        ("cs", complex_script or family),
    ):
        fonts.set(qn(f"w:{attr}"), name)


def set_color(rpr: Any, hex_rgb: str | None) -> None:
    """Set a plain RGB colour on a w:rPr (no theme colour), or remove it when `hex_rgb` is None."""
    from docx.oxml.ns import qn

    for old in rpr.findall(qn("w:color")):
        rpr.remove(old)
    if hex_rgb is not None:
        rpr.insert_element_before(_element("w:color", val=hex_rgb), *_AFTER_COLOR)


def set_baseline(rpr: Any) -> None:
    """An explicit `w:vertAlign baseline`: note marks stay full size instead of superscript."""
    from docx.oxml.ns import qn

    rpr.get_or_add_vertAlign().set(qn("w:val"), "baseline")


def remove_run_property(rpr: Any, *tags: str) -> None:
    """Remove w:i, w:caps... from a w:rPr, so the value comes from the style chain again."""
    from docx.oxml.ns import qn

    for tag in tags:
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)


# --- paragraphs -----------------------------------------------------------------


def set_borders(ppr: Any, *, size_eighths: int = 12, space_pt: int = 8, color: str = "000000") -> None:
    """A box around a paragraph (w:pBdr); consecutive paragraphs with the same box share it."""
    from docx.oxml.ns import qn

    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    border = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border.append(
            _element(f"w:{side}", val="single", sz=str(size_eighths), space=str(space_pt), color=color)
        )
    ppr.insert_element_before(border, *_AFTER_PBDR)


def set_bottom_border(ppr: Any, *, size_eighths: int = 12, color: str = "000000") -> None:
    """A rule under a paragraph: how a thematic break is drawn."""
    from docx.oxml.ns import qn

    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    border = _element("w:pBdr")
    border.append(_element("w:bottom", val="single", sz=str(size_eighths), space="1", color=color))
    ppr.insert_element_before(border, *_AFTER_PBDR)


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Wrap a paragraph's content in a bookmark, the target of internal hyperlinks."""
    p = paragraph._p
    start = _element("w:bookmarkStart", id=str(bookmark_id), name=name)
    end = _element("w:bookmarkEnd", id=str(bookmark_id))
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def bookmark_name(section_id: str, taken: set[str]) -> str:
    """A valid, unique Word bookmark name for a section id (a letter first, <= 40 characters)."""
    base = "".join(c if c.isascii() and c.isalnum() else "_" for c in section_id)
    base = ("h_" + base)[:36]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def add_hyperlink(paragraph: Paragraph, *, url: str = "", anchor: str = "") -> Any:
    """An empty w:hyperlink at the end of `paragraph`, to a web address or to a bookmark.

    Move runs into it (`hyperlink.append(run._r)`); the visible text is those runs.
    """
    link = _element("w:hyperlink", history="1")
    if url:
        from docx.oxml.ns import qn

        rel_id = paragraph.part.relate_to(url, HYPERLINK_RELTYPE, is_external=True)
        link.set(qn("r:id"), rel_id)
    else:
        link.set(w("anchor"), anchor)
    paragraph._p.append(link)
    return link


# --- fields ---------------------------------------------------------------------


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field such as PAGE or NUMPAGES; `placeholder` shows until the field is updated."""
    p = paragraph._p

    def run_with(child: Any) -> None:
        r = _element("w:r")
        r.append(child)
        p.append(r)

    run_with(_element("w:fldChar", fldCharType="begin"))
    instr = _element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(_element("w:fldChar", fldCharType="separate"))
    text = _element("w:t")
    text.text = placeholder
    run_with(text)
    run_with(_element("w:fldChar", fldCharType="end"))


# --- tables ---------------------------------------------------------------------


def bold_first_row(table_style: Any) -> None:
    """Make a table style print its header row in bold (w:tblStylePr firstRow), not each run."""
    from docx.oxml.ns import qn

    for old in table_style.findall(qn("w:tblStylePr")):
        if old.get(qn("w:type")) == "firstRow":
            table_style.remove(old)
    conditional = _element("w:tblStylePr", type="firstRow")
    rpr = _element("w:rPr")
    rpr.append(_element("w:b"))
    rpr.append(_element("w:bCs"))
    conditional.append(rpr)
    table_style.append(conditional)


def keep_row_together(row: Any) -> None:
    """Never split a table row across two pages (w:cantSplit)."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(w("cantSplit")) is None:
        trpr.insert(0, _element("w:cantSplit"))


def mark_header_row(row: Any) -> None:
    """Make a table row a header row: repeated on every page and announced as column headings."""
    tr = row._tr
    trpr = tr.get_or_add_trPr()
    for tag in ("cantSplit", "tblHeader"):
        if trpr.find(w(tag)) is None:
            trpr.append(_element(f"w:{tag}"))


# --- pictures -------------------------------------------------------------------


def set_picture_description(inline_shape: Any, *, alt: str, decorative: bool) -> None:
    """Write alt text into `wp:docPr/@descr`, or mark the picture decorative (and give it no alt)."""
    doc_pr = inline_shape._inline.docPr
    if decorative:
        doc_pr.set("descr", "")
        ext_lst = doc_pr.find(f"{{{A_NS}}}extLst")
        if ext_lst is None:
            ext_lst = doc_pr.makeelement(f"{{{A_NS}}}extLst", {})
            doc_pr.append(ext_lst)
        ext = ext_lst.makeelement(f"{{{A_NS}}}ext", {"uri": DECORATIVE_EXT_URI})
        ext_lst.append(ext)
        mark = ext.makeelement(f"{{{ADEC_NS}}}decorative", {"val": "1"}, nsmap={"adec": ADEC_NS})
        ext.append(mark)
    else:
        doc_pr.set("descr", alt)


# --- numbering ------------------------------------------------------------------

BULLETS: Final = ("\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022")


def add_list_definition(
    document: DocxDocument, *, ordered: bool, indent_twips: int, font: str, size_half_points: int
) -> int:
    """A new w:abstractNum (nine levels, bullets or 1. 2. 3.) and return its id."""
    numbering = document.part.numbering_part.element
    ids = [int(a.get(w("abstractNumId"))) for a in numbering.findall(w("abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = _element("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_element("w:multiLevelType", val="hybridMultilevel"))
    for level in range(9):
        lvl = _element("w:lvl", ilvl=str(level))
        lvl.append(_element("w:start", val="1"))
        lvl.append(_element("w:numFmt", val="decimal" if ordered else "bullet"))
        lvl.append(_element("w:lvlText", val=f"%{level + 1}." if ordered else BULLETS[level]))
        lvl.append(_element("w:lvlJc", val="left"))
        ppr = _element("w:pPr")
        ppr.append(_element("w:ind", left=str(indent_twips * (level + 1)), hanging=str(indent_twips)))
        lvl.append(ppr)
        rpr = _element("w:rPr")
        set_fonts(rpr, font)
        rpr.append(_element("w:sz", val=str(size_half_points)))
        rpr.append(_element("w:szCs", val=str(size_half_points)))
        lvl.append(rpr)
        abstract.append(lvl)
    first_num = numbering.find(w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def add_list_instance(document: DocxDocument, abstract_id: int, *, level: int = 0, start: int = 1) -> int:
    """A new w:num on `abstract_id` (so numbering restarts), starting at `start`; returns its numId."""
    numbering = document.part.numbering_part.element
    num = numbering.add_num(abstract_id)
    override = _element("w:lvlOverride", ilvl=str(level))
    override.append(_element("w:startOverride", val=str(start)))
    num.append(override)
    return int(num.numId)


def set_list_level(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Make a paragraph an item of list `num_id` at nesting `level` (0-based)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


# --- footnotes ------------------------------------------------------------------

_FOOTNOTES_XML: Final = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """The document's footnotes part (word/footnotes.xml), created on first use.

    python-docx 1.2 has no footnotes API and its default template has no
    footnotes part, so the part, its relationship, the separators and the
    `w:footnotePr` in the settings are written here.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.part: Any = None
        self._next_id = 1

    @property
    def root(self) -> Any:
        """The w:footnotes element; the part is created the first time it is asked for."""
        if self.part is None:
            self.part = self._create()
        return self.part.element

    def _create(self) -> Any:
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        doc_part = self.document.part
        root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, root, doc_part.package)
        doc_part.relate_to(part, FOOTNOTES_RELTYPE)
        settings = self.document.settings.element
        if settings.find(w("footnotePr")) is None:
            pr = _element("w:footnotePr")
            pr.append(_element("w:footnote", id="-1"))
            pr.append(_element("w:footnote", id="0"))
            settings.insert_element_before(pr, *_AFTER_FOOTNOTE_PR)
        return part

    def add(self, *, text_style: str, reference_style: str) -> tuple[int, Any]:
        """A new footnote: returns its id and its first w:p, which already holds the number.

        `text_style` and `reference_style` are style ids (the part has no style lookup).
        """
        note_id = self._next_id
        self._next_id += 1
        note = _element("w:footnote", id=str(note_id))
        p = _element("w:p")
        ppr = _element("w:pPr")
        ppr.append(_element("w:pStyle", val=text_style))
        p.append(ppr)
        for child in ("w:footnoteRef", " "):
            r = _element("w:r")
            rpr = _element("w:rPr")
            rpr.append(_element("w:rStyle", val=reference_style))
            r.append(rpr)
            if child.startswith("w:"):
                r.append(_element(child))
            else:
                t = _element("w:t")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = child
                r.append(t)
            p.append(r)
        note.append(p)
        self.root.append(note)
        return note_id, p


def add_footnote_reference(paragraph: Paragraph, note_id: int, *, style_id: str) -> None:
    """The call of footnote `note_id` in the text, printed as '[n]' at full size (not superscript)."""
    for piece in ("[", None, "]"):
        run = paragraph.add_run(piece or "")
        run._r.get_or_add_rPr().style = style_id
        if piece is None:
            set_baseline(run._r.get_or_add_rPr())
            run._r.append(_element("w:footnoteReference", id=str(note_id)))
