"""Measures: temperatures, money, blood pressure, dimensions, comparisons and units with "per"."""

from __future__ import annotations

import re
from typing import Final

from builder.speech.normalize.common import (
    DASH,
    INCH_CONTEXT,
    LENGTHS,
    NUM,
    alternation,
    is_singular,
    sentence_stop,
)
from builder.speech.normalize.languages import LanguageRules, Unit


def temperatures(text: str, rules: LanguageRules, lang: str) -> str:
    def replace(match: re.Match[str]) -> str:
        first, second, scale = match.group(1), match.group(2), match.group(3) or ""
        singular, plural = rules.degrees.get(scale, rules.degrees[""])
        unit = singular if is_singular(second or first, rules) else plural
        if second:
            return f"{first} {rules.to} {second} {unit}"
        return f"{first} {unit}"

    range_part = rf"(?:\s?(?:°\s?[CF]?)?\s?(?:{DASH}|\s{re.escape(rules.to)}\s)\s?(-?{NUM}))?"
    text = re.sub(rf"(-?{NUM}){range_part}\s?°\s?([CF]?)(?![\w])", replace, text)

    # "a temperature of 100.4 F", "fever 39C": the scale's letter alone, after a body's temperature
    def bare(match: re.Match[str]) -> str:
        value = float(match.group(1).replace(",", "."))
        low, high = _BODY[match.group(2)]
        if not low <= value <= high or not _FEVER.search(match.string, 0, match.start()):
            return match.group(0)
        singular, plural = rules.degrees[match.group(2)]
        return f"{match.group(1)} {singular if is_singular(match.group(1), rules) else plural}"

    return re.sub(rf"(?<![\w.,])({NUM})\s?([CF])(?![\w'’°-])", bare, text)


_BODY: Final = {"C": (34.0, 43.0), "F": (93.0, 109.0)}
"""The temperatures a body can have, in each scale: only there is a lone C or F a degree."""
_FEVER: Final = re.compile(
    r"\b(?:temperature|temp|fever|thermometer|température|fièvre|temperatura|fiebre)\b[^.!?]{0,40}$",
    re.IGNORECASE,
)


