"""The e-book's chapters: one XHTML document per top-level section, and the book's own pages.

The markup comes from the HTML renderer's `HtmlWriter`; `EpubXhtmlWriter`
overrides only what differs in an e-book: headings start at h1 in every
chapter, footnotes become EPUB 3 notes (`aside`) with back links, links to
other chapters name their file, and pictures are files of the book.
`BookBuilder` walks the composed handout's parts and lays them out as pages:
the title page (masthead, title block, the text before the first heading, and
the review stamp and source line, as an imprint), a chapter per section, then
"Words to know", the notes no chapter holds, the references and "What to do next".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any, Final
from urllib.parse import urlsplit

from builder import compose as c
from builder import document as d
from builder.inputs import Picture
from builder.renderers import RenderOptions
from builder.renderers.html import LINK_SCHEMES, HtmlWriter
from builder.source import xml_safe

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


def note_anchor(number: int) -> str:
    """The id of note `number` in the book (never a section id: those have no '_')."""
    return f"note_{number}"


def ref_anchor(number: int, count: int) -> str:
    """The id of the `count`-th call of note `number`."""
    return f"noteref_{number}" if count == 1 else f"noteref_{number}_{count}"


def calls_in(nodes: Iterable[d.Node]) -> Iterator[str]:
    """The ids of the notes some nodes call, in reading order."""
    return (node.id for node in d.walk(nodes) if isinstance(node, d.FootnoteRef))


def valid_url(href: str) -> bool:
    """True when `href` is a URL a reading system (and EPUBCheck) accepts as written."""
    if any(ch.isspace() for ch in href) or any(ch in href for ch in '<>"{}|\\^`'):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return bool(parts.path)


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
    image_files: dict[str, str] = field(default_factory=dict)
    """Hash of a picture's bytes -> its file in the book (each picture once)."""
    pictures: dict[str, Picture] = field(default_factory=dict)
    """File in the book -> the picture it holds."""
    shown: int = 0
    left_out: int = 0
    inline_notes: bool = False
    """Notes right after the block that first calls them (where the narration says them), not at the
    end of the chapter: the read-along book, whose text must be in the order it is read aloud."""
    notes_written: set[str] = field(default_factory=set)
    _depth: int = 0

    def block(self, block: d.Block) -> str:
        self._depth += 1
        try:
            markup = super().block(block)
        finally:
            self._depth -= 1
        if not self.inline_notes or self._depth:
            return markup
        notes = {n.id: n for n in self.doc.footnotes}
        for note_id in dict.fromkeys(calls_in([block])):
            placed_here = self.note_files.get(note_id) == self.current
            if note_id in notes and note_id not in self.notes_written and placed_here:
                self.notes_written.add(note_id)
                markup += "\n" + self.note(notes[note_id])
        return markup

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

    def image(self, image: d.Image) -> str:
        if not image.decorative:
            if self.picture(image) is None:
                self.left_out += 1
            else:
                self.shown += 1
        return super().image(image)

    def picture_src(self, picture: Picture) -> str:
        """The picture's file in the book, added the first time it is shown."""
        key = hashlib.sha256(picture.data).hexdigest()
        name = self.image_files.get(key)
        if name is None:
            name = f"images/image-{len(self.image_files) + 1}{picture.suffix}"
            self.image_files[key] = name
            self.pictures[name] = picture
        return name

    def note(self, note: d.Footnote) -> str:
        """A note as an EPUB 3 footnote: reading apps show it as a pop-up and skip it in the text."""
        self._depth += 1  # the note's own blocks never take other notes in
        try:
            body = "\n".join(self.block(b) for b in note.blocks)
        finally:
            self._depth -= 1
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


