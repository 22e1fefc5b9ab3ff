"""An accessible standalone HTML page: semantic elements, `lang`, large-print CSS.

`document_to_html` is a pure function; the print (PDF) renderer reuses it with
its own stylesheet. The page is standalone: the stylesheet, the typeface and
local images are embedded, so it opens the same on any device, offline.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import ClassVar, Final

from builder import document as d
from builder.config import Settings
from builder.errors import Finding, Location
from builder.fonts import font_files
from builder.labels import Labels, labels_for, review_stamp
from builder.renderers import RenderOptions, RenderResult
from builder.resources import Resources

STYLESHEET: Final = "handout.css"
LINK_SCHEMES: Final = ("http://", "https://", "mailto:", "tel:")

ImageSource = Callable[[d.Image], str | None]
"""Turns an image into the `src` to print, or None when it cannot be shown."""


def read_asset(options: RenderOptions, name: str) -> str:
    """A text file from the project's `assets/` folder."""
    return options.project.read_asset(name)


def font_face_css(*, embed: bool) -> str:
    """@font-face rules for Atkinson Hyperlegible (regular and bold), embedded or by file URL."""
    rules = []
    for style, weight in (("regular", "normal"), ("bold", "bold")):
        path = font_files().get(style)
        if path is None:
            continue
        if embed:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            url = f"data:font/ttf;base64,{data}"
        else:
            url = path.as_uri()
        rules.append(
            "@font-face { font-family: 'Atkinson Hyperlegible'; "
            f"font-weight: {weight}; font-style: normal; src: url('{url}') format('truetype'); }}"
        )
    return "\n".join(rules)


def embedded_image_source(resources: Resources, findings: list[Finding], source: Path) -> ImageSource:
    """Local images become data: URLs; anything refused is reported once and left out."""

    def src(image: d.Image) -> str | None:
        resolved = resources.resolve(image.src)
        if resolved.path is None:
            findings.append(Finding(Location(source, image.line), f"image left out: {resolved.refusal}"))
            return None
        media_type = mimetypes.guess_type(resolved.path.name)[0] or "application/octet-stream"
        data = base64.b64encode(resolved.path.read_bytes()).decode("ascii")
        return f"data:{media_type};base64,{data}"

    return src


def document_to_html(
    doc: d.Document,
    *,
    settings: Settings,
    css: str,
    image_source: ImageSource,
    findings: list[Finding],
    head_extra: str = "",
    after_title: str = "",
) -> str:
    """The whole page as a string. Findings (such as dead links) are appended to `findings`."""
    writer = HtmlWriter(doc, settings, image_source, findings)
    return writer.page(css=css, head_extra=head_extra, after_title=after_title)


