"""The rules of one language, in the order `normalize_for_speech` applies them (see `STEPS`).

Each rule is a pure function `(text, rules, lang) -> text` that rewrites one kind of printed
thing (a dose, a range, a date, a Roman numeral) into the words a careful reader would say.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol
from num2words import num2words

from builder.labels import long_date
from builder.speech.normalize.languages import LanguageRules, rules_for

_NUM: Final = r"\d+(?:\.\d+)?"
"""A number once `_numbers` has made it plain: digits, and a full stop before any decimals."""
_DASH: Final = r"[-\u2010\u2011\u2013\u2014]"


def apply_rules(text: str, rules: LanguageRules, lang: str) -> str:
    for step in STEPS:
        text = step(text, rules, lang)
    return text


def _alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, longest first so that 'mg/dL' wins over 'mg'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _is_singular(number: str, rules: LanguageRules) -> bool:
    value = float(number.lstrip("-"))
    if rules.plural_from == "two":
        return value < 2
    return number.lstrip("-") == "1"


def _abbreviations(text: str, rules: LanguageRules, lang: str) -> str:
    for shorthand, replacement in rules.shorthand:
        text = re.sub(shorthand, replacement, text)
    pattern = re.compile(rf"(?<![\w.])(?:{_alternation(rules.abbreviations)})(?![\w/])")

    def replace(match: re.Match[str]) -> str:
        said = rules.abbreviations[match.group(0)]
        rest = match.string[match.end() :]
        # An abbreviation that ends the sentence keeps the sentence's full stop.
        if match.group(0).endswith(".") and not rest.strip() and not said.endswith("."):
            said += "."
        return said

    text = pattern.sub(replace, text)
    text = re.sub(r"(?<![\w.])No\.\s?(?=\d)", f"{rules.number} ", text)
    if rules.code == "en":
        text = re.sub(
            r"(?<!\d)(\d{1,2}(?::\d{2})?)\s?(a|p)\.?m\.?(?![\w])",
            lambda m: f"{m.group(1)} {m.group(2).upper()} M",
            text,
            flags=re.IGNORECASE,
        )
    return text


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

    text = _SHORT_PHONE.sub(short, text)
    # "9-1-1": single digits joined by hyphens are said one by one
    text = re.sub(r"(?<![\w.-])\d(?:-\d){2,}(?![\w-])", lambda m: m.group(0).replace("-", " "), text)
    numbers = rules.emergency_numbers | rules.context_numbers
    if not numbers:
        return text
    calls = re.compile(rf"\b(?:{'|'.join(rules.call_words)})\b[^.!?]{{0,30}}$", re.IGNORECASE)

    def emergency(match: re.Match[str]) -> str:
        number = match.group(0)
        if number in rules.emergency_numbers or calls.search(match.string[: match.start()]):
            return " ".join(number)
        return number

    written = {u for u in rules.units if not u.startswith("in")}
    spoken = {said.split()[0] for pair in rules.units.values() for said in pair}
    units = _alternation(written | spoken)
    after = rf"(?!\s?(?:%|(?:{units})(?![\w])))"
    return re.sub(
        rf"(?<![\w.,/$€£-])(?:{'|'.join(sorted(numbers))})(?![\w.,/]\d|\d|[-:]\d){after}", emergency, text
    )


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


@functools.lru_cache(maxsize=32)
def _number_symbols(lang: str) -> tuple[str, str]:
    """The locale's decimal sign and thousands separator, from Babel's CLDR data."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_US")
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _numbers(text: str, rules: LanguageRules, lang: str) -> str:
    """Numbers as plain digits with a full stop before any decimals: '1,000' -> '1000', '2,5' -> '2.5'."""
    decimal, group = _number_symbols(lang)
    groups = {group, " "} if group in ("\u202f", "\u00a0", " ") else {group}
    group_class = "[" + "".join(re.escape(g) for g in groups) + "]"
    pattern = (
        rf"(?<![\w.,])(\d{{1,3}}(?:{group_class}\d{{3}})+|\d+)(?:{re.escape(decimal)}(\d+))?(?![\w]|[.,]\d)"
    )

    def plain(match: re.Match[str]) -> str:
        whole = re.sub(group_class, "", match.group(1))
        if match.group(1) != whole and decimal == "," and group == "." and not match.group(2):
            # "1.500" in a decimal-comma language is fifteen hundred; keep it so.
            return whole
        return whole + (f".{match.group(2)}" if match.group(2) else "")

    if decimal == ".":
        return re.sub(
            r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)", lambda m: m.group(0).replace(",", ""), text
        )
    return re.sub(pattern, plain, text)


