"""Text normalisation for speech: what a speech engine should read for some printed words.

Engines misread much of what print gets away with: "337-44" (pages), "87%",
"e.g.", "Dr.", "¼", "130°F", web addresses, trademark asterisks. Everything
here is a pure function of the text, the language and the lexicon: no I/O, no
state. English has full rules; a language without rules only gets the
language-neutral clean-up (web addresses, markup symbols, spacing) and its
lexicon, so the engine still hears nothing unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from builder.labels import long_date
from builder.speech.lexicon import Lexicon

# --- language rules --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The words one language uses to say numbers, symbols and abbreviations."""

    abbreviations: Mapping[str, str]
    """Printed abbreviation (case as written) -> words."""
    no_split: frozenset[str]
    """Lower-case tokens ending in '.' that never end a sentence ('dr.', 'e.g.')."""
    to: str
    """Between the ends of a range: '337 to 344'."""
    percent: str
    dot: str
    """Between the parts of a web address: 'cancer dot gov'."""
    and_word: str
    or_word: str
    plus: str
    about: str
    less_than: str
    more_than: str
    number: str
    """For '#5' and 'No. 5'."""
    degrees: Mapping[str, str]
    """'F' -> 'degrees Fahrenheit', '' -> 'degrees'."""
    fractions: Mapping[str, str]
    """'1/4' -> 'one quarter'."""
    units: Mapping[str, tuple[str, str]]
    """Unit after a number -> (singular, plural)."""
    month_first: bool = True
    """Whether 3/12/2024 means March 12 in the United States (the other regions read 3 December)."""
    extra: tuple[tuple[re.Pattern[str], str], ...] = field(default=())
    """Last, language-specific rewrites."""


_ENGLISH: Final = LanguageRules(
    abbreviations={
        "e.g.": "for example",
        "E.g.": "For example",
        "i.e.": "that is",
        "I.e.": "That is",
        "etc.": "et cetera",
        "et al.": "and colleagues",
        "vs.": "versus",
        "vs": "versus",
        "Dr.": "Doctor",
        "Drs.": "Doctors",
        "Mr.": "Mister",
        "Mrs.": "Missus",
        "Ms.": "Miz",
        "Prof.": "Professor",
        "Jr.": "Junior",
        "Sr.": "Senior",
        "approx.": "approximately",
        "Fig.": "Figure",
        "a.m.": "A M",
        "p.m.": "P M",
        "U.S.": "U. S.",
        "U.K.": "U. K.",
        "and/or": "and or",
    },
    no_split=frozenset(
        {
            "dr.",
            "drs.",
            "mr.",
            "mrs.",
            "ms.",
            "prof.",
            "jr.",
            "sr.",
            "st.",
            "vs.",
            "no.",
            "fig.",
            "approx.",
            "al.",
        }
    ),
    to="to",
    percent="percent",
    dot="dot",
    and_word="and",
    or_word="or",
    plus="plus",
    about="about",
    less_than="less than",
    more_than="more than",
    number="number",
    degrees={"F": "degrees Fahrenheit", "C": "degrees Celsius", "": "degrees"},
    fractions={
        "1/2": "one half",
        "1/3": "one third",
        "2/3": "two thirds",
        "1/4": "one quarter",
        "3/4": "three quarters",
        "1/8": "one eighth",
        "3/8": "three eighths",
        "5/8": "five eighths",
        "7/8": "seven eighths",
    },
    units={
        "mm": ("millimeter", "millimeters"),
        "cm": ("centimeter", "centimeters"),
        "km": ("kilometer", "kilometers"),
        "mg": ("milligram", "milligrams"),
        "mcg": ("microgram", "micrograms"),
        "µg": ("microgram", "micrograms"),
        "kg": ("kilogram", "kilograms"),
        "g": ("gram", "grams"),
        "mL": ("milliliter", "milliliters"),
        "ml": ("milliliter", "milliliters"),
        "lb": ("pound", "pounds"),
        "lbs": ("pound", "pounds"),
        "oz": ("ounce", "ounces"),
        "ft": ("foot", "feet"),
        "in.": ("inch", "inches"),
        "Gy": ("gray", "gray"),
        "mmHg": ("millimeter of mercury", "millimeters of mercury"),
        "mg/dL": ("milligram per deciliter", "milligrams per deciliter"),
        "mmol/L": ("millimole per liter", "millimoles per liter"),
        "hr": ("hour", "hours"),
        "hrs": ("hour", "hours"),
        "min": ("minute", "minutes"),
    },
    month_first=True,
    extra=(
        (re.compile(r"\b24/7\b"), "24 7"),
        (re.compile(r"\bMM/DD/YYYY\b"), "month, day, year"),
        # word/word: "he/she", "pain/swelling" -> "he or she"
        (re.compile(r"(?<![\w/])([A-Za-z]{2,})/([A-Za-z]{2,})(?![\w/])"), r"\1 or \2"),
    ),
)

