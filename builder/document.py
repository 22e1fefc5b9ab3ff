"""The document model: what every renderer sees, and all it sees.

One article becomes one `Document`: its metadata, the blocks before the first
heading, a tree of sections and the footnotes. Every node is a frozen
dataclass and knows the line of the source file it came from, so a renderer
can point clinic staff at the exact line when something cannot be rendered.
Renderers never see markdown-it tokens: only `convert.py` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# --- inlines ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasis in the source. Printed as bold: italic is hard to read in large print."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strikethrough:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    children: tuple[Inline, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """An image. `alt` is empty only when `decorative` is true."""

    src: str
    alt: str
    line: int
    title: str = ""
    decorative: bool = False


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A call to footnote `number` (1-based, in order of first reference)."""

    id: str
    number: int


Inline = Text | Emphasis | Strong | Strikethrough | Code | Link | Image | LineBreak | FootnoteRef

# --- blocks ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    line: int
    start: int = 1


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    align: str = ""  # "", "left", "center" or "right"


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; every row has as many cells as the header."""

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    line: int


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    line: int
    language: str = ""


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    line: int


Block = Paragraph | BulletList | OrderedList | Table | BlockQuote | CodeBlock | ThematicBreak

# --- structure -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and what follows it up to the next heading of the same or a higher rank.

    `id` is stable (derived from the heading text, unique in the document): it
    names the PDF bookmark, the EPUB chapter and the audio chapter alike.
    `depth` is 1 for a top-level section; renderers add one for the title.
    """

    id: str
    title: tuple[Inline, ...]
    depth: int
    blocks: tuple[Block, ...]
    children: tuple[Section, ...]
    line: int

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Footnote:
    id: str
    number: int
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Reference:
    """A structured citation, as written in the front matter."""

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    line: int = 0

    @property
    def link(self) -> str:
        """Where a reader can find it: the DOI resolver, else the URL, else ''."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    definition: str


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    lang: str = "en-US"
    dir: str = ""
    """'rtl' or 'ltr' as the front matter sets it; '' for the usual direction of `lang`."""
    summary: str = ""
    topics: tuple[str, ...] = ()
    date: dt.date | None = None
    reviewed: dt.date | None = None
    version: str = ""
    authors: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    call_to_action: str = ""
    pronunciations: tuple[tuple[str, str], ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    also_called: tuple[str, ...] = ()
    publisher: str = ""
    source_url: str = ""
    license: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """One article, ready for any renderer."""

    slug: str
    source_path: Path
    metadata: Metadata
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = field(default=())

    def walk_sections(self) -> Iterator[Section]:
        """Every section in reading order, top-level and nested."""
        for section in self.sections:
            yield from section.walk()

    def walk(self) -> Iterator[Node]:
        """Every node of the article in reading order: the blocks before the first heading, the
        sections (each heading, its blocks, its subsections), then the notes."""
        return walk((*self.blocks, *self.sections, *self.footnotes))

    def images(self) -> Iterator[Image]:
        """Every image of the article, in reading order (headings included, notes last)."""
        return (node for node in self.walk() if isinstance(node, Image))

    def note_calls(self) -> Iterator[str]:
        """The ids of the notes the article calls, in reading order (a note's own calls included)."""
        return (node.id for node in self.walk() if isinstance(node, FootnoteRef))


Node = Block | Inline | Section | ListItem | TableCell | Footnote
"""Anything `walk` visits."""


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly inside `node`, in reading order."""
    match node:
        case Section(title=title, blocks=blocks, children=subsections):
            return (*title, *blocks, *subsections)
        case Paragraph(inlines) | TableCell(inlines) | Emphasis(inlines) | Strong(inlines):
            return inlines
        case Strikethrough(inlines) | Link(children=inlines):
            return inlines
        case BulletList(items) | OrderedList(items):
            return items
        case ListItem(blocks) | BlockQuote(blocks) | Footnote(blocks=blocks):
            return blocks
        case Table(header, rows):
            return (*header, *(cell for row in rows for cell in row))
    return ()


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every node in `nodes` and below, in reading order: the one walk over the model.

    Iterative, so no nesting depth the converter lets through can exhaust Python's stack.
    """
    stack = list(reversed(tuple(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def plain_text(inlines: Iterable[Inline]) -> str:
    """The words of some inlines, without markup: for titles, alt text and bookmarks."""
    parts: list[str] = []
    for node in walk(inlines):
        match node:
            case Text(text) | Code(text):
                parts.append(text)
            case Image(alt=alt):
                parts.append(alt)
            case LineBreak():
                parts.append(" ")
    return "".join(parts)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, descending into lists and quotes, in reading order."""
    for block in blocks:
        yield block
        match block:
            case BulletList(items) | OrderedList(items):
                for item in items:
                    yield from iter_blocks(item.blocks)
            case BlockQuote(inner):
                yield from iter_blocks(inner)
