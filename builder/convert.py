"""markdown-it tokens -> Document: the only module that knows about tokens.

The Markdown dialect is CommonMark with GitHub tables and strikethrough and
footnotes (markdown-it-py and mdit-py-plugins). Raw HTML never becomes markup:
`<br>` becomes a line break, comments are dropped, and any other tag is left
out with a warning that names the line.
"""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from builder import document as d
from builder.errors import Finding, Location, SourceError
from builder.source import SourceFile

DECORATIVE: Final = "decorative"
"""An image title that marks the image as decorative: `![](border.png "decorative")`."""

MAX_NESTING: Final = 20
"""Deeper lists and quotes than this are read as plain text, so no source can exhaust the stack."""

MAX_INLINE_NESTING: Final = 20
"""Emphasis, strikethrough and links nested deeper than this keep the characters typed, as text."""

_BREAK_TAG: Final = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_COMMENT: Final = re.compile(r"^<!--.*-->$", re.DOTALL)
_SCRIPT_URL: Final = re.compile(r"^\s*(javascript|vbscript):", re.IGNORECASE)


@cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser every article goes through."""
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    # Keep every link and image a link or image (even file: ones) so that the renderers'
    # resource rules refuse them with a warning, instead of markdown-it printing the
    # Markdown as text; only script URLs are dropped here.
    parser.validateLink = _is_not_script  # type: ignore[method-assign]
    return parser.enable(["table", "strikethrough"]).use(footnote_plugin)


def _is_not_script(url: str) -> bool:
    return not _SCRIPT_URL.match(url)


def to_document(source: SourceFile, *, slug: str) -> tuple[d.Document, tuple[Finding, ...]]:
    """Convert a checked source file into a Document and the warnings found on the way."""
    metadata = to_metadata(source)
    tokens = markdown_parser().parse(source.body)
    for token in tokens:
        if token.children:
            limit_inline_nesting(token.children)
    converter = _Converter(source)
    root = SyntaxTreeNode(tokens)
    body = [node for node in root.children if node.type != "footnote_block"]
    body = _drop_title_heading(body, metadata.title)
    blocks, sections = converter.structure(body)
    footnotes = tuple(
        converter.footnote(node)
        for block in root.children
        if block.type == "footnote_block"
        for node in block.children
    )
    converter.check_anchor_links(footnotes)
    doc = d.Document(
        slug=slug,
        source_path=source.path,
        metadata=metadata,
        blocks=blocks,
        sections=sections,
        footnotes=footnotes,
    )
    return doc, tuple(converter.findings)


def limit_inline_nesting(tokens: list[Token], *, depth: int = 0) -> None:
    """Turn inline markup nested deeper than MAX_INLINE_NESTING back into the characters typed.

    markdown-it's maxNesting bounds blocks and links but not emphasis: `**a *a` written
    thousands of times nests thousands deep, deeper than any recursive walk of the tree
    (markdown-it's own SyntaxTreeNode included) can go. Changes `tokens` in place.
    """
    flattened: list[bool] = []
    level = depth
    for index, token in enumerate(tokens):
        if token.children:  # an image's description
            limit_inline_nesting(token.children, depth=level + 1)
        if token.nesting == 1:
            deep = level >= MAX_INLINE_NESTING
            flattened.append(deep)
            level += 1
        elif token.nesting == -1 and flattened:
            deep = flattened.pop()
            level -= 1
        else:
            continue
        if deep:
            typed = "" if token.type.startswith("link_") else token.markup  # an autolink's markup is a word
            tokens[index] = Token("text", "", 0, content=typed)


def to_metadata(source: SourceFile) -> d.Metadata:
    """The article's metadata from its (already schema-checked) front matter."""
    fm = source.front_matter

    def date(name: str) -> dt.date | None:
        value = fm.get(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SourceError(
                source.where((name,)), f"'{name}' is not a real date ('{value}'): write it as YYYY-MM-DD"
            ) from None

    def text(name: str) -> str:
        value = fm.get(name)
        return "" if value is None else str(value).strip()

    def strings(name: str) -> tuple[str, ...]:
        return tuple(str(v).strip() for v in fm.get(name) or ())

    def pairs(name: str) -> tuple[tuple[str, str], ...]:
        mapping: Mapping[str, str] = fm.get(name) or {}
        return tuple((str(k), str(v).strip()) for k, v in mapping.items())

    references = tuple(
        _reference(item, line=source.line_of(("references", index)))
        for index, item in enumerate(fm.get("references") or ())
    )
    return d.Metadata(
        title=text("title"),
        lang=text("lang") or "en-US",
        dir=text("dir"),
        summary=text("summary"),
        topics=strings("topics"),
        date=date("date"),
        reviewed=date("reviewed"),
        version=text("version"),
        authors=strings("authors"),
        references=references,
        call_to_action=text("call_to_action"),
        pronunciations=pairs("pronunciations"),
        glossary=tuple(d.GlossaryEntry(term, definition) for term, definition in pairs("glossary")),
        also_called=strings("also_called"),
        publisher=text("publisher"),
        source_url=text("source_url"),
        license=text("license"),
    )


def _reference(item: Mapping[str, Any], *, line: int) -> d.Reference:
    def text(name: str) -> str:
        value = item.get(name)
        return "" if value is None else str(value).strip()

    return d.Reference(
        title=text("title"),
        authors=tuple(str(a).strip() for a in item.get("authors") or ()),
        year=item.get("year"),
        journal=text("journal"),
        volume=text("volume"),
        issue=text("issue"),
        pages=text("pages"),
        doi=text("doi"),
        url=text("url"),
        line=line,
    )


def _drop_title_heading(nodes: list[SyntaxTreeNode], title: str) -> list[SyntaxTreeNode]:
    """Leave out a first-line `# Title` that repeats the front-matter title."""
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1":
        heading = " ".join(_inline_text(nodes[0]).split()).casefold()
        if heading == " ".join(title.split()).casefold():
            return nodes[1:]
    return nodes


def _inline_text(node: SyntaxTreeNode) -> str:
    return "".join(child.content for child in node.walk() if child.type in ("text", "code_inline"))


def slugify(text: str) -> str:
    """A stable, readable identifier in any script: 'What is ALS?' -> 'what-is-als'.

    Other scripts are transliterated (anyascii): 'Что такое давление?' -> 'chto-takoe-davlenie',
    '怎样洗手' -> 'zen-yang-xi-shou'; symbols and emoji are left out. The id is plain ASCII, so it is
    a valid XML id and file name in every format.
    """
    from anyascii import anyascii

    words = "".join(
        ""
        if unicodedata.category(char) in ("So", "Sk")
        else f" {anyascii(char)} "
        if ord(char) > 0x2E7F
        else char
        for char in text
    )
    ascii_text = anyascii(unicodedata.normalize("NFKC", words))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")
    if not slug:
        return "section"
    return slug if slug[0].isalpha() else f"s-{slug}"


@dataclass
class _OpenSection:
    id: str
    title: tuple[d.Inline, ...]
    level: int
    line: int
    blocks: list[d.Block] = field(default_factory=list)
    children: list[_OpenSection] = field(default_factory=list)

    def freeze(self, depth: int) -> d.Section:
        return d.Section(
            id=self.id,
            title=self.title,
            depth=depth,
            blocks=tuple(self.blocks),
            children=tuple(child.freeze(depth + 1) for child in self.children),
            line=self.line,
        )


class _Converter:
    """Walks markdown-it's syntax tree; collects findings instead of printing them."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.findings: list[Finding] = []
        self.ids: set[str] = set()
        self.anchor_links: list[tuple[str, int]] = []
        self.block_handlers: dict[str, Callable[[SyntaxTreeNode], d.Block | None]] = {
            "paragraph": self.paragraph,
            "bullet_list": self.bullet_list,
            "ordered_list": self.ordered_list,
            "blockquote": self.blockquote,
            "fence": self.code,
            "code_block": self.code,
            "hr": lambda node: d.ThematicBreak(self.line(node)),
            "table": self.table,
            "html_block": self.html_block,
        }

    # --- helpers -------------------------------------------------------------

    def line(self, node: SyntaxTreeNode) -> int:
        """The file line of a block node (markdown-it counts from the body's first line)."""
        mapping = node.map
        return self.source.body_line + mapping[0] if mapping else self.source.body_line

    def warn(self, line: int, message: str) -> None:
        self.findings.append(Finding(Location(self.source.path, line), message))

    def check_anchor_links(self, footnotes: tuple[d.Footnote, ...]) -> None:
        """Warn about links to '#somewhere' that is not a heading or note of this article."""
        targets = self.ids | {note.id for note in footnotes}
        for anchor, line in self.anchor_links:
            if anchor not in targets:
                self.warn(
                    line, f"the link to '#{anchor}' goes nowhere in this article; it is shown as plain text"
                )

    def unique_id(self, text: str) -> str:
        base = slugify(text)
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    # --- structure -----------------------------------------------------------

    def structure(self, nodes: list[SyntaxTreeNode]) -> tuple[tuple[d.Block, ...], tuple[d.Section, ...]]:
        """Blocks before the first heading, and the section tree the headings make.

        Depth comes from nesting, not from the number of '#': a '####' under a
        '##' is one level down, so no output ever skips a heading level.
        """
        intro: list[d.Block] = []
        top: list[_OpenSection] = []
        stack: list[_OpenSection] = []
        for node in nodes:
            if node.type == "heading":
                level = int(node.tag[1:])
                inline = node.children[0] if node.children else None
                title = self.inlines(inline, self.line(node)) if inline else ()
                text = d.plain_text(title).strip()
                if not text:
                    self.warn(self.line(node), "a heading has no text: write the heading or remove the '#'")
                    continue
                section = _OpenSection(self.unique_id(text), title, level, self.line(node))
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else top).append(section)
                stack.append(section)
                continue
            block = self.block(node)
            if block is not None:
                (stack[-1].blocks if stack else intro).append(block)
        return tuple(intro), tuple(section.freeze(1) for section in top)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> tuple[d.Block, ...]:
        result: list[d.Block] = []
        for node in nodes:
            if node.type == "heading":  # only possible inside a list item or quote
                node_block = d.Paragraph(
                    (d.Strong(self.inlines(node.children[0], self.line(node))),), self.line(node)
                )
                result.append(node_block)
                continue
            block = self.block(node)
            if block is not None:
                result.append(block)
        return tuple(result)

    def block(self, node: SyntaxTreeNode) -> d.Block | None:
        handler = self.block_handlers.get(node.type)
        if handler is None:
            self.warn(
                self.line(node), f"this part ({node.type}) cannot be shown in a handout and was left out"
            )
            return None
        return handler(node)

    # --- blocks --------------------------------------------------------------

    def paragraph(self, node: SyntaxTreeNode) -> d.Paragraph | None:
        line = self.line(node)
        children = self.inlines(node.children[0], line) if node.children else ()
        return d.Paragraph(children, line) if children else None

    def items(self, node: SyntaxTreeNode) -> tuple[d.ListItem, ...]:
        return tuple(d.ListItem(self.blocks(item.children), self.line(item)) for item in node.children)

    def bullet_list(self, node: SyntaxTreeNode) -> d.BulletList:
        return d.BulletList(self.items(node), self.line(node))

    def ordered_list(self, node: SyntaxTreeNode) -> d.OrderedList:
        start = node.attrs.get("start", 1)
        return d.OrderedList(self.items(node), self.line(node), start=int(start))

    def blockquote(self, node: SyntaxTreeNode) -> d.BlockQuote:
        return d.BlockQuote(self.blocks(node.children), self.line(node))

    def code(self, node: SyntaxTreeNode) -> d.CodeBlock:
        language = (node.info or "").split()[0] if node.type == "fence" and node.info else ""
        return d.CodeBlock(node.content.rstrip("\n"), self.line(node), language)

    def table(self, node: SyntaxTreeNode) -> d.Table:
        line = self.line(node)
        rows: list[tuple[d.TableCell, ...]] = []
        for part in node.children:  # thead, tbody
            for row in part.children:
                cells = []
                for cell in row.children:
                    style = str(cell.attrs.get("style", ""))
                    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
                    inline = cell.children[0] if cell.children else None
                    cells.append(d.TableCell(self.inlines(inline, line) if inline else (), align))
                rows.append(tuple(cells))
        return d.Table(header=rows[0], rows=tuple(rows[1:]), line=line)

    def html_block(self, node: SyntaxTreeNode) -> d.Paragraph | None:
        line = self.line(node)
        content = node.content.strip()
        if _COMMENT.match(content):
            return None
        words = _html_to_text(content)
        self.warn(line, "HTML is not used in handouts; it was turned into plain text: write it in Markdown")
        return d.Paragraph((d.Text(words),), line) if words else None

    def footnote(self, node: SyntaxTreeNode) -> d.Footnote:
        number = int(node.meta["id"]) + 1
        blocks = self.blocks([c for c in node.children if c.type != "footnote_anchor"])
        line = self.line(node.children[0]) if node.children else self.source.body_line
        return d.Footnote(id=f"fn-{number}", number=number, blocks=blocks, line=line)

    # --- inlines -------------------------------------------------------------

    def inlines(self, node: SyntaxTreeNode | None, line: int) -> tuple[d.Inline, ...]:
        if node is None:
            return ()
        result: list[d.Inline] = []
        for child in node.children:
            inline = self.inline(child, line)
            if inline is None:
                continue
            if isinstance(inline, d.Text) and result and isinstance(result[-1], d.Text):
                result[-1] = d.Text(result[-1].text + inline.text)
            else:
                result.append(inline)
        return tuple(result)

    def inline(self, node: SyntaxTreeNode, line: int) -> d.Inline | None:
        match node.type:
            case "text":
                return d.Text(node.content) if node.content else None
            case "softbreak":
                return d.Text(" ")
            case "hardbreak":
                return d.LineBreak()
            case "em":
                return d.Emphasis(self.inlines(node, line))
            case "strong":
                return d.Strong(self.inlines(node, line))
            case "s":
                return d.Strikethrough(self.inlines(node, line))
            case "code_inline":
                return d.Code(node.content)
            case "link":
                href = str(node.attrs.get("href", ""))
                if href.startswith("#"):
                    self.anchor_links.append((href[1:], line))
                return d.Link(href, self.inlines(node, line), str(node.attrs.get("title", "") or ""))
            case "image":
                return self.image(node, line)
            case "footnote_ref":
                number = int(node.meta["id"]) + 1
                return d.FootnoteRef(id=f"fn-{number}", number=number)
            case "html_inline":
                return self.html_inline(node.content, line)
        self.warn(line, f"this part ({node.type}) cannot be shown in a handout and was left out")
        return None

    def image(self, node: SyntaxTreeNode, line: int) -> d.Image:
        src = str(node.attrs.get("src", ""))
        title = str(node.attrs.get("title", "") or "")
        alt = "".join(c.content for c in node.walk() if c.type in ("text", "code_inline")).strip()
        decorative = title.strip().lower() == DECORATIVE
        if decorative:
            return d.Image(src, "", line, decorative=True)
        if not alt:
            self.warn(
                line,
                f"the image '{src}' has no description: write what it shows between the [ ], "
                f'or mark it ![]({src} "{DECORATIVE}") if it is only decoration',
            )
            return d.Image(src, "", line, title=title, decorative=True)
        return d.Image(src, alt, line, title=title)

    def html_inline(self, content: str, line: int) -> d.Inline | None:
        if _BREAK_TAG.match(content.strip()):
            return d.LineBreak()
        if _COMMENT.match(content.strip()):
            return None
        self.warn(line, f"HTML tags are not used in handouts; '{content}' was left out: use Markdown instead")
        return None


class _TextExtractor(html.parser.HTMLParser):
    """The visible words of an HTML fragment, without script or style contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "div", "li", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())
