"""The one cover generator: the title in large print, for the e-book and for the audio.

Both covers are the same design in two shapes: the organisation at the top, a
rule, the title in the largest bold size that fits (wrapped word by word to the
width), and a caption at the foot. Pillow draws them with Atkinson Hyperlegible.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

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
    title: str, organisation: str, *, style: CoverStyle, fonts: Iterable[Font], caption: str = ""
) -> bytes:
    """The cover as PNG bytes."""
    from PIL import Image, ImageDraw

    by_weight = {font.weight: font for font in fonts}
    width, height = style.size
    margin = 110
    image = Image.new("RGB", style.size, style.background)
    draw = ImageDraw.Draw(image)
    if style.border:
        draw.rectangle((30, 30, width - 31, height - 31), outline=style.foreground, width=16)

    y = 160 if style.border else margin
    if organisation:
        small = _font(by_weight.get("normal"), 64)
        for line in wrap(organisation, small, width - 2 * margin):
            draw.text((margin, y), line, font=small, fill=style.foreground)
            y += 84
        y += 40
        draw.line((margin, y, width - margin, y), fill=style.foreground, width=10)
        y += 100
    foot = 200 if caption else 150
    size, lines = TITLE_SIZES[-1], [title]
    for size in TITLE_SIZES:
        lines = wrap(title, _font(by_weight.get("bold"), size), width - 2 * margin)
        if y + len(lines) * size * 1.25 < height - foot:
            break
    big = _font(by_weight.get("bold"), size)
    for line in lines:
        draw.text((margin, y), line, font=big, fill=style.foreground)
        y += int(size * 1.25)
    if caption:
        draw.text(
            (margin, height - margin - 90),
            caption,
            font=_font(by_weight.get("bold"), 72),
            fill=style.foreground,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


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
