"""The Word document's package-wide parts: its styles, its page set-up and its file properties.

Staff who adapt a handout in Word pick styles, so every style in the file,
including ones Handout does not use, is raised to the print-size profile's
smallest size, sans-serif, black, upright, in the article's language; the ones
Handout uses (Title, Heading n, the call-to-action box, notes, tables) are then
tuned. Style ids are Word's own where Word has one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from builder.fonts import FAMILY, Font
from builder.renderers import docx_xml as x

if TYPE_CHECKING:
    import datetime as dt

    from docx.document import Document as DocxDocument
    from docx.shared import Length

    from builder.document import Metadata

FALLBACK_FONT: Final = "Verdana"
"""Used when Atkinson Hyperlegible is not installed with Handout (Word falls back to Arial)."""
TEXT_COLOR: Final = "000000"
LINK_COLOR: Final = "1A4D8F"
"""Dark blue: 8.6:1 on white, and links are underlined as well."""

HEADING_SCALE: Final = {0: 1.75, 1: 1.5, 2: 1.3, 3: 1.15}
"""Title (0) and heading sizes as multiples of the body size; deeper headings use 1.1."""

# Style ids (what w:pStyle and w:rStyle name). Built-in styles keep Word's ids.
TITLE: Final = "Title"
NORMAL: Final = "Normal"
LIST_PARAGRAPH: Final = "ListParagraph"
QUOTE: Final = "Quote"
HEADER: Final = "Header"
FOOTER: Final = "Footer"
STRONG: Final = "Strong"
HYPERLINK: Final = "Hyperlink"
FOOTNOTE_TEXT: Final = "FootnoteText"
FOOTNOTE_REFERENCE: Final = "FootnoteReference"
TABLE_TEXT: Final = "TableText"
CODE_BLOCK: Final = "CodeBlock"
CALL_TO_ACTION: Final = "CallToAction"
SEPARATOR: Final = "Separator"
HANDOUT_TABLE: Final = "HandoutTable"

PAGE_FIELD: Final = re.compile(r"\{(page|pages)\}")


def heading_style(level: int) -> str:
    """The style id of Heading `level` (1..9)."""
    return f"Heading{min(max(level, 1), 9)}"


def body_font(fonts: Sequence[Font], families: Sequence[str] = (FAMILY,)) -> str:
    """The first typeface of the article's chain where Handout has its typeface, else Verdana."""
    return (families[0] if families else FAMILY) if fonts else FALLBACK_FONT


def half_points(pt: float) -> int:
    return round(pt * 2)


