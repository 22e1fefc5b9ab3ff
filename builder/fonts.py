"""The typeface of every printed output: Atkinson Hyperlegible, shipped as a Python package.

Designed by the Braille Institute for readers with low vision (OFL licence,
PyPI `fontpkg-atkinson-hyperlegible`). It comes from the package, never from
the network; where it is missing, outputs fall back to a common sans-serif.
The pipeline reads the files once per article (`load_fonts`); every format
that embeds or names the typeface builds its `@font-face` rules with
`font_face_css`, giving only the address each file has in that format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

FAMILY: Final = "Atkinson Hyperlegible"
FALLBACK_STACK: Final = '"Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif'
_PACKAGE: Final = "fontpkg_atkinson_hyperlegible"
_STYLES: Final = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
    "italic": "AtkinsonHyperlegible-Italic.ttf",
    "bold-italic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
EMBEDDED: Final = {"regular": "normal", "bold": "bold"}
"""The styles outputs embed, by their CSS font-weight (large print uses no italic)."""


@dataclass(frozen=True, slots=True)
class Font:
    """One embedded style of the typeface: its CSS weight, file name and bytes."""

    style: str
    weight: str
    file_name: str
    data: bytes


def font_files() -> dict[str, Path]:
    """Style name -> TrueType file of Atkinson Hyperlegible; empty if the package is missing."""
    try:
        folder = resources.files(_PACKAGE).joinpath("files")
    except ModuleNotFoundError:
        return {}
    found = {}
    for style, name in _STYLES.items():
        path = Path(str(folder.joinpath(name)))
        if path.is_file():
            found[style] = path
    return found


def load_fonts() -> tuple[Font, ...]:
    """The styles outputs embed (regular and bold), read from the package; () if it is missing."""
    files = font_files()
    return tuple(
        Font(style, weight, files[style].name, files[style].read_bytes())
        for style, weight in EMBEDDED.items()
        if style in files
    )


def font_face_css(fonts: Iterable[Font], url: Callable[[Font], str]) -> str:
    """@font-face rules for the typeface, each file at the address `url` gives it in this format."""
    return "\n".join(
        f"@font-face {{ font-family: '{FAMILY}'; font-weight: {font.weight}; font-style: normal; "
        f"src: url({css_string(url(font))}) format('truetype'); }}"
        for font in fonts
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe in any stylesheet."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
