"""An accessible standalone HTML page: semantic elements, `lang`, large-print CSS.

`document_to_html` is a pure function of the render options; the print (PDF)
and e-book renderers reuse `HtmlWriter` with their own stylesheets. The page is
standalone: the stylesheet, the typeface and the pictures are embedded, so it
opens the same on any device, offline. The writer walks the composed handout's
parts in order: the masthead in the page header, the review stamp and source
line in the page footer, everything else in the article.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import ClassVar, Final

from builder import compose as c
from builder import document as d
from builder.coverage import font_family_css
from builder.direction import ltr_runs
from builder.errors import Finding
from builder.fonts import Font, font_face_css
from builder.inputs import Picture
from builder.labels import Labels
from builder.renderers import RenderOptions, RenderResult

STYLESHEET: Final = "handout.css"
LINK_SCHEMES: Final = ("http://", "https://", "mailto:", "tel:")
PAGE_HEADER: Final = (c.Masthead,)
PAGE_FOOTER: Final = (c.ReviewStamp, c.SourceLine)


RTL_CSS: Final = """html { text-align: right; }
ul, ol { padding-left: 0; padding-right: 1.5em; }
th, td { text-align: right; }
blockquote { border-left: none; padding-left: 0; margin-left: 0;
  border-right: 0.3rem solid currentColor; padding-right: 1rem; margin-right: 0; }
dl dd { margin-right: 0; }
.masthead .with-logo { background-position: right center; padding-left: 0; padding-right: 3.3cm; }
.listen img { margin-right: 0; margin-left: 0.75rem; }
.decorative-image > span { background-position: right top; }"""
"""A right-to-left page mirrored: text, list numbers, table cells and quotes start at the right,
where the reader starts. It follows the format's stylesheet, whatever that stylesheet says, because
the direction is the language's, not a matter of style."""


def direction_css(options: RenderOptions, *, as_property: bool = True) -> str:
    """The rules that mirror a right-to-left handout ('' for a left-to-right one).

    The root's `dir` sets the direction; `as_property` repeats it as CSS `direction` for WeasyPrint
    (EPUB forbids that property: its reading systems take `dir`).
    """
    if not options.handout.rtl:
        return ""
    return ("html { direction: rtl; }\n" if as_property else "") + RTL_CSS


def data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def font_data_url(font: Font) -> str:
    return data_url("font/ttf", font.data)


def document_to_html(options: RenderOptions, *, css: str, head_extra: str = "") -> str:
    """The whole page as a string: the handout's parts in order, pictures embedded."""
    return HtmlWriter(options).page(css=css, head_extra=head_extra)


