"""Dates and times of day as people say them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, get_month_names
from num2words import num2words

from builder.labels import long_date
from builder.speech.normalize.common import (
    SCORED,
    alternation,
    is_singular,
    region,
    sentence_stop,
    unit_words,
)
from builder.speech.normalize.languages import LanguageRules


def dates(text: str, rules: LanguageRules, lang: str) -> str:
    """ISO dates (2024-03-12) and numeric ones (3/12/2024) as people say them."""

    def said(year: str, month: str, day: str) -> str | None:
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
        return long_date(date, lang)

    month_first = rules.month_first and region(lang) in ("", "US")

    def order(first: str, second: str) -> tuple[str, str]:
        """(month, day): the locale's order, unless only the other one is a date ('14/03' in the US)."""
        month, day = (first, second) if month_first else (second, first)
        return (day, month) if int(month) > 12 >= int(day) else (month, day)

    def numeric(match: re.Match[str]) -> str:
        first, second, year = match.groups()
        month, day = order(first, second)
        return said(year, month, day) or match.group(0)

    def month_of_year(match: re.Match[str]) -> str:
        date = dt.date(int(match.group(2)), int(match.group(1)), 1)
        return format_skeleton("yMMMM", date, locale=_locale(lang))

    text = re.sub(
        r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])", lambda m: said(*m.groups()) or m.group(0), text
    )
    text = re.sub(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])", numeric, text)
    if rules.code == "en":
        # "9/16/25", "DOB 04/15/62": a year of two figures said as printed ("September sixteenth, 25"),
        # its century left to the reader as on the page
        def short_year(match: re.Match[str]) -> str:
            month, day = order(match.group(1), match.group(2))
            try:
                date = dt.date(2000, int(month), int(day))
            except ValueError:
                return match.group(0)
            return f"{format_skeleton('MMMMd', date, locale=_locale(lang))}, {match.group(3)}"

        text = re.sub(r"(?<![\w/.,])(\d{1,2})/(\d{1,2})/(\d{2})(?![\w/]|[.,]\d)", short_year, text)
    # "05-08-2025" (Latin America), "02.06.2025" (Switzerland): the same date with another separator
    text = re.sub(
        r"(?<![\w.,-])(\d{1,2})([-.])(\d{1,2})\2(\d{4})(?![\w-]|[.,]\d)",
        lambda m: said(m.group(4), *order(m.group(1), m.group(3))) or m.group(0),
        text,
    )
    # "Exp: 06/2025": a month and a year
    text = re.sub(r"(?<![\w/.,])(0?[1-9]|1[0-2])/((?:19|20)\d\d)(?![\w/]|[.,]\d)", month_of_year, text)
    if not rules.date_words:
        return text

    def day_of_year(match: re.Match[str]) -> str:
        """'on 12/25' -> 'on December 25': a day and month after a word that introduces a date."""
        first, second = match.group(2), match.group(3)
        month, day = order(first, second)
        rest = match.string[match.end() :]
        after = re.match(r"\s+([^\W\d_]+)", rest)
        looks_like_a_fraction = int(first) < int(second) <= 16
        if looks_like_a_fraction and after and after.group(1).islower() and after.group(1) not in _JOINING:
            return match.group(0)  # a fraction of something: "on 1/2 tablet", "Tues, 1/2 price wings"
        # after a day of the week (as written: "sun" is no Sunday) it is a date whatever else follows:
        # "Tues, 4/8"
        fraction = looks_like_a_fraction and not re.fullmatch(rf"(?:{weekdays})\.?,?", match.group(1).strip())
        if fraction and _CHANGED_BY.search(match.string[: match.start()] + match.group(1)):
            return match.group(0)  # "reduce the dose by 1/2": a part of the dose, never a date
        ends = re.match(r"\s*(?:[,;.!?)]|$)|\s?(?:[-\u2013]|\s\w+\s)\d{1,2}/\d{1,2}(?!\d|\s+[a-z])", rest)
        if fraction and int(second) in (2, 3, 4, 8) and not ends:
            return match.group(0)  # a half, third, quarter or eighth mid-sentence: "from 1/2 to 1 tablet"
        try:
            date = dt.date(2000, int(month), int(day))
        except ValueError:
            return match.group(0)
        return match.group(1) + format_skeleton("MMMMd", date, locale=_locale(lang))

    pattern = r"((?:{words})\s)(\d{{1,2}})/(\d{{1,2}})(?![\w/]|[.,]\d)"
    # a day of the week introduces a date too: "Tue 3/14", "Tuesday 3/14", "Tues, 4/8", "mardi 14/3"
    short_days = {name.rstrip(".") for name, said in rules.calendar.items() if said in rules.days}
    weekdays = alternation({*rules.days, *(day[:3] for day in rules.days), *short_days})
    words = "|".join([*rules.date_words, rf"(?:{weekdays})\.?,?"])
    text = re.sub(r"\b" + pattern.format(words=words), day_of_year, text, flags=re.IGNORECASE)
    # a day and a month that can only be a date, at a clause's end: "your next check is 3/14." (in the
    # United States; "14/3." where the day comes first); never after a score's name
    def only_a_date(match: re.Match[str]) -> str:
        first, second = int(match.group(2)), int(match.group(3))
        can_only_be = (second > 12 >= first) if month_first else (first > 12 >= second)
        if 16 in (first, second):
            return match.group(0)  # "3/16": sixteenths of an inch are common
        before = match.string[max(0, match.start() - 40) : match.start()]
        if not can_only_be or SCORED.search(match.string, 0, match.start()) or _PRESSURE.search(before):
            return match.group(0)  # "Pain was 3/14", "tension 14/9" (centimeters of mercury)
        return day_of_year(match)

    text = re.sub(r"(?<![\w/.,:])()(\d{1,2})/(\d{1,2})(?=[.;,)]|\s*$)(?!\d)", only_a_date, text)
    # a day and a month before a time of day are a date: "BP log: 3/14 7:30 AM", "recheck 2/18 at 10:00 AM"
    time = r"\d{1,2}:[0-5]\d|\d{1,2}\s?(?:[AaPp]\.?[Mm]\.?|h\b)"
    text = re.sub(
        rf"(?<![\w/.,:])()(\d{{1,2}})/(\d{{1,2}})(?=,?\s(?:(?:at|à|a las|a la)\s)?(?:{time}))",
        lambda m: day_of_year(m)
        if _is_day_and_month(m.group(2), m.group(3), order)
        and not (m.group(3) == "10" and SCORED.search(m.string, 0, m.start()))
        else m.group(0),
        text,
    )
    # the end of a range of dates: "from March 1 to 3/15", "March 1–3/15"
    joined = "|".join((rules.to, rules.and_word, "through"))

    def range_end(match: re.Match[str]) -> str:
        if not _AFTER_A_DATE.search(match.string[: match.start()]):
            return match.group(0)
        said = day_of_year(match)
        if said == match.group(0) or match.group(1).strip() not in ("-", "\u2013"):
            return said
        return f" {rules.to} {said[len(match.group(1)) :]}"

    return re.sub(
        rf"(?<=\w)(\s?[-\u2013]\s?|\s(?:{joined})\s)(\d{{1,2}})/(\d{{1,2}})(?![\w/]|[.,]\d)", range_end, text
    )


