"""A third-party renderer, as a clinic's own developer would write one: the article's outline.

It lives outside the `builder` package and is found only through its entry
point (see the `.dist-info` folder beside it), which is the point of the test.
It walks the composed handout's parts, so the words Handout adds ("Words to
know", "What to do next") come to it in the article's language, for free.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from builder import Document, RenderOptions, RenderResult
from builder import compose as c
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
        lines: list[str] = []
        for part in options.handout.parts:
            match part:
                case c.TitleBlock(title):
                    lines.append(title)
                case c.Body(_, sections):
                    for top in sections:
                        lines += ["  " * s.depth + plain_text(s.title) + f"  #{s.id}" for s in top.walk()]
                case c.WordsToKnow(heading) | c.References(heading) | c.CallToAction(heading):
                    lines.append(f"  {heading}")
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return RenderResult((path,))
