"""Which way an article is read, and the left-to-right runs inside right-to-left text.

An article's direction comes from its language (Babel's CLDR data: Arabic,
Hebrew, Persian and Urdu are written right to left), unless its front matter
sets `dir`. In right-to-left text a Latin run ("Metformin 500 mg") is
isolated, so the Unicode bidirectional algorithm never reorders the words
around it: formats with markup wrap it in an isolating element, plain text in
the Unicode isolates LRI ... PDI.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from typing import Final, Literal

Direction = Literal["ltr", "rtl"]

LRI: Final = "\u2066"
"""LEFT-TO-RIGHT ISOLATE: what follows, up to PDI, is laid out left to right on its own."""
PDI: Final = "\u2069"
"""POP DIRECTIONAL ISOLATE: ends the isolate."""

_STRONG_LTR: Final = frozenset({"L"})
_STRONG_RTL: Final = frozenset({"R", "AL"})


@functools.cache
def text_direction(lang: str, *, override: str = "") -> Direction:
    """'rtl' or 'ltr' for a BCP 47 tag (Babel's `Locale.text_direction`); `override` wins if set."""
    if override in ("ltr", "rtl"):
        return "rtl" if override == "rtl" else "ltr"
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            locale = Locale.parse(lang.replace("-", "_").split("_")[0])
        except (UnknownLocaleError, ValueError):
            return "ltr"
    return "rtl" if locale.text_direction == "rtl" else "ltr"


def ltr_runs(text: str) -> Iterator[tuple[bool, str]]:
    """`text` cut into pieces, each marked True if it is a left-to-right run to isolate.

    A run starts and ends with a strongly left-to-right character (a Latin
    letter, say) and holds no right-to-left letter; the spaces, digits and
    punctuation between two such letters belong to it ("Metformin 500 mg").
    """
    start = end = -1  # the current run: text[start:end]
    last = 0
    for index, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_LTR:
            if start < 0:
                start = index
            end = index + 1
        elif kind in _STRONG_RTL and start >= 0:
            if start > last:
                yield False, text[last:start]
            yield True, text[start:end]
            last, start, end = end, -1, -1
    if start >= 0:
        if start > last:
            yield False, text[last:start]
        yield True, text[start:end]
        last = end
    if last < len(text):
        yield False, text[last:]


def has_rtl(text: str) -> bool:
    """Whether the text holds a right-to-left letter (Arabic, Hebrew...)."""
    return any(unicodedata.bidirectional(char) in _STRONG_RTL for char in text)


def isolate_ltr(text: str) -> str:
    """Plain text for a right-to-left page: each left-to-right run between LRI and PDI."""
    return "".join(f"{LRI}{piece}{PDI}" if ltr else piece for ltr, piece in ltr_runs(text))
