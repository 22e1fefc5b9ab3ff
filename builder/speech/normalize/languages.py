"""The words each language uses to say numbers, units, symbols and shorthand.

Tables only: the rules that use them are in `builder.speech.normalize`. A unit
is (singular, plural); which one is said follows the language's rule for the
number before it (`plural_from`). English is complete; Spanish and French cover
numbers, units, percentages, comparisons, money and dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from builder.speech.normalize.english import ENGLISH
from builder.speech.normalize.french import FRENCH
from builder.speech.normalize.model import LanguageRules, Unit
from builder.speech.normalize.spanish import SPANISH

__all__ = ["ENGLISH", "FRENCH", "RULES", "SPANISH", "LanguageRules", "Unit", "rules_for"]

RULES: Final[Mapping[str, LanguageRules]] = {"en": ENGLISH, "es": SPANISH, "fr": FRENCH}


def rules_for(lang: str) -> LanguageRules | None:
    """The rules for a BCP 47 tag's primary language, or None when there are none yet."""
    return RULES.get(lang.split("-")[0].lower())
