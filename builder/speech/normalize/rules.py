"""The rules of one language, in the order `normalize_for_speech` applies them (see `STEPS`).

Each rule is a pure function `(text, rules, lang) -> text` that rewrites one kind of printed
thing (a dose, a range, a date, a Roman numeral) into the words a careful reader would say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from builder.speech.normalize import clock, measures, numbers
from builder.speech.normalize.common import alternation, region, sentence_stop
from builder.speech.normalize.languages import LanguageRules, rules_for


def apply_rules(text: str, rules: LanguageRules, lang: str) -> str:
    for step in STEPS:
        text = step(text, rules, lang)
    return text


def _abbreviations(text: str, rules: LanguageRules, lang: str) -> str:
    for shorthand, replacement in rules.shorthand:
        text = re.sub(shorthand, replacement, text)
    pattern = re.compile(rf"(?<![\w.])(?:{alternation(rules.abbreviations)})(?![\w/])")

    def replace(match: re.Match[str]) -> str:
        said = rules.abbreviations[match.group(0)]
        rest = match.string[match.end() :]
        # An abbreviation that ends the sentence keeps the sentence's full stop.
        if match.group(0).lower() in rules.sentence_ends:
            said += sentence_stop(match, match.group(0))
        elif match.group(0).endswith(".") and not rest.strip() and not said.endswith("."):
            said += "."
        return said

    text = pattern.sub(replace, text)
    if rules.code == "en":
        text = re.sub(r"(?<![\w.])St\.(?=\s|$)", _saint_or_street, text)
    text = re.sub(r"(?<![\w.])No\.\s?(?=\d)", f"{rules.number} ", text)
    if rules.code == "en":
        # "10 pm", "9:30am", "8 AM." -> "10 PM": said as letters ("A M" would be the article "a");
        # "9.30am" (British) is the time 9:30, not a decimal
        text = re.sub(
            r"(?<![\d.])(\d{1,2}(?:[:.][0-5]\d)?)\s?([ap])\.?m(\.?)(?![\w])",
            lambda m: f"{m.group(1).replace('.', ':')} {m.group(2).upper()}M" + sentence_stop(m, m.group(3)),
            text,
            flags=re.IGNORECASE,
        )
    return text


_SAINTS_PLACES: Final = frozenset({"Mount", "Mt", "Mt.", "Fort", "Ft", "Ft.", "Port", "Lake", "Cape", "Bury"})
"""Words after which 'St.' is a saint's name in a place's: 'Mount St. Helens', 'Bury St Edmunds'."""


def _saint_or_street(match: re.Match[str]) -> str:
    """'St.' is a street after a name ('Main St.', '5th St.') and a saint before one ('St. Mary's')."""
    before = match.string[: match.start()].split()
    after = match.string[match.end() :]
    named = bool(before) and (before[-1][:1].isupper() or re.fullmatch(r"\d+(?:st|nd|rd|th)", before[-1]))
    if before and before[-1] in _SAINTS_PLACES and re.match(r"\s+[A-Z]", after):
        return "Saint"  # "Mount St. Helens", "Port St. Lucie"
    if (named and len(before) > 1) or not re.match(r"\s+[A-Z]", after):
        return "Street" + sentence_stop(match, "St.")
    return "Saint"


_PHONE: Final = re.compile(
    r"(?<![\w-])(?:\+?1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])"
    r"|(?<![\w-])1-8\d\d-(?:\d-)?[A-Z0-9]{3,4}-?[A-Z0-9]{3,4}(?![\w-])"
)


_SHORT_PHONE: Final = re.compile(r"(?<![\w.,-])(\d{3})-(\d{4})(?![\w-])")


_SHORT_CODE: Final = re.compile(r"\b(?:text|dial|call|phone|sms)\b[^.!?,;\d]{0,25}$", re.IGNORECASE)
"""What shows a number of five or six digits to be a short code said digit by digit."""
_FOUR_FIGURE_CODE: Final = re.compile(r"\b(?:text|dial|call)(?: or (?:text|call))?\s$", re.IGNORECASE)
"""A number of four figures is a short code only right after the word: 'call or text 1737' (never 'call
us in 2024')."""
_PHONE_WORDS: Final = re.compile(r"\b(?:call|phone|telephone|tel|fax|dial|text|number)\b", re.IGNORECASE)


_HELPLINE: Final = re.compile(r"(?<![\w.,-])116[ \u00a0\u202f]?(006|111|117|123)(?![\w]|[.,]\d)")
"""Europe's helplines, 116 and three figures (116 123 Samaritans, 116 117 the doctor on call): never one
number of six figures."""


def _phones(text: str, rules: LanguageRules, lang: str) -> str:
    text = _PHONE.sub(lambda m: spoken_phone_number(m.group(0), lang=lang), text)
    # English says them digit by digit; French and Spanish as two numbers ("cent seize, cent dix-sept")
    text = _HELPLINE.sub(
        lambda m: spoken_phone_number(m.group(0), lang=lang) if rules.code == "en" else f"116, {m.group(1)}",
        text,
    )
    text = _dialled_numbers(text, rules, lang)

    def short(match: re.Match[str]) -> str:
        before = match.string[max(0, match.start() - 40) : match.start()]
        if match.group(2).startswith("0") or _PHONE_WORDS.search(before):
            return spoken_phone_number(match.group(0), lang=lang)
        return match.group(0)

    text = _SHORT_PHONE.sub(short, text)
    # a text or call short code: "Text HOME to 741741" -> "7 4 1 7 4 1", "call or text 1737"
    text = re.sub(
        r"(?<![\w.,-])\d{4,6}(?![\w.,/-]\w|\w|\s?(?:h|hrs?|hours?)\b)",
        lambda m: " ".join(m.group(0))
        if (_SHORT_CODE if len(m.group(0)) > 4 else _FOUR_FIGURE_CODE).search(m.string[: m.start()])
        else m.group(0),
        text,
    )
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
    units = alternation(written | spoken)
    after = rf"(?!\s?(?:%|(?:{units})(?![\w])))"
    return re.sub(
        rf"(?<![\w.,/$€£-])(?:{'|'.join(sorted(numbers))})(?![\w.,/]\d|\d|[-:]\d){after}", emergency, text
    )


def _emphasis(text: str, rules: LanguageRules, lang: str) -> str:
    """Words written in capitals for emphasis ('Do NOT', 'NEVER') said as words."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        before = re.search(r"([^\W\d_]+)\s$", match.string[: match.start()])
        after = re.match(r"\s([^\W\d_]+)", match.string[match.end() :])

        def capitals(neighbour: re.Match[str] | None) -> bool:
            """A word of a phrase in capitals: one said for emphasis, or long enough to be no abbreviation."""
            found = neighbour.group(1) if neighbour else ""
            return (
                found in rules.emphasis
                or found in rules.shouted_words
                or (len(found) >= 5 and found.isupper())
            )

        ends = re.match(r"\s*(?:[.,;:!?]|$)", match.string[match.end() :])
        # "WE ARE here": a phrase in capitals may start the sentence
        first = not match.string[: match.start()].strip(" \"“(")
        shouted = word in rules.shouted_words and (capitals(before) or (first and capitals(after))) and (
            capitals(after) or bool(ends)
        )
        if (
            not shouted
            and word.replace("’", "'") not in rules.emphasis
            and not (
                # "eat OR drink", "DO NOT CRUSH OR CHEW": a short word in capitals between words in lower
                # case or between words said in capitals for emphasis
                word in rules.joining_words
                and before
                and after
                and all(w.islower() or w in rules.emphasis for w in (before.group(1), after.group(1)))
                # "in the OR for 2 hours": after an article it is a noun, the operating room
                and before.group(1).lower() not in ("the", "a", "an", "your", "this")
            )
        ):
            return word
        starts = not match.string[: match.start()].strip() or re.search(
            r"[.!?:]\s+$", match.string[: match.start()]
        )
        return word.capitalize() if starts else word.lower()

    return re.sub(r"(?<![\w'’])[A-ZÀ-Ý]{2,}(?:['’][A-Z]+)?(?![\w'’])", replace, text)


def _symbols(text: str, rules: LanguageRules, lang: str) -> str:
    text = re.sub(r"\s*&\s*", f" {rules.and_word} ", text)
    # "Day 1 → Day 5", "step A => step B" ("=> 7" before a number is a comparison, said before this)
    text = re.sub(r"\s*(?:[→⇒]|->|=>)\s*", f" {rules.to} ", text)
    text = re.sub(r"(?<=\w)\s[×]\s(?=\w)", f" {rules.multiplied} ", text)  # "10 mg × weight"
    # "BMI = weight ...", "(4 oz) = 15 g"
    text = re.sub(r"(?<=[\w)])\s=\s(?=[\w(])", f" {rules.equals} ", text)
    # "BMI equals weight / height": a spaced slash in a formula divides
    text = re.sub(
        rf"(\b{re.escape(rules.equals)}\s[^.;:!?/]*?[\w)²])\s/\s(?=[\w(])", rf"\1 {rules.divided} ", text
    )
    text = re.sub(r"(?<![\w])#\s?(?=\d)", f"{rules.number} ", text)
    text = re.sub(r"(?<=\w)\s\+\s(?=\w)", f" {rules.plus} ", text)
    return re.sub(r"(?<=\d)\s?\+(?!\w)|(?<![\w])\+(?=\d)", f" {rules.plus} ", text)


def _word_slash_word(text: str, rules: LanguageRules, lang: str) -> str:
    """'he/she', 'pain/swelling', 'doctor / nurse' -> 'he or she'; 'sodio/día' -> 'sodio por día' (a
    word of time or count after the slash is what the first is per)."""
    pattern = r"(?<![\w/])([^\W\d_]{2,})(?:/| / )([^\W\d_]{2,})(?![\w/])"

    def said(match: re.Match[str]) -> str:
        joining = rules.per if match.group(2) in rules.per_words else rules.or_word
        return f"{match.group(1)} {joining} {match.group(2)}"

    return re.sub(pattern, said, text)


_TREATMENT: Final = re.compile(r"\b(?:cycles?|ciclos?|chemo\w*|quimio\w*|day 1|día 1)\b", re.IGNORECASE)


def _treatment_days(text: str, rules: LanguageRules, lang: str) -> str:
    """'D1', 'D8', 'D3–D9' in a text about a treatment's cycles: its days ('vitamin D3' stays)."""
    day = rules.cycle_day
    one = (
        r"(?<![\w.])(?<![Vv]itamin )(?<![Vv]itamina )D(\d{1,2})(?![\w])"
        r"(?!\s+(?:and \w+ )?(?:dopamine )?receptor)"
    )
    # a calendar names two days at least ("D1 y D8", "D8 repeat dose, D15 labs"): one alone may be a
    # ward, a cell, a licence or a product ("Ward D8", "D8 gummies")
    if not day or not _TREATMENT.search(text) or len(re.findall(one, text)) < 2:
        return text
    text = re.sub(rf"{one}\s?[-\u2013]\s?D(\d{{1,2}})(?![\w])", rf"{day} \1 {rules.to} {day} \2", text)
    return re.sub(one, rf"{day} \1", text)


_PREGNANCY: Final = re.compile(
    r"\b(?:antenatal|pregnan\w*|EDD|booking|gestation\w*|Anti-D|midwi\w*|scan|GTT|G\dP\d)\b", re.IGNORECASE
)


_FORTY_WEEKS: Final = frozenset({"GB", "IE", "AU", "NZ", "ZA"})
"""Countries whose antenatal letters count a pregnancy's weeks out of forty ('20/40')."""


def _weeks_of_pregnancy(text: str, rules: LanguageRules, lang: str) -> str:
    """'anomaly scan at 20/40', 'Anti-D at 28/40 and 34/40': weeks of a pregnancy out of forty, as
    British, Irish, Australian, New Zealand and South African antenatal letters write them."""
    if rules.code != "en" or region(lang) not in _FORTY_WEEKS or not _PREGNANCY.search(text):
        return text
    return re.sub(
        r"\b((?:at|by|from|until|before|after|to|and|or) )([1-9]|[1-3]\d|4[0-2])/40(?![\w/]|[.,]\d)",
        r"\1\2 weeks",
        text,
    )


STEPS: Final[tuple[Callable[[str, LanguageRules, str], str], ...]] = (
    _abbreviations,
    _treatment_days,
    _weeks_of_pregnancy,
    measures.daily_doses,  # before the phone numbers: '1-0-1' is not dialled
    _phones,
    clock.dates,
    clock.calendar,
    numbers.plain_numbers,
    clock.times,
    measures.temperatures,
    measures.money,
    measures.blood_pressure,
    measures.dimensions,
    measures.comparisons,
    numbers.ranges,
    numbers.percentages,
    numbers.fractions,
    measures.units,
    measures.units_in_brackets,
    numbers.roman_numerals,
    numbers.lone_roman_numerals,
    numbers.negatives,
    numbers.ordinals,
    _emphasis,
    _symbols,
    _word_slash_word,
    numbers.decimals,
)


_REGIONS: Final = {"en": "US", "es": "ES", "fr": "FR"}
"""The country whose numbers an article in a language without a region is taken to print."""


_RANGE_SHAPED: Final = re.compile(r"\W?\d{1,4}\s?[-\u2013\u2014]\s?\d{1,4}\W?")
"""Two short numbers joined by a dash, which libphonenumber may take for a short phone number (in
Australia '135–175' is valid): a range."""


def _dialled_numbers(text: str, rules: LanguageRules, lang: str) -> str:
    """Phone numbers libphonenumber finds valid in the article's country ('0800 123 4567' in en-GB,
    '+44 20 7946 0958' anywhere), said digit by digit."""
    import phonenumbers

    country = region(lang) or _REGIONS.get(rules.code, "US")
    found = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, country)
        if not _RANGE_SHAPED.fullmatch(m.raw_string)  # "[135–175]": a reference range, not a number
    ]
    for start, end in reversed(found):
        text = text[:start] + spoken_phone_number(text[start:end], lang=lang) + text[end:]
    return text


def spoken_phone_number(phone: str, *, lang: str) -> str:
    """A phone number said digit by digit, its groups apart: '555-0100' -> '5 5 5, 0 1 0 0'."""
    rules = rules_for(lang)
    plus = rules.plus if rules else "+"
    words: list[str] = []
    for group in re.findall(r"\+|\d+|[^\W\d_]+", phone):
        if group.isdigit() and len(group) == 2 and group[0] != "0" and lang.startswith("fr"):
            words.append(group)  # French numbers are said in pairs: "01 23 45" -> "0 1, 23, 45"
        elif group.isdigit():
            words.append(" ".join(group))
        elif group != "+":
            words.append(group)
    spoken = ", ".join(words)
    return f"{plus} {spoken}" if phone.lstrip().startswith("+") else spoken