def money(text: str, rules: LanguageRules, lang: str) -> str:
    """'$25' -> '25 dollars', '$25–$50' -> '25 to 50 dollars', '$1.50' -> '1 dollar and 50 cents'."""
    signs = alternation(rules.money)
    scale = r"(?:\s(million|billion|thousand|millones|millón|mil|millions?|milliards?))?"
    if rules.code == "en":
        # "£20m", "$1.5bn", "$5k": a sign before the amount shows the letter to be its scale
        text = re.sub(
            rf"((?:{signs})\s?{NUM})\s?(m|mn|bn|b|k|K|M|B)(?![\w])",
            lambda m: f"{m.group(1)} {_SCALES[m.group(2).lower()]}",
            text,
        )

    def amount(number: str, sign: str, big: str | None) -> str:
        return said_amount(number, rules.money[sign], rules.subunits.get(sign, rules.cents), big)

    def said_amount(number: str, words: Unit, subunit: Unit | None, big: str | None) -> str:
        singular, plural = words
        if big:
            return f"{number} {big} {plural}"
        whole, _, cents = number.partition(".")
        if subunit is not None and cents:
            cents = (cents + "0")[:2]
            cent_word = subunit[0] if cents == "01" else subunit[1]
            if whole == "0":
                return f"{int(cents)} {cent_word}"
            unit = singular if whole == "1" else plural
            return (
                f"{whole} {unit} {rules.and_word} {int(cents)} {cent_word}"
                if int(cents)
                else f"{whole} {unit}"
            )
        return f"{number} {singular if is_singular(number, rules) else plural}"

    if rules.currencies:
        # "$150 MXN", "150 USD": the code written after an amount names its money, whatever the sign
        text = re.sub(
            rf"(?:(?:{signs})\s?)?({NUM})\s?({alternation(rules.currencies)})(?![\w])",
            lambda m: said_amount(m.group(1), rules.currencies[m.group(2)], rules.cents, None),
            text,
        )

    def prefix_range(match: re.Match[str]) -> str:
        sign, first, second, big = match.group(1), match.group(2), match.group(3), match.group(4)
        return f"{first} {rules.to} {amount(second, sign, big)}"

    text = re.sub(
        rf"({signs})\s?({NUM})\s?(?:{DASH}|\s{re.escape(rules.to)}\s)\s?(?:{signs})?\s?({NUM}){scale}(?![\w])",
        prefix_range,
        text,
    )

    def single(match: re.Match[str]) -> str:
        said = amount(match.group(2), match.group(1), match.group(3))
        before, after = match.string[: match.start()], match.string[match.end() :]
        if (
            rules.code == "en"
            and re.search(r"(?:^|\W)(?:a|an|the|your|this|each)\s+$", before, re.IGNORECASE)
            and re.match(rf"\s+(?!(?:{_NOT_NOUNS})\b)[a-z]", after)
            and "." not in match.group(2)
        ):
            return said.replace(rules.money[match.group(1)][1], rules.money[match.group(1)][0])
        return said

    text = re.sub(rf"({signs})\s?({NUM}){scale}(?![\w]|\.\d)", single, text)

    def suffix(match: re.Match[str]) -> str:
        first, second, sign = match.group(1), match.group(2), match.group(3)
        said = amount(second or first, sign, None)
        return f"{first} {rules.to} {said}" if second else said

    text = re.sub(rf"(?<![\w.])({NUM})(?:\s?{DASH}\s?({NUM}))?\s?({signs})(?![\w])", suffix, text)
    plurals = {plural for _, plural in rules.money.values()}
    # "$300+": that much or more
    text = re.sub(
        rf"(?<=\d )((?:[^\W\d_]+ )*?(?:{alternation(plurals)}))\+(?![\w+])", rf"\1 {rules.plus}", text
    )
    # "$12.99/bottle" -> "12 dollars and 99 cents per bottle"
    words = {word for pair in (*rules.money.values(), *rules.subunits.values()) for word in pair}
    if rules.cents:
        words |= set(rules.cents)
    return re.sub(
        rf"(?<=\d )((?:[^\W\d_]+ )*?(?:{alternation(words)}))/([^\W\d_]{{2,}})(?![\w/])",
        rf"\1 {rules.per} \2",
        text,
    )


_SCALES: Final = {"m": "million", "mn": "million", "bn": "billion", "b": "billion", "k": "thousand"}


def blood_pressure(text: str, rules: LanguageRules, lang: str) -> str:
    """'130/80 mmHg' and 'blood pressure 120/80' -> '130 over 80'."""

    def replace(match: re.Match[str]) -> str:
        high, low = int(match.group(1)), int(match.group(2))
        after = match.string[match.end() : match.end() + 8]
        before = match.string[max(0, match.start() - 40) : match.start()].lower()
        named = re.search(r"\b(?:pressure|bp|presión|tension|pression)\b", before)
        if high <= low:
            return match.group(0)
        if (
            re.match(r"\s?(?:mm|cm)\s?Hg", after)
            or (named and (high >= 70 or 8 <= high <= 26))  # "tension 14/9": in centimeters of mercury
            or (70 <= high <= 260 and 30 <= low <= 160)
        ):
            return f"{high} {rules.over} {low}"
        return match.group(0)

    return re.sub(r"(?<![\w/.])(\d{1,3})/(\d{1,3})(?:(?![\w/]|\.\d)|(?=[mc]m\s?Hg))", replace, text)


def daily_doses(text: str, rules: LanguageRules, lang: str) -> str:
    """'Take 1-0-1' -> 'Take 1 in the morning and 1 in the evening': the doses of a day written as in
    European prescriptions (morning, midday, evening and, with a fourth figure, bedtime; a 0 is no
    dose). Only where a word of dosing shows that is what the figures are. A noun after the figures
    goes with the first dose: '1-0-1 tablets' -> '1 tablet in the morning and 1 in the evening'."""
    if not rules.dose_times or not re.search(rf"\b(?:{rules.dose_verbs}|{rules.dose_nouns})\b", text, re.I):
        return text
    slot = r"([0-4]|1/2)"  # "½" is "1/2" by now

    def said(match: re.Match[str]) -> str:
        *counts, noun = match.groups()
        pairs = zip(counts, rules.dose_times, strict=False)
        doses = [[count, when] for count, when in pairs if count not in (None, "0")]
        if not doses:
            return match.group(0)
        if noun:
            one = doses[0][0] in ("1", "1/2") and noun.endswith("s")
            doses[0][0] += " " + (noun[:-1] if one else noun)
        spoken = [f"{count} {when}" for count, when in doses]
        return ", ".join(spoken[:-1]) + f" {rules.and_word} " + spoken[-1] if len(spoken) > 1 else spoken[0]

    noun = rf"(?:\s((?i:{rules.dose_nouns}))\b)?"
    return re.sub(rf"(?<![\w./,-]){slot}-{slot}-{slot}(?:-{slot})?(?![\w/-]|[.,]\d){noun}", said, text)


