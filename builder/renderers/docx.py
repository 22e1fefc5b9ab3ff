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

import dataclasses
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from builder import archive
from builder import compose as c
from builder import document as d
from builder.direction import has_rtl
from builder.errors import Finding, RenderError, RendererUnavailable
from builder.labels import Labels
from builder.renderers import RenderOptions, RenderResult
from builder.renderers import docx_xml as x
from builder.renderers.docx_package import (
    CALL_TO_ACTION,
    CODE_BLOCK,
    FOOTNOTE_REFERENCE,
    FOOTNOTE_TEXT,
    HYPERLINK,
    LIST_PARAGRAPH,
    NORMAL,
    QUOTE,
    SEPARATOR,
    STRONG,
    TABLE_TEXT,
    TITLE,
    body_font,
    half_points,
    heading_style,
    page_setup,
    set_properties,
    setup_styles,
)
from builder.renderers.docx_rtl import make_right_to_left
from builder.renderers.docx_story import PartParent, RunFormat, Story
from builder.renderers.html import LINK_SCHEMES

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

logger = logging.getLogger(__name__)


def document_to_docx(options: RenderOptions) -> tuple[DocxDocument, list[Finding]]:
    """The python-docx Document for the composed handout, and the findings met on the way."""
    writer = DocxWriter(options)
    return writer.write(), writer.findings


# --- writer -------------------------------------------------------------------


