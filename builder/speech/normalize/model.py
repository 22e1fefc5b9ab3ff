"""What one language's speech rules hold: the words for numbers, symbols, units and abbreviations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Unit = tuple[str, str]


def after_a_dose(doses: str, routes: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Shorthand rules for the route written after a dose ("40 mg SC", "1 amp IM"): each (written,
    said) pair of `routes` said in words after a number and one of the `doses` (an alternation)."""
    per = r"(?:/(?:kg|m²|m2|dose))?"  # "1 mg/kg SC"
    return tuple((rf"(\d\s?(?:{doses}){per}\s){written}(?![\w])", rf"\1{said}") for written, said in routes)


@dataclass(frozen=True, slots=True)
class Region:
    """What a country adds to its language's rules: its own short numbers, money signs and clinic
    shorthand, and the hundredth of its money ('centavos' in the Americas, 'céntimos' in Spain)."""

    emergency_numbers: frozenset[str] = frozenset()
    context_numbers: frozenset[str] = frozenset()
    cents: Unit | None = None
    money: Mapping[str, Unit] = field(default_factory=dict)
    """Signs only this country writes money with ('R250' in South Africa is 250 rand)."""
    shorthand: tuple[tuple[str, str], ...] = ()
    """Shorthand only this country's clinics write ('review in 6/12': in 6 months, in Britain)."""


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
    shouted_words: frozenset[str] = frozenset()
    """Short words the engine would spell ('US', 'IT') said as words only inside a phrase written in
    capitals ('CALL US NOW', 'USE IT.'), never alone ('the US')."""
    plural_from: str = "one"
    """'one': singular only for exactly 1 (English, Spanish); 'two': plural from 2 on (French)."""
    month_first: bool = False
    """Whether 3/12/2024 means March 12 (the United States) rather than 3 December."""
    shorthand: tuple[tuple[str, str], ...] = field(default=())
    """Regular expression -> replacement, applied before the number rules ('24/7')."""
    equals: str = "equals"
    """'BMI = weight' -> 'BMI equals weight'."""
    multiplied: str = "times"
    """The multiplication sign between two numbers: '11 × 10^9' -> '11 times 10 ...'."""
    divided: str = "divided by"
    """A spaced slash in a formula, after an equals sign: 'BMI = weight / height'."""
    measured_in: str = "in"
    """A unit in brackets after a word: 'Weight (kg)' -> 'Weight in kilograms'."""
    squared: str = "squared"
    """A square after a unit in brackets: 'height (m)²' -> 'height in meters squared'."""
    out_of: str = "out of"
    """A score: 'pain 7/10' -> '7 out of 10'."""
    power: str = "to the power of"
    """'10^9' -> '10 to the power of 9'."""
    subunits: Mapping[str, Unit] = field(default_factory=dict)
    """A currency whose hundredth is not called `cents`: '£' -> ('penny', 'pence')."""
    permille: str = "per mille"
    """'0.5 ‰' -> '0.5 per thousand'."""
    every: Mapping[str, str] = field(default_factory=dict)
    """Plural nouns of time -> what a slash before a count of them is said as: '1 g/8 h' -> '1 gram
    every 8 hours' (see measures.every)."""
    hours: str = "hours"
    """The plural of hour, for a daily total: '4 g/24 h' -> '4 grams per 24 hours'."""
    every_day_is_per: bool = True
    """A daily total is said with `per` ('per 24 hours'); False where `per` would be heard as 'for'."""
    over_time: str = ""
    """What '/' is said as between a volume infused and its time: '1 L/8 h IV' -> '1 liter over 8
    hours' (the rate of a drip, not a dose every 8 hours)."""
    infusion: str = r"(?!)"
    """A regular expression of the words that show a volume to be infused (IV, infusion, drip)."""
    dose_times: tuple[str, ...] = ()
    """When the doses of '1-0-1' are taken: morning, midday, evening and (a fourth figure) bedtime."""
    dose_verbs: str = ""
    """A regular expression of the verbs that show '1-0-1' to be doses ('take')."""
    dose_nouns: str = ""
    """A regular expression of the nouns that do so ('tablets'), said after the first dose."""
    calendar: Mapping[str, str] = field(default_factory=dict)
    """Abbreviated day and month names -> the names said ('Mon.' -> 'Monday', 'Dec.' -> 'December')."""
    days: tuple[str, ...] = ()
    """The days of the week, said 'Monday to Friday' when joined by a dash."""
    months: tuple[str, ...] = ()
    """The months, after which a day's number is said as an ordinal in English ('March 3' -> 'March
    third')."""
    date_words: tuple[str, ...] = ()
    """Words (regular expressions) after which a day and a month ('on 12/25', 'el 25/12', 'your
    appointment is 5/12') are a date, not a fraction."""
    sentence_ends: frozenset[str] = frozenset()
    """Lower-case abbreviations that end a sentence when a capital follows ('a.m.', 'etc.')."""
    point_word: str = ""
    """What the decimal sign is said as where the locale writes a point ('38.5' in Mexico: 'punto');
    '' says `decimal_word` there too."""
    currencies: Mapping[str, Unit] = field(default_factory=dict)
    """ISO currency code -> its words: for a code written after an amount ('$150 MXN') and for the
    sign a country writes its own money with (Babel's data: '$' is the peso in Mexico)."""
    cycle_day: str = ""
    """The day of a treatment's cycle: 'D8' in a chemotherapy calendar -> 'day 8'; '' leaves it."""
    regions: Mapping[str, Region] = field(default_factory=dict)
    """Country code -> what it adds to these rules ('US': 9 8 8 digit by digit in Spanish too)."""
