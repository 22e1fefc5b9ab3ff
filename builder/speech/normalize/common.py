"""What every rule module shares: the shape of a plain number, alternations of words, plurals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from builder.speech.normalize.languages import LanguageRules

NUM: Final = r"\d+(?:\.\d+)?"
"""A number once `_numbers` has made it plain: digits, and a full stop before any decimals."""


DASH: Final = r"[-\u2010\u2011\u2013\u2014]"


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, longest first so that 'mg/dL' wins over 'mg'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def is_singular(number: str, rules: LanguageRules) -> bool:
    value = float(number.lstrip("-"))
    if rules.plural_from == "two":
        return value < 2
    return number.lstrip("-") == "1"


def region(lang: str) -> str:
    """The region of a BCP 47 tag in capitals ('en-US' -> 'US'), or ''."""
    parts = lang.replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
