"""The typeface of every printed output: Atkinson Hyperlegible, shipped as a Python package.

Designed by the Braille Institute for readers with low vision (OFL licence,
PyPI `fontpkg-atkinson-hyperlegible`). It comes from the package, never from
the network; where it is missing, outputs fall back to a common sans-serif.
"""

from __future__ import annotations

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