@dataclass
class HtmlWriter:
    """Model -> HTML markup, one method per node kind.

    The output is also well-formed XHTML (void elements are self-closed), so
    the EPUB renderer can subclass this and override only what differs.
    """

    doc: d.Document
    settings: Settings
    image_source: ImageSource
    findings: list[Finding]
    labels: Labels = field(init=False)
    anchors: frozenset[str] = field(init=False)
    note_calls: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = labels_for(self.doc.metadata.lang)
        ids = {s.id for s in self.doc.walk_sections()} | {n.id for n in self.doc.footnotes}
        self.anchors = frozenset(ids)

    # --- page ----------------------------------------------------------------

    def page(self, *, css: str, head_extra: str, after_title: str) -> str:
        meta = self.doc.metadata
        lang = escape(meta.lang)
        head = [
            '<meta charset="utf-8"/>',
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
            f"<title>{escape(meta.title)}</title>",
        ]
        if meta.summary:
            head.append(f'<meta name="description" content="{escape(meta.summary)}"/>')
        if meta.topics:
            head.append(f'<meta name="keywords" content="{escape(", ".join(meta.topics))}"/>')
        author = ", ".join(meta.authors) or self.settings.organisation
        if author:
            head.append(f'<meta name="author" content="{escape(author)}"/>')
        if meta.date or meta.reviewed:
            head.append(f'<meta name="dcterms.modified" content="{(meta.reviewed or meta.date)}"/>')
        head.append(f"<style>\n{css}\n</style>")
        if head_extra:
            head.append(head_extra)
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            *head,
            "</head>",
            "<body>",
            self.masthead(),
            '<main id="content">',
            "<article>",
            f'<h1 id="title">{escape(meta.title)}</h1>',
        ]
        if meta.also_called:
            names = escape(", ".join(meta.also_called))
            parts.append(f'<p class="also-called">{escape(self.labels.also_called)}: {names}</p>')
        if meta.summary:
            parts.append(f'<p class="summary">{escape(meta.summary)}</p>')
        if after_title:
            parts.append(after_title)
        parts.extend(self.block(b) for b in self.doc.blocks)
        parts.extend(self.section(s) for s in self.doc.sections)
        parts.extend(filter(None, [self.glossary(), self.notes(), self.references(), self.call_to_action()]))
        parts += ["</article>", "</main>", self.footer(), "</body>", "</html>", ""]
        return "\n".join(p for p in parts if p)

    def masthead(self) -> str:
        if not self.settings.organisation:
            return ""
        name = escape(self.settings.organisation)
        return f'<header class="masthead">\n<p class="organisation">{name}</p>\n</header>'

    def footer(self) -> str:
        lines = self.footer_lines()
        if not lines:
            return ""
        return "<footer>\n" + "\n".join(lines) + "\n</footer>"

    def footer_lines(self) -> list[str]:
        """The review stamp and where the text comes from, as paragraphs."""
        meta = self.doc.metadata
        lines = []
        stamp = review_stamp(meta)
        if stamp:
            lines.append(f'<p class="review">{escape(stamp)}</p>')
        if meta.publisher or meta.source_url:
            source = escape(meta.publisher)
            if meta.source_url:
                link = self.link_html(meta.source_url, escape(meta.source_url))
                source = f"{source}, {link}" if source else link
            licence = f" ({escape(meta.license)})" if meta.license else ""
            lines.append(f'<p class="source">{escape(self.labels.source)}: {source}{licence}</p>')
        return lines

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

    def glossary(self) -> str:
        entries = self.doc.metadata.glossary
        if not entries:
            return ""
        items = "\n".join(f"<dt>{escape(e.term)}</dt>\n<dd>{escape(e.definition)}</dd>" for e in entries)
        return self.furniture("words-to-know", self.labels.words_to_know, f"<dl>\n{items}\n</dl>")

    def notes(self) -> str:
        if not self.doc.footnotes:
            return ""
        items = []
        for note in self.doc.footnotes:
            back = (
                f' <a class="back" href="#ref-{note.id}" aria-label="{escape(self.labels.back_to_text)}">'
                "&#8617;</a>"
                if note.id in self.note_calls
                else ""
            )
            body = "\n".join(self.block(b) for b in note.blocks)
            items.append(f'<li id="{note.id}">{body}{back}</li>')
        return self.furniture(
            "notes", self.labels.notes, "<ol>\n" + "\n".join(items) + "\n</ol>", role="doc-endnotes"
        )

    def references(self) -> str:
        refs = self.doc.metadata.references
        if not refs:
            return ""
        items = "\n".join(f"<li>{self.reference(r)}</li>" for r in refs)
        return self.furniture("references", self.labels.references, f"<ol>\n{items}\n</ol>")

    def reference(self, ref: d.Reference) -> str:
        text = escape(format_reference(ref, self.labels))
        if ref.link:
            text += " " + self.link_html(ref.link, escape(ref.link))
        return text

    def call_to_action(self) -> str:
        meta, settings = self.doc.metadata, self.settings
        lines = []
        if meta.call_to_action:
            lines.append(f'<p class="action">{escape(meta.call_to_action)}</p>')
        contact = contact_line(settings)
        if contact:
            phone = settings.phone
            html = escape(contact)
            if phone:
                tel = "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")
                html = html.replace(escape(phone), f'<a href="{escape(tel)}">{escape(phone)}</a>')
            lines.append(f'<p class="contact">{html}</p>')
        if not lines:
            return ""
        return (
            f'<aside class="call-to-action" aria-label="{escape(self.labels.next_steps)}">\n'
            + "\n".join(lines)
            + "\n</aside>"
        )

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
        image = children[0]
        inner = self.image(image)
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
                return escape(text)
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

    def image(self, image: d.Image) -> str:
        src = self.image_source(image)
        if src is None:
            if image.decorative:
                return ""
            return f'<span class="image-missing">({escape(self.labels.picture)}: {escape(image.alt)})</span>'
        return f'<img src="{escape(src)}" alt="{escape(image.alt)}"/>'


def format_reference(ref: d.Reference, labels: Labels) -> str:
    """A plain citation: 'Petrou P, et al. (2016). Title. JAMA Neurology, 73(3), 337-344.'"""
    authors = list(ref.authors)
    who = ""
    if authors:
        who = ", ".join(authors[:3]) + (f", {labels.and_colleagues}" if len(authors) > 3 else "")
    parts = []
    if who:
        parts.append(who + (f" ({ref.year})." if ref.year else "."))
    elif ref.year:
        parts.append(f"({ref.year}).")
    parts.append(ref.title.rstrip(".") + ".")
    where = ref.journal
    if ref.volume:
        where += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if ref.pages:
        where += f", {ref.pages}"
    if where:
        parts.append(where.strip(", ") + ".")
    return " ".join(parts)


def contact_line(settings: Settings) -> str:
    """'Call our Care Coordinators: 555-0100', or whichever part is set."""
    if settings.contact and settings.phone:
        return f"{settings.contact}: {settings.phone}"
    return settings.contact or settings.phone


class HtmlRenderer:
    """An accessible, standalone web page in large print."""

    name: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html"
    description: ClassVar[str] = "web page, large print, works offline"

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        findings: list[Finding] = []
        css = font_face_css(embed=True) + "\n" + screen_css(options)
        html = document_to_html(
            doc,
            settings=options.settings,
            css=css,
            image_source=embedded_image_source(options.resources, findings, doc.source_path),
            findings=findings,
        )
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(html, encoding="utf-8")
        return RenderResult((path,), tuple(findings))


def screen_css(options: RenderOptions) -> str:
    """The screen stylesheet, scaled for the print-size profile."""
    css = read_asset(options, STYLESHEET)
    scale = "200%" if options.settings.print_size == "extra-large" else "150%"
    return f":root {{ font-size: {scale}; }}\n{css}"