def _times(text: str, rules: LanguageRules, lang: str) -> str:
    """'8:30' -> '8 30', '8:00' -> '8 o'clock' (English), '8:05' -> '8 oh 5'."""
    if rules.code != "en":
        return re.sub(r"(?<![\w:])(\d{1,2}):(\d{2})(?![\w:])", r"\1 \2", text)

    def said(match: re.Match[str]) -> str:
        hour, minutes = match.group(1), match.group(2)
        if minutes == "00":
            return hour if re.match(r"\s?[AP] M", match.string[match.end() :]) else f"{hour} o'clock"
        return f"{hour} oh {minutes[1]}" if minutes.startswith("0") else f"{hour} {minutes}"

    return re.sub(r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])", said, text)


def _temperatures(text: str, rules: LanguageRules, lang: str) -> str:
    def replace(match: re.Match[str]) -> str:
        first, second, scale = match.group(1), match.group(2), match.group(3) or ""
        singular, plural = rules.degrees.get(scale, rules.degrees[""])
        unit = singular if _is_singular(second or first, rules) else plural
        if second:
            return f"{first} {rules.to} {second} {unit}"
        return f"{first} {unit}"

    range_part = rf"(?:\s?(?:°\s?[CF]?)?\s?(?:{_DASH}|\s{re.escape(rules.to)}\s)\s?(-?{_NUM}))?"
    return re.sub(rf"(-?{_NUM}){range_part}\s?°\s?([CF]?)(?![\w])", replace, text)


def _money(text: str, rules: LanguageRules, lang: str) -> str:
    """'$25' -> '25 dollars', '$25–$50' -> '25 to 50 dollars', '$1.50' -> '1 dollar and 50 cents'."""
    signs = _alternation(rules.money)
    scale = r"(?:\s(million|billion|thousand|millones|millón|mil|millions?|milliards?))?"

    def amount(number: str, sign: str, big: str | None) -> str:
        singular, plural = rules.money[sign]
        if big:
            return f"{number} {big} {plural}"
        whole, _, cents = number.partition(".")
        if rules.cents is not None and cents:
            cents = (cents + "0")[:2]
            cent_word = rules.cents[0] if cents == "01" else rules.cents[1]
            if whole == "0":
                return f"{int(cents)} {cent_word}"
            unit = singular if whole == "1" else plural
            return (
                f"{whole} {unit} {rules.and_word} {int(cents)} {cent_word}"
                if int(cents)
                else f"{whole} {unit}"
            )
        return f"{number} {singular if _is_singular(number, rules) else plural}"

    def prefix_range(match: re.Match[str]) -> str:
        sign, first, second, big = match.group(1), match.group(2), match.group(3), match.group(4)
        return f"{first} {rules.to} {amount(second, sign, big)}"

    text = re.sub(
        rf"({signs})\s?({_NUM})\s?(?:{_DASH}|\s{re.escape(rules.to)}\s)\s?(?:{signs})?\s?({_NUM}){scale}(?![\w])",
        prefix_range,
        text,
    )
    text = re.sub(
        rf"({signs})\s?({_NUM}){scale}(?![\w])", lambda m: amount(m.group(2), m.group(1), m.group(3)), text
    )

    def suffix(match: re.Match[str]) -> str:
        first, second, sign = match.group(1), match.group(2), match.group(3)
        said = amount(second or first, sign, None)
        return f"{first} {rules.to} {said}" if second else said

    return re.sub(rf"(?<![\w.])({_NUM})(?:\s?{_DASH}\s?({_NUM}))?\s?({signs})(?![\w])", suffix, text)