_CARBS: Final = re.compile(
    r"\b(?:ICR|I:C|carbs?|carbohydrates?|glucides|carbohidratos|hidratos)\b", re.IGNORECASE
)
"""Words of a text about carbohydrates, where '1:15' is an insulin-to-carb ratio."""


_INSULIN: Final = re.compile(r"\b(?:ICR|I:C|insulin\w*|insulina|bolus|ratio|ratios)\b", re.IGNORECASE)
"""... and about insulin: 'a 1:15 half marathon' after carb loading is a time."""


_PRESSURE: Final = re.compile(r"\b(?:pressure|BP|presión|tensión|tension|pression|TA)\b", re.IGNORECASE)
"""Words of a blood pressure, after which '14/9' is one (in centimeters of mercury), not a date."""


def _is_day_and_month(first: str, second: str, order: Callable[[str, str], tuple[str, str]]) -> bool:
    month, day = order(first, second)
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31


_CHANGED_BY: Final = re.compile(
    r"\b(?:reduc|cut|increas|decreas|lower|rais|drop|taper|halv|chang|adjust|fall|fell|rise|rose|go(?:es)? up"
    r"|go(?:es)? down|went (?:up|down)|grow|shrink|improv|wors)\w*\b[^.;:!?]*\bby\s$",
    re.IGNORECASE,
)
"""A change of an amount before 'by 1/2': 'reduce the dose by 1/2', 'cut it by 1/4'."""
_AFTER_A_DATE: Final = re.compile(r"[^\W\d_]{3,} \d{1,2}$|\d{1,2} (?:de )?[^\W\d_]{3,}$")
"""A date said just before: 'March 1', '1 de marzo', '1 mars'."""
_JOINING: Final = frozenset(
    {
        "at",
        "and",
        "to",
        "or",
        "through",
        "until",
        "et",
        "à",
        "au",
        "du",
        "y",
        "a",
        "al",
        "del",
        "hasta",
        "o",
        "ou",
    }
)
"""Words in lower case that may follow a date ('on 12/25 at 9'); any other shows a fraction."""