def setup_styles(
    document: DocxDocument,
    *,
    body_pt: float,
    font: str,
    lang: str,
    east_asian: str = "",
    complex_script: str = "",
) -> None:
    """Make every style large print, sans-serif, black, upright, in `lang`; then tune the used ones.

    Every existing style is raised to at least `body_pt`, so a style that staff
    pick later in Word is large print too, not only the ones this renderer uses.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    scripts = {"east_asian": east_asian, "complex_script": complex_script}
    x.set_fonts(rpr, font, **scripts)
    x.set_size(rpr, half_points(body_pt))
    x.set_lang(rpr, lang)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.get_or_add_spacing()
    spacing.set(qn("w:line"), "360")  # 1.5 lines, in 240ths of a line
    spacing.set(qn("w:lineRule"), "auto")
    spacing.set(qn("w:after"), str(round(body_pt * 0.75) * 20))

    for style_el in root.findall(qn("w:style")):
        for any_rpr in style_el.iter(qn("w:rPr")):  # table styles' conditional rows included
            sz = any_rpr.find(qn("w:sz"))
            if sz is not None and (sz.val is None or sz.val.pt < body_pt):
                x.set_size(any_rpr, half_points(body_pt))
            if any_rpr.find(qn("w:rFonts")) is not None:
                x.set_fonts(any_rpr, font, **scripts)
        style_rpr = style_el.find(qn("w:rPr"))
        if style_rpr is None:
            continue
        x.set_color(style_rpr, None)
        x.remove_run_property(style_rpr, "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:vertAlign")

    normal = styles["Normal"]
    normal.font.size = Pt(body_pt)
    normal.font.name = font
    x.set_fonts(normal.element.get_or_add_rPr(), font, **scripts)
    x.set_lang(normal.element.get_or_add_rPr(), lang)
    pf = normal.paragraph_format
    pf.line_spacing = 1.5
    pf.space_after = Pt(round(body_pt * 0.75))
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    pf.widow_control = True

    def paragraph_style(name: str, style_id: str, base: str = "Normal") -> Any:
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = style_id
            style.base_style = styles[base]
        return style

    for level in range(0, 10):
        style = styles["Title"] if level == 0 else styles[f"Heading {level}"]
        size = body_pt * HEADING_SCALE.get(level, 1.1)
        style.font.size = Pt(round(size))
        style.font.bold = True
        style.font.color.rgb = None
        x.set_color(style.element.get_or_add_rPr(), TEXT_COLOR)
        hpf = style.paragraph_format
        hpf.keep_with_next = True
        hpf.line_spacing = 1.15
        hpf.space_before = Pt(0 if level == 0 else round(body_pt * 1.1))
        hpf.space_after = Pt(round(body_pt * 0.5))
        hpf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for tag in ("w:pBdr", "w:contextualSpacing"):
            for old in style.element.pPr.findall(qn(tag)):
                style.element.pPr.remove(old)

    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(body_pt)
        styles[name].paragraph_format.space_after = Pt(0)
        styles[name].paragraph_format.line_spacing = 1.2

    lp = styles["List Paragraph"]
    lp.paragraph_format.space_after = Pt(round(body_pt * 0.4))
    for old in lp.element.pPr.findall(qn("w:contextualSpacing")):
        lp.element.pPr.remove(old)

    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Pt(body_pt * 2)
    x.set_color(quote.element.get_or_add_rPr(), TEXT_COLOR)

    table_text = paragraph_style("Table Text", TABLE_TEXT)
    table_text.paragraph_format.space_after = Pt(round(body_pt * 0.25))
    table_text.paragraph_format.space_before = Pt(round(body_pt * 0.25))

    code = paragraph_style("Code Block", CODE_BLOCK)
    code.paragraph_format.left_indent = Pt(body_pt * 2)
    code.paragraph_format.keep_together = True

    box = paragraph_style("Call To Action", CALL_TO_ACTION)
    box.paragraph_format.left_indent = Pt(12)
    box.paragraph_format.right_indent = Pt(12)
    box.paragraph_format.keep_together = True
    box.paragraph_format.keep_with_next = True
    x.set_borders(box.element.get_or_add_pPr(), size_eighths=18, space_pt=8)

    rule = paragraph_style("Separator", SEPARATOR)
    rule.paragraph_format.space_after = Pt(round(body_pt))
    x.set_bottom_border(rule.element.get_or_add_pPr())

    footnote_text = paragraph_style("footnote text", FOOTNOTE_TEXT)
    footnote_text.font.size = Pt(body_pt)
    footnote_text.paragraph_format.space_after = Pt(round(body_pt * 0.4))

    def character_style(name: str, style_id: str) -> Any:
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            style.style_id = style_id
        style.font.size = Pt(body_pt)
        return style

    link = character_style("Hyperlink", HYPERLINK)
    link.font.underline = True
    x.set_color(link.element.get_or_add_rPr(), LINK_COLOR)
    table = styles.add_style("Handout Table", WD_STYLE_TYPE.TABLE)
    table.style_id = HANDOUT_TABLE
    table.base_style = styles["Table Grid"]
    x.bold_first_row(table.element)

    note_mark = character_style("footnote reference", FOOTNOTE_REFERENCE)
    x.set_baseline(note_mark.element.get_or_add_rPr())  # a superscript mark would be tiny
    # LibreOffice draws note marks with its own "Footnote anchor" style (superscript, 58 %):
    # a style of that name replaces it there; Word only lists it as one more style.
    lo_anchor = character_style("Footnote anchor", "FootnoteAnchor")
    x.set_baseline(lo_anchor.element.get_or_add_rPr())
    lo_anchor.hidden = True
    for name in ("Hyperlink", "footnote reference", "footnote text"):  # Word's own, not custom
        styles[name].element.attrib.pop(qn("w:customStyle"), None)
    strong = character_style("Strong", STRONG)
    strong.font.bold = True

    for style_el in root.findall(qn("w:style")):  # complex-script size follows every size set above
        style_rpr = style_el.find(qn("w:rPr"))
        sz = style_rpr.find(qn("w:sz")) if style_rpr is not None else None
        if sz is not None:
            x.set_size(style_rpr, int(sz.get(qn("w:val"))))


def page_setup(document: DocxDocument, *, paper: str, header: str, page_of: str) -> Length:
    """A4 or Letter with even margins, `header` on every page, "Page X of Y" in the footer;
    the width text can take."""
    from docx.shared import Inches, Length, Mm

    section = document.sections[0]
    margin: Length
    if paper == "A4":
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(25)
    else:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        margin = Inches(1)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    section.header_distance = section.footer_distance = Inches(0.4)
    if header:
        paragraph = section.header.paragraphs[0]
        paragraph.style = document.styles["Header"]
        paragraph.add_run(header)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    for index, piece in enumerate(PAGE_FIELD.split(page_of)):
        if index % 2 == 0:
            if piece:
                footer.add_run(piece)
        else:
            x.add_field(footer, "PAGE" if piece == "page" else "NUMPAGES")
    return Length(section.page_width - section.left_margin - section.right_margin)


def set_properties(document: DocxDocument, meta: Metadata, *, organisation: str, stamp: dt.datetime) -> None:
    """Title, subject, keywords, author, language and version in the file's properties."""
    core = document.core_properties
    core.title = meta.title
    core.subject = meta.summary
    core.keywords = ", ".join(meta.topics)
    core.author = ", ".join(meta.authors) or organisation
    core.last_modified_by = organisation
    core.language = meta.lang
    core.comments = ""
    core.category = ""
    core.content_status = ""
    core.identifier = meta.source_url
    core.version = meta.version
    core.revision = _revision(meta.version)
    core.created = core.modified = stamp.replace(tzinfo=None)
    theme_lang = document.settings.element.find(x.w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(x.w("val"), meta.lang)


def _revision(version: str) -> int:
    """The core 'revision' (a positive whole number) from a version such as '2.1': 2."""
    match = re.match(r"\s*(\d+)", version)
    return max(int(match.group(1)), 1) if match else 1