_RULES: Final[Mapping[str, LanguageRules]] = {"en": _ENGLISH}

_UNICODE_FRACTIONS: Final = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
}


def rules_for(lang: str) -> LanguageRules | None:
    """The rules for a BCP 47 tag's primary language, or None when there are none yet."""
    return _RULES.get(lang.split("-")[0].lower())


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
        text = _apply_rules(text, rules, lang)
    return _tidy(text)


def split_sentences(text: str, *, lang: str) -> list[str]:
    """The sentences of a paragraph, as printed.

    A line break always ends a sentence. A full stop ends one only when a
    capital or a digit follows and the word before it is not an abbreviation
    ('Dr. Petrou', 'e.g. Rid', 'U.S. National', '2.5' stay whole).
    """
    rules = rules_for(lang)
    no_split = rules.no_split if rules else frozenset()
    sentences: list[str] = []
    for line in text.split("\n"):
        start = 0
        for match in _END.finditer(line):
            following = line[match.end() : match.end() + 2].lstrip("\"“\u2018'([")
            if not following or not (following[0].isupper() or following[0].isdigit()):
                continue
            if match.group(1) == "." and _is_abbreviation(line[start : match.start() + 1], no_split):
                continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in (" ".join(s.split()) for s in sentences) if s]


def spoken_phone_number(phone: str, *, lang: str) -> str:
    """A phone number said digit by digit, its groups apart: '555-0100' -> '5 5 5, 0 1 0 0'."""
    rules = rules_for(lang)
    plus = rules.plus if rules else "+"
    words: list[str] = []
    for group in re.findall(r"\+|\d+|[^\W\d_]+", phone):
        if group.isdigit():
            words.append(" ".join(group))
        elif group != "+":
            words.append(group)
    spoken = ", ".join(words)
    return f"{plus} {spoken}" if phone.lstrip().startswith("+") else spoken


# --- sentence ends ---------------------------------------------------------

_END: Final = re.compile(r"([.!?…]+)[\"”\u2019')\]]*\s+")
_INITIALS: Final = re.compile(r"(?:[A-Za-z]\.)+")


def _is_abbreviation(before: str, no_split: frozenset[str]) -> bool:
    """Whether the text before a full stop ends with an abbreviation or an initial."""
    words = before.split()
    if not words:
        return False
    word = words[-1].lstrip("\"“\u2018'([")
    if word.lower() in no_split:
        return True
    # "U.S.", "e.g.", "J." (a capital initial) but not "cells." or "A." ending "vitamin A."
    return bool(_INITIALS.fullmatch(word)) and (len(word) > 2 or word[0].isupper())


# --- language-neutral clean-up ---------------------------------------------

_URL: Final = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_EMAIL: Final = re.compile(r"\b[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b")


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

    text = _URL.sub(site, text)
    if rules is not None:
        text = _EMAIL.sub(lambda m: m.group(0).replace("@", " at ").replace(".", f" {rules.dot} "), text)
    for fraction, written in _UNICODE_FRACTIONS.items():
        text = re.sub(rf"(\d)\s?{fraction}", rf"\1 {written}", text)
        text = text.replace(fraction, written)
    return text.replace("\u00a0", " ").replace("…", "...")


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


# --- the rules of one language ---------------------------------------------

_NUMBER: Final = r"\d+(?:\.\d+)?"


def _apply_rules(text: str, rules: LanguageRules, lang: str) -> str:
    for step in _STEPS:
        text = step(text, rules, lang)
    for pattern, replacement in rules.extra:
        text = pattern.sub(replacement, text)
    return text


def _abbreviations(text: str, rules: LanguageRules, lang: str) -> str:
    words = sorted(rules.abbreviations, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w/])")

    def replace(match: re.Match[str]) -> str:
        said = rules.abbreviations[match.group(0)]
        rest = match.string[match.end() :]
        # An abbreviation that ends the sentence keeps the sentence's full stop.
        if match.group(0).endswith(".") and not rest.strip() and not said.endswith("."):
            said += "."
        return said

    text = pattern.sub(replace, text)
    return re.sub(r"(?<![\w.])No\.\s?(?=\d)", f"{rules.number} ", text)


_PHONE: Final = re.compile(
    r"(?<![\w-])(?:\+?1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])"
    r"|(?<![\w-])1-800-\d-[A-Z]{4,}(?![\w-])"
)
_SHORT_PHONE: Final = re.compile(r"(?<![\w.,-])(\d{3})-(\d{4})(?![\w-])")
_PHONE_WORDS: Final = re.compile(r"\b(?:call|phone|telephone|tel|fax|dial|text|number)\b", re.IGNORECASE)


