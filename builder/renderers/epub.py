"""EPUB 3 for e-readers and screen readers: valid, navigable and discoverably accessible.

One XHTML document per top-level section (named by the section's stable id),
a title page, a navigation document and an NCX, a generated large-print
cover, the glossary, references and call to action. The markup comes from the
HTML renderer's `HtmlWriter`; this module overrides only what differs in an
e-book: headings start at h1 in every chapter, footnotes become EPUB 3 notes
(`aside`) with back links, links to other chapters name their file, and
pictures become files of the book. ebooklib packages the book; the package
document then gets its `xml:lang` (ebooklib writes none) and the archive is
rewritten with fixed timestamps, so the same article always gives the same book.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import urlsplit

from builder import archive
from builder import document as d
from builder.errors import Finding, Location, RenderError, RendererUnavailable
from builder.fonts import FAMILY, font_files
from builder.labels import Labels, labels_for
from builder.renderers import RenderOptions, RenderResult, last_changed
from builder.renderers.html import LINK_SCHEMES, HtmlWriter, ImageSource, contact_line

if TYPE_CHECKING:
    from PIL import ImageFont

logger = logging.getLogger(__name__)

STYLESHEET: Final = "epub.css"
CONFORMS_TO: Final = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
IDENTIFIER_NAMESPACE: Final = uuid.UUID("5b1c6a52-4f5e-4d7e-9a43-6f1d2f0e8a11")
"""Namespace of the book identifiers: UUID5 of organisation and slug, the same on every build."""

XHTML_MEDIA_TYPE: Final = "application/xhtml+xml"
IMAGE_MEDIA_TYPES: Final = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
IMAGE_SUFFIXES: Final = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}

# File names and ids of the book's own parts contain '_', which a section id
# (see convert.slugify) never does: they can never clash with a section.
COVER_IMAGE: Final = "images/cover_image.png"
COVER_PAGE: Final = "book_cover.xhtml"
TITLE_PAGE: Final = "book_title.xhtml"
NAV_PAGE: Final = "book_contents.xhtml"
GLOSSARY_PAGE: Final = "book_words.xhtml"
NOTES_PAGE: Final = "book_notes.xhtml"
REFERENCES_PAGE: Final = "book_references.xhtml"
END_PAGE: Final = "book_next_steps.xhtml"

_XML_FORBIDDEN: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PACKAGE_TAG: Final = re.compile(rb"<package\b[^>]*>")

COVER_SIZE: Final = (1200, 1800)


def note_anchor(number: int) -> str:
    """The id of note `number` in the book (never a section id: those have no '_')."""
    return f"note_{number}"


def ref_anchor(number: int, count: int) -> str:
    """The id of the `count`-th call of note `number`."""
    return f"noteref_{number}" if count == 1 else f"noteref_{number}_{count}"


# --- reading the model ---------------------------------------------------------


def inline_refs(nodes: tuple[d.Inline, ...]) -> Iterator[str]:
    """The ids of the notes some inlines call, in reading order."""
    for node in nodes:
        match node:
            case d.FootnoteRef(note_id):
                yield note_id
            case d.Emphasis(children) | d.Strong(children) | d.Strikethrough(children) | d.Link(_, children):
                yield from inline_refs(children)


def block_inlines(blocks: tuple[d.Block, ...]) -> Iterator[tuple[d.Inline, ...]]:
    """Every run of inlines in some blocks, in reading order."""
    for block in d.iter_blocks(blocks):
        match block:
            case d.Paragraph(children):
                yield children
            case d.Table(header, rows):
                for cell in header:
                    yield cell.children
                for row in rows:
                    for cell in row:
                        yield cell.children


def block_refs(blocks: tuple[d.Block, ...]) -> Iterator[str]:
    for inlines in block_inlines(blocks):
        yield from inline_refs(inlines)


def section_refs(section: d.Section) -> Iterator[str]:
    for part in section.walk():
        yield from inline_refs(part.title)
        yield from block_refs(part.blocks)


def all_blocks(doc: d.Document) -> tuple[d.Block, ...]:
    """Every block of the article, footnotes included."""
    blocks = list(doc.blocks)
    for section in doc.walk_sections():
        blocks.extend(section.blocks)
    for note in doc.footnotes:
        blocks.extend(note.blocks)
    return tuple(blocks)


def clean(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", text)


# --- the chapters ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chapter:
    """One XHTML document of the book."""

    file_name: str
    uid: str
    title: str
    body: str
    body_type: str = "bodymatter"


@dataclass
class EpubXhtmlWriter(HtmlWriter):
    """HtmlWriter for e-book chapters: h1 per chapter, EPUB 3 notes, links across chapter files."""

    targets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Anchor as written in the source ('#what-is-als', '#fn-1') -> (file, id in the book)."""
    note_files: dict[str, str] = field(default_factory=dict)
    """Note id -> the file whose end holds the note."""
    calls_in_file: dict[tuple[str, str], str] = field(default_factory=dict)
    """(note id, file) -> id of the note's first call in that file."""
    first_call: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Note id -> (file, id) of the note's first call in the book."""
    current: str = ""
    """The file being written."""

    def href(self, file_name: str, anchor: str) -> str:
        """A link to `anchor` in `file_name`, relative to the file being written."""
        return f"#{anchor}" if file_name == self.current else f"{file_name}#{anchor}"

    def section(self, section: d.Section) -> str:
        level = min(section.depth, 6)
        sid = escape(section.id)
        kind = ' epub:type="chapter" role="doc-chapter"' if section.depth == 1 else ""
        parts = [
            f'<section{kind} aria-labelledby="{sid}">',
            f'<h{level} id="{sid}">{self.inlines(section.title)}</h{level}>',
        ]
        parts.extend(self.block(b) for b in section.blocks)
        parts.extend(self.section(child) for child in section.children)
        parts.append("</section>")
        return "\n".join(parts)

    def inline(self, node: d.Inline) -> str:
        if not isinstance(node, d.FootnoteRef):
            return super().inline(node)
        count = self.note_calls.get(node.id, 0) + 1
        self.note_calls[node.id] = count
        ref_id = ref_anchor(node.number, count)
        self.calls_in_file.setdefault((node.id, self.current), ref_id)
        self.first_call.setdefault(node.id, (self.current, ref_id))
        target = self.note_files.get(node.id, NOTES_PAGE)
        href = self.href(target, note_anchor(node.number))
        label = escape(f"{self.labels.note} {node.number}")
        return (
            f'<a class="note-ref" id="{ref_id}" href="{escape(href)}" epub:type="noteref" '
            f'role="doc-noteref" aria-label="{label}">[{node.number}]</a>'
        )

    def link_html(self, href: str, inner: str) -> str:
        """Web, mail and phone links stay links; `#anchors` only when the book has them."""
        if href.startswith("#"):
            target = self.targets.get(href[1:])
            if target is None:
                return inner
            return f'<a href="{escape(self.href(*target))}">{inner}</a>'
        if href.startswith(LINK_SCHEMES) and valid_url(href):
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner

    def note(self, note: d.Footnote) -> str:
        """A note as an EPUB 3 footnote: reading apps show it as a pop-up and skip it in the text."""
        body = "\n".join(self.block(b) for b in note.blocks)
        here = self.calls_in_file.get((note.id, self.current))
        back = (self.current, here) if here else self.first_call.get(note.id)
        back_html = ""
        if back is not None:
            back_html = (
                f'\n<p class="back"><a href="{escape(self.href(*back))}" role="doc-backlink">'
                f"{escape(self.labels.back_to_text)}</a></p>"
            )
        label = escape(f"{self.labels.note} {note.number}")
        return (
            f'<aside class="note" id="{note_anchor(note.number)}" epub:type="footnote" role="doc-footnote">\n'
            f'<p class="note-label">{label}</p>\n{body}{back_html}\n</aside>'
        )


