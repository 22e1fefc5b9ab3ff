"""English: the complete rules (units, per, comparisons, shorthand, emphasis...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from builder.speech.normalize.model import LanguageRules, Region, Unit, after_a_dose

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
    "nmol": ("nanomole", "nanomoles"),
    "pmol": ("picomole", "picomoles"),
    "mEq": ("milliequivalent", "milliequivalents"),
    "IU": ("international unit", "international units"),
    "U": ("unit", "units"),
    "kcal": ("kilocalorie", "kilocalories"),
    "kJ": ("kilojoule", "kilojoules"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "mm Hg": ("millimeter of mercury", "millimeters of mercury"),
    "bpm": ("beat per minute", "beats per minute"),
    "mm": ("millimeter", "millimeters"),
    "m": ("meter", "meters"),
    "cm": ("centimeter", "centimeters"),
    "km": ("kilometer", "kilometers"),
    "mm²": ("square millimeter", "square millimeters"),
    "cm²": ("square centimeter", "square centimeters"),
    "m²": ("square meter", "square meters"),
    "m2": ("square meter", "square meters"),
    "cm³": ("cubic centimeter", "cubic centimeters"),
    "mm³": ("cubic millimeter", "cubic millimeters"),
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
    "mos": ("month", "months"),
    "gtt": ("drop", "drops"),
    "gtts": ("drop", "drops"),
    "mIU": ("milli-international unit", "milli-international units"),
    "mU": ("milliunit", "milliunits"),
    "mcL": ("microliter", "microliters"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
    "ppm": ("part per million", "parts per million"),
    "Fr": ("French", "French"),  # a catheter's size: "16 Fr"
    "ms": ("millisecond", "milliseconds"),
    "y": ("year", "years"),  # "children under 2 y"
    "Tbsp": ("tablespoon", "tablespoons"),
    "TBSP": ("tablespoon", "tablespoons"),
    "Tbs": ("tablespoon", "tablespoons"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "m³": ("cubic meter", "cubic meters"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "mth": ("month", "months"),
    "mths": ("month", "months"),
    # a pharmacy label printed in capitals: "TAKE 1 TAB", "250MG/5ML"
    "MG": ("milligram", "milligrams"),
    "MCG": ("microgram", "micrograms"),
    "ML": ("milliliter", "milliliters"),
    "TAB": ("tablet", "tablets"),
    "TABS": ("tablet", "tablets"),
    "CAP": ("capsule", "capsules"),
    "CAPS": ("capsule", "capsules"),
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
} | {
    "d": "day",
    "wk": "week",
    "mo": "month",
    "yr": "year",
    "hr": "hour",
    "h": "hour",
    "min": "minute",
    "mol": "mole",
    "l": "liter",
    "fx": "fraction",  # "2 Gy/fx": a dose of radiation per fraction
}

_MONTHS: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS: Final = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS_WRITTEN: Final = "|".join([*_MONTHS, *(month[:3] for month in _MONTHS if month != "May"), "Sept"])
"""Months whole or short ('Dec', 'Sept'), as a regular expression."""

_EN_CALENDAR: Final[Mapping[str, str]] = (
    {f"{month[:3]}.": month for month in _MONTHS if month != "May"}
    | {"Sept.": "September"}
    | {f"{day[:3]}.": day for day in _DAYS}
    | {"Tues.": "Tuesday", "Thur.": "Thursday", "Thurs.": "Thursday"}
)
"""Abbreviated month and day names, said whole ('Dec. 25' -> 'December 25'). Written without a
stop they are said whole only before a day's number ('Dec 25') or in a range ('Mon–Fri')."""

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
        # a count in capitals is the dose itself: "Take ONE tablet"
        "ONE",
        "TWO",
        "THREE",
        "FOUR",
        "FIVE",
        "SIX",
        "SEVEN",
        "EIGHT",
        "NINE",
        "TEN",
        "HALF",
        "TABLET",
        "TABLETS",
        "BOTH",
        # the words of a pharmacy label printed in capitals: "TAKE 1 TAB ... FOR 10 DAYS"
        "DAY",
        "DAYS",
        "HOURS",
        "WEEKS",
        "FOOD",
        "MEALS",
        "WATER",
        "DAILY",
    ]
)