def _locale(lang: str) -> str:
    locale = lang.replace("-", "_")
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return "en_US"
    return locale


def times(text: str, rules: LanguageRules, lang: str) -> str:
    """Times of day as said: '8:30' -> '8 30', '8:00' -> '8 o'clock', '8:05' -> '8 oh 5', '8 AM–5 PM'
    -> '8 AM to 5 PM' (English); '9:30' -> '9 y 30' (Spanish); '9h30' -> '9 heures 30' (French)."""
    if rules.code == "en":
        text = _dotted_clock(text, rules)
    # a ratio, not a time: after a word of mixing ("dilute 1:10 in water", "mezclar 1:4", "diluer 1:10")
    # (never a time of day: "mix at 10:30 in the morning")
    text = re.sub(
        r"\b((?i:dilut\w*|mix\w*|ratio|diluy\w*|dilu\w*|mezcl\w*|m[ée]lang\w*)(?:\s+[^\W\d_]+){0,2}\s+)"
        r"(?<!\bat )(?<!\bà )(?<!\blas )(\d+):(\d+)(?![\w:]|\.\d)"
        r"(?!\s?(?:[AaPp]\.?[Mm]\b|h\b|in the (?:morning|afternoon|evening)|o'clock))",
        lambda m: f"{m.group(1)}{m.group(2)} {rules.to} {m.group(3)}",
        text,
    )
    # an insulin-to-carb ratio: "1:15 at lunch" in a text about carbs (never a time with AM or PM)
    if _CARBS.search(text) and _INSULIN.search(text):
        text = re.sub(
            r"(?<![\w:.])(?<!\bat )(?<!\bà )(?<!\blas )(?<!\bla )1:(\d{1,3})(?![\w:]|\.\d)"
            r"(?!\s?(?:[AaPp]\.?[Mm]\b|h\b))",
            rf"1 {rules.to} \1",
            text,
        )
    # a ratio, not a time: "1:1000 solution", "a 1:1 mix", "1:10 dilution"
    text = re.sub(
        r"(?<![\w:.])(\d+):(\d+)(?![\w:]|\.\d)(?=(?:\s+\w+)?\s+(?:ratio|dilution|solution|mix|relación"
        r"|dilución|solución|rapport|dilution|solution)s?\b)|(?<![\w:.])(\d+):(\d{1}|\d{3,})(?![\w:]|\.\d)",
        lambda m: f"{m.group(1) or m.group(3)} {rules.to} {m.group(2) or m.group(4)}",
        text,
    )
    clock = r"(?:[01]?\d|2[0-3])(?::[0-5]\d|\s?[AP]M\b)(?:\s?[AP]M\b)?"
    text = re.sub(rf"(?<![\w:.])({clock})\s?[-\u2013\u2014]\s?(?={clock})", rf"\1 {rules.to} ", text)
    if rules.code == "en":  # "noon–2 PM", "8 AM–noon"
        text = re.sub(rf"\b(noon|midnight)\s?[-\u2013\u2014]\s?(?={clock})", rf"\1 {rules.to} ", text)
        text = re.sub(
            rf"(?<![\w:.])({clock})\s?[-\u2013\u2014]\s?(?=noon|midnight)", rf"\1 {rules.to} ", text
        )
    if rules.code == "es":
        # "a las 8.30 h", "a las 8.30": the clock written with a stop, never a decimal of hours
        text = re.sub(
            r"(?<=\blas )([01]?\d|2[0-3])\.([0-5]\d)(?![\w]|[.,]\d)"
            r"|(?<![\w:.,])([01]?\d|2[0-3])\.([0-5]\d)(?=\s?h\b)",
            lambda m: f"{m.group(1) or m.group(3)}:{m.group(2) or m.group(4)}",
            text,
        )
        # "a las 9:30 h" -> "a las 9 y 30", "8:00" -> "8"
        return re.sub(
            r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?:\s?h\b)?(?![\w:])",
            lambda m: m.group(1) if m.group(2) == "00" else f"{m.group(1)} y {int(m.group(2))}",
            text,
        )
    if rules.code == "fr":
        # "9h30", "9 h 30", "9:30" -> "9 heures 30"; "8h00" -> "8 heures"
        def heures(match: re.Match[str]) -> str:
            hour, minutes = match.group(1), match.group(2)
            said = f"{hour} {'heure' if is_singular(hour, rules) else 'heures'}"
            return said if minutes == "00" else f"{said} {int(minutes)}"

        # "à 8.30": the clock written with a stop (a French decimal takes a comma)
        text = re.sub(
            r"(?<=\bà )([01]?\d|2[0-3])\.([0-5]\d)(?![\w]|[.,]\d|\s?[€$%])", r"\1:\2", text
        )
        return re.sub(r"(?<![\w:.])([01]?\d|2[0-3])\s?[:h]\s?([0-5]\d)(?![\w:])", heures, text)
    if rules.code != "en":
        return re.sub(r"(?<![\w:])(\d{1,2}):(\d{2})(?![\w:])", r"\1 \2", text)

    time = r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])"
    # a day on the 24-hour clock ("8:00–17:00", "21:30") is said as the 12-hour one: "5 PM"
    day_clock = any(int(h) > 12 or h.startswith("0") for h, _ in re.findall(time, text))

    def said(match: re.Match[str]) -> str:
        hour, minutes = match.group(1), match.group(2)
        if day_clock and not re.match(r"\s?[AP]M\b", match.string[match.end() :]):
            number = int(hour)
            half = "AM" if number < 12 else "PM"
            hour = str(number % 12 or 12)
            spoken = (
                hour if minutes == "00" else f"{hour} {'oh ' + minutes[1] if minutes[0] == '0' else minutes}"
            )
            return f"{spoken} {half}"
        if minutes == "00":
            return hour if re.match(r"\s?[AP]M\b", match.string[match.end() :]) else f"{hour} o'clock"
        return f"{hour} oh {minutes[1]}" if minutes.startswith("0") else f"{hour} {minutes}"

    return re.sub(time, said, text)


