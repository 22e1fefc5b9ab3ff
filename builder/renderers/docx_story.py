"""Where a Word document's paragraphs and runs go: stories (the body, a table cell, a footnote).

Word calls each flow of text a story. The DOCX writer writes every block into
a `Story`, which knows how to add a paragraph there (and whether pictures and
tables may go there), and every inline with the `RunFormat` it inherits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph


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


class PartParent:
    """Gives paragraphs inside the footnotes part the `.part` python-docx asks its parent for."""

    def __init__(self, part: Any) -> None:
        self.part = part


@dataclass(frozen=True, slots=True)
class RunFormat:
    """Character formatting inherited by nested inlines."""

    strong: bool = False
    strike: bool = False
    link: Any = None