def dimensions(text: str, rules: LanguageRules, lang: str) -> str:
    """'2 × 2 cm' and '2x3 cm' -> '2 by 2 cm' (then '2 by 2 centimeters'); a count otherwise:
    '500 mg x2' -> '500 mg 2 times', '2 x 500 mg' -> '2 times 500 mg', 'x2 daily' -> '2 times daily'."""
    unit = rf"(?:\s?({alternation(rules.units)})(?![\w²³]))?"
    pattern = re.compile(rf"(?<![\w.])({NUM}){unit}(\s?)[×xX*](\s?)(?=({NUM}){unit})")

    def replace(match: re.Match[str]) -> str:
        first_unit, space_before, space_after, second_unit = (match.group(i) for i in (2, 3, 4, 6))
        # "500 mg x2", "a BP of 140 over 90 x2": a count
        counted = bool((first_unit or not second_unit) and space_before and not space_after)
        if counted or not {first_unit, second_unit} <= LENGTHS | {None}:
            return match.group(0)  # a count, said below
        if not first_unit and not second_unit and re.match(rf"{NUM}\s?=", match.string[match.end() :]):
            # "18 × 15 = 270 mg": a sum worked out, not a size
            return match.group(0).rstrip(" ×xX*").rstrip() + f" {rules.multiplied} "
        return match.group(0).rstrip(" ×xX*").rstrip() + f" {rules.by} "

    text = _powers_of_ten(text, rules)
    previous = None
    while previous != text:
        previous = text
        text = pattern.sub(replace, text)
    # "1 in x 2 in strip": the inch after "by" is a length whatever follows it
    text = re.sub(rf"(?<=\s{re.escape(rules.by)}\s)({NUM})\s?in\b(?!\.)(?=\s|$)", r"\1 in.", text)
    # "2 x 500 mg tablets" -> "2 500 mg tablets": a count of tablets of a strength
    text = re.sub(
        rf"(?<![\w.])(\d+)\s?[x×]\s?(?={NUM}\s?(?:{alternation(rules.units)})\s(?:{_DOSAGE_FORMS})\b)",
        r"\1 ",
        text,
    )
    # "15 mg/kg × 10 = 150 mg": a sum worked out
    text = re.sub(rf"(?<=[\w)])\s?×\s?({NUM})(?=\s?=)", rf" {rules.multiplied} \1", text)
    # what is left is a count: "x2 daily", "take 2x", "× 3", "500 mg x2" -> "2 times"
    text = re.sub(rf"(?<![\w.])({NUM})\s?[x×](?!\w|\.\w)", rf"\1 {rules.times}", text)
    # "x 3 times a day": the word is written already
    text = re.sub(rf"(?<![\w.])[x×]\s?(\d+)(?=\s{re.escape(rules.times)}\b)", r"\1", text)
    text = re.sub(r"(?<![\w.])[x×]\s?(\d+)(?!\w|\.\d)", rf"\1 {rules.times}", text)
    text = re.sub(r"(?<![\w.])(\d+)\s?[x×]\s?(?=\d)", rf"\1 {rules.times} ", text)
    # "1 x daily" -> "once daily", "1 vez al día": never "1 times"
    return re.sub(rf"(?<![\w.,])1 {rules.times}\b(?!\s\d)", _ONCE.get(rules.code, f"1 {rules.times}"), text)


_ONCE: Final = {"en": "once", "es": "1 vez"}


_SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _powers_of_ten(text: str, rules: LanguageRules) -> str:
    """'11 x 10^9/L', '4.5 × 10⁹/L' -> '11 times 10 to the power of 9 per liter' (a blood count)."""
    per = {**{name: said[0] for name, said in rules.units.items()}, **rules.per_words}
    text = re.sub(
        r"(?<=\d)\s?[x×*]\s?10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)",
        lambda m: f" x 10^{m.group(1).translate(_SUPERSCRIPTS)}",
        text,
    )

    def said(match: re.Match[str]) -> str:
        exponent = match.group(2).replace("-", f"{rules.minus} ")
        words = f"{match.group(1)} {rules.multiplied} 10 {rules.power} {exponent}"
        return words + (f" {rules.per} {per[match.group(3)]}" if match.group(3) else "")

    return re.sub(
        rf"(?<![\w.])({NUM})\s?[x×*]\s?10\s?(?:\^|\*\*)\s?(-?\d+)(?:/({alternation(per)})(?![\w]))?",
        said,
        text,
    )


def comparisons(text: str, rules: LanguageRules, lang: str) -> str:
    signs = alternation(rules.comparisons)
    # "5 ± 2": between two numbers
    text = re.sub(r"(?<=\d)\s?(±|\+/-)\s?(?=-?\d)", lambda m: f" {rules.comparisons[m.group(1)]} ", text)
    if rules.code == "en":
        # "a BMI ≥ 30", "LDL < 100": after a measure's name, "a BMI of at least 30" (but "keep your
        # sugar < 180": after a verb that sets it, the comparison says where to)
        def of(match: re.Match[str]) -> str:
            if _SETTING_VERBS.search(match.string, 0, match.start()) or match.group(1) in rules.emphasis:
                return match.group(0)  # "keep it < 180", "on any day AND ≤ 14 drinks"
            return f"{match.group(1)} of "

        text = re.sub(
            rf"(\b(?:[a-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*|{_MEASURE_NAMES})) ?(?=(?:{signs})\s?-?\.?\d)",
            of,
            text,
        )
    # a doubled tilde is the Markdown of struck text, never "about"
    return re.sub(
        rf"(?<![\w<>=~])({signs})\s?(?=-?\.?\d)", lambda m: f"{rules.comparisons[m.group(1)]} ", text
    )


_MEASURE_NAMES: Final = (
    r"(?:levels?|scores?|counts?|temperature|pressure|rate|readings?|values?|results?|sugar|glucose"
    r"|saturation|index)"
)
"""Nouns a comparison describes directly ('a temperature ≥ 38 °C'): 'of' goes between them."""
_SETTING_VERBS: Final = re.compile(
    r"\b(?:keep|keeps|aim|get|bring|stay|maintain|lower|raise|reduce|increase)\b",
    re.IGNORECASE,
)
"""Words before a measure's name after which a comparison is not joined to it by 'of'."""


def units_in_brackets(text: str, rules: LanguageRules, lang: str) -> str:
    """'Weight (kg)', 'Dose (mg)', 'height (m)²': a quantity named with its unit in brackets, as in a
    table's heading or a formula, is said 'weight in kilograms', 'height in meters squared'."""
    names = alternation(name for name in rules.units if name not in ("in", "in.", "h", "min", "s", "j"))

    def replace(match: re.Match[str]) -> str:
        if match.group(1).lower() in rules.units[match.group(2)]:
            return match.group(0)  # "centimeters (cm)": the abbreviation it is printed with
        squared = f" {rules.squared}" if match.group(3) else ""
        return f"{match.group(1)} {rules.measured_in} {rules.units[match.group(2)][1]}{squared}"

    return re.sub(rf"(\b[^\W\d_]{{2,}}) \(({names})\)(²)?", replace, text)


