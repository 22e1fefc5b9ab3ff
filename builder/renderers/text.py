"""Plain text: for screen readers, braille displays and text messages.

No markup and no hard line wrapping (a braille display wraps to its own
width); structure is carried by blank lines, underlined headings, list marks
and words. Tables are read row by row, each cell with its column heading.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from builder import document as d
from builder.labels import Labels, labels_for, review_stamp
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.html import contact_line, format_reference


def document_to_text(doc: d.Document, *, options: RenderOptions) -> str:
    """The whole article as plain text, ending with a newline."""
    return _TextWriter(doc, labels_for(doc.metadata.lang), options).text()


class _TextWriter:
    def __init__(self, doc: d.Document, labels: Labels, options: RenderOptions) -> None:
        self.doc = doc
        self.labels = labels
        self.settings = options.settings

    def text(self) -> str:
        meta = self.doc.metadata
        out: list[str] = []
        if self.settings.organisation:
            out.append(self.settings.organisation)
        out.append(underline(meta.title, "="))
        if meta.also_called:
            out.append(f"{self.labels.also_called}: {', '.join(meta.also_called)}")
        if meta.summary:
            out.append(meta.summary)
        out.extend(self.block(b, "") for b in self.doc.blocks)
        for section in self.doc.sections:
            out.extend(self.section(section))
        if meta.glossary:
            out.append(underline(self.labels.words_to_know, "-"))
            out.extend(f"{e.term}: {e.definition}" for e in meta.glossary)
        if self.doc.footnotes:
            out.append(underline(self.labels.notes, "-"))
            for note in self.doc.footnotes:
                body = " ".join(self.block(b, "") for b in note.blocks)
                out.append(f"[{note.number}] {body}")
        if meta.references:
            out.append(underline(self.labels.references, "-"))
            for number, ref in enumerate(meta.references, start=1):
                link = f" {ref.link}" if ref.link else ""
                out.append(f"{number}. {format_reference(ref, self.labels)}{link}")
        closing = [line for line in (meta.call_to_action, contact_line(self.settings)) if line]
        if closing:
            out.append("\n".join(closing))
        out.append(review_stamp(meta))
        if meta.publisher or meta.source_url:
            source = ", ".join(p for p in (meta.publisher, meta.source_url) if p)
            out.append(f"{self.labels.source}: {source}" + (f" ({meta.license})" if meta.license else ""))
        return "\n\n".join(part for part in out if part) + "\n"

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
                return indent + self.inlines(children)
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
            case d.Emphasis(children) | d.Strong(children) | d.Strikethrough(children):
                return self.inlines(children)
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


def underline(text: str, mark: str) -> str:
    return f"{text}\n{mark * min(len(text), 70)}"


class TextRenderer:
    """Plain text for screen readers, braille displays and text messages."""

    name: ClassVar[str] = "txt"
    suffix: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "plain text for screen readers, braille displays and text messages"

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(document_to_text(doc, options=options), encoding="utf-8")
        return RenderResult((path,))
