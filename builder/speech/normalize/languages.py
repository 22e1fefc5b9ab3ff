"""The words each language uses to say numbers, units, symbols and shorthand.

Tables only: the rules that use them are in `builder.speech.normalize`. A unit
is (singular, plural); which one is said follows the language's rule for the
number before it (`plural_from`). English is complete; Spanish and French cover
numbers, units, percentages, comparisons, money and dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

Unit = tuple[str, str]


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """How one language says what print abbreviates."""

    code: str
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
    minus: str
    per: str
    by: str
    """Between the sides of a dimension: '2 by 3 centimeters'."""
    times: str
    """'x2' -> '2 times'."""
    over: str
    """Blood pressure: '130 over 80'."""
    number: str
    """For '#5' and 'No. 5'."""
    decimal_word: str
    """Said between the whole and the decimal part; '' leaves '2.5' to the engine."""
    comparisons: Mapping[str, str]
    """'≥' -> 'at least'."""
    degrees: Mapping[str, Unit]
    """'C' -> ('degree Celsius', 'degrees Celsius'), '' -> plain degrees."""
    units: Mapping[str, Unit]
    """Unit written after a number -> (singular, plural)."""
    per_words: Mapping[str, str]
    """What follows 'per' for a time or count word written after a slash: 'day' -> 'day'."""
    money: Mapping[str, Unit]
    """Currency sign -> (singular, plural)."""
    cents: Unit | None
    """('cent', 'cents') when '$1.50' is said '1 dollar and 50 cents'; None says the decimal."""
    emergency_numbers: frozenset[str]
    """Short numbers said digit by digit wherever they stand ('911')."""
    context_numbers: frozenset[str]
    """Short numbers said digit by digit only after a word such as 'call' ('112', '999')."""
    call_words: tuple[str, ...]
    numbered_words: tuple[str, ...]
    """Words after which a Roman numeral is a number: 'stage IV' -> 'stage 4'."""
    emphasis: frozenset[str]
    """Words that, written in capitals for emphasis, are said as words ('NOT')."""
    joining_words: frozenset[str] = frozenset()
    """Capitals that may be an abbreviation ('OR', the operating room) said as words only between
    words in lower case ('eat OR drink')."""
    plural_from: str = "one"
    """'one': singular only for exactly 1 (English, Spanish); 'two': plural from 2 on (French)."""
    month_first: bool = False
    """Whether 3/12/2024 means March 12 (the United States) rather than 3 December."""
    shorthand: tuple[tuple[str, str], ...] = field(default=())
    """Regular expression -> replacement, applied before the number rules ('24/7')."""


_EN_UNITS: Final[Mapping[str, Unit]] = {
    "mg": ("milligram", "milligrams"),
    "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"),
    "μg": ("microgram", "micrograms"),
    "ug": ("microgram", "micrograms"),
    "ng": ("nanogram", "nanograms"),
    "pg": ("picogram", "picograms"),
    "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"),
    "mL": ("milliliter", "milliliters"),
    "ml": ("milliliter", "milliliters"),
    "µL": ("microliter", "microliters"),
    "μL": ("microliter", "microliters"),
    "dL": ("deciliter", "deciliters"),
    "dl": ("deciliter", "deciliters"),
    "L": ("liter", "liters"),
    "cc": ("cubic centimeter", "cubic centimeters"),
    "mmol": ("millimole", "millimoles"),
    "µmol": ("micromole", "micromoles"),
    "μmol": ("micromole", "micromoles"),
    "mEq": ("milliequivalent", "milliequivalents"),
    "IU": ("international unit", "international units"),
    "U": ("unit", "units"),
    "kcal": ("kilocalorie", "kilocalories"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "mm Hg": ("millimeter of mercury", "millimeters of mercury"),
    "bpm": ("beat per minute", "beats per minute"),
    "mm": ("millimeter", "millimeters"),
    "cm": ("centimeter", "centimeters"),
    "km": ("kilometer", "kilometers"),
    "mm²": ("square millimeter", "square millimeters"),
    "cm²": ("square centimeter", "square centimeters"),
    "m²": ("square meter", "square meters"),
    "m2": ("square meter", "square meters"),
    "cm³": ("cubic centimeter", "cubic centimeters"),
    "in": ("inch", "inches"),
    "in.": ("inch", "inches"),
    "ft": ("foot", "feet"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "tsp": ("teaspoon", "teaspoons"),
    "tab": ("tablet", "tablets"),
    "tabs": ("tablet", "tablets"),
    "cap": ("capsule", "capsules"),
    "caps": ("capsule", "capsules"),
    "tbsp": ("tablespoon", "tablespoons"),
    "Gy": ("gray", "gray"),
    "cGy": ("centigray", "centigray"),
    "mSv": ("millisievert", "millisieverts"),
    "dB": ("decibel", "decibels"),
    "h": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "sec": ("second", "seconds"),
    "secs": ("second", "seconds"),
    "wk": ("week", "weeks"),
    "wks": ("week", "weeks"),
    "mo": ("month", "months"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
}

_EN_PER: Final[Mapping[str, str]] = {
    word: word
    for word in (
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "second",
        "night",
        "meal",
        "dose",
        "treatment",
        "session",
        "visit",
        "person",
        "patient",
        "kilogram",
        "liter",
    )
} | {"d": "day", "wk": "week", "mo": "month", "yr": "year", "hr": "hour", "h": "hour", "min": "minute"}

_EN_EMPHASIS: Final = frozenset(
    [
        "NOT",
        "NO",
        "NEVER",
        "ALWAYS",
        "ONLY",
        "DO",
        "DON'T",
        "DOES",
        "DOESN'T",
        "DID",
        "STOP",
        "MUST",
        "SHOULD",
        "ANY",
        "EVERY",
        "EACH",
        "CALL",
        "NOW",
        "IMMEDIATELY",
        "RIGHT",
        "AWAY",
        "BEFORE",
        "AFTER",
        "DURING",
        "WITH",
        "WITHOUT",
        "AND",
        "BUT",
        "IF",
        "THE",
        "THIS",
        "THAT",
        "TAKE",
        "USE",
        "KEEP",
        "AVOID",
        "WARNING",
        "CAUTION",
        "DANGER",
        "IMPORTANT",
        "URGENT",
        "NOTE",
        "EMERGENCY",
        "YES",
        "YOU",
        "YOUR",
        "MORE",
        "LESS",
        "THAN",
        "TWICE",
        "ONCE",
        "DAILY",
        "SAME",
        "DAY",
        "NIGHT",
        "EMPTY",
        "FOOD",
        "WATER",
        "CHILDREN",
        "REACH",
        "OUT",
        "OF",
        "TO",
        "FOR",
        "IS",
        "ARE",
        "BE",
        "WILL",
        "CAN",
        "CANNOT",
        "CAN'T",
        "WON'T",
        "EVEN",
        "UNTIL",
        "UNLESS",
        "WHEN",
        "WHILE",
        "SEEK",
        "HELP",
        "GET",
        "GO",
        "SEE",
        "TELL",
        "ASK",
        "DRIVE",
        "DRINK",
        "EAT",
        "SMOKE",
        "MIX",
        "SHARE",
        "CRUSH",
        "CHEW",
        "SWALLOW",
        "WHOLE",
        "FIRST",
        "LAST",
        "NEXT",
        "EXTRA",
        "DOUBLE",
        "DOSE",
        "DOSES",
        "HOT",
        "COLD",
        "HIGH",
        "LOW",
        "FAST",
        "SLOWLY",
        "DELETE",
        "STRIKE",
        "VERY",
        "SURE",
    ]
)

ENGLISH: Final = LanguageRules(
    code="en",
    abbreviations={
        "e.g.": "for example",
        "E.g.": "For example",
        "eg.": "for example",
        "i.e.": "that is",
        "I.e.": "That is",
        "ie.": "that is",
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
        "Approx.": "Approximately",
        "approx": "approximately",
        "avg.": "average",
        "max.": "maximum",
        "Fig.": "Figure",
        "a.m.": "A M",
        "p.m.": "P M",
        "and/or": "and or",
        "w/o": "without",
        "w/": "with",
        "b.i.d.": "twice a day",
        "t.i.d.": "three times a day",
        "q.i.d.": "four times a day",
        "p.r.n.": "as needed",
        "PRN": "as needed",
        "BID": "twice a day",
        "TID": "three times a day",
        "QID": "four times a day",
        "QHS": "at bedtime",
        "q.d.": "every day",
        "q.h.s.": "at bedtime",
        "y/o": "years old",
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
            "avg.",
            "max.",
            "al.",
            "b.i.d.",
            "t.i.d.",
            "q.i.d.",
            "q.d.",
            "p.r.n.",
        }
    ),
    to="to",
    percent="percent",
    dot="dot",
    and_word="and",
    or_word="or",
    plus="plus",
    minus="minus",
    per="per",
    by="by",
    times="times",
    over="over",
    number="number",
    decimal_word="",
    comparisons={
        "≥": "at least",
        ">=": "at least",
        "≤": "at most",
        "<=": "at most",
        "<": "less than",
        ">": "more than",
        "≈": "about",
        "~": "about",
        "∼": "about",
        "±": "plus or minus",
        "+/-": "plus or minus",
        "≠": "not equal to",
    },
    degrees={
        "C": ("degree Celsius", "degrees Celsius"),
        "F": ("degree Fahrenheit", "degrees Fahrenheit"),
        "": ("degree", "degrees"),
    },
    units=_EN_UNITS,
    per_words=_EN_PER,
    money={"$": ("dollar", "dollars"), "€": ("euro", "euros"), "£": ("pound", "pounds")},
    cents=("cent", "cents"),
    emergency_numbers=frozenset({"911", "988"}),
    context_numbers=frozenset({"112", "999", "111", "311", "211", "411", "511", "711", "811", "000"}),
    call_words=("call", "dial", "phone", "ring", "text", "contact", "emergency", "line", "number", "or"),
    numbered_words=(
        "stage",
        "type",
        "phase",
        "grade",
        "class",
        "level",
        "category",
        "tier",
        "part",
        "step",
        "group",
        "schedule",
        "chapter",
        "volume",
    ),
    emphasis=_EN_EMPHASIS,
    joining_words=frozenset({"OR", "AT", "ON", "IT", "ALL"}),
    plural_from="one",
    month_first=True,
    shorthand=(
        (r"(?<![\w/])24/7(?![\w/])", "24 hours a day, 7 days a week"),
        (r"(?<![\w.])q\.?\s?(\d+)\s?h\b\.?", r"every \1 hours"),
        (r"(?<![\w.])[x×]\s?(\d+)\s(days?|weeks?|months?|doses?)\b", r"for \1 \2"),
        (r"\bMM/DD/YYYY\b", "month, day, year"),
    ),
)

_ES_UNITS: Final[Mapping[str, Unit]] = {
    "mg": ("miligramo", "miligramos"),
    "mcg": ("microgramo", "microgramos"),
    "µg": ("microgramo", "microgramos"),
    "μg": ("microgramo", "microgramos"),
    "ng": ("nanogramo", "nanogramos"),
    "g": ("gramo", "gramos"),
    "kg": ("kilogramo", "kilogramos"),
    "mL": ("mililitro", "mililitros"),
    "ml": ("mililitro", "mililitros"),
    "dL": ("decilitro", "decilitros"),
    "dl": ("decilitro", "decilitros"),
    "L": ("litro", "litros"),
    "l": ("litro", "litros"),
    "mmol": ("milimol", "milimoles"),
    "UI": ("unidad internacional", "unidades internacionales"),
    "mmHg": ("milímetro de mercurio", "milímetros de mercurio"),
    "mm Hg": ("milímetro de mercurio", "milímetros de mercurio"),
    "lpm": ("latido por minuto", "latidos por minuto"),
    "mm": ("milímetro", "milímetros"),
    "cm": ("centímetro", "centímetros"),
    "m": ("metro", "metros"),
    "km": ("kilómetro", "kilómetros"),
    "Gy": ("gray", "grays"),
    "h": ("hora", "horas"),
    "min": ("minuto", "minutos"),
    "s": ("segundo", "segundos"),
}

SPANISH: Final = LanguageRules(
    code="es",
    abbreviations={
        "p. ej.": "por ejemplo",
        "p.ej.": "por ejemplo",
        "etc.": "etcétera",
        "aprox.": "aproximadamente",
        "Dr.": "doctor",
        "Dra.": "doctora",
        "Sr.": "señor",
        "Sra.": "señora",
        "et al.": "y colaboradores",
        "vs.": "frente a",
    },
    no_split=frozenset({"dr.", "dra.", "sr.", "sra.", "aprox.", "ej.", "al.", "vs.", "núm."}),
    to="a",
    percent="por ciento",
    dot="punto",
    and_word="y",
    or_word="o",
    plus="más",
    minus="menos",
    per="por",
    by="por",
    times="veces",
    over="sobre",
    number="número",
    decimal_word="coma",
    comparisons={
        "≥": "como mínimo",
        ">=": "como mínimo",
        "≤": "como máximo",
        "<=": "como máximo",
        "<": "menos de",
        ">": "más de",
        "≈": "aproximadamente",
        "~": "aproximadamente",
        "±": "más o menos",
    },
    degrees={
        "C": ("grado Celsius", "grados Celsius"),
        "F": ("grado Fahrenheit", "grados Fahrenheit"),
        "": ("grado", "grados"),
    },
    units=_ES_UNITS,
    per_words={
        "día": "día",
        "semana": "semana",
        "mes": "mes",
        "hora": "hora",
        "dosis": "dosis",
        "h": "hora",
        "kg": "kilogramo",
        "min": "minuto",
        "d": "día",
    },
    money={"€": ("euro", "euros"), "$": ("dólar", "dólares")},
    cents=None,
    emergency_numbers=frozenset({"112", "911", "061", "016", "024"}),
    context_numbers=frozenset(),
    call_words=("llame", "llamar", "marque", "teléfono"),
    numbered_words=("estadio", "etapa", "tipo", "fase", "grado", "clase", "nivel"),
    emphasis=frozenset(
        [
            "NO",
            "NUNCA",
            "SIEMPRE",
            "SOLO",
            "SÓLO",
            "DEBE",
            "ANTES",
            "DESPUÉS",
            "TOME",
            "LLAME",
            "URGENTE",
            "IMPORTANTE",
        ]
    ),
    plural_from="one",
    shorthand=((r"(?<![\w/])24/7(?![\w/])", "las 24 horas, los 7 días de la semana"),),
)

_FR_UNITS: Final[Mapping[str, Unit]] = {
    "mg": ("milligramme", "milligrammes"),
    "mcg": ("microgramme", "microgrammes"),
    "µg": ("microgramme", "microgrammes"),
    "μg": ("microgramme", "microgrammes"),
    "ng": ("nanogramme", "nanogrammes"),
    "g": ("gramme", "grammes"),
    "kg": ("kilogramme", "kilogrammes"),
    "mL": ("millilitre", "millilitres"),
    "ml": ("millilitre", "millilitres"),
    "dL": ("décilitre", "décilitres"),
    "dl": ("décilitre", "décilitres"),
    "L": ("litre", "litres"),
    "l": ("litre", "litres"),
    "mmol": ("millimole", "millimoles"),
    "UI": ("unité internationale", "unités internationales"),
    "mmHg": ("millimètre de mercure", "millimètres de mercure"),
    "mm Hg": ("millimètre de mercure", "millimètres de mercure"),
    "bpm": ("battement par minute", "battements par minute"),
    "mm": ("millimètre", "millimètres"),
    "cm": ("centimètre", "centimètres"),
    "m": ("mètre", "mètres"),
    "km": ("kilomètre", "kilomètres"),
    "Gy": ("gray", "grays"),
    "h": ("heure", "heures"),
    "min": ("minute", "minutes"),
    "s": ("seconde", "secondes"),
}

FRENCH: Final = LanguageRules(
    code="fr",
    abbreviations={
        "p. ex.": "par exemple",
        "p.ex.": "par exemple",
        "c.-à-d.": "c'est-à-dire",
        "c-à-d": "c'est-à-dire",
        "etc.": "et cetera",
        "env.": "environ",
        "Dr": "docteur",
        "Dr.": "docteur",
        "Pr": "professeur",
        "M.": "monsieur",
        "Mme": "madame",
        "et al.": "et collaborateurs",
    },
    no_split=frozenset({"dr.", "m.", "env.", "ex.", "al.", "etc."}),
    to="à",
    percent="pour cent",
    dot="point",
    and_word="et",
    or_word="ou",
    plus="plus",
    minus="moins",
    per="par",
    by="sur",
    times="fois",
    over="sur",
    number="numéro",
    decimal_word="virgule",
    comparisons={
        "≥": "au moins",
        ">=": "au moins",
        "≤": "au plus",
        "<=": "au plus",
        "<": "moins de",
        ">": "plus de",
        "≈": "environ",
        "~": "environ",
        "±": "plus ou moins",
    },
    degrees={
        "C": ("degré Celsius", "degrés Celsius"),
        "F": ("degré Fahrenheit", "degrés Fahrenheit"),
        "": ("degré", "degrés"),
    },
    units=_FR_UNITS,
    per_words={
        "jour": "jour",
        "semaine": "semaine",
        "mois": "mois",
        "heure": "heure",
        "h": "heure",
        "kg": "kilogramme",
        "min": "minute",
        "j": "jour",
        "an": "an",
    },
    money={"€": ("euro", "euros"), "$": ("dollar", "dollars")},
    cents=None,
    emergency_numbers=frozenset(),
    context_numbers=frozenset(),
    call_words=("appelez", "appeler", "composez"),
    numbered_words=("stade", "type", "phase", "grade", "classe", "niveau"),
    emphasis=frozenset(
        ["NE", "PAS", "JAMAIS", "TOUJOURS", "SEULEMENT", "APPELEZ", "URGENT", "IMPORTANT", "AVANT", "APRÈS"]
    ),
    plural_from="two",
    shorthand=((r"(?<![\w/])24/7(?![\w/])", "24 heures sur 24, 7 jours sur 7"),),
)

RULES: Final[Mapping[str, LanguageRules]] = {"en": ENGLISH, "es": SPANISH, "fr": FRENCH}


def rules_for(lang: str) -> LanguageRules | None:
    """The rules for a BCP 47 tag's primary language, or None when there are none yet."""
    return RULES.get(lang.split("-")[0].lower())