@dataclass
class DocxWriter:
    """Model -> python-docx Document, one method per node kind."""

    options: RenderOptions
    findings: list[Finding] = field(default_factory=list)
    labels: Labels = field(init=False)
    bookmarks: dict[str, str] = field(default_factory=dict)
    notes_used: set[str] = field(default_factory=set)
    _bookmark_id: int = 0
    _abstract: dict[bool, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.handout = self.options.handout
        self.doc = self.handout.document
        self.labels = self.handout.labels
        self.settings = self.options.settings
        self.stamp = self.options.modified
        self.body_pt = self.settings.min_font_pt
        coverage = self.options.inputs.coverage
        self.font = body_font(self.options.inputs.fonts, coverage.families)
        self.east_asian = coverage.word_font(east_asian=True)
        self.complex_script = coverage.word_font(east_asian=False)
        taken: set[str] = set()
        for section in self.doc.walk_sections():
            self.bookmarks[section.id] = x.bookmark_name(section.id, taken)

    def write(self) -> DocxDocument:
        import docx

        self.document = document = docx.Document()
        self.footnotes = x.Footnotes(document)
        x.drop_thumbnail(document)
        setup_styles(
            document,
            body_pt=self.body_pt,
            font=self.font,
            lang=self.doc.metadata.lang,
            east_asian=self.east_asian,
            complex_script=self.complex_script,
        )
        self.page_setup()
        self.properties()
        body = Story(document.add_paragraph, add_table=self._body_table)
        self.body(body)
        if self.handout.rtl:
            make_right_to_left(document, has_rtl=has_rtl)
        return document

    def _body_table(self, rows: int, cols: int) -> Any:
        return self.document.add_table(rows=rows, cols=cols)

    # --- page, header, footer, properties ---------------------------------------

    def page_setup(self) -> None:
        masthead = self.handout.part(c.Masthead)
        self.text_width = page_setup(
            self.document,
            paper=self.settings.paper,
            header=masthead.organisation if masthead else "",  # the organisation heads every page
            page_of=self.labels.page_of,
        )

    def properties(self) -> None:
        set_properties(
            self.document, self.doc.metadata, organisation=self.settings.organisation, stamp=self.stamp
        )

    # --- body --------------------------------------------------------------------

    def body(self, story: Story) -> None:
        for part in self.handout.parts:
            match part:
                case c.Masthead():
                    pass  # in the page header (see page_setup)
                case c.TitleBlock(title, also_called, summary):
                    story.paragraph(TITLE).add_run(title)
                    for line in (also_called, summary):
                        if line:
                            story.paragraph(NORMAL).add_run(line)
                case c.ListenLink(url, _, label):
                    p = story.paragraph(NORMAL)
                    p.add_run(f"{label}: ")
                    self.link_runs(p, url, url)
                case c.Body(blocks, sections):
                    for block in blocks:
                        self.block(story, block)
                    for section in sections:
                        self.section(story, section)
                case c.WordsToKnow():
                    self.glossary(story, part)
                case c.Notes():
                    self.unreferenced_notes(story, part)
                case c.References():
                    self.references(story, part)
                case c.CallToAction():
                    self.call_to_action(story, part)
                case c.ReviewStamp(text):
                    story.paragraph(NORMAL).add_run(text + ".")
                case c.SourceLine():
                    self.source_line(story, part)

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

    def glossary(self, story: Story, part: c.WordsToKnow) -> None:
        self.furniture_heading(story, part.heading)
        for entry in part.entries:
            p = story.paragraph(NORMAL)
            self.styled_run(p, entry.term, STRONG)
            p.add_run(f": {entry.definition}")

    def unreferenced_notes(self, story: Story, part: c.Notes) -> None:
        """Notes no text calls cannot be Word footnotes: they are listed under "Notes"."""
        left = [n for n in part.notes if n.id not in self.notes_used]
        if not left:
            return
        self.furniture_heading(story, part.heading)
        for note in left:
            p = story.paragraph(NORMAL)
            p.add_run(f"[{note.number}] ")
            first = Story(story.new_paragraph, first=p, add_table=story.add_table)
            for block in note.blocks:
                self.block(first, block)

    def references(self, story: Story, part: c.References) -> None:
        self.furniture_heading(story, part.heading)
        num_id = self.list_instance(ordered=True, level=0, start=1)
        for citation in part.citations:
            p = story.paragraph(LIST_PARAGRAPH)
            x.set_list_level(p, num_id, 0)
            p.add_run(citation.text)
            if citation.link:
                p.add_run(" ")
                self.link_runs(p, citation.link, citation.link)

    def call_to_action(self, story: Story, part: c.CallToAction) -> None:
        if part.action:
            story.paragraph(CALL_TO_ACTION).add_run(part.action)
        if part.contact_line:
            p = story.paragraph(CALL_TO_ACTION)
            if part.contact:
                p.add_run(part.contact + (": " if part.phone else ""))
            if part.phone is not None:
                if part.phone.uri:
                    self.link_runs(p, part.phone.uri, part.phone.shown)
                else:
                    p.add_run(part.phone.shown)
            p.paragraph_format.keep_with_next = False

    def source_line(self, story: Story, part: c.SourceLine) -> None:
        p = story.paragraph(NORMAL)
        p.add_run(f"{part.label}: ")
        if part.publisher:
            p.add_run(part.publisher + (", " if part.url else ""))
        if part.url:
            self.link_runs(p, part.url, part.url)
        if part.licence:
            p.add_run(f" ({part.licence})")

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
            for col, cell in enumerate(row[:columns]):
                word_cell = word_table.cell(r, col)
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
                self.inlines(story, paragraph, children, dataclasses.replace(fmt, strong=True))
            case d.Strikethrough(children):
                self.inlines(story, paragraph, children, dataclasses.replace(fmt, strike=True))
            case d.Link(href, children):
                link = self.hyperlink(paragraph, href) if fmt.link is None else None
                inner = fmt if link is None else dataclasses.replace(fmt, link=link)
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
        picture = self.options.inputs.pictures.get(image.src)
        if picture is None or not story.pictures:  # refused pictures were reported once already
            if fallback:
                self.run(paragraph, fallback, fmt)
            return
        run = paragraph.add_run()
        try:
            shape = run.add_picture(io.BytesIO(picture.data))
        except (UnrecognizedImageError, ValueError, ZeroDivisionError) as error:
            raise RenderError(f"python-docx could not place the picture '{image.src}' ({error})") from error
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
        parent = PartParent(self.footnotes.part)
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

        options.inputs.require_glyphs()
        path = out_dir / f"{doc.slug}{self.suffix}"
        try:
            document, findings = document_to_docx(options)
            buffer = io.BytesIO()
            document.save(buffer)
            path.write_bytes(archive.repack(buffer.getvalue(), stamp=options.modified))
        except (PythonDocxError, LxmlError, ValueError, KeyError) as error:
            logger.debug("python-docx failed on %s", doc.source_path, exc_info=True)
            raise RenderError(
                f"{doc.source_path}: the Word document could not be written ({error})"
            ) from error
        return RenderResult((path,), tuple(findings))
