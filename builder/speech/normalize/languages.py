"""The words each language uses to say numbers, units, symbols and shorthand.

Tables, and what a country adds to its language's (its short numbers, what its "$" is, the word
for its decimal sign): the rules that use them are in `builder.speech.normalize`. A unit
is (singular, plural); which one is said follows the language's rule for the
number before it (`plural_from`). English is complete; Spanish and French cover
numbers, units, percentages, comparisons, money and dates.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_symbol, get_territory_currencies

from builder.speech.normalize.english import ENGLISH
from builder.speech.normalize.french import FRENCH
from builder.speech.normalize.model import LanguageRules, Region, Unit
from builder.speech.normalize.spanish import SPANISH

__all__ = ["ENGLISH", "FRENCH", "RULES", "SPANISH", "LanguageRules", "Region", "Unit", "rules_for"]

RULES: Final[Mapping[str, LanguageRules]] = {"en": ENGLISH, "es": SPANISH, "fr": FRENCH}


@functools.lru_cache(maxsize=64)
def rules_for(lang: str) -> LanguageRules | None:
    """The rules for a BCP 47 tag's language, with what its country adds ('es-MX': '$' is the
    peso, '38.5' is said 'punto', 911 digit by digit), or None when there are none yet."""
    parts = lang.replace("_", "-").split("-")
    rules = RULES.get(parts[0].lower())
    country = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    if rules is None or not country:
        return rules
    region = rules.regions.get(country, Region())
    money = {**rules.money, **region.money}
    own = _own_currency(parts[0].lower(), country)
    if own is not None and own[1] in money and own[0] in rules.currencies:
        money[own[1]] = rules.currencies[own[0]]  # "$150" in Mexico is 150 pesos
    return dataclasses.replace(
        rules,
        money=money,
        emergency_numbers=rules.emergency_numbers | region.emergency_numbers,
        context_numbers=rules.context_numbers | region.context_numbers,
        cents=region.cents or rules.cents,
        shorthand=region.shorthand + rules.shorthand,
    )


def _own_currency(language: str, country: str) -> tuple[str, str] | None:
    """The country's currency and the sign its locale writes it with (Babel's CLDR data)."""
    try:
        locale = Locale(language, country)
        code = get_territory_currencies(country)[0]
    except (UnknownLocaleError, ValueError, IndexError):
        return None
    return code, get_currency_symbol(code, locale)