def valid_url(href: str) -> bool:
    """True when `href` is a URL a reading system (and EPUBCheck) accepts as written."""
    if any(c.isspace() for c in href) or any(c in href for c in '<>"{}|\\^`'):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return bool(parts.path)


@dataclass
class BookImages:
    """The pictures of the book: each allowed local file once, as PNG, JPEG, GIF or WebP."""

    options: RenderOptions
    findings: list[Finding]
    source: Path
    files: dict[Path, tuple[str, str, bytes]] = field(default_factory=dict)
    """Source file -> (name in the book, media type, data)."""
    shown: int = 0
    left_out: int = 0

    def source_for(self, image: d.Image) -> str | None:
        resolved = self.options.resources.resolve(image.src)
        if resolved.path is None:
            self.findings.append(
                Finding(Location(self.source, image.line), f"image left out: {resolved.refusal}")
            )
            self.left_out += 0 if image.decorative else 1
            return None
        known = self.files.get(resolved.path)
        if known is None:
            converted = picture_for_epub(resolved.path)
            if converted is None:
                self.findings.append(
                    Finding(
                        Location(self.source, image.line),
                        f"image left out of the e-book: '{image.src}' is not a picture e-readers can show: "
                        "save it as PNG or JPEG",
                    )
                )
                self.left_out += 0 if image.decorative else 1
                return None
            if converted.stilled:
                self.findings.append(
                    Finding(
                        Location(self.source, image.line),
                        f"'{image.src}' moves: the e-book shows its first picture only, "
                        "because moving pictures can distract or harm some readers",
                    )
                )
            name = f"images/image-{len(self.files) + 1}{converted.suffix}"
            known = (name, converted.media_type, converted.data)
            self.files[resolved.path] = known
        if not image.decorative:
            self.shown += 1
        return known[0]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture as the book holds it."""

    media_type: str
    suffix: str
    data: bytes
    stilled: bool = False
    """True when an animation was replaced by its first frame (nothing in the book may move)."""


def picture_for_epub(path: Path) -> Picture | None:
    """The picture at `path` in a form e-readers show: PNG, JPEG, GIF or WebP, never animated."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            kind = picture.format or ""
            animated = bool(getattr(picture, "is_animated", False))
            if kind in IMAGE_MEDIA_TYPES and not animated:
                picture.verify()
                return Picture(IMAGE_MEDIA_TYPES[kind], IMAGE_SUFFIXES[kind], path.read_bytes())
            picture.seek(0)
            picture.load()
            still = picture if picture.mode in ("RGB", "RGBA", "L", "LA") else picture.convert("RGBA")
            out = io.BytesIO()
            still.save(out, format="PNG")
            return Picture("image/png", ".png", out.getvalue(), stilled=animated)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.debug("cannot read %s as a picture", path, exc_info=True)
        return None


