"""A third-party renderer, as a clinic's own developer would write one: the article's outline.

It lives outside the `builder` package and is found only through its entry
point (see the `.dist-info` folder beside it), which is the point of the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from builder import Document, RenderOptions, RenderResult
from builder.document import plain_text


class OutlineRenderer:
    name: ClassVar[str] = "outline"
    suffix: ClassVar[str] = ".outline.txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "the headings of the article, indented"

    @classmethod
    def check_available(cls) -> None:
        pass

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        lines = [doc.metadata.title]
        lines += ["  " * s.depth + plain_text(s.title) + f"  #{s.id}" for s in doc.walk_sections()]
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return RenderResult((path,))