def _phones(text: str, rules: LanguageRules, lang: str) -> str:
    text = _PHONE.sub(lambda m: spoken_phone_number(m.group(0), lang=lang), text)

    def short(match: re.Match[str]) -> str:
        before = match.string[max(0, match.start() - 40) : match.start()]
        if match.group(2).startswith("0") or _PHONE_WORDS.search(before):
            return spoken_phone_number(match.group(0), lang=lang)
        return match.group(0)

    return _SHORT_PHONE.sub(short, text)


def _dates(text: str, rules: LanguageRules, lang: str) -> str:
    """ISO dates (2024-03-12) and numeric ones (3/12/2024) as people say them."""

    def said(year: str, month: str, day: str) -> str | None:
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
        return long_date(date, lang)

    month_first = rules.month_first and _region(lang) in ("", "US")

    def numeric(match: re.Match[str]) -> str:
        first, second, year = match.groups()
        month, day = (first, second) if month_first else (second, first)
        return said(year, month, day) or match.group(0)

    text = re.sub(
        r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])", lambda m: said(*m.groups()) or m.group(0), text
    )
    return re.sub(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])", numeric, text)


def _region(lang: str) -> str:
    """The region of a BCP 47 tag in capitals ('en-US' -> 'US'), or ''."""
    parts = lang.replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")


def _thousands(text: str, rules: LanguageRules, lang: str) -> str:
    return re.sub(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)", lambda m: m.group(0).replace(",", ""), text)


def _temperatures(text: str, rules: LanguageRules, lang: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)} {rules.degrees.get(match.group(2), rules.degrees[''])}"

    return re.sub(rf"({_NUMBER})\s?°\s?([FC]?)(?![\w])", replace, text)


def _ranges(text: str, rules: LanguageRules, lang: str) -> str:
    """'337-44' -> '337 to 344' (page ranges keep their leading digits); '2 to 3' for an en dash too."""

    def replace(match: re.Match[str]) -> str:
        first, first_unit, second = match.group(1), match.group(2) or "", match.group(3)
        if first.isdigit() and second.isdigit() and len(second) < len(first) and int(second) < int(first):
            second = first[: len(first) - len(second)] + second
        return f"{first}{first_unit} {rules.to} {second}"

    pattern = rf"(?<![\w.,/-])({_NUMBER})(\s?%)?\s?[-\u2013—]\s?({_NUMBER})(?![\w/]|[-\u2013]\d|\.\d)"
    return re.sub(pattern, replace, text)


def _percentages(text: str, rules: LanguageRules, lang: str) -> str:
    return re.sub(rf"({_NUMBER})\s?%", rf"\1 {rules.percent}", text)


def _fractions(text: str, rules: LanguageRules, lang: str) -> str:
    def replace(match: re.Match[str]) -> str:
        whole, fraction = match.group(1), match.group(2)
        before = match.string[max(0, match.start() - 7) : match.start()].lower()
        if before.rstrip().endswith(("phase", "stage", "grade", "type")) and not whole:
            return fraction.replace("/", f" {rules.and_word} ")
        words = rules.fractions.get(fraction)
        if words is None:
            return match.group(0)
        return f"{whole} {rules.and_word} {words}" if whole else words

    return re.sub(r"(?<![\w/.])(?:(\d+)\s)?(\d+/\d+)(?![\w/]|\.\d)", replace, text)


def _units(text: str, rules: LanguageRules, lang: str) -> str:
    names = sorted(rules.units, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<![\w.])({_NUMBER})\s?({alternatives})(?![\w/])")

    def replace(match: re.Match[str]) -> str:
        singular, plural = rules.units[match.group(2)]
        return f"{match.group(1)} {singular if match.group(1) == '1' else plural}"

    return pattern.sub(replace, text)


def _symbols(text: str, rules: LanguageRules, lang: str) -> str:
    text = re.sub(r"\s*&\s*", f" {rules.and_word} ", text)
    text = re.sub(rf"(?<![\w])[~≈]\s?(?={_NUMBER})", f"{rules.about} ", text)
    text = re.sub(rf"(?<![\w])(?:<|≤)\s?(?={_NUMBER})", f"{rules.less_than} ", text)
    text = re.sub(rf"(?<![\w])(?:>|≥)\s?(?={_NUMBER})", f"{rules.more_than} ", text)
    text = re.sub(r"(?<![\w])#\s?(?=\d)", f"{rules.number} ", text)
    return re.sub(r"(?<=\d)\s?\+(?!\w)|(?<![\w])\+(?=\d)", f" {rules.plus} ", text)


_STEPS: Final[tuple[Callable[[str, LanguageRules, str], str], ...]] = (
    _abbreviations,
    _phones,
    _dates,
    _thousands,
    _temperatures,
    _ranges,
    _percentages,
    _fractions,
    _units,
    _symbols,
)