# --- the book --------------------------------------------------------------------


@dataclass
class BookBuilder:
    """Everything one book needs, gathered from the document before ebooklib packages it."""

    doc: d.Document
    options: RenderOptions
    findings: list[Finding] = field(default_factory=list)
    labels: Labels = field(init=False)
    images: BookImages = field(init=False)
    writer: EpubXhtmlWriter = field(init=False)

    def __post_init__(self) -> None:
        self.labels = labels_for(self.doc.metadata.lang)
        self.images = BookImages(self.options, self.findings, self.doc.source_path)
        image_source: ImageSource = self.images.source_for
        self.writer = EpubXhtmlWriter(self.doc, self.options.settings, image_source, self.findings)

    @property
    def lang(self) -> str:
        return self.doc.metadata.lang

    # --- plan ------------------------------------------------------------------

    def chapter_file(self, section: d.Section) -> str:
        return f"{section.id}.xhtml"

    def place_notes(self) -> None:
        """Put each note at the end of the chapter that first calls it (notes called by notes follow)."""
        notes = {n.id: n for n in self.doc.footnotes}
        placed: dict[str, str] = {}

        def place(file_name: str, refs: Iterator[str]) -> None:
            queue = [r for r in refs if r in notes]
            while queue:
                note_id = queue.pop(0)
                if note_id in placed:
                    continue
                placed[note_id] = file_name
                queue.extend(r for r in block_refs(notes[note_id].blocks) if r in notes)

        place(TITLE_PAGE, block_refs(self.doc.blocks))
        for section in self.doc.sections:
            place(self.chapter_file(section), section_refs(section))
        for note in self.doc.footnotes:
            placed.setdefault(note.id, NOTES_PAGE)
        self.writer.note_files = placed

    def plan_targets(self) -> None:
        targets: dict[str, tuple[str, str]] = {}
        for top in self.doc.sections:
            for section in top.walk():
                targets[section.id] = (self.chapter_file(top), section.id)
        for note in self.doc.footnotes:
            targets[note.id] = (self.writer.note_files.get(note.id, NOTES_PAGE), note_anchor(note.number))
        self.writer.targets = targets

    # --- chapters ----------------------------------------------------------------

    def with_notes(self, file_name: str, body: str) -> str:
        """`body` followed by the notes placed in `file_name`."""
        notes = [n for n in self.doc.footnotes if self.writer.note_files.get(n.id) == file_name]
        if not notes:
            return body
        return body + "\n" + "\n".join(self.writer.note(n) for n in notes)

    def chapters(self) -> list[Chapter]:
        """The reading order of the book, cover to call to action."""
        self.place_notes()
        self.plan_targets()
        meta = self.doc.metadata
        chapters = [self.cover_page(), self.title_page()]
        for section in self.doc.sections:
            file_name = self.chapter_file(section)
            self.writer.current = file_name
            body = self.with_notes(file_name, self.writer.section(section))
            chapters.append(Chapter(file_name, f"c-{section.id}", d.plain_text(section.title).strip(), body))
        if meta.glossary:
            chapters.append(self.glossary_page())
        if any(self.writer.note_files.get(n.id) == NOTES_PAGE for n in self.doc.footnotes):
            self.writer.current = NOTES_PAGE
            body = (
                '<section epub:type="footnotes" aria-labelledby="book_notes_heading">\n'
                f'<h1 id="book_notes_heading">{escape(self.labels.notes)}</h1>\n</section>'
            )
            chapters.append(
                Chapter(
                    NOTES_PAGE,
                    "book_notes",
                    self.labels.notes,
                    self.with_notes(NOTES_PAGE, body),
                    "backmatter",
                )
            )
        if meta.references:
            chapters.append(self.references_page())
        end = self.end_page()
        if end is not None:
            chapters.append(end)
        return chapters

    def cover_page(self) -> Chapter:
        body = (
            '<section class="cover">\n'
            f'<img epub:type="cover" role="doc-cover" src="{COVER_IMAGE}" '
            f'alt="{escape(self.cover_alt())}"/>\n</section>'
        )
        return Chapter(COVER_PAGE, "book_cover", self.doc.metadata.title, body, "cover")

    def cover_alt(self) -> str:
        organisation = self.options.settings.organisation
        title = self.doc.metadata.title
        return f"{title}. {organisation}" if organisation else title

    def title_page(self) -> Chapter:
        meta, writer = self.doc.metadata, self.writer
        writer.current = TITLE_PAGE
        parts = ['<section class="title-page" epub:type="titlepage" aria-labelledby="book_title">']
        if self.options.settings.organisation:
            parts.append(f'<p class="organisation">{escape(self.options.settings.organisation)}</p>')
        parts.append(f'<h1 id="book_title">{escape(meta.title)}</h1>')
        if meta.also_called:
            names = escape(", ".join(meta.also_called))
            parts.append(f'<p class="also-called">{escape(self.labels.also_called)}: {names}</p>')
        if meta.summary:
            parts.append(f'<p class="summary">{escape(meta.summary)}</p>')
        parts.extend(writer.footer_lines())
        parts.append("</section>")
        parts.extend(writer.block(b) for b in self.doc.blocks)
        body = self.with_notes(TITLE_PAGE, "\n".join(p for p in parts if p))
        return Chapter(TITLE_PAGE, "book_title", meta.title, body, "frontmatter")

    def glossary_page(self) -> Chapter:
        entries = "\n".join(
            f"<dt>{escape(e.term)}</dt>\n<dd>{escape(e.definition)}</dd>" for e in self.doc.metadata.glossary
        )
        body = (
            '<section epub:type="glossary" role="doc-glossary" aria-labelledby="book_words_heading">\n'
            f'<h1 id="book_words_heading">{escape(self.labels.words_to_know)}</h1>\n'
            f"<dl>\n{entries}\n</dl>\n</section>"
        )
        return Chapter(GLOSSARY_PAGE, "book_words", self.labels.words_to_know, body, "backmatter")

    def references_page(self) -> Chapter:
        self.writer.current = REFERENCES_PAGE
        items = "\n".join(f"<li>{self.writer.reference(r)}</li>" for r in self.doc.metadata.references)
        body = (
            '<section epub:type="bibliography" role="doc-bibliography" '
            'aria-labelledby="book_references_heading">\n'
            f'<h1 id="book_references_heading">{escape(self.labels.references)}</h1>\n'
            f"<ol>\n{items}\n</ol>\n</section>"
        )
        return Chapter(REFERENCES_PAGE, "book_references", self.labels.references, body, "backmatter")

    def end_page(self) -> Chapter | None:
        meta, settings = self.doc.metadata, self.options.settings
        lines = []
        if meta.call_to_action:
            lines.append(f'<p class="action">{escape(meta.call_to_action)}</p>')
        contact = contact_line(settings)
        if contact:
            html = escape(contact)
            if settings.phone:
                tel = "tel:" + "".join(c for c in settings.phone if c.isdigit() or c == "+")
                if len(tel) > len("tel:"):
                    link = f'<a href="{escape(tel)}">{escape(settings.phone)}</a>'
                    html = html.replace(escape(settings.phone), link)
            lines.append(f'<p class="contact">{html}</p>')
        if not lines:
            return None
        body = (
            '<section class="call-to-action" aria-labelledby="book_next_heading">\n'
            f'<h1 id="book_next_heading">{escape(self.labels.next_steps)}</h1>\n'
            + "\n".join(lines)
            + "\n</section>"
        )
        return Chapter(END_PAGE, "book_next", self.labels.next_steps, body, "backmatter")

    # --- navigation ------------------------------------------------------------------

    def nav_page(self, chapters: list[Chapter]) -> Chapter:
        """The navigation document: the table of contents (every heading) and the landmarks."""
        items = [f'<li><a href="{TITLE_PAGE}">{escape(self.doc.metadata.title)}</a></li>']
        for section in self.doc.sections:
            items.append(self.nav_item(section, self.chapter_file(section)))
        by_file = {c.file_name: c for c in chapters}
        for name in (GLOSSARY_PAGE, NOTES_PAGE, REFERENCES_PAGE, END_PAGE):
            if name in by_file:
                items.append(f'<li><a href="{name}">{escape(by_file[name].title)}</a></li>')
        landmarks = [f'<li><a epub:type="toc" href="{NAV_PAGE}">{escape(self.labels.contents)}</a></li>']
        first = self.chapter_file(self.doc.sections[0]) if self.doc.sections else TITLE_PAGE
        if self.doc.blocks or not self.doc.sections:
            first = TITLE_PAGE
        landmarks.append(
            f'<li><a epub:type="bodymatter" href="{first}">{escape(by_file[first].title)}</a></li>'
        )
        if GLOSSARY_PAGE in by_file:
            landmarks.append(
                f'<li><a epub:type="glossary" href="{GLOSSARY_PAGE}">'
                f"{escape(self.labels.words_to_know)}</a></li>"
            )
        if REFERENCES_PAGE in by_file:
            landmarks.append(
                f'<li><a epub:type="bibliography" href="{REFERENCES_PAGE}">'
                f"{escape(self.labels.references)}</a></li>"
            )
        english = "" if self.lang.split("-")[0].lower() == "en" else ' lang="en" xml:lang="en"'
        body = (
            '<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="book_toc_heading">\n'
            f'<h1 id="book_toc_heading">{escape(self.labels.contents)}</h1>\n'
            "<ol>\n" + "\n".join(items) + "\n</ol>\n</nav>\n"
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden"{english} '
            'aria-labelledby="book_landmarks_heading">\n'
            '<h2 id="book_landmarks_heading">Landmarks</h2>\n'
            "<ol>\n" + "\n".join(landmarks) + "\n</ol>\n</nav>"
        )
        return Chapter(NAV_PAGE, "book_contents", self.labels.contents, body, "frontmatter")

    def nav_item(self, section: d.Section, file_name: str) -> str:
        href = file_name if section.depth == 1 else f"{file_name}#{section.id}"
        title = escape(d.plain_text(section.title).strip())
        children = "".join(self.nav_item(child, file_name) for child in section.children)
        nested = f"\n<ol>\n{children}\n</ol>\n" if children else ""
        return f'<li><a href="{href}">{title}</a>{nested}</li>'

    def ncx_toc(self, epub: Any, chapters: list[Chapter]) -> list[Any]:
        """The same table of contents for the NCX of older reading systems."""

        def entry(section: d.Section, file_name: str) -> Any:
            href = file_name if section.depth == 1 else f"{file_name}#{section.id}"
            title = d.plain_text(section.title).strip()
            if not section.children:
                return epub.Link(href, clean(title), f"ncx-{section.id}")
            return (epub.Section(clean(title), href), [entry(c, file_name) for c in section.children])

        toc: list[Any] = [epub.Link(TITLE_PAGE, clean(self.doc.metadata.title), "ncx_title")]
        toc.extend(entry(s, self.chapter_file(s)) for s in self.doc.sections)
        for chapter in chapters:
            if chapter.body_type == "backmatter":
                toc.append(epub.Link(chapter.file_name, chapter.title, f"ncx_{chapter.uid}"))
        return toc

    # --- metadata ---------------------------------------------------------------------

    def identifier(self) -> str:
        organisation = self.options.settings.organisation
        return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'{organisation}/{self.doc.slug}')}"

    def modified(self) -> dt.datetime:
        return last_changed(self.doc, self.options)

    def accessibility(self) -> list[tuple[str, str]]:
        """EPUB Accessibility 1.1 discovery metadata, from what this book really contains."""
        blocks = all_blocks(self.doc)
        tables = sum(1 for b in d.iter_blocks(blocks) if isinstance(b, d.Table))
        pictures = self.images.shown
        pairs = [
            ("schema:accessMode", "textual"),
            ("schema:accessMode", "visual"),
            ("schema:accessModeSufficient", "textual"),
            ("schema:accessModeSufficient", "textual,visual"),
        ]
        features = [
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "alternativeText",
            "displayTransformability",
        ]
        pairs += [("schema:accessibilityFeature", f) for f in features]
        pairs.append(("schema:accessibilityHazard", "none"))
        pairs.append(("schema:accessibilitySummary", self.summary(pictures, tables)))
        pairs.append(("dcterms:conformsTo", CONFORMS_TO))
        return pairs

    def summary(self, pictures: int, tables: int) -> str:
        """A plain-language accessibility summary of this book."""
        sentences = [
            "This e-book meets the EPUB Accessibility 1.1 and WCAG 2.1 Level AA guidelines.",
            "It has a table of contents, a heading for every section and one reading order.",
            "You can change the text size, font, spacing and colours in your reading app.",
        ]
        if pictures:
            noun = "picture" if pictures == 1 else f"{pictures} pictures"
            sentences.append(f"The cover and the {noun} in the text have text descriptions.")
        else:
            sentences.append("The only picture is the cover, and it has a text description.")
        if self.images.left_out:
            many = self.images.left_out > 1
            sentences.append(
                f"{self.images.left_out} {'pictures' if many else 'picture'} could not be included; "
                f"{'their descriptions are' if many else 'its description is'} shown as text."
            )
        if tables:
            sentences.append(
                "The table has column headings."
                if tables == 1
                else f"The {tables} tables have column headings."
            )
        if self.doc.footnotes:
            sentences.append("Notes link to the text and back.")
        if self.doc.metadata.glossary:
            sentences.append(f"A list of '{self.labels.words_to_know}' explains medical words.")
        sentences.append("There is no sound, video or flashing content.")
        return " ".join(sentences)


