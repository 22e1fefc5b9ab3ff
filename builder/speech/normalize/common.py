"""What every rule module shares: the shape of a plain number, alternations of words, plurals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from builder.speech.normalize.languages import LanguageRules

NUM: Final = r"\d+(?:\.\d+)?"
"""A number once `numbers.plain_numbers` has made it plain: digits, and a full stop before any decimals."""


DASH: Final = r"[-\u2010\u2011\u2013\u2014]"


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, longest first so that 'mg/dL' wins over 'mg'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def unit_words(rules: LanguageRules) -> set[str]:
    """Every unit of the language as written ('mg') and as said ('milligram', 'milligrams')."""
    return {*rules.units, *(word for said in rules.units.values() for word in said)}


def is_singular(number: str, rules: LanguageRules) -> bool:
    value = float(number.lstrip("-"))
    if rules.plural_from == "two":
        return value < 2
    return number.lstrip("-") == "1"


def region(lang: str) -> str:
    """The region of a BCP 47 tag in capitals ('en-US' -> 'US'), or ''."""
    parts = lang.replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")


LENGTHS: Final = frozenset({"µm", "μm", "mm", "cm", "m", "km", "in", "in.", "ft", "mm²", "cm²", "m²"})
"""Units of length and area: the only ones a dimension ('2 × 3 cm') is measured in."""


def sentence_stop(match: re.Match[str], written: str) -> str:
    """The full stop to keep after an abbreviation said as words: its own stop ('in.', 'a.m.') was
    the sentence's too when nothing follows it, or a capital does."""
    return sentence_stop_at(match.string, match.end()) if written.endswith(".") else ""


def sentence_stop_at(text: str, end: int) -> str:
    """'.' when the text ends at `end` or a capital follows it: where a sentence ends."""
    rest = text[end:]
    return "." if not rest.strip() or re.match(r"\s+[A-Z]", rest) else ""


def unit_after(rest: str, rules: LanguageRules) -> tuple[int, str, str] | None:
    """The unit written at the start of `rest` ('in.', ' tablet'), as (its length, singular, plural)."""
    names = alternation(rules.units)
    match = re.match(rf"(\s?|-)({names})(?![\w²³])", rest)
    if match is None or (match.group(2) in ("in", "in.") and rules.code == "en" and not _inch(rest, match)):
        return None
    singular, plural = rules.units[match.group(2)]
    return match.end(), singular, plural


INCH_CONTEXT: Final = (
    r"(?=\s*(?:[,;:)]|\.(?!\d)|$|wide|long|deep|tall|thick|across|apart|in diameter"
    r"|of\b|by\b|or\b|and\b|to\b|x\b"
    r"|\(\s*(?:about\s+)?\d[\d.,]*\s*(?:cm|mm|m|(?:centi|milli)?met(?:er|re)s?)\b))"
)
"""What shows that 'in' after a number is the inch ('2 in long', '3 in (7.5 cm)') and not the word
('5 in 10 people')."""


def _inch(rest: str, match: re.Match[str]) -> bool:
    return match.group(2) == "in." or bool(re.match(INCH_CONTEXT, rest[match.end() :]))


SCORED: Final = re.compile(
    r"\b(?:score|scored|pain|rated?|rating|scale|apgar|puntuación|dolor|escala|douleur|échelle)\b", re.I
)
"""A word that names a score: after it 'N/10' is N out of 10 ('Pain 7/10 at 6 AM'), not a date."""