def _blood_pressure(text: str, rules: LanguageRules, lang: str) -> str:
    """'130/80 mmHg' and 'blood pressure 120/80' -> '130 over 80'."""

    def replace(match: re.Match[str]) -> str:
        high, low = int(match.group(1)), int(match.group(2))
        after = match.string[match.end() : match.end() + 8]
        before = match.string[max(0, match.start() - 40) : match.start()].lower()
        if (
            re.match(r"\s?mm\s?Hg", after)
            or re.search(r"\b(?:pressure|bp|presión|tension|pression)\b", before)
            or (70 <= high <= 260 and 30 <= low <= 160 and high > low)
        ):
            return f"{high} {rules.over} {low}"
        return match.group(0)

    return re.sub(r"(?<![\w/.])(\d{2,3})/(\d{2,3})(?![\w/]|\.\d)", replace, text)


def _dimensions(text: str, rules: LanguageRules, lang: str) -> str:
    """'2 × 2 cm' and '2x3 cm' -> '2 by 2 cm', then '2 by 2 centimeters'."""
    unit = rf"(?:\s?(?:{_alternation(rules.units)}))?"
    pattern = re.compile(rf"(?<![\w.])({_NUM}){unit}\s?[×xX*]\s?(?={_NUM})")
    previous = None
    while previous != text:
        previous = text
        text = pattern.sub(lambda m: m.group(0).rstrip(" ×xX*").rstrip() + f" {rules.by} ", text)
    # what is left is a count: "x2 daily", "take 2x", "× 3" -> "2 times"
    text = re.sub(r"(?<![\w.])(\d+)\s?[x×](?![\w.])", rf"\1 {rules.times}", text)
    return re.sub(r"(?<![\w.])[x×]\s?(\d+)(?![\w.])", rf"\1 {rules.times}", text)


def _comparisons(text: str, rules: LanguageRules, lang: str) -> str:
    signs = _alternation(rules.comparisons)
    # "5 ± 2": between two numbers
    text = re.sub(r"(?<=\d)\s?(±|\+/-)\s?(?=-?\d)", lambda m: f" {rules.comparisons[m.group(1)]} ", text)
    return re.sub(
        rf"(?<![\w<>=])({signs})\s?(?=-?\.?\d)", lambda m: f"{rules.comparisons[m.group(1)]} ", text
    )


def _ranges(text: str, rules: LanguageRules, lang: str) -> str:
    """'337-44' -> '337 to 344' (page ranges keep their leading digits); '2–3 mg' -> '2 to 3 mg'."""
    units = _alternation(rules.units)

    def replace(match: re.Match[str]) -> str:
        first, first_unit, second = match.group(1), match.group(2) or "", match.group(3)
        if first.isdigit() and second.isdigit() and len(second) < len(first) and int(second) < int(first):
            second = first[: len(first) - len(second)] + second
        return f"{first}{first_unit} {rules.to} {second}"

    pattern = (
        rf"(?<![\w.,/-])({_NUM})(\s?%|\s?(?:{units})(?![\w]))?\s?[-\u2013—]\s?(-?{_NUM})"
        rf"(?![\w/]|[-\u2013]\d|\.\d)"
    )
    return re.sub(pattern, replace, text)


def _percentages(text: str, rules: LanguageRules, lang: str) -> str:
    return re.sub(rf"({_NUM})\s?%", rf"\1 {rules.percent}", text)


def _fraction_words(numerator: int, denominator: int, rules: LanguageRules) -> str | None:
    if not 0 < numerator < denominator <= 16:
        return None
    if rules.code == "en":
        names = {2: ("half", "halves"), 4: ("quarter", "quarters")}
        singular, plural = names.get(denominator) or (
            num2words(denominator, lang="en", to="ordinal"),
            num2words(denominator, lang="en", to="ordinal") + "s",
        )
        count = "one" if numerator == 1 else num2words(numerator, lang="en")
        return f"{count} {singular if numerator == 1 else plural}"
    if rules.code == "es":
        names_es = {2: "medio", 3: "tercio", 4: "cuarto"}
        word = names_es.get(denominator) or num2words(denominator, lang="es", to="ordinal")
        count = "un" if numerator == 1 else num2words(numerator, lang="es")
        return f"{count} {word}{'' if numerator == 1 else 's'}"
    if rules.code == "fr":
        names_fr = {2: "demi", 3: "tiers", 4: "quart"}
        word = names_fr.get(denominator) or num2words(denominator, lang="fr", to="ordinal")
        count = "un" if numerator == 1 else num2words(numerator, lang="fr")
        plural = "" if numerator == 1 or word.endswith("s") else "s"
        return f"{count} {word}{plural}"
    return None


