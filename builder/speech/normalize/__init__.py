"""Text normalisation for speech: what a speech engine should read for some printed words.

Engines misread much of what print gets away with, and a misread dose or
threshold is the worst failure an audio handout can have. The rules here say
what a careful reader would: units with their plural and "per" ("5 mg/kg" ->
"5 milligrams per kilogram"), comparisons with their exact meaning ("≥ 38 °C"
-> "at least 38 degrees Celsius"), ranges, money, blood pressure ("130 over
80"), emergency numbers digit by digit ("9 1 1"), Roman numerals after "stage"
or "type", fractions, dimensions ("2 by 2 centimeters"), shorthand ("24/7",
"e.g.", "x2") and words written in capitals for emphasis ("Do NOT").

Everything is a pure function of the text, the language and the lexicon: no
I/O, no state. English, Spanish and French have rules (`languages.py`); a
language without rules gets the language-neutral clean-up (web addresses,
markup symbols, spacing) and its lexicon. Number formats (decimal comma or
point, thousands separators) come from Babel's data for the article's locale;
ordinals and fraction words from num2words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from builder.speech.lexicon import Lexicon
from builder.speech.normalize.languages import LanguageRules, rules_for
from builder.speech.normalize.rules import apply_rules, spoken_phone_number

__all__ = ["LanguageRules", "normalize_for_speech", "rules_for", "split_sentences", "spoken_phone_number"]


# --- the public functions --------------------------------------------------


def normalize_for_speech(text: str, *, lang: str, lexicon: Lexicon | None = None) -> str:
    """What the engine should read for `text`: numbers, symbols and listed words spelled out.

    Idempotent: normalising an already normalised text changes nothing.
    """
    rules = rules_for(lang)
    text = _clean(text, rules)
    if lexicon is not None:
        text = lexicon.apply(text)
    if rules is not None:
        text = apply_rules(text, rules, lang)
    return _tidy(text)


def split_sentences(text: str, *, lang: str) -> list[str]:
    """The sentences of a paragraph, as printed.

    A line break always ends a sentence. A full stop ends one only when a
    capital, a digit or a letter of a script without capitals (Arabic, Hebrew,
    Devanagari, Chinese...) follows and the word before it is not an abbreviation
    ('Dr. Petrou', 'e.g. Rid', 'U.S. National', '2.5' stay whole).
    """
    rules = rules_for(lang)
    no_split = rules.no_split if rules else frozenset()
    ends = rules.sentence_ends if rules else frozenset()
    sentences: list[str] = []
    for line in text.split("\n"):
        start = 0
        for match in _END.finditer(line):
            following = line[match.end() : match.end() + 2].lstrip("\"“\u2018'([")
            # A capital, a digit or a letter of a script without capitals starts a sentence.
            first = following[:1]
            if not first or first.islower() or not (first.isalpha() or first.isdigit()):
                continue
            if match.group(1) == "." and _is_abbreviation(line[start : match.start() + 1], no_split, ends):
                continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in (" ".join(s.split()) for s in sentences) if s]


# --- sentence ends ---------------------------------------------------------

_END: Final = re.compile(r"([.!?…\u061f\u06d4\u0964\u0965]+)[\"”\u2019')\]]*\s+|([。！？]+)[”」』）]*\s*")
"""A sentence's end: . ! ? … (and Arabic ؟, Urdu ۔, Devanagari । ॥) before a space; 。！？ with or
without one (Chinese and Japanese put none)."""
_INITIALS: Final = re.compile(r"(?:[A-Za-z]\.)+")


def _is_abbreviation(before: str, no_split: frozenset[str], ends: frozenset[str]) -> bool:
    """Whether the text before a full stop ends with an abbreviation or an initial (not one, such
    as 'a.m.', that a capital after it shows to end the sentence too)."""
    words = before.split()
    if not words:
        return False
    word = words[-1].lstrip("\"“\u2018'([")
    if word.lower() in ends:
        return False
    if word.lower() in no_split:
        return True
    # "U.S.", "e.g.", "J." (a capital initial) but not "cells." or "A." ending "vitamin A."
    return bool(_INITIALS.fullmatch(word)) and (len(word) > 2 or word[0].isupper())


# --- language-neutral clean-up ---------------------------------------------

_URL: Final = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_EMAIL: Final = re.compile(r"\b[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b")
_SUBSCRIPTS: Final = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
"""Subscript figures ('SpO₂', 'CO₂') read as figures: the engines skip or spell them."""
_VULGAR: Final = re.compile(r"(?:(\d)\s?)?([\u00bc-\u00be\u2150-\u215e])")


def _clean(text: str, rules: LanguageRules | None) -> str:
    """Web addresses as their site's name; characters an engine would spell out or choke on."""

    def site(match: re.Match[str]) -> str:
        url = match.group(0).rstrip(".,;:!?'\"")
        trailing = match.group(0)[len(url) :]
        host = re.sub(r"^(?:https?://)?(?:www\d?\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
        host = host.split("?")[0].split("#")[0].split(":")[0]
        if rules is not None:
            host = f" {rules.dot} ".join(part for part in host.split(".") if part)
        return host + trailing

    text = _URL.sub(site, text).translate(_SUBSCRIPTS)
    if rules is not None:
        text = _EMAIL.sub(lambda m: m.group(0).replace("@", " at ").replace(".", f" {rules.dot} "), text)

    def vulgar(match: re.Match[str]) -> str:
        written = unicodedata.normalize("NFKC", match.group(2)).replace("\u2044", "/")
        return f"{match.group(1)} {written}" if match.group(1) else written

    text = _VULGAR.sub(vulgar, text)
    # the fraction slash, the minus sign and the figure dash, the ring typed for a degree, runs of spaces
    text = text.replace("\u2044", "/").replace("\u2212", "-").replace("\u2012", "-")
    text = text.replace("℃", "°C").replace("℉", "°F")
    text = re.sub(r"(?<=\d)\s?˚", "°", text)
    text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)
    text = re.sub(r"(?<=\d)\s?º\s?(?=[CF]\b)", "°", text)  # the ordinal sign typed for a degree
    # "1 / 2 tablet", "150 / 95 mm Hg": a slash between numbers means the same spaced or not, by any
    # space (never dropped as a stray symbol: "1 2 tablet")
    text = re.sub(r"(?<=\d)[ \u00a0\u202f\u2009]?/[ \u00a0\u202f\u2009]?(?=\d)", "/", text)
    # "1-1/2 tsp": a whole number and a fraction, as American labels join them
    text = re.sub(r"(?<![\d/.-])(\d{1,2})-(\d/\d{1,2})(?![\d/])", r"\1 \2", text)
    # "38,5º", "fiebre de 38º": a degree too after a decimal or a word for a temperature ("1º" is an ordinal)
    text = re.sub(r"(?<=\d[.,]\d)º|(?<=\d[.,]\d\d)º", "°", text)
    text = re.sub(
        r"(?<=\d)º",
        lambda m: "°" if _TEMPERATURE_WORDS.search(m.string[max(0, m.start() - 30) : m.start()]) else "º",
        text,
    )
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("…", "...")
    if rules is not None and not any(c.islower() for c in text) and len(text.split()) > 2:
        # a label printed in capitals ("NO SUPERAR 4 G EN 24 H", "NE PAS DÉPASSER 4 000 MG"): its units
        # after a number are the units in lower case
        lower = {unit.lower(): unit for unit in rules.units if unit.lower() != "l" and unit.upper() != unit}
        # ("4G" joined is a network; "500MG" a dose)
        text = re.sub(
            r"(?<=\d)(\s|(?=[A-ZÀ-Ý]{2}))([A-ZÀ-Ý]{1,4})(?=[\s/.,;:)]|$)",
            lambda m: m.group(1) + lower.get(m.group(2).lower(), m.group(2)),
            text,
        )
    return text


_TEMPERATURE_WORDS: Final = re.compile(
    r"\b(?:fiebre|temperatura|febrícula|fièvre|température|fever|temperature|temp)\b[^.;]*$", re.IGNORECASE
)


_DROP: Final = re.compile(r"[*|•·#_~`^\\{}\[\]<>®™©†‡§¶]")


def _tidy(text: str) -> str:
    """Dashes as pauses; symbols dropped; spaces and commas as a careful typist would leave them."""
    text = re.sub(r"(?<=[^\W\d_])[\u2010\u2011\u2013](?=[^\W\d_])", "-", text)  # joined by a dash: one word
    text = re.sub(r"\s*(?:—|\u2013|--+)\s*", ", ", text)
    text = re.sub(r"(?:(?<=\s)|^)-(?=\s)", ",", text)
    text = _DROP.sub(" ", text)
    text = re.sub(r"(?<![\w])/|/(?![\w])", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r"([;:!?]),", r"\1", text)
    text = re.sub(r",([.;:!?])", r"\1", text)
    text = re.sub(r"^[,;:.]\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


# --- the rules of one language: rules.py ------------------------------------