def _dotted_clock(text: str, rules: LanguageRules) -> str:
    """British times written with a stop: 'at 14.30', 'from 9.00 to 17.00' -> '14:30', '9:00 to 17:00'.

    Only after a word that starts a time (at, from, until...) or after such a time in a range, and
    never with a unit, a percent sign or 'each' after it ('at 2.50 mg', 'at 2.50 each')."""
    # units, written or said, but "in" ("at 10.30 in the morning"), and money ("at 14.30 dollars")
    money = {word for said in rules.money.values() for word in said}
    units = alternation((unit_words(rules) - {"in"}) | money)
    dotted = (
        r"([01]?\d|2[0-3])\.([0-5]\d)"
        rf"(?![\w%]|[.,]\d|\s?(?:{units})(?![\w])|\s(?:each|per|a|an|apiece)\b)"
    )
    text = re.sub(rf"\b((?i:at|from|until|till|before|after|between)) {dotted}", r"\1 \2:\3", text)
    then = r"(\s?[-\u2013\u2014]\s?|\s(?:to|and|until|till)\s)"
    return re.sub(rf"(?<=\d:[0-5]\d){then}{dotted}", r"\1\2:\3", text)


def calendar(text: str, rules: LanguageRules, lang: str) -> str:
    """Day and month names said whole: 'Dec. 25' -> 'December 25', 'Mon–Fri' -> 'Monday to Friday',
    and in English the day of a month as an ordinal: 'March 3' -> 'March third'."""
    if not rules.calendar and not rules.days:
        return text
    said = {name.rstrip(".").lower(): whole for name, whole in rules.calendar.items()}
    said |= {day.lower(): day for day in rules.days}
    # as written, and capitalised when written in lower case ('lun.', 'Lun.'): never 'sat.' for 'Sat.'
    shown = {*rules.calendar, *rules.days}
    shown |= {name[0].upper() + name[1:] for name in shown if name.islower()}
    day = rf"(?:{alternation({name.rstrip('.') for name in shown})})\.?"

    def whole(written: str) -> str:
        name = said[written.rstrip(".").lower()]
        return name[0].upper() + name[1:] if written[0].isupper() else name

    def day_range(match: re.Match[str]) -> str:
        first, second = whole(match.group(1)), whole(match.group(2))
        return f"{first} {rules.to} {second}" + sentence_stop(match, match.group(2))

    # "Mon, Wed, Fri", "lun, mié y vie": a list of days, said whole (a stop after one is said below)
    week = {d.lower() for d in rules.days}
    short = {name for name in shown if said[name.rstrip(".").lower()].lower() in week}
    listed = rf"(?:{alternation({name.rstrip('.') for name in short})})"
    one = rf"{listed}\.?"
    text = re.sub(
        rf"\b{one}(?:,\s?{one})+(?:,?\s(?:{rules.and_word}|{rules.or_word})\s{one})?(?![\w])"
        rf"|\b{one}\s(?:{rules.and_word}|{rules.or_word}|&)\s{one}(?![\w])",
        lambda m: re.sub(rf"\b({listed})\b(?!\.)", lambda d: whole(d.group(1)), m.group(0)),
        text,
    )
    # "Mon/Wed/Fri": the days of a schedule, said as a list ("Monday, Wednesday and Friday")
    def slashed(match: re.Match[str]) -> str:
        days = [whole(name) for name in re.split(r"[/-]", match.group(0))]
        return f"{', '.join(days[:-1])} {rules.and_word} {days[-1]}"

    # ("lun./mer./ven. de 7 h": the last stop is the abbreviation's only before a word in lower case)
    last_stop = r"(?:\.(?=\s+[a-zà-ÿ]))?"
    text = re.sub(rf"(?<![\w/]){listed}(?:\.?/{listed})+{last_stop}(?![\w/])", slashed, text)
    # "mar-jeu-sam", "Mon-Wed-Fri": three days or more joined by hyphens are a list, not a range
    text = re.sub(rf"(?<![\w/-]){listed}(?:\.?-{listed}){{2,}}{last_stop}(?![\w/-])", slashed, text)
    text = re.sub(rf"\b({day})\s?[-\u2013\u2014]\s?({day})(?![\w])", day_range, text)
    written = alternation(name for name in shown if name.endswith("."))
    if written:
        text = re.sub(
            # "del mar.": the sea, not "martes"
            rf"(?<![\w.])(?!(?<=\bdel )mar\.|(?<=\bel )mar\.|(?<=\bal )mar\.)({written})(?=[\s,;:)]|$)",
            lambda m: whole(m.group(1)) + sentence_stop(m, m.group(1)),
            text,
        )
    if rules.code in ("es", "fr"):
        text = _short_months(text, rules, lang)
    if rules.code != "en" or not rules.months:
        return text
    # "Sept–April", "Jan-Mar": a range of months
    month_names = {name.rstrip(".") for name, whole in rules.calendar.items() if whole in rules.months}
    month = rf"(?:{alternation(month_names | set(rules.months))})\.?"
    text = re.sub(
        rf"\b({month})\s?[-\u2013\u2014]\s?({month})(?![\w])",
        lambda m: f"{said.get(m.group(1).rstrip('.').lower(), m.group(1))} {rules.to} "
        f"{said.get(m.group(2).rstrip('.').lower(), m.group(2))}" + sentence_stop(m, m.group(2)),
        text,
    )
    # "Dec 25" (no stop) is December only before a day's number or a year ("Dec 2020"); "Tue March 14"
    # is Tuesday before a month
    text = re.sub(
        rf"\b({alternation(n.rstrip('.') for n in rules.calendar)})(?=\s\d{{1,2}}(?:st|nd|rd|th)?\b)"
        rf"|\b({alternation(month_names)})(?=\s(?:19|20)\d\d\b)",
        lambda m: whole(m.group(1) or m.group(2)),
        text,
    )

    text = re.sub(
        rf"\b({alternation(n.rstrip('.') for n in short)})(?=,?\s(?:{alternation(rules.months)})\b)",
        lambda m: whole(m.group(1)),
        text,
    )
    # "6 Jan" -> "6 January": after a day's number too
    names = alternation(n.rstrip(".") for n in rules.calendar)
    text = re.sub(
        rf"(\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)? )({names})\b(?!\.)",
        lambda m: m.group(1) + whole(m.group(2)),
        text,
    )
    text = _day_before_month(text, rules)

    def ordinal(match: re.Match[str]) -> str:
        words = f"{match.group(1)} {num2words(int(match.group(2)), lang='en', to='ordinal')}"
        if match.group(3):
            words += f" {rules.to} {num2words(int(match.group(3)), lang='en', to='ordinal')}"
        return words

    months = "|".join(rules.months)
    return re.sub(
        rf"\b({months}) ([12]?\d|3[01])(?:st|nd|rd|th)?(?:\s?[-\u2013]\s?([12]?\d|3[01])(?:st|nd|rd|th)?)?"
        r"(?![\w:.,]\d|\d|\s?%)",
        ordinal,
        text,
    )