_DOSE_UNITS: Final = (
    r"mg|mcg|µg|g|mL|ml|units?|U|IU|micrograms?|milligrams?|tablets?|tabs?|amps?|ampoules?|caps?"
)
"""Units and forms after which 'SL', 'IM', 'SC', 'po' name the way a dose is given."""

_A_DOSE: Final = r"\d+(?:\.\d+)?\s?[^\W\d_]*"
"""A number and the word after it ('200 mg', '2 puffs'), after which a British dose time follows."""

_DOSED: Final = r"(?:tablets?|capsules?|puffs?|drops?|sachets?|units?|doses?|daily)"
"""What a British dose time ('bd', 'nocte') follows when no number is right before it."""

_TIME_WORDS: Final = "in|for|within|after|over|every|next|another"
_BRITISH: Final = Region(
    shorthand=(
        # "review in 6/12", "for 3/7": months and days in a British clinic's letter (in the United
        # States "6/12" after "on" is a date), only after a word of time
        (
            rf"\b((?:{_TIME_WORDS}) )([1-9]|1[01])/12(?![\w/]|[.,]\d)"
            r"(?!\s+(?:patients|people|cases|children|adults|women|men|participants|of)\b)",
            r"\1\2 months",
        ),
        (rf"\b((?:{_TIME_WORDS}) )([1-6])/7(?![\w/]|[.,]\d)", r"\1\2 days"),
    )
)
"""What Britain, Ireland, Australia, New Zealand and South Africa add."""

_EVERY: Final = (
    ("h|hrs?|hours", "hours"),
    ("d|days?", "days"),
    ("wks?|weeks?", "weeks"),
    ("mos?|months?", "months"),
    ("yrs?|years?", "years"),
)
"""Units of time after "q" and a count ('q8h', 'q2–3 days', 'q3 mo') and what they are said as."""

_DAY_LETTERS: Final = (
    ("M", "W", "F", "Monday, Wednesday and Friday"),
    ("Tu", "Th", "Sa", "Tuesday, Thursday and Saturday"),
    ("T", "Th", "S", "Tuesday, Thursday and Saturday"),
    ("M", "Tu", "W", "Monday, Tuesday and Wednesday"),
)
"""Dialysis and clinic schedules written in letters, and how they are said."""

_ROUTES: Final = r"(?:PO|po|by mouth|orally|SC|SQ|IM|SL|PR|m/r|M/R)"
"""Routes and releases written after a dose, after which a dose time still follows: '500 mg PO bid'."""

_FORMS: Final = (
    r"(?:the |this |your )(?:cream|ointment|gel|lotion|drops|tablets?|capsules?|inhaler|spray|patch)"
)
"""A medicine named by its form, after which 'bid' is a dose time: 'use the cream bid'."""

_TAKING: Final = r"(?:[Tt]ake|[Aa]pply|[Uu]se|[Gg]ive|[Ii]nhale|[Cc]hange|divided|given)"
"""Verbs of taking a medicine, after which 'bid' is a dose time: 'apply bid'."""

