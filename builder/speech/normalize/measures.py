"""Measures: temperatures, money, blood pressure, dimensions, comparisons and units with "per"."""

from __future__ import annotations

import re

from builder.speech.normalize.common import DASH, NUM, alternation, is_singular
from builder.speech.normalize.languages import LanguageRules


def temperatures(text: str, rules: LanguageRules, lang: str) -> str:
    def replace(match: re.Match[str]) -> str:
        first, second, scale = match.group(1), match.group(2), match.group(3) or ""
        singular, plural = rules.degrees.get(scale, rules.degrees[""])
        unit = singular if is_singular(second or first, rules) else plural
        if second:
            return f"{first} {rules.to} {second} {unit}"
        return f"{first} {unit}"

    range_part = rf"(?:\s?(?:°\s?[CF]?)?\s?(?:{DASH}|\s{re.escape(rules.to)}\s)\s?(-?{NUM}))?"
    return re.sub(rf"(-?{NUM}){range_part}\s?°\s?([CF]?)(?![\w])", replace, text)


def money(text: str, rules: LanguageRules, lang: str) -> str:
    """'$25' -> '25 dollars', '$25–$50' -> '25 to 50 dollars', '$1.50' -> '1 dollar and 50 cents'."""
    signs = alternation(rules.money)
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
        return f"{number} {singular if is_singular(number, rules) else plural}"

    def prefix_range(match: re.Match[str]) -> str:
        sign, first, second, big = match.group(1), match.group(2), match.group(3), match.group(4)
        return f"{first} {rules.to} {amount(second, sign, big)}"

    text = re.sub(
        rf"({signs})\s?({NUM})\s?(?:{DASH}|\s{re.escape(rules.to)}\s)\s?(?:{signs})?\s?({NUM}){scale}(?![\w])",
        prefix_range,
        text,
    )
    text = re.sub(
        rf"({signs})\s?({NUM}){scale}(?![\w])", lambda m: amount(m.group(2), m.group(1), m.group(3)), text
    )

    def suffix(match: re.Match[str]) -> str:
        first, second, sign = match.group(1), match.group(2), match.group(3)
        said = amount(second or first, sign, None)
        return f"{first} {rules.to} {said}" if second else said

    return re.sub(rf"(?<![\w.])({NUM})(?:\s?{DASH}\s?({NUM}))?\s?({signs})(?![\w])", suffix, text)


def blood_pressure(text: str, rules: LanguageRules, lang: str) -> str:
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


def dimensions(text: str, rules: LanguageRules, lang: str) -> str:
    """'2 × 2 cm' and '2x3 cm' -> '2 by 2 cm', then '2 by 2 centimeters'."""
    unit = rf"(?:\s?(?:{alternation(rules.units)}))?"
    pattern = re.compile(rf"(?<![\w.])({NUM}){unit}\s?[×xX*]\s?(?={NUM})")
    previous = None
    while previous != text:
        previous = text
        text = pattern.sub(lambda m: m.group(0).rstrip(" ×xX*").rstrip() + f" {rules.by} ", text)
    # what is left is a count: "x2 daily", "take 2x", "× 3" -> "2 times"
    text = re.sub(r"(?<![\w.])(\d+)\s?[x×](?![\w.])", rf"\1 {rules.times}", text)
    return re.sub(r"(?<![\w.])[x×]\s?(\d+)(?![\w.])", rf"\1 {rules.times}", text)


def comparisons(text: str, rules: LanguageRules, lang: str) -> str:
    signs = alternation(rules.comparisons)
    # "5 ± 2": between two numbers
    text = re.sub(r"(?<=\d)\s?(±|\+/-)\s?(?=-?\d)", lambda m: f" {rules.comparisons[m.group(1)]} ", text)
    return re.sub(
        rf"(?<![\w<>=])({signs})\s?(?=-?\.?\d)", lambda m: f"{rules.comparisons[m.group(1)]} ", text
    )


def units(text: str, rules: LanguageRules, lang: str) -> str:
    """'5 mg' -> '5 milligrams', '5 mg/kg' -> '5 milligrams per kilogram', '3 doses/day' -> '... per day'."""
    plain_units = {name: said for name, said in rules.units.items() if name not in ("in", "in.")}
    names = alternation(plain_units)
    per_names = alternation({**{k: v[0] for k, v in plain_units.items()}, **rules.per_words})

    def per_word(name: str) -> str:
        return rules.per_words.get(name) or rules.units[name][0]

    def unit_said(name: str, number: str, adjective: bool) -> str:
        singular, plural = rules.units[name]
        return singular if adjective or is_singular(number, rules) else plural

    number = rf"(?<![\w.])(-?{NUM})"
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
