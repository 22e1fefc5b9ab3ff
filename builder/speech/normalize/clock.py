"""Dates and times of day as people say them."""

from __future__ import annotations

import datetime as dt
import re

from builder.labels import long_date
from builder.speech.normalize.common import region
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

    def numeric(match: re.Match[str]) -> str:
        first, second, year = match.groups()
        month, day = (first, second) if month_first else (second, first)
        return said(year, month, day) or match.group(0)

    text = re.sub(
        r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])", lambda m: said(*m.groups()) or m.group(0), text
    )
    return re.sub(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])", numeric, text)


def times(text: str, rules: LanguageRules, lang: str) -> str:
    """'8:30' -> '8 30', '8:00' -> '8 o'clock' (English), '8:05' -> '8 oh 5'."""
    if rules.code != "en":
        return re.sub(r"(?<![\w:])(\d{1,2}):(\d{2})(?![\w:])", r"\1 \2", text)

    def said(match: re.Match[str]) -> str:
        hour, minutes = match.group(1), match.group(2)
        if minutes == "00":
            return hour if re.match(r"\s?[AP] M", match.string[match.end() :]) else f"{hour} o'clock"
        return f"{hour} oh {minutes[1]}" if minutes.startswith("0") else f"{hour} {minutes}"

    return re.sub(r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])", said, text)
