"""Words and numbers: passive voice, rare words a patient is not told about, percentages."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder import document as d
from builder.config import Settings

if TYPE_CHECKING:
    pass


from builder.checks.findings import CheckFinding, Sentence, _finding, quote
from builder.checks.prose import root_language

# --- passive voice --------------------------------------------------------------------

_IRREGULAR_PARTICIPLES: Final = (
    "arisen awoken been born beaten become begun bent bet bid bitten bled blown broken bred brought built "
    "burnt burst bought cast caught chosen clung come cost crept cut dealt dug done drawn dreamt driven "
    "drunk eaten fallen fed felt fought found fled flung flown forbidden forgotten forgiven frozen gotten "
    "given gone ground grown hung heard hidden hit held hurt kept knelt known laid led leapt learnt left "
    "lent let lain lost made meant met mistaken overcome overtaken paid proven put quit read rid ridden "
    "rung risen run said seen sought sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk "
    "sat slept slid slung slit sown spoken sped spent spilt spun spit split spread sprung stood stolen "
    "stuck stung struck strung sworn swept swollen swum swung taken taught torn told thought thrown "
    "thrust understood upheld upset woken worn woven wept wound won withheld written"
)


@cache
def _passive_pattern() -> re.Pattern[str]:
    """Compiled on first use: builds import this module and never need it."""
    return re.compile(
        r"\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)\s+(?:\w+ly\s+)?"
        r"(?:\w+ed|" + "|".join(_IRREGULAR_PARTICIPLES.split()) + r")\b",
        re.IGNORECASE,
    )


def is_passive(sentence: str) -> bool:
    """Whether an English sentence looks passive: a form of 'be' before a past participle ('is treated').

    A pattern, not a parser (as in write-good and Hemingway): 'is tired' counts too.
    """
    return bool(_passive_pattern().search(sentence))


def passive_findings(
    sentences: Sequence[Sentence], *, lang: str, settings: Settings, path: Path
) -> tuple[list[CheckFinding], float | None]:
    if root_language(lang) != "en" or not sentences:
        return [], None
    passive = [s for s in sentences if is_passive(s.text)]
    share = 100 * len(passive) / len(sentences)
    if share <= settings.max_passive_percent:
        return [], share
    first = passive[0]
    message = (
        f"{len(passive)} of {len(sentences)} sentences ({share:.0f} %) are passive, such as this one "
        f'("{quote(first.text)}"): say who does what '
        "('your nurse checks the tube', not 'the tube is checked'); "
        f"aim for {settings.max_passive_percent:g} % or fewer"
    )
    return [_finding(path, first.line, "passive", message, first.text)], share


# --- rare words -------------------------------------------------------------------------

_TOKEN: Final = re.compile("[^\\W\\d_]+(?:['\u2019][^\\W\\d_]+)*")


def explained_words(doc: d.Document, settings: Settings, *, extra: Collection[str] = ()) -> frozenset[str]:
    """Words explained to the reader: glossary, pronunciations, also_called, known_words, the lexicon."""
    meta = doc.metadata
    phrases = [
        *(entry.term for entry in meta.glossary),
        *(written for written, _ in meta.pronunciations),
        *meta.also_called,
        *settings.known_words,
        *extra,
    ]
    return frozenset(word.casefold() for phrase in phrases for word in _TOKEN.findall(phrase))


_EXPLAINED_IN_TEXT: Final = re.compile(r"([^\W\d_]+)\s*\(|\(\s*([^\W\d_]+)\s*\)")


def rare_word_findings(
    sentences: Sequence[Sentence], *, lang: str, settings: Settings, path: Path, explained: Collection[str]
) -> list[CheckFinding]:
    """The first use of each rare word nobody explains.

    Rare: rarer than `rare_word_zipf` in wordfreq's list for the language.
    Explained: in `explained`, or followed by words in brackets ('motor neurons
    (nerve cells)'), or itself in brackets after its long form ('(ALS)').
    Names are left alone: a capitalised word met in the middle of a sentence.
    """
    frequency = _zipf(root_language(lang))
    if frequency is None:
        return []
    known = {w.casefold() for w in explained}
    names: set[str] = set()
    for s in sentences:
        for match in _EXPLAINED_IN_TEXT.finditer(s.text):
            known.add((match.group(1) or match.group(2)).casefold())
        for match in _TOKEN.finditer(s.text):
            word = match.group(0)
            if match.start() > 0 and word[0].isupper() and not word.isupper():
                names.add(_base(word).casefold())
    found: list[CheckFinding] = []
    said: set[str] = set()
    for s in sentences:
        for match in _TOKEN.finditer(s.text):
            word = _base(match.group(0))
            key = word.casefold()
            if len(word) < 3 or key in said or key in known or key in names or _ROMAN.fullmatch(word):
                continue
            if frequency(word) >= settings.rare_word_zipf:
                continue
            said.add(key)
            message = (
                f"'{word}' may be new to a patient (\"{quote(s.text)}\"): say it in everyday words, "
                "explain it in brackets, or add it to the glossary"
            )
            found.append(_finding(path, s.line, "rare-word", message, s.text))
    return found


_ROMAN: Final = re.compile(r"[IVX]+[A-D]?")
"""Stages and grades ('IIIA'), which the text around them explains."""


def _base(word: str) -> str:
    """'Gehrig\'s' -> 'Gehrig' (straight or curly apostrophe)."""
    return re.sub("['\u2019]s$", "", word)


def _zipf(lang: str) -> Callable[[str], float] | None:
    """How common a word is in `lang` (wordfreq's Zipf scale), or None when wordfreq has no list for it.

    For English the commonest of the word and its plain forms counts, so
    'couches' is as common as 'couch' and 'gloved' as 'glove'.
    """
    import wordfreq

    if lang not in wordfreq.available_languages():
        return None
    if lang != "en":
        return lambda word: float(wordfreq.zipf_frequency(word, lang))
    return lambda word: max(float(wordfreq.zipf_frequency(form, lang)) for form in english_forms(word))


_SUFFIXES: Final = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def english_forms(word: str) -> list[str]:
    """The word and the plain forms it may be inflected from: 'sews' -> ['sews', 'sew']."""
    lower = word.casefold()
    forms = [lower]
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            forms.append(lower[: -len(suffix)] + replacement)
    return forms


# --- numbers ------------------------------------------------------------------------------

_PERCENT: Final = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_FRACTION_OF: Final = re.compile(r"(?<![\w/.])(\d+)/(\d+)\s+of\b|([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])\s+of\b")
_UNICODE_FRACTIONS: Final = {
    "½": Fraction(1, 2),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅕": Fraction(1, 5),
    "⅖": Fraction(2, 5),
    "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5),
    "⅙": Fraction(1, 6),
    "⅚": Fraction(5, 6),
    "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8),
    "⅝": Fraction(5, 8),
    "⅞": Fraction(7, 8),
}


def in_words(share: Fraction) -> str:
    """A share as 'N in M', the way patients understand risk best: 0.2 -> '1 in 5', 0.87 -> 'about 9 in 10'.

    Shares of a fifth or more become the nearest half, third, quarter, fifth
    or tenth; smaller ones '1 in M' when that is near a whole number up to 20
    (5 % -> '1 in 20'), else 'N in 100' (2.9 % -> 'about 3 in 100'), and
    below 1 % '1 in M' rounded to two figures (0.9 % -> 'about 1 in 110').
    '' for none, nearly all (over 95 %) or all.
    """
    if share <= 0 or share > Fraction(95, 100):
        return ""
    if share >= Fraction(1, 5):
        candidates = [Fraction(n, m) for m in (2, 3, 4, 5, 10) for n in range(1, m)]
        near = min(candidates, key=lambda c: (abs(c - share), c.denominator))
    elif round(1 / share) <= 20 and abs(round(1 / share) * share - 1) <= Fraction(1, 20):
        near = Fraction(1, round(1 / share))
    elif share >= Fraction(1, 100):
        near = Fraction(round(share * 100), 100)
        if near.numerator != 1:
            about = "" if near == share else "about "
            return f"{about}{round(share * 100)} in 100"
    else:
        whole = round(1 / share)
        figures = max(len(str(whole)) - 2, 0)
        near = Fraction(1, round(whole, -figures))
    about = "" if near == share else "about "
    return f"{about}{near.numerator} in {near.denominator:,}"


_STRENGTH_WORDS: Final = frozenset(
    {
        "lotion",
        "shampoo",
        "cream",
        "gel",
        "solution",
        "suspension",
        "spray",
        "ointment",
        "rinse",
        "foam",
        "drops",
        "wash",
        "strength",
        "concentration",
        "alcohol",
    }
)
"""Words before a percentage that make it a strength ('permethrin lotion 1%'), not a share of people."""


def _is_strength(before: str) -> bool:
    words = re.findall(r"[^\W\d_]+", before.casefold())[-2:]
    return any(word in _STRENGTH_WORDS for word in words)


def number_findings(sentences: Sequence[Sentence], *, path: Path) -> list[CheckFinding]:
    """Percentages and fractions of people, with the 'N in M' that reads easier."""
    found = []
    for s in sentences:
        for match in _PERCENT.finditer(s.text):
            words = in_words(Fraction(match.group(1)) / 100)
            if words and not _is_strength(s.text[: match.start()]):
                message = (
                    f"'{match.group(0)}' is easier to picture as '{words}' (\"{quote(s.text)}\"): "
                    f"write '{words} people' or the like"
                )
                found.append(_finding(path, s.line, "number", message, s.text))
        for match in _FRACTION_OF.finditer(s.text):
            share = (
                Fraction(int(match.group(1)), int(match.group(2)))
                if match.group(1) and int(match.group(2))
                else _UNICODE_FRACTIONS.get(match.group(3) or "", Fraction(0))
            )
            words = in_words(share)
            if words:
                written = match.group(0).removesuffix("of").strip()
                message = (
                    f"'{written}' is easier to picture as '{words}' (\"{quote(s.text)}\"): "
                    f"write '{words}' instead"
                )
                found.append(_finding(path, s.line, "number", message, s.text))
    return found