_DAY: Final = r"(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"


def _day_before_month(text: str, rules: LanguageRules) -> str:
    """'6 January 2025', '6th of January', '24–26 December' -> 'the sixth of January 2025', 'the
    sixth of January', 'the twenty-fourth to the twenty-sixth of December': the day first, as said in
    Britain (a bare '6 January' would be heard 'six January')."""

    def said(match: re.Match[str]) -> str:
        the, first, second, month = match.group(1), match.group(2), match.group(4), match.group(5)
        after = match.string[match.end() :]
        before = match.string[: match.start()]
        if month == "May" and not (
            re.match(r"\s*(?:[,;:.!?)]|$|\d{4})", after) or re.search(rf"\b(?:{_DATE_WORDS})\s+$", before)
        ):
            return match.group(0)  # "2 May be needed": the verb
        if (
            match.group(3)
            and match.group(3).strip() in ("to", "and")
            and not re.search(r"\b(?:from|between)\s+$", before)
        ):
            return match.group(0)  # "2 to 3 March": a count up to a date, not a range of days
        day = num2words(int(first), lang="en", to="ordinal")
        words = f"{the or 'the '}{day}"
        if second:
            joined = "and" if match.group(3).strip() == "and" else rules.to
            words += f" {joined} the {num2words(int(second), lang='en', to='ordinal')}"
        if (the and the[0] == "T") or (not the and re.search(r"(?:^|[.!?]\s+)$", before)):
            words = words[0].upper() + words[1:]
        return f"{words} of {month}"

    return re.sub(
        rf"(?<![\w.,:/-])([Tt]he )?{_DAY}(?:(\s?[-\u2013]\s?|\s(?:to|and)\s){_DAY})? (?:of )?"
        rf"({'|'.join(rules.months)})\b",
        said,
        text,
    )