@dataclass
class HtmlWriter:
    """Composed handout -> HTML markup, one method per part and per node kind.

    The output is also well-formed XHTML (void elements are self-closed), so
    the EPUB renderer can subclass this and override only what differs.
    """

    options: RenderOptions
    findings: list[Finding] = field(default_factory=list)
    note_calls: dict[str, int] = field(default_factory=dict)
    anchors: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        doc = self.doc
        self.anchors = frozenset({s.id for s in doc.walk_sections()} | {n.id for n in doc.footnotes})

    @property
    def handout(self) -> c.Handout:
        return self.options.handout

    @property
    def doc(self) -> d.Document:
        return self.options.handout.document

    @property
    def labels(self) -> Labels:
        return self.options.handout.labels

    # --- page ----------------------------------------------------------------

    def page(self, *, css: str, head_extra: str = "") -> str:
        meta = self.doc.metadata
        head = [
            '<meta charset="utf-8"/>',
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
            f"<title>{escape(meta.title)}</title>",
        ]
        if meta.summary:
            head.append(f'<meta name="description" content="{escape(meta.summary)}"/>')
        if meta.topics:
            head.append(f'<meta name="keywords" content="{escape(", ".join(meta.topics))}"/>')
        author = ", ".join(meta.authors) or self.options.settings.organisation
        if author:
            head.append(f'<meta name="author" content="{escape(author)}"/>')
        if meta.date or meta.reviewed:
            head.append(f'<meta name="dcterms.modified" content="{(meta.reviewed or meta.date)}"/>')
        head.append(f"<style>\n{css}\n</style>")
        if head_extra:
            head.append(head_extra)
        parts = self.handout.parts
        header = "\n".join(filter(None, (self.part(p) for p in parts if isinstance(p, PAGE_HEADER))))
        footer = "\n".join(filter(None, (self.part(p) for p in parts if isinstance(p, PAGE_FOOTER))))
        article = [self.part(p) for p in parts if not isinstance(p, (*PAGE_HEADER, *PAGE_FOOTER))]
        page = [
            "<!DOCTYPE html>",
            f'<html lang="{escape(meta.lang)}" dir="{self.handout.dir}">',
            "<head>",
            *head,
            "</head>",
            "<body>",
            f'<header class="masthead">\n{header}\n</header>' if header else "",
            '<main id="content">',
            "<article>",
            *article,
            "</article>",
            "</main>",
            f"<footer>\n{footer}\n</footer>" if footer else "",
            "</body>",
            "</html>",
            "",
        ]
        return "\n".join(p for p in page if p)

    def part(self, part: c.Part) -> str:
        """One part of the handout as markup ('' for a part this medium does not show)."""
        match part:
            case c.Masthead():
                return self.masthead(part)
            case c.TitleBlock():
                return self.title_block(part)
            case c.ListenLink():
                return self.listen_link(part)
            case c.Body(blocks, sections):
                return "\n".join([*(self.block(b) for b in blocks), *(self.section(s) for s in sections)])
            case c.WordsToKnow():
                return self.words_to_know(part)
            case c.Notes():
                return self.notes(part)
            case c.References():
                return self.references(part)
            case c.CallToAction():
                return self.call_to_action(part)
            case c.ReviewStamp(text):
                return f'<p class="review">{self.words(text)}</p>'
            case c.SourceLine():
                return self.source_line(part)
        raise TypeError(f"unknown part {part!r}")

    def masthead(self, part: c.Masthead) -> str:
        return f'<p class="organisation">{self.words(part.organisation)}</p>'

    def title_block(self, part: c.TitleBlock) -> str:
        lines = [f'<h1 id="title">{self.words(part.title)}</h1>']
        if part.also_called:
            lines.append(f'<p class="also-called">{self.words(part.also_called)}</p>')
        if part.summary:
            lines.append(f'<p class="summary">{self.words(part.summary)}</p>')
        return "\n".join(lines)

    def listen_link(self, part: c.ListenLink) -> str:
        """On a screen the audio is one link away in the library (see the PDF for the printed QR code)."""
        return ""

    def source_line(self, part: c.SourceLine) -> str:
        source = escape(part.publisher)
        if part.url:
            link = self.link_html(part.url, escape(part.url))
            source = f"{source}, {link}" if source else link
        licence = f" ({escape(part.licence)})" if part.licence else ""
        return f'<p class="source">{escape(part.label)}: {source}{licence}</p>'

    def words(self, text: str) -> str:
        """Text as markup; on a right-to-left page each left-to-right run is isolated in a `bdi`."""
        if not self.handout.rtl:
            return escape(text)
        pieces = ltr_runs(text)
        return "".join(f"<bdi>{escape(piece)}</bdi>" if ltr else escape(piece) for ltr, piece in pieces)

    # --- structure -----------------------------------------------------------

    def section(self, section: d.Section) -> str:
        level = min(section.depth + 1, 6)
        sid = escape(section.id)
        parts = [
            f'<section aria-labelledby="{sid}">',
            f'<h{level} id="{sid}">{self.inlines(section.title)}</h{level}>',
        ]
        parts.extend(self.block(b) for b in section.blocks)
        parts.extend(self.section(child) for child in section.children)
        parts.append("</section>")
        return "\n".join(parts)

    def furniture(self, key: str, title: str, body: str, *, role: str = "") -> str:
        role_attr = f' role="{role}"' if role else ""
        return (
            f'<section class="{key}" aria-labelledby="handout-{key}"{role_attr}>\n'
            f'<h2 id="handout-{key}">{escape(title)}</h2>\n{body}\n</section>'
        )

    def words_to_know(self, part: c.WordsToKnow) -> str:
        items = "\n".join(
            f"<dt>{self.words(e.term)}</dt>\n<dd>{self.words(e.definition)}</dd>" for e in part.entries
        )
        return self.furniture("words-to-know", part.heading, f"<dl>\n{items}\n</dl>")

    def notes(self, part: c.Notes) -> str:
        items = []
        for note in part.notes:
            back = (
                f' <a class="back" href="#ref-{note.id}" aria-label="{escape(self.labels.back_to_text)}">'
                "&#8617;</a>"
                if note.id in self.note_calls
                else ""
            )
            body = "\n".join(self.block(b) for b in note.blocks)
            items.append(f'<li id="{note.id}">{body}{back}</li>')
        return self.furniture(
            "notes", part.heading, "<ol>\n" + "\n".join(items) + "\n</ol>", role="doc-endnotes"
        )

    def references(self, part: c.References) -> str:
        items = "\n".join(f"<li>{self.citation(r)}</li>" for r in part.citations)
        return self.furniture("references", part.heading, f"<ol>\n{items}\n</ol>")

    def citation(self, citation: c.Citation) -> str:
        text = self.words(citation.text)
        if citation.link:
            text += " " + self.link_html(citation.link, escape(citation.link))
        return text

    def call_to_action(self, part: c.CallToAction) -> str:
        return (
            f'<aside class="call-to-action" aria-label="{escape(part.heading)}">\n'
            + "\n".join(self.call_to_action_lines(part))
            + "\n</aside>"
        )

    def call_to_action_lines(self, part: c.CallToAction) -> list[str]:
        lines = []
        if part.action:
            lines.append(f'<p class="action">{self.words(part.action)}</p>')
        if part.contact_line:
            lines.append(f'<p class="contact">{self.contact_html(part)}</p>')
        return lines

    def contact_html(self, part: c.CallToAction) -> str:
        """The contact line with its phone number as a `tel:` link when the number can be dialled."""
        phone = part.phone
        if phone is None or not phone.uri:
            return escape(part.contact_line)
        link = f'<a href="{escape(phone.uri)}">{escape(phone.shown)}</a>'
        return f"{escape(part.contact)}: {link}" if part.contact else link

    # --- blocks --------------------------------------------------------------

    def block(self, block: d.Block) -> str:
        match block:
            case d.Paragraph(children):
                figure = self.lone_image(children)
                return figure if figure is not None else f"<p>{self.inlines(children)}</p>"
            case d.BulletList(items):
                return "<ul>\n" + "\n".join(self.item(i) for i in items) + "\n</ul>"
            case d.OrderedList(items, _, start):
                start_attr = f' start="{start}"' if start != 1 else ""
                return f"<ol{start_attr}>\n" + "\n".join(self.item(i) for i in items) + "\n</ol>"
            case d.Table():
                return self.table(block)
            case d.BlockQuote(blocks):
                return "<blockquote>\n" + "\n".join(self.block(b) for b in blocks) + "\n</blockquote>"
            case d.CodeBlock(text):
                return f"<pre><code>{escape(text)}</code></pre>"
            case d.ThematicBreak():
                return "<hr/>"
        raise TypeError(f"unknown block {block!r}")

    def item(self, item: d.ListItem) -> str:
        blocks = item.blocks
        if len(blocks) == 1 and isinstance(blocks[0], d.Paragraph):
            return f"<li>{self.inlines(blocks[0].children)}</li>"
        return "<li>" + "\n".join(self.block(b) for b in blocks) + "</li>"

    def lone_image(self, children: tuple[d.Inline, ...]) -> str | None:
        """A paragraph holding only an image becomes a figure."""
        if len(children) != 1 or not isinstance(children[0], d.Image):
            return None
        inner = self.image(children[0])
        if not inner:
            return ""
        return f'<figure class="image">{inner}</figure>'

    def table(self, table: d.Table) -> str:
        def cell(tag: str, c: d.TableCell, scope: str = "") -> str:
            attrs = f' scope="{scope}"' if scope else ""
            if c.align in ("center", "right"):
                attrs += f' class="align-{c.align}"'
            return f"<{tag}{attrs}>{self.inlines(c.children)}</{tag}>"

        head = "".join(cell("th", c, "col") for c in table.header)
        rows = "\n".join("<tr>" + "".join(cell("td", c) for c in row) + "</tr>" for row in table.rows)
        return (
            '<div class="table-wrap">\n<table>\n'
            f"<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
        )

    # --- inlines -------------------------------------------------------------

    def inlines(self, nodes: tuple[d.Inline, ...]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def inline(self, node: d.Inline) -> str:
        match node:
            case d.Text(text):
                return self.words(text)
            case d.Emphasis(children):
                return f"<em>{self.inlines(children)}</em>"
            case d.Strong(children):
                return f"<strong>{self.inlines(children)}</strong>"
            case d.Strikethrough(children):
                return f"<del>{self.inlines(children)}</del>"
            case d.Code(text):
                return f"<code>{escape(text)}</code>"
            case d.Link(href, children):
                return self.link_html(href, self.inlines(children))
            case d.Image():
                return self.image(node)
            case d.LineBreak():
                return "<br/>"
            case d.FootnoteRef(note_id, number):
                count = self.note_calls.get(note_id, 0) + 1
                self.note_calls[note_id] = count
                ref_id = f"ref-{note_id}" if count == 1 else f"ref-{note_id}-{count}"
                label = escape(f"{self.labels.note} {number}")
                return (
                    f'<a class="note-ref" id="{ref_id}" href="#{note_id}" role="doc-noteref" '
                    f'aria-label="{label}">[{number}]</a>'
                )
        raise TypeError(f"unknown inline {node!r}")

    def link_html(self, href: str, inner: str) -> str:
        """A real link for web, mail and phone addresses and this page's own anchors; else the text."""
        if href.startswith(LINK_SCHEMES) or (href.startswith("#") and href[1:] in self.anchors):
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner

    def picture(self, image: d.Image) -> Picture | None:
        """The picture behind an image, if it passed the gate (refusals were reported once already)."""
        return self.options.inputs.pictures.get(image.src)

    def picture_src(self, picture: Picture) -> str:
        """Where the page finds a picture: embedded, so the page stands alone."""
        return data_url(picture.media_type, picture.data)

    def image(self, image: d.Image) -> str:
        picture = self.picture(image)
        if picture is None:
            if image.decorative:
                return ""
            return f'<span class="image-missing">({escape(self.labels.picture)}: {escape(image.alt)})</span>'
        return f'<img src="{escape(self.picture_src(picture))}" alt="{escape(image.alt)}"/>'


class HtmlRenderer:
    """An accessible, standalone web page in large print."""

    name: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html"
    description: ClassVar[str] = "web page, large print, works offline"
    uses: ClassVar[tuple[str, ...]] = (STYLESHEET,)

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        options.inputs.require_glyphs()
        css = font_face_css(options.inputs.fonts, font_data_url) + "\n" + screen_css(options)
        html = document_to_html(options, css=css)
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(html, encoding="utf-8")
        return RenderResult((path,))


def screen_css(options: RenderOptions) -> str:
    """The screen stylesheet, scaled for the print-size profile."""
    scale = "200%" if options.settings.print_size == "extra-large" else "150%"
    fonts = font_family_css(options.inputs.coverage)
    size = f":root {{ font-size: {scale}; }}"
    rules = (size, options.inputs.asset(STYLESHEET), fonts, direction_css(options))
    return "\n".join(rule for rule in rules if rule)
