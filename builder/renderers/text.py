"""Plain text: for screen readers, braille displays and text messages.

No markup and no hard line wrapping (a braille display wraps to its own
width); structure is carried by blank lines, underlined headings, list marks
and words. Tables are read row by row, each cell with its column heading.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from builder import compose as c
from builder import document as d
from builder.direction import has_rtl, isolate_ltr
from builder.renderers import RenderOptions, RenderResult


def document_to_text(options: RenderOptions) -> str:
    """The whole handout as plain text, ending with a newline."""
    return _TextWriter(options).text()


class _TextWriter:
    def __init__(self, options: RenderOptions) -> None:
        self.handout = options.handout
        self.labels = options.handout.labels

    def text(self) -> str:
        out: list[str] = []
        for part in self.handout.parts:
            out.extend(self.part(part))
        text = "\n\n".join(part for part in out if part) + "\n"
        if self.handout.rtl:  # Latin runs in Unicode isolates, so no reader reorders the words around them
            return "\n".join(isolate_ltr(line) if has_rtl(line) else line for line in text.split("\n"))
        return text

    def part(self, part: c.Part) -> list[str]:
        match part:
            case c.Masthead(organisation):
                return [organisation]
            case c.TitleBlock(title, also_called, summary):
                return [underline(title, "="), also_called, summary]
            case c.ListenLink(url, _, label):
                return [f"{label}: {url}"]
            case c.Body(blocks, sections):
                out = [self.block(b, "") for b in blocks]
                for section in sections:
                    out.extend(self.section(section))
                return out
            case c.WordsToKnow(heading, entries):
                return [underline(heading, "-"), *(f"{e.term}: {e.definition}" for e in entries)]
            case c.Notes(heading, notes):
                lines = [underline(heading, "-")]
                for note in notes:
                    body = " ".join(self.block(b, "") for b in note.blocks)
                    lines.append(f"[{note.number}] {body}")
                return lines
            case c.References(heading, citations):
                lines = [underline(heading, "-")]
                for number, citation in enumerate(citations, start=1):
                    link = f" {citation.link}" if citation.link else ""
                    lines.append(f"{number}. {citation.text}{link}")
                return lines
            case c.CallToAction(action=action, contact_line=contact):
                return ["\n".join(line for line in (action, contact) if line)]
            case c.ReviewStamp(text):
                return [text]
            case c.SourceLine():
                return [part.text]
        raise TypeError(f"unknown part {part!r}")

    def section(self, section: d.Section) -> list[str]:
        title = self.inlines(section.title)
        out = [underline(title, "-") if section.depth == 1 else title]
        out.extend(self.block(b, "") for b in section.blocks)
        for child in section.children:
            out.extend(self.section(child))
        return out

    def block(self, block: d.Block, indent: str) -> str:
        match block:
            case d.Paragraph(children):
                return indent + tidy(self.inlines(children))
            case d.BulletList(items):
                return "\n".join(self.item(item, "- ", indent) for item in items)
            case d.OrderedList(items, _, start):
                return "\n".join(
                    self.item(item, f"{n}. ", indent) for n, item in enumerate(items, start=start)
                )
            case d.Table(header, rows):
                names = [self.cell(c) for c in header]
                lines = []
                for row in rows:
                    cells = [
                        f"{name}: {self.cell(c)}" if name else self.cell(c)
                        for name, c in zip(names, row, strict=False)
                    ]
                    lines.append(indent + "; ".join(cells))
                return "\n".join(lines)
            case d.BlockQuote(blocks):
                return "\n\n".join(self.block(b, indent + "> ") for b in blocks)
            case d.CodeBlock(text):
                return "\n".join(indent + line for line in text.splitlines())
            case d.ThematicBreak():
                return indent + "* * *"
        raise TypeError(f"unknown block {block!r}")

    def item(self, item: d.ListItem, mark: str, indent: str) -> str:
        inner = indent + " " * len(mark)
        parts = [self.block(b, inner) for b in item.blocks]
        text = "\n".join(parts).lstrip()
        return f"{indent}{mark}{text}"

    def inlines(self, nodes: tuple[d.Inline, ...]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def cell(self, cell: d.TableCell) -> str:
        """A table cell on one line: a row is read as one line."""
        return " ".join(self.inlines(cell.children).split())

    def inline(self, node: d.Inline) -> str:
        match node:
            case d.Text(text) | d.Code(text):
                return text
            case d.Emphasis(children) | d.Strong(children):
                return self.inlines(children)
            case d.Strikethrough():
                return ""  # struck-through words are no longer true: never shown as current text
            case d.Link(href, children):
                text = self.inlines(children)
                if href.startswith(("http://", "https://")) and href != text:
                    return f"{text} ({href})"
                return text
            case d.Image(alt=alt, decorative=decorative):
                return "" if decorative else f"({self.labels.picture}: {alt})"
            case d.LineBreak():
                return "\n"
            case d.FootnoteRef(number=number):
                return f" [{number}]"
        raise TypeError(f"unknown inline {node!r}")


def tidy(text: str) -> str:
    """Words with single spaces, as when struck-through words have been left out between them."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def underline(text: str, mark: str) -> str:
    return f"{text}\n{mark * min(len(text), 70)}"


class TextRenderer:
    """Plain text for screen readers, braille displays and text messages."""

    name: ClassVar[str] = "txt"
    suffix: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "plain text for screen readers, braille displays and text messages"
    shows_pictures: ClassVar[bool] = False

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(document_to_text(options), encoding="utf-8")
        return RenderResult((path,))
