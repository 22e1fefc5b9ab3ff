"""A Word document for clinic staff to adapt and print again, still in large print.

Staff open it in Word or LibreOffice to change a name, a phone number or a
local service, so the structure lives in styles, not in direct formatting:
built-in Title and Heading n (the navigation pane and a screen reader's
heading list work), every style a run can reach at least the print-size
profile's smallest size, real list numbering, header rows that repeat on every
page, footnotes, pictures with alt text, and the language in the styles.

python-docx writes the package; what it has no API for (alt text, header
rows, numbering definitions, hyperlinks, footnotes, fields, `w:lang`) is done
by the raw-XML helpers in `docx_xml`.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from builder import archive
from builder import document as d
from builder.errors import Finding, Location, RenderError, RendererUnavailable
from builder.fonts import FAMILY, font_files
from builder.labels import Labels, labels_for, review_stamp
from builder.renderers import RenderOptions, RenderResult, last_changed
from builder.renderers import docx_xml as x
from builder.renderers.html import LINK_SCHEMES, contact_line, format_reference

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

logger = logging.getLogger(__name__)

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

_PAGE_FIELD: Final = re.compile(r"\{(page|pages)\}")


def heading_style(level: int) -> str:
    """The style id of Heading `level` (1..9)."""
    return f"Heading{min(max(level, 1), 9)}"


def body_font() -> str:
    """Atkinson Hyperlegible where Handout has it installed, else Verdana."""
    return FAMILY if font_files() else FALLBACK_FONT


def half_points(pt: float) -> int:
    return round(pt * 2)


def document_to_docx(doc: d.Document, *, options: RenderOptions) -> tuple[DocxDocument, list[Finding]]:
    """The python-docx Document for an article, and the findings met on the way."""
    writer = DocxWriter(doc, options)
    return writer.write(), writer.findings


# --- styles -------------------------------------------------------------------


def setup_styles(document: DocxDocument, *, body_pt: float, font: str, lang: str) -> None:
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
    x.set_fonts(rpr, font)
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
                x.set_fonts(any_rpr, font)
        style_rpr = style_el.find(qn("w:rPr"))
        if style_rpr is None:
            continue
        x.set_color(style_rpr, None)
        x.remove_run_property(style_rpr, "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:vertAlign")

    normal = styles["Normal"]
    normal.font.size = Pt(body_pt)
    normal.font.name = font
    x.set_fonts(normal.element.get_or_add_rPr(), font)
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


# --- stories ------------------------------------------------------------------


@dataclass
class Story:
    """Somewhere blocks go: the body, a table cell or a footnote."""

    new_paragraph: Callable[[], Paragraph]
    first: Paragraph | None = None
    add_table: Callable[[int, int], Any] | None = None
    pictures: bool = True
    in_note: bool = False

    def paragraph(self, style_id: str) -> Paragraph:
        """A paragraph in this story with the given style id (a cell's or note's first one is reused)."""
        if self.first is not None:
            paragraph, self.first = self.first, None
        else:
            paragraph = self.new_paragraph()
        paragraph._p.get_or_add_pPr().style = style_id
        return paragraph


class _PartParent:
    """Gives paragraphs inside the footnotes part the `.part` python-docx asks its parent for."""

    def __init__(self, part: Any) -> None:
        self.part = part


@dataclass(frozen=True, slots=True)
class RunFormat:
    """Character formatting inherited by nested inlines."""

    strong: bool = False
    strike: bool = False
    link: Any = None


# --- writer -------------------------------------------------------------------


@dataclass
class DocxWriter:
    """Model -> python-docx Document, one method per node kind."""

    doc: d.Document
    options: RenderOptions
    findings: list[Finding] = field(default_factory=list)
    labels: Labels = field(init=False)
    bookmarks: dict[str, str] = field(default_factory=dict)
    notes_used: set[str] = field(default_factory=set)
    _bookmark_id: int = 0
    _abstract: dict[bool, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = labels_for(self.doc.metadata.lang)
        self.settings = self.options.settings
        self.stamp = last_changed(self.doc, self.options)
        self.body_pt = self.settings.min_font_pt
        self.font = body_font()
        taken: set[str] = set()
        for section in self.doc.walk_sections():
            self.bookmarks[section.id] = x.bookmark_name(section.id, taken)

    def write(self) -> DocxDocument:
        import docx

        self.document = document = docx.Document()
        self.footnotes = x.Footnotes(document)
        x.drop_thumbnail(document)
        setup_styles(document, body_pt=self.body_pt, font=self.font, lang=self.doc.metadata.lang)
        self.page_setup()
        self.properties()
        body = Story(document.add_paragraph, add_table=self._body_table)
        self.body(body)
        return document

    def _body_table(self, rows: int, cols: int) -> Any:
        return self.document.add_table(rows=rows, cols=cols)

    # --- page, header, footer, properties ---------------------------------------

    def page_setup(self) -> None:
        from docx.shared import Inches, Length, Mm

        section = self.document.sections[0]
        margin: Length
        if self.settings.paper == "A4":
            section.page_width, section.page_height = Mm(210), Mm(297)
            margin = Mm(25)
        else:
            section.page_width, section.page_height = Inches(8.5), Inches(11)
            margin = Inches(1)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
        section.header_distance = section.footer_distance = Inches(0.4)
        self.text_width = section.page_width - section.left_margin - section.right_margin
        if self.settings.organisation:
            header = section.header.paragraphs[0]
            header.style = self.document.styles["Header"]
            header.add_run(self.settings.organisation)
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        pieces = _PAGE_FIELD.split(self.labels.page_of)
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                if piece:
                    footer.add_run(piece)
            else:
                x.add_field(footer, "PAGE" if piece == "page" else "NUMPAGES")

    def properties(self) -> None:
        meta = self.doc.metadata
        core = self.document.core_properties
        core.title = meta.title
        core.subject = meta.summary
        core.keywords = ", ".join(meta.topics)
        core.author = ", ".join(meta.authors) or self.settings.organisation
        core.last_modified_by = self.settings.organisation
        core.language = meta.lang
        core.comments = ""
        core.category = ""
        core.content_status = ""
        core.identifier = meta.source_url
        core.version = meta.version
        core.revision = _revision(meta.version)
        core.created = core.modified = self.stamp.replace(tzinfo=None)
        theme_lang = self.document.settings.element.find(x.w("themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(x.w("val"), meta.lang)

    # --- body --------------------------------------------------------------------

    def body(self, story: Story) -> None:
        meta = self.doc.metadata
        title = story.paragraph(TITLE)
        title.add_run(meta.title)
        if meta.also_called:
            p = story.paragraph(NORMAL)
            p.add_run(f"{self.labels.also_called}: {', '.join(meta.also_called)}")
        if meta.summary:
            story.paragraph(NORMAL).add_run(meta.summary)
        for block in self.doc.blocks:
            self.block(story, block)
        for section in self.doc.sections:
            self.section(story, section)
        self.glossary(story)
        self.unreferenced_notes(story)
        self.references(story)
        self.call_to_action(story)
        self.colophon(story)

    def section(self, story: Story, section: d.Section) -> None:
        heading = story.paragraph(heading_style(section.depth))
        self._bookmark_id += 1
        self.inlines(story, heading, section.title, RunFormat())
        x.add_bookmark(heading, self.bookmarks[section.id], self._bookmark_id)
        for block in section.blocks:
            self.block(story, block)
        for child in section.children:
            self.section(story, child)

    def furniture_heading(self, story: Story, title: str) -> None:
        story.paragraph(heading_style(1)).add_run(title)

    def glossary(self, story: Story) -> None:
        entries = self.doc.metadata.glossary
        if not entries:
            return
        self.furniture_heading(story, self.labels.words_to_know)
        for entry in entries:
            p = story.paragraph(NORMAL)
            self.styled_run(p, entry.term, STRONG)
            p.add_run(f": {entry.definition}")

    def unreferenced_notes(self, story: Story) -> None:
        """Notes no text calls cannot be Word footnotes: they are listed under "Notes"."""
        left = [n for n in self.doc.footnotes if n.id not in self.notes_used]
        if not left:
            return
        self.furniture_heading(story, self.labels.notes)
        for note in left:
            p = story.paragraph(NORMAL)
            p.add_run(f"[{note.number}] ")
            first = Story(story.new_paragraph, first=p, add_table=story.add_table)
            for block in note.blocks:
                self.block(first, block)

    def references(self, story: Story) -> None:
        refs = self.doc.metadata.references
        if not refs:
            return
        self.furniture_heading(story, self.labels.references)
        num_id = self.list_instance(ordered=True, level=0, start=1)
        for ref in refs:
            p = story.paragraph(LIST_PARAGRAPH)
            x.set_list_level(p, num_id, 0)
            p.add_run(format_reference(ref, self.labels))
            if ref.link:
                p.add_run(" ")
                self.link_runs(p, ref.link, ref.link)

    def call_to_action(self, story: Story) -> None:
        meta, settings = self.doc.metadata, self.settings
        if meta.call_to_action:
            story.paragraph(CALL_TO_ACTION).add_run(meta.call_to_action)
        contact = contact_line(settings)
        if contact:
            p = story.paragraph(CALL_TO_ACTION)
            phone = settings.phone
            if phone and phone in contact:
                before, _, after = contact.partition(phone)
                if before:
                    p.add_run(before)
                tel = "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")
                self.link_runs(p, tel, phone)
                if after:
                    p.add_run(after)
            else:
                p.add_run(contact)
            p.paragraph_format.keep_with_next = False

    def colophon(self, story: Story) -> None:
        meta = self.doc.metadata
        stamp = review_stamp(meta)
        if stamp:
            story.paragraph(NORMAL).add_run(stamp + ".")
        if meta.publisher or meta.source_url:
            p = story.paragraph(NORMAL)
            p.add_run(f"{self.labels.source}: ")
            if meta.publisher:
                p.add_run(meta.publisher + (", " if meta.source_url else ""))
            if meta.source_url:
                self.link_runs(p, meta.source_url, meta.source_url)
            if meta.license:
                p.add_run(f" ({meta.license})")

    # --- blocks --------------------------------------------------------------------

    def block(self, story: Story, block: d.Block, *, indent_level: int = -1) -> None:
        """Write one block; `indent_level` >= 0 indents it under a list item of that level."""
        match block:
            case d.Paragraph(children):
                p = story.paragraph(NORMAL if indent_level < 0 else LIST_PARAGRAPH)
                self.indent(p, indent_level)
                self.inlines(story, p, children, RunFormat())
            case d.BulletList() | d.OrderedList():
                self.list_block(story, block, level=indent_level + 1)
            case d.Table():
                self.table(story, block)
            case d.BlockQuote(blocks):
                for inner in blocks:
                    if isinstance(inner, d.Paragraph):
                        p = story.paragraph(QUOTE)
                        self.indent(p, indent_level, extra=2)
                        self.inlines(story, p, inner.children, RunFormat())
                    else:
                        self.block(story, inner, indent_level=indent_level)
            case d.CodeBlock(text):
                p = story.paragraph(CODE_BLOCK)
                self.indent(p, indent_level, extra=2)
                p.add_run(text.rstrip("\n"))
            case d.ThematicBreak():
                story.paragraph(SEPARATOR)
            case _:
                logger.warning("the DOCX renderer does not know %r; it was left out", block)

    def indent(self, paragraph: Paragraph, level: int, *, extra: int = 0) -> None:
        """Indent a paragraph that continues a list item of `level` (direct, as Word does)."""
        from docx.shared import Pt

        if level >= 0:
            paragraph.paragraph_format.left_indent = Pt(
                self.list_indent_pt * (level + 1) + extra * self.body_pt
            )

    @property
    def list_indent_pt(self) -> float:
        """A list level's indent: room for "10." at the body size."""
        return self.body_pt * 2.2

    def list_instance(self, *, ordered: bool, level: int, start: int) -> int:
        if ordered not in self._abstract:
            self._abstract[ordered] = x.add_list_definition(
                self.document,
                ordered=ordered,
                indent_twips=round(self.list_indent_pt * 20),
                font=self.font,
                size_half_points=half_points(self.body_pt),
            )
        return x.add_list_instance(self.document, self._abstract[ordered], level=level, start=start)

    def list_block(self, story: Story, block: d.BulletList | d.OrderedList, *, level: int) -> None:
        level = min(level, 8)
        ordered = isinstance(block, d.OrderedList)
        start = block.start if isinstance(block, d.OrderedList) else 1
        num_id = self.list_instance(ordered=ordered, level=level, start=start)
        for item in block.items:
            blocks = item.blocks
            p = story.paragraph(LIST_PARAGRAPH)
            x.set_list_level(p, num_id, level)
            rest = blocks
            if blocks and isinstance(blocks[0], d.Paragraph):
                self.inlines(story, p, blocks[0].children, RunFormat())
                rest = blocks[1:]
            for inner in rest:
                self.block(story, inner, indent_level=level)

    def table(self, story: Story, table: d.Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if story.add_table is None:
            # A note cannot hold a table: read it row by row, as the text renderer does.
            names = [d.plain_text(c.children) for c in table.header]
            for row in table.rows:
                p = story.paragraph(NORMAL)
                p.add_run(
                    "; ".join(f"{n}: {d.plain_text(c.children)}" for n, c in zip(names, row, strict=False))
                )
            return
        columns = len(table.header)
        word_table = story.add_table(1 + len(table.rows), columns)
        word_table.style = self.document.styles["Handout Table"]
        x.mark_header_row(word_table.rows[0])
        for row in word_table.rows[1:]:
            x.keep_row_together(row)
        align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
        for r, row in enumerate((table.header, *table.rows)):
            for c, cell in enumerate(row[:columns]):
                word_cell = word_table.cell(r, c)
                cell_story = Story(
                    word_cell.add_paragraph,
                    first=word_cell.paragraphs[0],
                    add_table=None,
                    pictures=story.pictures,
                    in_note=story.in_note,
                )
                p = cell_story.paragraph(TABLE_TEXT)
                if cell.align in align:
                    p.alignment = align[cell.align]
                self.inlines(cell_story, p, cell.children, RunFormat())

    # --- inlines -------------------------------------------------------------------

    def inlines(
        self, story: Story, paragraph: Paragraph, nodes: tuple[d.Inline, ...], fmt: RunFormat
    ) -> None:
        for node in nodes:
            self.inline(story, paragraph, node, fmt)

    def run(self, paragraph: Paragraph, text: str, fmt: RunFormat) -> Any:
        run = paragraph.add_run(text)
        if fmt.link is not None:
            run._r.get_or_add_rPr().style = HYPERLINK
            if fmt.strong:
                run.bold = True
            fmt.link.append(run._r)
        elif fmt.strong:
            run._r.get_or_add_rPr().style = STRONG
        if fmt.strike:
            run.font.strike = True
        return run

    def styled_run(self, paragraph: Paragraph, text: str, style_id: str) -> Any:
        run = paragraph.add_run(text)
        run._r.get_or_add_rPr().style = style_id
        return run

    def inline(self, story: Story, paragraph: Paragraph, node: d.Inline, fmt: RunFormat) -> None:
        match node:
            case d.Text(text) | d.Code(text):
                self.run(paragraph, text, fmt)
            case d.Emphasis(children) | d.Strong(children):
                self.inlines(story, paragraph, children, _replace(fmt, strong=True))
            case d.Strikethrough(children):
                self.inlines(story, paragraph, children, _replace(fmt, strike=True))
            case d.Link(href, children):
                link = self.hyperlink(paragraph, href) if fmt.link is None else None
                inner = fmt if link is None else _replace(fmt, link=link)
                self.inlines(story, paragraph, children, inner)
            case d.Image():
                self.picture(story, paragraph, node, fmt)
            case d.LineBreak():
                paragraph.add_run().add_break()
            case d.FootnoteRef(note_id, number):
                self.footnote(story, paragraph, note_id, number, fmt)
            case _:
                logger.warning("the DOCX renderer does not know %r; it was left out", node)

    def hyperlink(self, paragraph: Paragraph, href: str) -> Any:
        """A w:hyperlink for web, mail and phone addresses and this document's headings; else None."""
        if href.startswith(LINK_SCHEMES):
            return x.add_hyperlink(paragraph, url=href)
        if href.startswith("#") and href[1:] in self.bookmarks:
            return x.add_hyperlink(paragraph, anchor=self.bookmarks[href[1:]])
        return None

    def link_runs(self, paragraph: Paragraph, href: str, text: str) -> None:
        link = self.hyperlink(paragraph, href)
        self.run(paragraph, text, RunFormat(link=link))

    def picture(self, story: Story, paragraph: Paragraph, image: d.Image, fmt: RunFormat) -> None:
        from docx.image.exceptions import UnrecognizedImageError
        from docx.shared import Emu

        fallback = "" if image.decorative else f"({self.labels.picture}: {image.alt})"
        resolved = self.options.resources.resolve(image.src)
        if resolved.path is None:
            self.findings.append(
                Finding(Location(self.doc.source_path, image.line), f"image left out: {resolved.refusal}")
            )
            if fallback:
                self.run(paragraph, fallback, fmt)
            return
        if not story.pictures:
            if fallback:
                self.run(paragraph, fallback, fmt)
            return
        run = paragraph.add_run()
        try:
            shape = run.add_picture(str(resolved.path))
        except (UnrecognizedImageError, ValueError, ZeroDivisionError) as error:
            logger.debug("python-docx could not read %s", resolved.path, exc_info=True)
            self.findings.append(
                Finding(
                    Location(self.doc.source_path, image.line),
                    f"image left out: '{image.src}' could not be read as a picture ({type(error).__name__}); "
                    "save it as PNG or JPEG",
                )
            )
            run._r.getparent().remove(run._r)
            if fallback:
                self.run(paragraph, fallback, fmt)
            return
        if shape.width > self.text_width:
            ratio = self.text_width / shape.width
            shape.width, shape.height = Emu(int(shape.width * ratio)), Emu(int(shape.height * ratio))
        x.set_picture_description(shape, alt=image.alt, decorative=image.decorative)
        if fmt.link is not None:
            fmt.link.append(run._r)

    def footnote(self, story: Story, paragraph: Paragraph, note_id: str, number: int, fmt: RunFormat) -> None:
        """A real Word footnote with the note's text, called where the source calls it."""
        note = next((n for n in self.doc.footnotes if n.id == note_id), None)
        if note is None or story.in_note:
            self.run(paragraph, f"[{number}]", fmt)
            return
        from docx.text.paragraph import Paragraph as DocxParagraph

        self.notes_used.add(note_id)
        word_id, first_p = self.footnotes.add(text_style=FOOTNOTE_TEXT, reference_style=FOOTNOTE_REFERENCE)
        parent = _PartParent(self.footnotes.part)
        note_el = first_p.getparent()

        def new_paragraph() -> Paragraph:
            p = x._element("w:p")
            note_el.append(p)
            return DocxParagraph(p, parent)

        note_story = Story(
            new_paragraph,
            first=DocxParagraph(first_p, parent),
            add_table=None,
            pictures=False,
            in_note=True,
        )
        for block in note.blocks:
            self.block(note_story, block)
        for p in note_el.findall(x.w("p")):
            p.get_or_add_pPr().style = p.pPr.style if p.pPr.style not in (None, NORMAL) else FOOTNOTE_TEXT
        x.add_footnote_reference(paragraph, word_id, style_id=FOOTNOTE_REFERENCE)


def _replace(fmt: RunFormat, **changes: Any) -> RunFormat:
    import dataclasses

    return dataclasses.replace(fmt, **changes)


def _revision(version: str) -> int:
    """The core 'revision' (a positive whole number) from a version such as '2.1': 2."""
    match = re.match(r"\s*(\d+)", version)
    return max(int(match.group(1)), 1) if match else 1


class DocxRenderer:
    """A Word document in large print that staff can adapt and print again."""

    name: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description: ClassVar[str] = "Word document, large print, for staff to adapt"

    @classmethod
    def check_available(cls) -> None:
        """python-docx is a dependency of Handout; it is missing only from a broken install."""
        try:
            import docx  # noqa: F401
        except ImportError as error:
            raise RendererUnavailable(
                "the docx format needs python-docx: install it with 'pip install python-docx'"
            ) from error

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        from docx.exceptions import PythonDocxError
        from lxml.etree import LxmlError  # type: ignore[import-untyped]

        path = out_dir / f"{doc.slug}{self.suffix}"
        try:
            document, findings = document_to_docx(doc, options=options)
            buffer = io.BytesIO()
            document.save(buffer)
            path.write_bytes(archive.repack(buffer.getvalue(), stamp=last_changed(doc, options)))
        except (PythonDocxError, LxmlError, ValueError, KeyError) as error:
            logger.debug("python-docx failed on %s", doc.source_path, exc_info=True)
            raise RenderError(
                f"{doc.source_path}: the Word document could not be written ({type(error).__name__}: {error})"
            ) from error
        return RenderResult((path,), tuple(findings))