_DATE_WORDS: Final = "on|by|until|till|before|after|from|since|through|to|and|or|due|dated|the|of|starting"
"""Words before '30 May' that show it to be a date wherever it stands in the sentence."""


def _short_months(text: str, rules: LanguageRules, lang: str) -> str:
    """A month written short after a day's number, as Babel's data for the locale writes it, said whole:
    '6 ene 2025' -> '6 de enero de 2025', '6 janv 2025' -> '6 janvier 2025'."""
    locale = _locale(lang)
    wide = get_month_names("wide", locale=locale)
    short = get_month_names("abbreviated", locale=locale)
    names = {short[m].rstrip(".").lower(): wide[m] for m in range(1, 13)}
    names |= {"sep": wide[9], "sept": wide[9]}
    if rules.code == "es":
        names |= {wide[m].lower(): wide[m] for m in range(1, 13)}  # "6 enero 2025" -> "6 de enero de 2025"
    months = alternation(names)

    def said(match: re.Match[str]) -> str:
        day, month, year = match.group(1), names[match.group(2).lower()], match.group(3)
        if rules.code == "es":
            return f"{day} de {month}" + (f" de {year}" if year else "")
        return f"{day} {month}" + (f" {year}" if year else "")

    return re.sub(
        rf"(?<![\w.,])(\d{{1,2}}(?:er)?)\s(?:de\s)?({months})(?!\w|\.\w)(?:\s(?:de\s)?(\d{{4}})(?!\d))?",
        said,
        text,
        flags=re.IGNORECASE,
    )