def _fractions(text: str, rules: LanguageRules, lang: str) -> str:
    numbered = "|".join(rules.numbered_words)

    def replace(match: re.Match[str]) -> str:
        whole, fraction = match.group(1), match.group(2)
        before = match.string[max(0, match.start() - 10) : match.start()].lower()
        if re.search(rf"(?:{numbered})s?\s*$", before) and not whole:
            return fraction.replace("/", f" {rules.and_word} ")
        top, bottom = (int(part) for part in fraction.split("/"))
        words = _fraction_words(top, bottom, rules)
        if words is None:
            return match.group(0)
        return f"{whole} {rules.and_word} {words}" if whole else words

    return re.sub(r"(?<![\w/.])(?:(\d+)\s)?(\d+/\d+)(?![\w/]|\.\d)", replace, text)


def _units(text: str, rules: LanguageRules, lang: str) -> str:
    """'5 mg' -> '5 milligrams', '5 mg/kg' -> '5 milligrams per kilogram', '3 doses/day' -> '... per day'."""
    plain_units = {name: said for name, said in rules.units.items() if name not in ("in", "in.")}
    names = _alternation(plain_units)
    per_names = _alternation({**{k: v[0] for k, v in plain_units.items()}, **rules.per_words})

    def per_word(name: str) -> str:
        return rules.per_words.get(name) or rules.units[name][0]

    def unit_said(name: str, number: str, adjective: bool) -> str:
        singular, plural = rules.units[name]
        return singular if adjective or _is_singular(number, rules) else plural

    number = rf"(?<![\w.])(-?{_NUM})"
    per_part = rf"((?:/(?:{per_names})(?![\w]))*)"

    def replace(match: re.Match[str]) -> str:
        value, hyphen, name, pers = match.group(1), match.group(2), match.group(3), match.group(4)
        said = f"{value} {unit_said(name, value, hyphen == '-')}"
        for denominator in filter(None, pers.split("/")):
            said += f" {rules.per} {per_word(denominator)}"
        return said

    text = re.sub(rf"{number}(\s?|-)({names})(?![\w²³]){per_part}(?![\w])", replace, text)
    if rules.code == "en":
        inch = r"(?=\s*(?:[.,;:)]|$|wide|long|deep|tall|thick|across|in diameter|by\b|or\b|and\b|to\b))"
        text = re.sub(
            rf"{number}\s?(in\.?){inch}",
            lambda m: (
                f"{m.group(1)} {unit_said('in', m.group(1), False)}"
                + ("." if m.group(2).endswith(".") and not m.string[m.end() :].strip() else "")
            ),
            text,
        )

    # "3 doses/day", "10 breaths/min": a counted word per a time or count word
    text = re.sub(
        rf"{number}\s([^\W\d_]+)/({per_names})(?![\w/])",
        lambda m: f"{m.group(1)} {m.group(2)} {rules.per} {per_word(m.group(3))}",
        text,
    )

    # a unit pair standing alone: "(mg/dL)" -> "milligrams per deciliter"
    def pair(match: re.Match[str]) -> str:
        return f"{rules.units[match.group(1)][1]} {rules.per} {per_word(match.group(2))}"

    return re.sub(rf"(?<![\w/])({names})/({per_names})(?![\w/])", pair, text)