@dataclass
class BookBuilder:
    """The book's pages, laid out from the composed handout before ebooklib packages them."""

    options: RenderOptions
    narration: str = ""
    """The voice that reads the book aloud (the read-along book); '' for a book without sound."""
    writer: EpubXhtmlWriter = field(init=False)

    def __post_init__(self) -> None:
        self.writer = EpubXhtmlWriter(self.options)
        self.writer.inline_notes = bool(self.narration)

    @property
    def handout(self) -> c.Handout:
        return self.options.handout

    @property
    def doc(self) -> d.Document:
        return self.options.handout.document

    @property
    def lang(self) -> str:
        return self.doc.metadata.lang

    def chapter_file(self, section: d.Section) -> str:
        return f"{section.id}.xhtml"

    # --- plan ------------------------------------------------------------------

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
                queue.extend(r for r in calls_in(notes[note_id].blocks) if r in notes)

        place(TITLE_PAGE, calls_in(self.doc.blocks))
        for section in self.doc.sections:
            place(self.chapter_file(section), calls_in([section]))
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
        notes = [
            n
            for n in self.doc.footnotes
            if self.writer.note_files.get(n.id) == file_name and n.id not in self.writer.notes_written
        ]
        if not notes:
            return body
        return body + "\n" + "\n".join(self.writer.note(n) for n in notes)

    def chapters(self) -> list[Chapter]:
        """The reading order of the book, cover to call to action, from the handout's parts."""
        self.place_notes()
        self.plan_targets()
        chapters = [self.cover_page(), self.title_page()]
        for part in self.handout.parts:
            match part:
                case c.Body(_, sections):
                    chapters.extend(self.section_chapter(s) for s in sections)
                case c.WordsToKnow():
                    chapters.append(self.glossary_page(part))
                case c.Notes():
                    if any(self.writer.note_files.get(n.id) == NOTES_PAGE for n in part.notes):
                        chapters.append(self.notes_page(part))
                case c.References():
                    chapters.append(self.references_page(part))
                case c.CallToAction():
                    chapters.append(self.end_page(part))
        return chapters

    def section_chapter(self, section: d.Section) -> Chapter:
        file_name = self.chapter_file(section)
        self.writer.current = file_name
        body = self.with_notes(file_name, self.writer.section(section))
        return Chapter(file_name, f"c-{section.id}", d.plain_text(section.title).strip(), body)

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
        """The masthead, the title block and the imprint (review stamp, source), then the text
        before the first heading."""
        writer = self.writer
        writer.current = TITLE_PAGE
        parts = ['<section class="title-page" epub:type="titlepage" aria-labelledby="book_title">']
        before: list[str] = []
        for part in self.handout.parts:
            match part:
                case c.Masthead():
                    parts.append(writer.masthead(part))
                case c.TitleBlock(title, also_called, summary):
                    parts.append(f'<h1 id="book_title">{self.writer.words(title)}</h1>')
                    if also_called:
                        parts.append(f'<p class="also-called">{self.writer.words(also_called)}</p>')
                    if summary:
                        parts.append(f'<p class="summary">{self.writer.words(summary)}</p>')
                case c.ReviewStamp() | c.SourceLine():
                    parts.append(writer.part(part))
                case c.Body(blocks, _):
                    before.extend(writer.block(b) for b in blocks)
        parts.append("</section>")
        parts.extend(before)
        body = self.with_notes(TITLE_PAGE, "\n".join(p for p in parts if p))
        return Chapter(TITLE_PAGE, "book_title", self.doc.metadata.title, body, "frontmatter")

    def glossary_page(self, part: c.WordsToKnow) -> Chapter:
        entries = "\n".join(
            f"<dt>{self.writer.words(e.term)}</dt>\n<dd>{self.writer.words(e.definition)}</dd>"
            for e in part.entries
        )
        body = (
            '<section epub:type="glossary" role="doc-glossary" aria-labelledby="book_words_heading">\n'
            f'<h1 id="book_words_heading">{escape(part.heading)}</h1>\n'
            f"<dl>\n{entries}\n</dl>\n</section>"
        )
        return Chapter(GLOSSARY_PAGE, "book_words", part.heading, body, "backmatter")

    def notes_page(self, part: c.Notes) -> Chapter:
        self.writer.current = NOTES_PAGE
        body = (
            '<section epub:type="footnotes" aria-labelledby="book_notes_heading">\n'
            f'<h1 id="book_notes_heading">{escape(part.heading)}</h1>\n</section>'
        )
        return Chapter(
            NOTES_PAGE, "book_notes", part.heading, self.with_notes(NOTES_PAGE, body), "backmatter"
        )

    def references_page(self, part: c.References) -> Chapter:
        self.writer.current = REFERENCES_PAGE
        items = "\n".join(f"<li>{self.writer.citation(r)}</li>" for r in part.citations)
        body = (
            '<section epub:type="bibliography" role="doc-bibliography" '
            'aria-labelledby="book_references_heading">\n'
            f'<h1 id="book_references_heading">{escape(part.heading)}</h1>\n'
            f"<ol>\n{items}\n</ol>\n</section>"
        )
        return Chapter(REFERENCES_PAGE, "book_references", part.heading, body, "backmatter")

    def end_page(self, part: c.CallToAction) -> Chapter:
        self.writer.current = END_PAGE
        body = (
            '<section class="call-to-action" aria-labelledby="book_next_heading">\n'
            f'<h1 id="book_next_heading">{escape(part.heading)}</h1>\n'
            + "\n".join(self.writer.call_to_action_lines(part))
            + "\n</section>"
        )
        return Chapter(END_PAGE, "book_next", part.heading, body, "backmatter")

    # --- navigation ------------------------------------------------------------------

    def nav_page(self, chapters: list[Chapter]) -> Chapter:
        """The navigation document: the table of contents (every heading) and the landmarks."""
        labels = self.handout.labels
        items = [f'<li><a href="{TITLE_PAGE}">{escape(self.doc.metadata.title)}</a></li>']
        for section in self.doc.sections:
            items.append(self.nav_item(section, self.chapter_file(section)))
        by_file = {ch.file_name: ch for ch in chapters}
        for name in (GLOSSARY_PAGE, NOTES_PAGE, REFERENCES_PAGE, END_PAGE):
            if name in by_file:
                items.append(f'<li><a href="{name}">{escape(by_file[name].title)}</a></li>')
        landmarks = [f'<li><a epub:type="toc" href="{NAV_PAGE}">{escape(labels.contents)}</a></li>']
        first = self.chapter_file(self.doc.sections[0]) if self.doc.sections else TITLE_PAGE
        if self.doc.blocks or not self.doc.sections:
            first = TITLE_PAGE
        landmarks.append(
            f'<li><a epub:type="bodymatter" href="{first}">{escape(by_file[first].title)}</a></li>'
        )
        if GLOSSARY_PAGE in by_file:
            landmarks.append(
                f'<li><a epub:type="glossary" href="{GLOSSARY_PAGE}">'
                f"{escape(by_file[GLOSSARY_PAGE].title)}</a></li>"
            )
        if REFERENCES_PAGE in by_file:
            landmarks.append(
                f'<li><a epub:type="bibliography" href="{REFERENCES_PAGE}">'
                f"{escape(by_file[REFERENCES_PAGE].title)}</a></li>"
            )
        english = "" if self.lang.split("-")[0].lower() == "en" else ' lang="en" xml:lang="en"'
        body = (
            '<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="book_toc_heading">\n'
            f'<h1 id="book_toc_heading">{escape(labels.contents)}</h1>\n'
            "<ol>\n" + "\n".join(items) + "\n</ol>\n</nav>\n"
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden"{english} '
            'aria-labelledby="book_landmarks_heading">\n'
            '<h2 id="book_landmarks_heading">Landmarks</h2>\n'
            "<ol>\n" + "\n".join(landmarks) + "\n</ol>\n</nav>"
        )
        return Chapter(NAV_PAGE, "book_contents", labels.contents, body, "frontmatter")

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
            title = xml_safe(d.plain_text(section.title).strip())
            if not section.children:
                return epub.Link(href, title, f"ncx-{section.id}")
            return (epub.Section(title, href), [entry(ch, file_name) for ch in section.children])

        toc: list[Any] = [epub.Link(TITLE_PAGE, xml_safe(self.doc.metadata.title), "ncx_title")]
        toc.extend(entry(s, self.chapter_file(s)) for s in self.doc.sections)
        for chapter in chapters:
            if chapter.body_type == "backmatter":
                toc.append(epub.Link(chapter.file_name, chapter.title, f"ncx_{chapter.uid}"))
        return toc
