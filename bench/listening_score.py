"""Scoring what was heard: the same words written two ways are not a mishearing.

The recogniser writes what it hears in its own spelling, and the reference is the printed text.
Two kinds of difference are the writing, not the hearing, and are scored alike on both sides:

- **Symbols the audio rightly says in words.** Both texts, the reference and the transcript, get
  the same readings before scoring: "130°F" and "130 degrees Fahrenheit" both become the words, as
  do a range of numbers ("5 to 10" for a dash or a hyphen between two numbers), a common
  fraction before a word ("1/4 inch": "one quarter inch") and a unit after a number or after "/"
  ("15 kg", "200 micrograms/kg": "15 kilograms", "200 micrograms per kilogram"), and a Roman
  numeral after stage, type, phase, grade or class ("stage IIIA": "stage 3A"). The table is
  the benchmark's own, not Handout's normaliser, so a unit Handout says wrongly is still an error.
- **Spellings of the same sounds.** After alignment, an error region counts as heard when its two
  sides are the same letters once spaces are taken out ("head lice" written "headlice") or every
  word of it sounds the same as eSpeak NG says it and the word written is a word of English ("nits"
  written "knits"; not "nevi" written "nevy", a sound the recogniser did not know as a word). A
  listener cannot tell such words apart by ear. Each one is listed, and the raw WER is printed beside the scored one.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

_UNITS: Final = {
    "mg": ("milligram", "milligrams"),
    "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"),
    "μg": ("microgram", "micrograms"),
    "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"),
    "mL": ("milliliter", "milliliters"),
    "ml": ("milliliter", "milliliters"),
    "L": ("liter", "liters"),
    "dL": ("deciliter", "deciliters"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
}
"""Unit symbols and how they are read, singular and plural."""

_UNIT: Final = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_DEGREES: Final = re.compile(r"(\d)\s*°\s*([FC])\b")
_RANGE: Final = re.compile(r"(\d)\s*[–—]\s*(?=\d)|(?<![\d\-–/])(?<!\d[.,])(\d+)-(?=\d+(?!\d|[-–/]|[.,]\d))")
"""A range: an en dash between numbers, or a hyphen between two numbers alone (not a phone number
or a date): the recogniser writes "8 to 12" heard as "8-12"."""
_FRACTION: Final = re.compile(r"(?<![\d/])([1-3])/([2-4])(?![\d/])(?=\s+[^\W\d_])")
_FRACTIONS: Final = {
    "1/2": "one half",
    "1/3": "one third",
    "2/3": "two thirds",
    "1/4": "one quarter",
    "3/4": "three quarters",
}
_AFTER_NUMBER: Final = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_UNIT})(?![\w/])")
_PER: Final = re.compile(rf"(?<=[^\W\d_])\s*/\s*({_UNIT})(?!\w)")
_ROMAN: Final = re.compile(r"\b(stage|type|phase|grade|class)\s+(IV|V?I{1,3}|V|IX|X)([A-C]?)\b", re.IGNORECASE)
"""A Roman numeral after the words it numbers, in capitals (with a stage's letter): the audio says
"stage 4" for "stage IV", and the recogniser writes either."""
_ROMAN_VALUES: Final = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def _arabic(match: re.Match[str]) -> str:
    word, numeral, letter = match.groups()
    if numeral != numeral.upper() or letter != letter.upper():  # "type i" is no numeral
        return match.group(0)
    return f"{word} {_ROMAN_VALUES[numeral]}{letter}"


def said_as_words(text: str) -> str:
    """`text` with degrees, number ranges and units after a number or "/" written as words."""
    text = _DEGREES.sub(
        lambda m: f"{m.group(1)} degrees {'Fahrenheit' if m.group(2) == 'F' else 'Celsius'}", text
    )
    text = _RANGE.sub(lambda m: f"{m.group(1) or m.group(2)} to ", text)
    text = _FRACTION.sub(lambda m: _FRACTIONS.get(m.group(0), m.group(0)), text)
    text = _PER.sub(lambda m: f" per {_UNITS[m.group(1)][0]}", text)
    text = _ROMAN.sub(_arabic, text)

    def unit(match: re.Match[str]) -> str:
        number, symbol = match.groups()
        singular, plural = _UNITS[symbol]
        return f"{number} {singular if number == '1' else plural}"

    return _AFTER_NUMBER.sub(unit, text)


@functools.cache
def sounds(word: str) -> str:
    """How eSpeak NG says `word` (its phonemes without stress marks); '' without eSpeak NG."""
    espeak = shutil.which("espeak-ng")
    if espeak is None or not word.isalpha():
        return ""
    done = subprocess.run(
        [espeak, "-q", "-x", "-v", "en-us", word], capture_output=True, text=True, check=False
    )
    return re.sub(r"[\s'ˈˌ,]", "", done.stdout)


def same_spelled(ref: str, hyp: str) -> bool:
    """Whether an error region's two sides are one set of words written two ways."""
    parts = spelled_parts(ref, hyp)
    return parts == [(ref, hyp)] or (bool(parts) and len(parts) == len(ref.split()))


def spelled_parts(ref: str, hyp: str) -> list[tuple[str, str]]:
    """The parts of an error region that are the same words written otherwise: the whole region,
    or in a region of as many words heard as said, each word that sounds the same ("doctor nits"
    heard "docker knits": only "nits").

    A word heard the same way is forgiven only when what the recogniser wrote is a word of English
    (wordfreq, at least once in 100 million words): "knits" is a choice between two words, "nevy"
    for "nevi" or "Petru" for "Petrou" is the recogniser writing sounds it did not know as a word,
    and eSpeak NG cannot judge those, as Piper says words with eSpeak NG's sounds too.
    """
    from wordfreq import zipf_frequency

    refs, hyps = ref.split(), hyp.split()
    if not refs or not hyps:
        return []
    if "".join(refs) == "".join(hyps):
        return [(ref, hyp)]
    if len(refs) != len(hyps):
        return []
    return [
        (r, h)
        for r, h in zip(refs, hyps, strict=True)
        if sounds(r) and sounds(r) == sounds(h) and zipf_frequency(h, "en") >= ENGLISH_WORD
    ]


ENGLISH_WORD: Final = 2.0
"""wordfreq's Zipf frequency of a word of English: at least once in 100 million words."""


def spelling_only(spans: Iterable[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """The same words written otherwise, in the error regions: (reference, heard) -> how many times."""
    return Counter(part for s in spans for part in spelled_parts(s["ref"], s["hyp"]))


def errors_in(ref: str, hyp: str) -> int:
    """The errors an aligned region with no matching word counts: one per word of its longer side."""
    return max(len(ref.split()), len(hyp.split()))


def rescored(report: dict[str, Any]) -> dict[str, Any]:
    """`report` with spelling-only regions not counted as errors: its `wer`, `raw_wer`, `spellings` and misheard words."""
    spellings = spelling_only(report["error_spans"])
    forgiven = sum(errors_in(ref, hyp) * count for (ref, hyp), count in spellings.items())
    errors = report["substitutions"] + report["deletions"] + report["insertions"]
    words = report["ref_words"]
    spelled_words = Counter(
        w for (ref, _), count in spellings.items() for w in ref.split() for _ in range(count)
    )
    heard_as: dict[str, Counter[str]] = {}
    for (ref, hyp), count in spellings.items():
        refs, hyps = ref.split(), hyp.split()
        for index, word in enumerate(refs):
            said = (
                hyps[index] if len(refs) == len(hyps) else (hyps[index] if index < len(hyps) else "<deleted>")
            )
            heard_as.setdefault(word, Counter())[said] += count
    misheard = []
    for row in report["top_misrecognized"]:
        left = row["errors"] - spelled_words.get(row["word"], 0)
        if left > 0:
            spelled = heard_as.get(row["word"], Counter())
            kept = {w: c - spelled[w] for w, c in row["heard_as"].items() if c > spelled[w]}
            misheard.append({**row, "errors": left, "heard_as": kept})
    return {
        **report,
        "raw_wer": report["wer"],
        "wer": (errors - forgiven) / words if words else 0.0,
        "spellings": [
            {"ref": ref, "heard": hyp, "times": count} for (ref, hyp), count in spellings.most_common()
        ],
        "top_misrecognized": misheard,
    }