_ROMAN: Final = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int | None:
    total, previous = 0, 0
    for letter in reversed(numeral.upper()):
        value = _ROMAN[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    canonical = _to_roman(total)
    return total if canonical == numeral.upper() else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + letters, value - number
    return out


def _roman_numerals(text: str, rules: LanguageRules, lang: str) -> str:
    """'stage IV' -> 'stage 4', 'Type II' -> 'Type 2', 'stages II and IIIA' -> 'stages 2 and 3 A'."""
    numbered = "|".join(rules.numbered_words)
    numeral = r"[IVX]+(?:[A-Da-d](?![\w]))?(?![\w])"
    # ", and" too: "stages IIIA, IIIB, and IIIC". A joined "I" before a lower-case word is the pronoun.
    words = rf"(?:{rules.and_word}|{rules.or_word}|{rules.to}|through)"
    joiner = rf"(?:,?\s+{words}\s+|,\s*|\s?[-/–]\s?)"
    joined = rf"{joiner}(?!(?-i:I\s+[a-z])){numeral}"
    pattern = re.compile(rf"\b((?:{numbered})s?)\s+({numeral}(?:{joined})*)", re.IGNORECASE)

    def one(match: re.Match[str]) -> str:
        letters, sub = match.group(1), match.group(2)
        value = _roman_value(letters)
        if value is None:
            return match.group(0)
        return f"{value} {sub.upper()}" if sub else str(value)

    def replace(match: re.Match[str]) -> str:
        if match.group(2)[0].islower():
            return match.group(0)
        said = re.sub(r"(?<![\w])([IVX]+)([A-Da-d])?(?![\w])", one, match.group(2))
        said = re.sub(r"\s?[-–]\s?(?=\d)", f" {rules.to} ", said)
        said = re.sub(r"\s?/\s?(?=\d)", f" {rules.and_word} ", said)
        return f"{match.group(1)} {said}"

    return pattern.sub(replace, text)


def _negatives(text: str, rules: LanguageRules, lang: str) -> str:
    """'-5' -> 'minus 5' where the dash belongs to the number."""
    return re.sub(r"(?:(?<=[\s(\[=:])|^)-(?=\d)", f"{rules.minus} ", text)


def _ordinals(text: str, rules: LanguageRules, lang: str) -> str:
    if rules.code != "en":
        return text
    return re.sub(
        r"(?<![\w.])(\d+)(st|nd|rd|th)\b", lambda m: num2words(int(m.group(1)), lang="en", to="ordinal"), text
    )


def _emphasis(text: str, rules: LanguageRules, lang: str) -> str:
    """Words written in capitals for emphasis ('Do NOT', 'NEVER') said as words."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.replace("’", "'") not in rules.emphasis and not (
            # "eat OR drink": a short word in capitals between words in lower case
            word in rules.joining_words
            and re.search(r"[a-z]\s$", match.string[: match.start()])
            and re.match(r"\s[a-z]", match.string[match.end() :])
        ):
            return word
        starts = not match.string[: match.start()].strip() or re.search(
            r"[.!?:]\s+$", match.string[: match.start()]
        )
        return word.capitalize() if starts else word.lower()

    return re.sub(r"(?<![\w'’])[A-ZÀ-Ý]{2,}(?:['’][A-Z]+)?(?![\w'’])", replace, text)


def _symbols(text: str, rules: LanguageRules, lang: str) -> str:
    text = re.sub(r"\s*&\s*", f" {rules.and_word} ", text)
    text = re.sub(r"(?<![\w])#\s?(?=\d)", f"{rules.number} ", text)
    return re.sub(r"(?<=\d)\s?\+(?!\w)|(?<![\w])\+(?=\d)", f" {rules.plus} ", text)


def _word_slash_word(text: str, rules: LanguageRules, lang: str) -> str:
    """'he/she', 'pain/swelling' -> 'he or she'."""
    return re.sub(r"(?<![\w/])([^\W\d_]{2,})/([^\W\d_]{2,})(?![\w/])", rf"\1 {rules.or_word} \2", text)


def _decimals(text: str, rules: LanguageRules, lang: str) -> str:
    """'2.5' -> '2 coma 5' in languages whose engines would read the full stop wrongly."""
    if not rules.decimal_word:
        return text
    return re.sub(r"(?<![\w.])(\d+)\.(\d+)(?![\w.]|\.\d)", rf"\1 {rules.decimal_word} \2", text)


STEPS: Final[tuple[Callable[[str, LanguageRules, str], str], ...]] = (
    _abbreviations,
    _phones,
    _dates,
    _numbers,
    _times,
    _temperatures,
    _money,
    _blood_pressure,
    _dimensions,
    _comparisons,
    _ranges,
    _percentages,
    _fractions,
    _units,
    _roman_numerals,
    _negatives,
    _ordinals,
    _emphasis,
    _symbols,
    _word_slash_word,
    _decimals,
)


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