def units(text: str, rules: LanguageRules, lang: str) -> str:
    """'5 mg' -> '5 milligrams', '5 mg/kg' -> '5 milligrams per kilogram', '3 doses/day' -> '... per day'."""
    plain_units = {name: said for name, said in rules.units.items() if name not in ("in", "in.")}
    names = alternation(plain_units)
    per_names = alternation({**{k: v[0] for k, v in plain_units.items()}, **rules.per_words})

    def per_word(name: str) -> str:
        return rules.per_words.get(name) or (rules.units[name][0] if name in rules.units else name)

    def unit_said(name: str, number: str, adjective: bool) -> str:
        singular, plural = rules.units[name]
        return singular if adjective or is_singular(number, rules) else plural

    number = rf"(?<![\w.])(-?{NUM})"
    # after a unit, any word after a slash is what it is per: "mg/kg/prise", "mg/kg/dose"
    per_part = rf"((?:/(?:{per_names}|[^\W\d_]{{3,}})(?![\w]))*)"

    def adjective(match: re.Match[str], hyphen: str) -> bool:
        """'a 70-kg adult', 'a 5 mm needle': a measure before a noun is singular in English."""
        if hyphen == "-":
            return True
        if rules.code != "en":
            return False
        after = match.string[match.end() :]
        if re.match(rf"\s+(?:{_DOSAGE_FORMS})\b", after):
            return True  # "500 mg tablets", "10 cm dressing"
        return bool(
            re.search(
                rf"(?:^|\W)(?:{_BEFORE_A_MEASURE})\s+(?:{NUM}\s(?:{rules.to}|{rules.or_word}|{rules.by})\s)?$",
                match.string[: match.start()],
                re.IGNORECASE,
            )
            # "a 10 by 10 cm foam dressing", "a 75 g OGTT": a noun, or a name in capitals
            and re.match(rf"\s+(?:(?!(?:{_NOT_NOUNS})\b)[a-z]|[A-Z]{{2,}}\b)", after)
        )

    def replace(match: re.Match[str]) -> str:
        value, hyphen, name, pers = match.group(1), match.group(2), match.group(3), match.group(4)
        said = f"{value} {unit_said(name, value, adjective(match, hyphen))}"
        for denominator in filter(None, pers.split("/")):
            said += f" {rules.per} {per_word(denominator)}"
        return said

    # "15 mg / kg", "10 mg/ kg": a unit per another, however the slash is spaced
    text = re.sub(rf"{number}(\s?)({names})\s*/\s*(?=(?:{per_names})(?![\w]))", r"\1\2\3/", text)
    # "1 comp./8 h": the abbreviation's stop before a slash is no sentence's end
    text = re.sub(rf"{number}(\s?)({names})\./(?=\d|[^\W\d_])", r"\1\2\3/", text)
    # "8 oz. of water": a unit's own stop is not said before a word in lower case
    # a stop after the unit before a lower-case word is the abbreviation's ("1 gél. à 8 h")
    stop = r"(?:\.(?=\s+[a-zà-öø-ÿœ]|[,;:)]))?"  # and before a comma: "32 sem., TA 110/70"
    # never "48,000 U.S. deaths": a unit's letter followed by a stop and a letter is an abbreviation
    text = re.sub(rf"{number}(\s?|-)({names})(?![\w²³]|\.[^\W\d_]){per_part}{stop}(?![\w])", replace, text)
    if rules.code == "en":
        # "in" is the inch only after a number, and then only where a length is meant ("2 in long",
        # "1 in. of ointment"), never in "5 in 10 people"; its stop is said only when it ends the sentence
        text = re.sub(
            rf"{number}(\s?|-)(in\.(?=\s|$)|in{INCH_CONTEXT})",
            lambda m: (
                f"{m.group(1)} {unit_said('in', m.group(1), adjective(m, m.group(2)))}"
                + sentence_stop(m, m.group(3))
            ),
            text,
        )

    # "3 doses/day", "10 breaths/min", "1 ampoule buvable/j", "18 units/kg/hr": a counted word per a
    # time or count word
    text = re.sub(
        rf"{number}\s([^\W\d_]+(?:\s[^\W\d_]+)?)((?:/(?:{per_names}))+)(?![\w/])",
        lambda m: f"{m.group(1)} {m.group(2)}"
        + "".join(f" {rules.per} {per_word(name)}" for name in m.group(3).split("/")[1:]),
        text,
    )

    # a count per a time with no unit: "a pulse over 100/min", "60-100/min", "12–20/min"
    text = re.sub(
        rf"{number}(?:\s?[-\u2013]\s?({NUM}))?\s?/\s?({per_names})(?![\w/])",
        lambda m: (f"{m.group(1)} {rules.to} {m.group(2)}" if m.group(2) else m.group(1))
        + f" {rules.per} {per_word(m.group(3))}",
        text,
    )

    # a unit pair standing alone: "(mg/dL)" -> "milligrams per deciliter"
    def pair(match: re.Match[str]) -> str:
        return f"{rules.units[match.group(1)][1]} {rules.per} {per_word(match.group(2))}"

    text = re.sub(rf"(?<![\w/])({names})/({per_names})(?![\w/])", pair, text)
    # "per µL" -> "per microliter"; "per minute/1.73 square meters" -> "per minute per 1.73 ..."
    text = re.sub(
        rf"(?<!\w){re.escape(rules.per)}\s({names})(?![\w²³/])",
        lambda m: f"{rules.per} {per_word(m.group(1))}",
        text,
    )
    if rules.every:
        # "1 g/8 h" -> "1 gram every 8 hours": "per 8 hours" is heard as a total over eight hours
        text = re.sub(
            rf"(?<=[^\W\d_])\s?/\s?({NUM})(?:\s?[-\u2013]\s?({NUM}))?(?=\s({alternation(rules.every)})\b)",
            lambda m: f" {every(m.group(1), m.group(3), rules, infused=_infused(m, rules))} {m.group(1)}"
            + (f" {rules.to} {m.group(2)}" if m.group(2) else ""),
            text,
        )
    # "buprenorphine/naloxone 8 mg/2 mg": two masses are the strengths of a combination, not a rate
    masses = alternation(word for unit in _MASSES if unit in rules.units for word in rules.units[unit])
    text = re.sub(
        rf"(\d\s(?:{masses}))\s?/\s?(?={NUM}\s(?:{masses})\b)", rf"\1 {rules.and_word} ", text
    )
    return re.sub(rf"(?<=[^\W\d_])\s?/\s?(?=-?{NUM}\s[^\W\d_])", f" {rules.per} ", text)