ENGLISH: Final = LanguageRules(
    code="en",
    abbreviations={
        "e.g.": "for example",
        "E.g.": "For example",
        "eg.": "for example",
        "eg": "for example",
        "etc": "et cetera",
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
        "Max.": "Maximum",
        "Fig.": "Figure",
        "a.m.": "AM",
        "p.m.": "PM",
        "and/or": "and or",
        "w/o": "without",
        "w/": "with",
        "W/": "with",
        "m/r": "modified release",
        "M/R": "modified release",
        "NBM": "nil by mouth",
        "c/o": "care of",
        "Bldg.": "Building",
        "bldg.": "building",
        "Ste.": "Suite",
        "Dept.": "Department",
        "dept.": "department",
        "Rm.": "Room",
        "Apt.": "Apartment",
        "Ave.": "Avenue",
        "Blvd.": "Boulevard",
        "b.i.d.": "twice a day",
        "t.i.d.": "three times a day",
        "q.i.d.": "four times a day",
        "b.d.": "twice a day",
        "t.d.s.": "three times a day",
        "q.d.s.": "four times a day",
        "p.r.n.": "as needed",
        "PRN": "as needed",
        "BID": "twice a day",
        "TID": "three times a day",
        "QID": "four times a day",
        "QHS": "at bedtime",
        "q.d.": "every day",
        "q.h.s.": "at bedtime",
        "h.s.": "at bedtime",
        "a.c.": "before meals",
        "p.c.": "after meals",
        "y/o": "years old",
        "y.o.": "years old",
        "yo": "years old",
        "prn": "as needed",
        "q.o.d.": "every other day",
        "QOD": "every other day",
        "qod": "every other day",
        "QD": "every day",
        "qd": "every day",
        "qhs": "at bedtime",
        "qAM": "every morning",
        "qPM": "every evening",
        "H2O": "water",
        "STAT": "right away",
        "w/in": "within",
        "b/c": "because",
        "N/A": "not applicable",
        "n/a": "not applicable",
        "Rx": "prescription",
        "Qty": "Quantity",
        "appt": "appointment",
        "Appt": "Appointment",
        "Hep A": "Hepatitis A",
        "Hep B": "Hepatitis B",
        "Hep C": "Hepatitis C",
        "qty": "quantity",
        "appt.": "appointment",
        "Tel.": "Telephone",
        "tel.": "telephone",
        "temp.": "temperature",
        "ca.": "about",
        "no. of": "number of",
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
            "q.o.d.",
            "h.s.",
            "a.c.",
            "p.c.",
            "appt.",
            "tel.",
            "temp.",
            "ca.",
            "bldg.",
            "ste.",
            "dept.",
            "rm.",
            "apt.",
        }
        | {f"{month[:3].lower()}." for month in _MONTHS if month != "May"}
        | {"sept."}
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
        "=>": "at least",  # the signs typed the other way round
        "=<": "at most",
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
    every={"hours": "every", "days": "every", "weeks": "every", "months": "every", "minutes": "every"},
    over_time="over",
    infusion=r"\b(?:IV|[Ii]ntravenous\w*|[Ii]nfus\w*|[Dd]rips?)\b|\bI\.V\.",
    dose_times=("in the morning", "at midday", "in the evening", "at bedtime"),
    dose_verbs=r"tak(?:e|es|ing)|give",
    dose_nouns=r"dos(?:e|es|age)|tablets?|capsules?|pills?|puffs?|drops?|sachets?",
    per_words=_EN_PER,
    money={
        "$": ("dollar", "dollars"),
        "€": ("euro", "euros"),
        "£": ("pound", "pounds"),
        "¢": ("cent", "cents"),
        "₹": ("rupee", "rupees"),
    },
    cents=("cent", "cents"),
    subunits={"£": ("penny", "pence"), "₹": ("paisa", "paise")},
    # a code after an amount ("40 USD"); not the Canadian or Australian dollar, which their countries
    # write "$" and call plain dollars
    currencies={"USD": ("dollar", "dollars"), "EUR": ("euro", "euros"), "GBP": ("pound", "pounds")},
    cycle_day="day",
    regions={
        **dict.fromkeys(("GB", "IE", "AU", "NZ"), _BRITISH),
        # South Africa: "R250" is 250 rand; 10111 the police, 10177 the ambulance
        "ZA": Region(
            context_numbers=frozenset({"10111", "10177"}),
            money={"R": ("rand", "rand")},
            shorthand=_BRITISH.shorthand,
        ),
        # India: its ambulance (108) and police (100) after "call"; rupees written "Rs."
        "IN": Region(
            context_numbers=frozenset({"108", "102", "100", "101"}),
            money={"Rs.": ("rupee", "rupees"), "Rs": ("rupee", "rupees")},
        ),
    },
    emergency_numbers=frozenset({"911", "988"}),
    context_numbers=frozenset({"112", "999", "111", "311", "211", "411", "511", "711", "811", "000"}),
    # "NHS 111": the service is named by its number
    call_words=(
        "call",
        "dial",
        "phone",
        "ring",
        "text",
        "contact",
        "emergency",
        "line",
        "number",
        "or",
        "NHS",
        "TTY",
    ),
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
        "figure",
        "table",
        "appendix",
        "section",
        "article",
        "book",
        # clotting factors and cranial nerves: "factor VIII", "Factor V Leiden", "cranial nerve VII"
        "factor",
        "nerve",
    ),
    emphasis=_EN_EMPHASIS,
    joining_words=frozenset({"OR", "AT", "ON", "IT", "ALL"}),
    shouted_words=frozenset(
        {"US", "IT", "AS", "WE", "ME", "MY", "BY", "UP", "SO", "HE", "IN", "AN", "IS", "OR"}
    ),
    plural_from="one",
    month_first=True,
    shorthand=(
        (r"(?<![\w/])24/7(?![\w/])", "24 hours a day, 7 days a week"),
        # "q8h", "q 4 h", "q4-6h", "q6hr", "q2–3 days", "q3 mo", "q21d": every so many hours, days, weeks,
        # months (a stop after it is the sentence's)
        *(
            rule
            for written, said in _EVERY
            for rule in (
                (rf"(?<![\w.])q\.?\s?(\d+)\s?[-–]\s?(\d+)\s?(?:{written})\b", rf"every \1 to \2 {said}"),
                (rf"(?<![\w.])q\.?\s?(\d+)\s?(?:{written})\b", rf"every \1 {said}"),
            )
        ),
        (
            r"(?<![\w.])[x×]\s?(\d+)\s(days?|nights?|weeks?|months?|doses?|cycles?|courses?|sessions?)\b",
            r"for \1 \2",
        ),
        # "x 14d", "x7d": for so many days
        (r"(?<![\w.])[x×]\s?(\d+)\s?d\b", r"for \1 days"),
        # "q10–15 min" (a single "q5min" below, its stop the abbreviation's)
        (r"(?<![\w.])q\.?\s?(\d+)\s?[-–]\s?(\d+)\s?(?:mins?|minutes?)\b", r"every \1 to \2 minutes"),
        # "× 12 wks", "× 48–72 hrs", "× 5½ wks": for so long (the units are said below)
        (
            r"(?<![\w.])[x×]\s?(?=\d+(?:\s?[-–]\s?\d+)?(?:\s?(?:½|¼|¾|1/2|1/4|3/4))?\s?"
            r"(?:wks?|hrs?|yrs?|mos?|weeks?|hours?|years?|days?)\b)",
            "for ",
        ),
        # "45 mg/kg/day ÷ bid": divided into doses; "10 ÷ 2": divided by
        (r"÷\s?(?=(?:bid|tid|qid|BID|TID|QID|b\.i\.d\.|t\.i\.d\.)(?![\w]))", "divided "),
        (r"\s?÷\s?", " divided by "),
        # bedtime in capitals: "20 mg PO HS", "at HS", "HS: 165" in a sugar log
        (r"\bat HS\b", "at bedtime"),
        (r"\b((?:PO|po|mg|units?|tabs?|tablets?|daily) )HS\b", r"\1at bedtime"),
        (r"(?:^|(?<=[|;] ))HS(?=:)", "At bedtime"),
        # "100.4 deg F", "38 degrees C": the scale's letter after a written degree
        (r"(?<=\d)\s?(?:deg\.?|degrees?)\s?(?=[CF]\b)", "°"),
        # "3 items × £9.90 = £29.70": a price multiplied
        (r"(?<=\w)\s?×\s?(?=[£$€₹]\s?\d)", " times "),
        # "2 sets × 12": sets of so many
        (r"(\d+ sets?)\s?[×x]\s?(?=\d)", r"\1 of "),
        # "C1D1", "D8 = Thu", "D3–D9" in a chemotherapy calendar: the day of a cycle (never vitamin D3)
        (r"(?<![\w.])C(\d{1,2})D(\d{1,2})(?![\w])", r"cycle \1 day \2"),
        # a schedule of days in letters: "M/W/F", "Tu/Th/Sa", "M-W-F" (three or more: "M/F" is a sex)
        *(
            (rf"(?<![\w/-]){first}([/-]){second}\1{third}(?![\w/-])", said)
            for first, second, third, said in _DAY_LETTERS
        ),
        # "SpO2 97% RA": on room air; "7% DV": of the Daily Value
        (r"(%)\s?RA\b", r"\1 on room air"),
        (r"(%)\s?DV\b", r"\1 of the Daily Value"),
        # an eye test: "OD 20/40, −2.50 D": the right eye, diopters
        (r"\bOD(?=\s\d{1,2}/\d{2,3}\b)", "right eye"),
        (r"\bOS(?=\s\d{1,2}/\d{2,3}\b)", "left eye"),
        (r"(?<=\d\.\d\d) D\b", " diopters"),
        # British dose times in capitals after a dose: "2 puffs BD"
        *(
            (rf"(\b(?:{_A_DOSE}|{_DOSED})\s){written}\b", rf"\1{said}")
            for written, said in (
                ("BD", "twice a day"),
                ("TDS", "three times a day"),
                ("QDS", "four times a day"),
            )
        ),
        # "CPAP 10 cm H2O": a pressure in centimeters of water
        (r"(\d\s?cm)\s?H2O\b", r"\1 of water"),
        # lab flags after a result: "198 (H)", "18 ng/mL (L)" (never "in liters")
        (r"(\d(?:\s?[^\W\d_][\w/µ]*)?\s)\(H\)", r"\1(high)"),
        (r"(\d(?:\s?[^\W\d_][\w/µ]*)?\s)\(L\)(?!.*\(R\))", r"\1(low)"),
        # "18 kg (L), 26 kg (R)": the left and the right side
        (r"\(L\)(.*?)\(R\)", r"(left)\1(right)"),
        # "q5min", "q 15 min": every so many minutes; "q AM", "q PM": every morning, every evening
        (r"(?<![\w.])q\.?\s?(\d+)\s?min\b\.?", r"every \1 minutes"),
        (r"(?<![\w.])q\s?(?:AM|am|a\.m\.)(?!\w)", "every morning"),
        (r"(?<![\w.])q\s?(?:PM|pm|p\.m\.)(?!\w)", "every evening"),
        # "tid", "qid" are no English words; "bid" is one, so only after a dose, a medicine's form
        # ("use the cream bid") or a verb of taking ("apply bid")
        (r"(?<![\w.])tid\b", "three times a day"),
        (r"(?<![\w.])qid\b", "four times a day"),
        (
            rf"(?:\b|(?<=\d))((?:{_DOSE_UNITS}|puffs?|drops?|capsules?|layer|daily|{_ROUTES}|{_FORMS}"
            rf"|{_TAKING}|%) )bid\b(?!\s+(?:forms?|sheets?|price|process|amount|war|for (?:the|a|an))\b)",
            r"\1twice a day",
        ),
        # "stat" at the end of an order: right away
        (r"(?<=\w )stat(?=[.,;]|$)", "right away"),
        (r"\bMM/DD/YYYY\b", "month, day, year"),
        # "1046 kJ / 250 kcal": one energy in two units, not a rate
        (r"(\d\s?kJ)\s?/\s?(?=\d+(?:\.\d+)?\s?kcal\b)", r"\1, "),
        # "the % Daily Value": a percent sign alone before a word
        (r"(?<=[\s(])%(?=\s[A-Za-z])", "percent"),
        # "the 15-15 rule", "20-20-20 rule", "4-7-8 breathing": a name made of numbers, not a range
        (r"(?<![\w.-])(\d{1,2})-(\d{1,2})-(\d{1,2})(?= (?:rule|method|technique|breathing)\b)", r"\1 \2 \3"),
        (r"(?<![\w.-])(\d{1,2})-(\d{1,2})(?= (?:rule|method|technique|breathing)\b)", r"\1 \2"),
        # "at wk 28": the week of a pregnancy or a treatment
        (r"(?<![\w.])([Ww])k\.?(?=\s?\d)", r"\1eek "),
        # "ref 3.5-5.1": the reference range of a result
        (r"(?<![\w.])([Rr])ef\.?:?(?=\s\d)", r"\1eference range"),
        # blood groups: "O+", "AB-" after "blood type" or "group"; "Rh−" anywhere
        *(
            (
                rf"((?:[Bb]lood )?(?:[Tt]ype|[Gg]roup)(?: is)?:?\s)(A|B|AB|O)\s?{sign}(?=[\s.,;)]|$)",
                rf"\1\2 {said}",
            )
            for sign, said in ((r"\+", "positive"), ("[−-]", "negative"))
        ),
        (r"\bRh\s?\+(?=[\s.,;)]|$)", "Rh positive"),
        (r"\bRh\s?[−-](?=[\s.,;)]|$)", "Rh negative"),
        # "↑ thirst", "potassium ↓": a rise or a fall, as a clinic means the arrows
        (r"(?:^|(?<=[.!?]\s))↑\s?", "Increased "),
        (r"(?:^|(?<=[.!?]\s))↓\s?", "Decreased "),
        (r"↑\s?", "increased "),
        (r"↓\s?", "decreased "),
        # "8a–5p", "9a-12:30p": a clinic's hours with the letter alone
        (
            r"(?<![\w.:])(\d{1,2}(?::[0-5]\d)?)([ap])\s?[-–]\s?(\d{1,2}(?::[0-5]\d)?)([ap])(?![\w])",
            r"\1 \2m to \3 \4m",  # then "8 AM to 5 PM", as any "8am"
        ),
        # "≈ one 12-oz cup": about, before a word as before a number
        (r"≈\s?(?=[^\W\d_])", "about "),
        # "I AM sure": the verb in capitals for emphasis, not the morning ("at 8 AM" has a number before it)
        (r"(?<![\w'’])I AM(?![\w'’])", "I am"),
        # 5'2" -> 5 ft 2 in., 4" -> 4 in. (a prime or a straight quote right after a number)
        (r"(?<![\w.])(\d+)['′]\s?(\d+)[\"″](?=[.,;:!?)]|$)", r"\1 ft \2 in"),
        (r"(?<![\w.])(\d+)['′]\s?(\d+)[\"″]", r"\1 ft \2 in."),
        (r"(?<![\w.])(\d+(?:\.\d+)?)[\"″](?=[.,;:!?)]|$)", r"\1 in"),
        (r"(?<![\w.])(\d+(?:\.\d+)?)[\"″](?!\w)", r"\1 in."),
        # "max 60 mg", "min. 2 hours": the limit before a number ("5 min" after one is minutes)
        (r"(?<![\w.])([Mm])ax\.?(?=\s\d)", r"\1aximum"),
        (r"(?<![\w.\d] )(?<![\w.])([Mm])in\.(?=\s\d)", r"\1inimum"),
        (r"(?<![\w.])SOB\b", "shortness of breath"),
        # "stay NPO": eat or drink nothing (NPO alone is "nothing by mouth"; "the NPO", "an NPO" is a
        # non-profit organisation)
        (r"\b(?:[Ss]tay|[Rr]emain|[Bb]e|[Kk]eep) NPO\b", "eat or drink nothing"),
        (
            r"(?<![\w-])NPO(?=\s+(?:after|from|since|until|for|status|at|past|before|except|includes?|means)\b"
            r"|\s?[.;,)]|$)(?<!\b[Tt]he NPO)(?<!\b[Aa]n NPO)",
            "nothing by mouth",
        ),
        # "prn pain" -> "as needed for pain"
        (
            r"(?<![\w.])(?:PRN|prn|p\.r\.n\.)(?=\s+(?!(?:for|if|or|and|to|with|up|at|in|when|until|but|only)\b)[a-z])",
            "as needed for",
        ),
        # eye drops: "OU" both eyes; "OD", "OS" only after drops (elsewhere they mean other things)
        (r"(?<=\w )OU\b", "in both eyes"),
        (r"\b(gtts?|drops?) OD\b", r"\1 in the right eye"),
        (r"\b(gtts?|drops?) OS\b", r"\1 in the left eye"),
        # "p. 5", "pp. 5-7": pages, only before a number
        (r"(?<![\w.])pp\.\s?(?=\d)", "pages "),
        (r"(?<![\w.])p\.\s?(?=\d)", "page "),
        (r"(?<![\w.])[Ee]xt\.\s?(?=\d)", "extension "),
        (r"(?<![\w.])([Vv])it\.(?=\s[A-Z]\d?\b)", r"\1itamin"),
        # a needle's gauge: "25G needle" -> "25 gauge needle"
        (r"(?<![\w.])(\d{2})\s?G(?=\s+(?:needle|cannula|catheter|IV)s?\b)", r"\1 gauge"),
        # weeks and days of a pregnancy: "36+3 weeks", "36w3d", "36 weeks + 3 days"
        (r"(?<![\w.+])(\d{1,2})\+([0-6])\s?(?:weeks|wks|w)\b", r"\1 weeks and \2 days"),
        (r"(?<![\w.])(\d{1,2})\s?w\s?([0-6])\s?d\b", r"\1 weeks and \2 days"),
        # British dose times: "tds", "qds", "nocte" and "bd" are no English words, said wherever they stand
        (r"(?<![\w.])tds(?!\w|\.\w)", "three times a day"),
        (r"(?<![\w.])qds(?!\w|\.\w)", "four times a day"),
        (r"(?<![\w.])nocte(?!\w|\.\w)", "at night"),
        (r"(?<![\w.])bd(?!\w|\.\w)(?!\s?(?:/|per)\s?\d+\s?ba\b)", "twice a day"),  # "3 bd / 2 ba": rooms
        # "mane" (a word of English too) only in a dose: "200 mg mane", "(5 mg) mane", "od mane", "inhaler
        # mane and nocte"
        (
            rf"(\b(?:{_A_DOSE}|{_DOSED}|{_ROUTES}|inhaler|od)\s|\)\s)mane(?!\w|\.\w)",
            r"\1in the morning",
        ),
        (r"(?<![\w.])mane(?= and at night)", "in the morning"),
        # lower-case "od" is no English word either ("folic acid od"); "2 drops od" may be the right eye,
        # "6 mm od tubing" the outer diameter
        (
            r"(?<![\w.])(?<!drop )(?<!drops )(?<!gtt )(?<!gtts )(?<!mm )(?<!cm )(?<!in )(?<!millimeters )"
            r"(?<!centimeters )(?<!inches )od(?!\w|\.\w)",
            "once a day",
        ),
        # "PO/PR": by mouth or into the back passage
        (r"\bPO/PR\b", "by mouth or rectally"),
        # "w/c 3 March": the week commencing (a date follows); else a wheelchair
        (r"(?<![\w.])w/c(?=\s\d)", "week commencing"),
        (r"(?<![\w.])w/c(?![\w/])", "wheelchair"),
        # "Pt c/o chest pain": the patient complains of (else "c/o" is care of)
        (r"\b([Pp]t|[Pp]atient) c/o\b", r"\1 complains of"),
        (r"\bPt(?= (?:complains|c/o|is|was|has|had|reports|denies)\b)", "Patient"),
        # "the 85th–94th percentile": a range of ordinals
        # (a range of days before a month is said with the month: "10th-12th March")
        (
            rf"(?<![\w.])(\d+(?:st|nd|rd|th))\s?[-–]\s?(?=\d+(?:st|nd|rd|th)\b(?!\s(?:of\s)?(?:{_MONTHS_WRITTEN})\b))",
            r"\1 to ",
        ),
        # "your 2-yo": a child of that age
        (r"(?<![\w.])(\d{1,2})-(?:yo|y/o|year-old)\b", r"\1 year old"),
        # "Dec 2020–Nov 2022": a range of months of years
        (
            rf"\b({_MONTHS_WRITTEN})\.? ((?:19|20)\d\d)\s?[-–]\s?({_MONTHS_WRITTEN})\.? ((?:19|20)\d\d)\b",
            r"\1 \2 to \3 \4",
        ),
        # "once a yr", "per yr": the year
        (r"\b(a|per|each|every) yr\b", r"\1 year"),
        # "2st 3lb": stone and pounds, as Britain weighs people ("1st" alone is the ordinal)
        (r"(?<![\w.])(\d{1,2})\s?st\b\.?(?=\s?\d{1,2}\s?lbs?\b)", r"\1 stone"),
        # "4 ft 9 in": the inch of a height, whatever follows it
        (r"(?<![\w.])(\d+)\s?(?:ft|feet|foot)\.?\s(\d+)\s?in\b(?!\.)", r"\1 ft \2 in."),
        # "6 months–8 years": a range of ages or times with a unit at both ends
        (
            r"(?<![\w.])(\d+ (?:days?|weeks?|months?|years?))\s?[-–]\s?"
            r"(?=\d+ (?:days?|weeks?|months?|years?)\b)",
            r"\1 to ",
        ),
        # "Dr Nguyen", "Smith St,": the British doctor and street, written without a stop
        (r"(?<![\w.])(?<![A-Z][a-z] )(?<![A-Z][a-z]{2} )Dr(?=\s[A-Z][a-z])", "Doctor"),
        (r"(\b[A-Z][a-z]+ )St(?=[,;)]|$)", r"\1Street"),
        # "Mulholland Dr, Los Angeles": the drive after a name (the engine would say "doctor")
        (r"(\b[A-Z][a-z]+ )Dr(?=\.?(?:[,;)]|$))", r"\1Drive"),
        (r"(\b\d+ (?:[A-Z][a-z]+ )+)Dr(?=\.?(?:\s|$))", r"\1Drive"),  # "5 Oak Dr. Then..."
        # "in Ft. Lauderdale", "Ft Worth, Texas": the fort of a place's name (the engine says "F T"; "(Ft.
        # Rihanna)" features a singer)
        (r"(\b(?:in|at|to|near|from|of|Ft\.? [A-Z][a-z]+,) )Ft\.?(?=\s[A-Z][a-z])", r"\1Fort"),
        (r"^Ft\.?(?=\s[A-Z][a-z]+,)", "Fort"),
        # "Fr. Michael, the chaplain": a priest ("16 Fr." after a number is a catheter's size)
        (r"(?<![\w.])(?<!\d )Fr\.(?=\s[A-Z][a-z])", "Father"),
        # "Sr Mokoena": the nursing sister before a name ("John Smith Sr." after one is Senior)
        (r"(?<![\w.])(?<![A-Z][a-z] )Sr(?=\s[A-Z][a-z])", "Sister"),
        # "in 6/52": weeks, as clinic letters write them (their "6/12" and "3/7": _BRITISH)
        (r"(?<![\w./])([1-9]|[1-4]\d|5[01])/52(?![\w/]|[.,]\d)", r"\1 weeks"),
        # the route after a dose: "0.4 mg SL", "1 mg IM", "40 mg SC" ("IV": numbers.lone_roman_numerals)
        *after_a_dose(
            _DOSE_UNITS,
            (
                ("SL", "under the tongue"),
                ("IM", "into a muscle"),
                ("(?:po|p\\.o\\.)", "by mouth"),
                ("(?:SC|SQ|subcut|subcut\\.)", "under the skin"),
            ),
        ),
        # "PO" (by mouth) in a dose, not "PO Box"
        (r"(?<=[\w)] )PO\b(?! Box)", "by mouth"),
    ),
    permille="per thousand",
    calendar=_EN_CALENDAR,
    days=tuple(_DAYS),
    months=tuple(_MONTHS),
    sentence_ends=frozenset(
        {"a.m.", "p.m.", "etc.", "b.d.", "t.d.s.", "q.d.s."} | {f"{day[:3].lower()}." for day in _DAYS}
    ),
    date_words=(
        "on",
        "by",
        "until",
        "till",
        "before",
        "after",
        "from",
        "since",
        "through",
        "starting",
        "dated",
        "due",
        # "Your appointment is 5/12", "Next visit: 6/3"
        "(?:appointment|visit|surgery|procedure|follow-up)(?: is|:)",
    ),
)
