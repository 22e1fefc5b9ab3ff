"""The one cover generator: the title in large print, for the e-book and for the audio.

Both covers are the same design in two shapes: the organisation at the top, a
rule, the title in the largest bold size that fits (wrapped word by word to the
width), and a caption at the foot. Pillow draws them with Atkinson Hyperlegible, and what it
cannot print in the Noto font of its script (the fonts the coverage check chose).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from builder.coverage import atkinson_characters, atkinson_spells, fallback_faces, needs_glyph
from builder.fonts import Font

if TYPE_CHECKING:
    from PIL import ImageFont

Color = str | tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class CoverStyle:
    size: tuple[int, int]
    background: Color
    foreground: Color
    border: bool = False


BOOK_COVER: Final = CoverStyle((1200, 1800), "white", "black", border=True)
"""An e-book cover: portrait, black on white, framed."""
ALBUM_COVER: Final = CoverStyle((1400, 1400), (20, 40, 80), (255, 255, 255))
"""Audio cover art: the smallest square Apple Podcasts accepts, white on dark blue."""

TITLE_SIZES: Final = (150, 130, 112, 96, 84, 72, 64, 56)


def cover_png(
    title: str,
    organisation: str,
    *,
    style: CoverStyle,
    fonts: Iterable[Font],
    caption: str = "",
    lang: str = "en",
    rtl: bool = False,
) -> bytes:
    """The cover as PNG bytes: flush right for a right-to-left article, and every character in a
    font that has it (Atkinson Hyperlegible, then the Noto fonts of the article's scripts), so no
    character of another script is drawn as an empty box."""
    from PIL import Image, ImageDraw

    by_weight = {font.weight: font for font in fonts}
    width, height = style.size
    margin = 110
    image = Image.new("RGB", style.size, style.background)
    draw = ImageDraw.Draw(image)
    if style.border:
        draw.rectangle((30, 30, width - 31, height - 31), outline=style.foreground, width=16)
    regular = _Typefaces.for_text(f"{title} {organisation} {caption}", by_weight.get("normal"), lang=lang)
    bold = _Typefaces.for_text(f"{title} {organisation} {caption}", by_weight.get("bold"), lang=lang)
    line_width = width - 2 * margin

    def write(y: int, line: str, faces: _Typefaces, size: int) -> None:
        faces.draw(draw, line, size, y=y, left=margin, right=width - margin, rtl=rtl, fill=style.foreground)

    y = 160 if style.border else margin
    if organisation:
        for line in regular.wrap(organisation, 64, line_width):
            write(y, line, regular, 64)
            y += 84
        y += 40
        draw.line((margin, y, width - margin, y), fill=style.foreground, width=10)
        y += 100
    foot = 200 if caption else 150
    size, lines = TITLE_SIZES[-1], [title]
    for size in TITLE_SIZES:
        lines = bold.wrap(title, size, line_width)
        if y + len(lines) * size * 1.25 < height - foot:
            break
    for line in lines:
        write(y, line, bold, size)
        y += int(size * 1.25)
    if caption:
        write(height - margin - 90, caption, bold, 72)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@dataclass
class _Typefaces:
    """The fonts a cover's text is drawn in, in order: each character in the first that has it."""

    faces: tuple[tuple[frozenset[int] | None, Callable[[int], Any]], ...]
    """(characters it has, or None for any; a loader by size)."""
    lang: str
    loaded: dict[tuple[int, int], Any] = field(default_factory=dict)

    @classmethod
    def for_text(cls, text: str, atkinson: Font | None, *, lang: str) -> _Typefaces:
        from PIL import ImageFont

        fallbacks = fallback_faces(text, lang=lang)
        faces: list[tuple[frozenset[int] | None, Callable[[int], Any]]] = []
        if atkinson is not None and atkinson_spells(text):
            faces.append((atkinson_characters(), functools.partial(_font, atkinson)))
        for face in fallbacks:
            faces.append((face.characters, _truetype(face.path, face.index)))
        if not faces:  # no font at all: Pillow's own
            faces.append((None, functools.partial(ImageFont.load_default)))
        return cls(tuple(faces), lang)

    def runs(self, text: str) -> list[tuple[int, str]]:
        """`text` as (font, characters) runs; a character no font has is left out, never a box."""
        runs: list[tuple[int, str]] = []
        for char in text:
            if not needs_glyph(char):
                if runs:
                    runs[-1] = (runs[-1][0], runs[-1][1] + char)
                continue
            font = next(
                (i for i, (chars, _) in enumerate(self.faces) if chars is None or ord(char) in chars), None
            )
            if font is None:
                continue
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def font(self, index: int, size: int) -> Any:
        if (index, size) not in self.loaded:
            self.loaded[index, size] = self.faces[index][1](size)
        return self.loaded[index, size]

    def length(self, text: str, size: int) -> float:
        return float(sum(self.font(i, size).getlength(run) for i, run in self.runs(text)))

    def wrap(self, text: str, size: int, width: int) -> list[str]:
        """`text` broken into lines no wider than `width` pixels (a word too long stands alone)."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.length(candidate, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
            while self.length(current, size) > width and _breakable(current):
                # Chinese and Japanese have no spaces: break between two characters.
                fits = [i for i in range(2, len(current)) if self.length(current[:i], size) <= width]
                cut = max(fits, default=1)
                lines.append(current[:cut])
                current = current[cut:]
        if current:
            lines.append(current)
        return lines

    def draw(
        self, draw: Any, line: str, size: int, *, y: int, left: int, right: int, rtl: bool, fill: Color
    ) -> None:
        """One line, from the left margin (or, right to left, from the right margin, its runs in
        reading order from the right)."""
        runs = self.runs(line)
        if rtl:
            x = float(right)
            for index, run in runs:
                font = self.font(index, size)
                options = _direction(run, self.lang)
                x -= font.getlength(run, **options)
                draw.text((x, y), run, font=font, fill=fill, **options)
            return
        x = float(left)
        for index, run in runs:
            font = self.font(index, size)
            options = _direction(run, self.lang)
            draw.text((x, y), run, font=font, fill=fill, **options)
            x += font.getlength(run, **options)


def _breakable(word: str) -> bool:
    """Whether a word may be broken between any two characters (it is in a script without spaces)."""
    return len(word) > 1 and any(unicodedata.east_asian_width(c) in ("W", "F") for c in word)


def _direction(run: str, lang: str) -> dict[str, str]:
    """Pillow's direction for a run (right to left when it has right-to-left letters), with libraqm."""
    from PIL import features

    if not features.check("raqm"):
        return {}
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in run)
    return {"direction": "rtl" if rtl else "ltr", "language": lang.split("-")[0]}


def _truetype(path: str, index: int) -> Callable[[int], Any]:
    def load(size: int) -> Any:
        from PIL import ImageFont

        return ImageFont.truetype(path, size, index=index)

    return load


def _font(font: Font | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    if font is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(io.BytesIO(font.data), size)


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