_MASSES: Final = ("mg", "mcg", "µg", "g", "ng")
"""Units of mass: a slash between two of them joins a combination's strengths ('8 mg/2 mg')."""


def every(count: str, noun: str, rules: LanguageRules, *, infused: bool = False) -> str:
    """What "/" is said as between a dose and a count of hours, days...: `rules.every`'s word for the
    noun ("every", "cada", "toutes les"), but "per" for one, and for a daily total ("4 g/24 h", said
    "per 24 hours") unless the language's "per" would be heard as "for" (Spanish "por"). A volume
    given into a vein runs over the time: "1 L/8 h IV" -> "1 liter over 8 hours"."""
    if infused and rules.over_time:
        return rules.over_time
    if count == "1" or (count == "24" and rules.every_day_is_per and noun == rules.hours):
        return rules.per
    return rules.every[noun]


def _infused(match: re.Match[str], rules: LanguageRules) -> bool:
    """Whether the slash at `match` follows a volume in a sentence about a drip or an infusion."""
    before = match.string[: match.start()].split()
    volumes = {word for name in ("mL", "ml", "L") if name in rules.units for word in rules.units[name]}
    return bool(before) and before[-1] in volumes and bool(re.search(rules.infusion, match.string))


_DOSAGE_FORMS: Final = (
    r"(?:tablet|capsule|pill|caplet|lozenge|patch|vial|ampoule|pen|syringe|injection|bottle|packet|sachet"
    r"|suppositor|needle|dressing|bandage|strip|pad|tube|dose|tabs?\b|caps?\b)\w*"
)
"""Nouns a measure describes, said in the singular: '500 mg tablets' -> '500 milligram tablets'."""

_BEFORE_A_MEASURE: Final = "a|an|one|the|this|that|your|each"
"""Words before 'a 5 mm needle', 'the 10 min walk': the measure describes the noun after it."""

_NOT_NOUNS: Final = (
    "of|per|or|and|to|a|an|the|in|on|at|for|with|without|from|into|over|under|between|each|every"
    "|daily|nightly|weekly|twice|once|is|was|are|be|than|more|less|as|if|when|until|then|while|before"
    "|after|during|later|earlier|ago|apart|long|old|tall|wide|deep|high|away|total|only|or|so|but"
)
"""Words after 'a 5 mg' that show the measure is not said before a noun ('a 5 mg dose' is)."""