def xhtml(*, lang: str, title: str, body: str, body_type: str = "") -> bytes:
    """A complete XHTML content document with the book's stylesheet."""
    lang = escape(lang)
    kind = f' epub:type="{body_type}"' if body_type in ("frontmatter", "bodymatter", "backmatter") else ""
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}"/>\n</head>\n'
        f"<body{kind}>\n{body}\n</body>\n</html>\n"
    )
    return clean(page).encode("utf-8")


def stylesheet_text(options: RenderOptions, fonts: dict[str, str]) -> str:
    """The project's EPUB stylesheet, after @font-face rules for the embedded fonts."""
    path = options.project.asset(STYLESHEET)
    try:
        css = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RenderError(
            f"cannot read the e-book stylesheet assets/{STYLESHEET} ({error.strerror}): "
            "copy it from Handout's own assets folder"
        ) from error
    rules = [
        f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; font-style: normal; "
        f"src: url('{name}'); }}"
        for weight, name in fonts.items()
    ]
    return "\n".join([*rules, css])


def cover_png(title: str, organisation: str) -> bytes:
    """A plain cover: the title in large bold Atkinson Hyperlegible, black on white."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = COVER_SIZE
    margin = 110
    files = font_files()
    image = Image.new("L", COVER_SIZE, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, width - 31, height - 31), outline="black", width=16)

    def font(style: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        path = files.get(style)
        if path is None:
            return ImageFont.load_default(size)
        return ImageFont.truetype(str(path), size)

    y = 160
    if organisation:
        small = font("regular", 64)
        for line in wrap(organisation, small, width - 2 * margin):
            draw.text((margin, y), line, font=small, fill="black")
            y += 84
        y += 40
        draw.line((margin, y, width - margin, y), fill="black", width=10)
        y += 100
    for size in (150, 130, 112, 96, 84, 72):
        big = font("bold", size)
        lines = wrap(title, big, width - 2 * margin)
        if y + len(lines) * size * 1.25 < height - 150:
            break
    for line in lines:
        draw.text((margin, y), line, font=big, fill="black")
        y += int(size * 1.25)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` pixels (a word too long stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def add_package_lang(opf: bytes, lang: str) -> bytes:
    """The package document with `xml:lang` on `<package>` (ebooklib 0.20 writes none)."""
    match = _PACKAGE_TAG.search(opf)
    if match is None:
        raise RenderError("the e-book's package document has no <package> element")
    tag = match.group(0)
    if b"xml:lang=" in tag:
        return opf
    new_tag = (
        tag[:-1].rstrip(b"/")
        + f' xml:lang="{escape(lang)}"'.encode()
        + (b"/>" if tag.endswith(b"/>") else b">")
    )
    return opf[: match.start()] + new_tag + opf[match.end() :]


def repack(data: bytes, *, lang: str, stamp: dt.datetime) -> bytes:
    """The book rewritten deterministically: mimetype first and stored, fixed times, package xml:lang."""

    def package_lang(name: str, content: bytes) -> bytes:
        return add_package_lang(content, lang) if name.endswith("content.opf") else content

    return archive.repack(data, stamp=stamp, first="mimetype", transform=package_lang)


class EpubRenderer:
    """An EPUB 3 e-book for e-readers, phones and screen readers; the reader chooses size and font."""

    name: ClassVar[str] = "epub"
    suffix: ClassVar[str] = ".epub"
    media_type: ClassVar[str] = "application/epub+zip"
    description: ClassVar[str] = "EPUB 3 e-book for e-readers and screen readers (EPUB Accessibility 1.1)"

    @classmethod
    def check_available(cls) -> None:
        """ebooklib packages the book and Pillow draws the cover."""
        try:
            import ebooklib  # noqa: F401
            import PIL  # noqa: F401
        except ImportError as error:
            raise RendererUnavailable(
                f"the epub format needs the Python package '{error.name}': run `pip install ebooklib pillow`"
            ) from error

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        from ebooklib import epub

        options, findings = clean_options(options)
        builder = BookBuilder(doc, options, findings)
        meta = doc.metadata
        chapters = builder.chapters()
        nav = builder.nav_page(chapters)
        reading_order = [chapters[0], chapters[1], nav, *chapters[2:]]

        book = epub.EpubBook()
        describe(book, builder)
        try:
            cover = cover_png(clean(meta.title), options.settings.organisation)
        except OSError as error:
            raise RenderError(f"could not draw the e-book cover ({error})") from error
        book.set_cover(COVER_IMAGE, cover, create_page=False)

        fonts: dict[str, str] = {}
        for style, weight in (("regular", "normal"), ("bold", "bold")):
            path = font_files().get(style)
            if path is not None:
                name = f"fonts/{path.name}"
                fonts[weight] = name
                book.add_item(epub.EpubItem(f"font_{style}", name, "font/ttf", path.read_bytes()))
        css = stylesheet_text(options, fonts)
        book.add_item(epub.EpubItem("book_style", STYLESHEET, "text/css", css.encode("utf-8")))
        for number, (name, media_type, data) in enumerate(builder.images.files.values(), start=1):
            book.add_item(epub.EpubItem(f"image_{number}", name, media_type, data))

        items = []
        for chapter in reading_order:
            content = xhtml(
                lang=meta.lang, title=chapter.title, body=chapter.body, body_type=chapter.body_type
            )
            item = epub.EpubItem(chapter.uid, chapter.file_name, XHTML_MEDIA_TYPE, content)
            item.properties = ["nav"] if chapter is nav else []
            book.add_item(item)
            items.append(item)
        book.add_item(epub.EpubNcx())
        book.toc = builder.ncx_toc(epub, chapters)
        book.spine = items

        stamp = builder.modified()
        packed = io.BytesIO()
        writer_options = {
            "mtime": stamp.replace(tzinfo=None),
            "epub2_guide": False,
            "epub3_landmark": False,
            "epub3_pages": False,
            "raise_exceptions": True,
        }
        try:
            epub.write_epub(packed, book, writer_options)
            data = repack(packed.getvalue(), lang=meta.lang, stamp=stamp)
        except (OSError, ValueError, zipfile.BadZipFile, epub.EpubException) as error:
            raise RenderError(f"could not write the e-book ({error})") from error
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_bytes(data)
        return RenderResult((path,), tuple(findings))


def describe(book: Any, builder: BookBuilder) -> None:
    """The package metadata: Dublin Core, then EPUB Accessibility 1.1 discovery metadata."""
    meta, settings = builder.doc.metadata, builder.options.settings

    def dc(name: str, value: str) -> None:
        book.add_metadata("DC", name, clean(value))

    book.set_identifier(builder.identifier())
    book.set_title(clean(meta.title))
    book.set_language(meta.lang)
    creators = meta.authors or tuple(filter(None, [meta.publisher or settings.organisation]))
    for number, creator in enumerate(creators, start=1):
        book.add_author(clean(creator), uid=f"creator{number}")
    publisher = settings.organisation or meta.publisher
    if publisher:
        dc("publisher", publisher)
    day = meta.date or meta.reviewed
    if day is not None:
        dc("date", day.isoformat())
    if meta.summary:
        dc("description", meta.summary)
    for topic in meta.topics:
        dc("subject", topic)
    if meta.source_url:
        dc("source", meta.source_url)
    if meta.license:
        dc("rights", meta.license)
    english = meta.lang.split("-")[0].lower() == "en"
    for prop, value in builder.accessibility():
        attrs: dict[str, str] = {"property": prop}
        if prop == "schema:accessibilitySummary" and not english:
            attrs["{http://www.w3.org/XML/1998/namespace}lang"] = "en"  # the summary is written in English
        book.add_metadata(None, "meta", clean(value), attrs)
    if settings.organisation:
        # EPUB Accessibility 1.1: a publisher that checks its own books names itself as certifier.
        book.add_metadata(None, "meta", settings.organisation, {"property": "a11y:certifiedBy"})


def clean_options(options: RenderOptions) -> tuple[RenderOptions, list[Finding]]:
    """The options with characters XML forbids removed from the clinic settings, and a warning each.

    Articles are cleaned when they are loaded; the settings file is not, and one stray
    control character would make the whole book unreadable.
    """
    findings: list[Finding] = []
    settings = options.settings
    changes: dict[str, str] = {}
    for name in ("organisation", "contact", "phone"):
        value = getattr(settings, name)
        if clean(value) != value:
            changes[name] = clean(value)
            findings.append(
                Finding(
                    Location(options.project.relative(options.project.settings_path)),
                    f"invisible control character removed from '{name}' in the e-book: retype it",
                )
            )
    if changes:
        options = dataclasses.replace(options, settings=settings.merged(changes))
    return options, findings
