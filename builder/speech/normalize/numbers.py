"""Numbers: plain digits, ranges, percentages, fractions, Roman numerals, signs, ordinals, decimals."""

from __future__ import annotations

import functools
import re
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol
from num2words import num2words

from builder.speech.normalize.common import (
    NUM,
    SCORED,
    alternation,
    is_singular,
    sentence_stop_at,
    unit_after,
    unit_words,
)
from builder.speech.normalize.languages import LanguageRules


@functools.lru_cache(maxsize=32)
def _number_symbols(lang: str) -> tuple[str, str]:
    """The locale's decimal sign and thousands separator, from Babel's CLDR data."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_US")
    return get_decimal_symbol(locale), get_group_symbol(locale)


def plain_numbers(text: str, rules: LanguageRules, lang: str) -> str:
    """Numbers as plain digits with a full stop before any decimals: '1,000' -> '1000', '2,5' -> '2.5'."""
    decimal, group = _number_symbols(lang)
    groups = {group, " ", "\u2009"} if group in ("\u202f", "\u00a0", " ") else {group}
    group_class = "[" + "".join(re.escape(g) for g in groups) + "]"
    pattern = (
        rf"(?<![\w.,])(\d{{1,3}}(?:{group_class}\d{{3}})+|\d+)(?:{re.escape(decimal)}(\d+))?(?![\w]|[.,]\d)"
    )

    def plain(match: re.Match[str]) -> str:
        whole = re.sub(group_class, "", match.group(1))
        if match.group(1) != whole and decimal == "," and group == "." and not match.group(2):
            # "1.500" in a decimal-comma language is fifteen hundred; keep it so.
            return whole
        return whole + (f".{match.group(2)}" if match.group(2) else "")

    # ".5 mg" is "0.5 mg" (a stop before a digit after a space would otherwise end a sentence)
    text = re.sub(rf"(?:(?<=[\s(=<>~≈≤≥])|^){re.escape(decimal)}(?=\d)", f"0{decimal}", text)
    if decimal == ".":
        text = re.sub(
            r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)", lambda m: m.group(0).replace(",", ""), text
        )
        # "830 000 people", "1 300 000": groups of three figures after a space, as the WHO prints
        # them (a narrow or no-break space always; a plain one never before a unit, "1 250 mg tablet")
        text = re.sub(
            rf"{_GROUPS_START}(?:[\u2009\u202f\u00a0]\d{{3}})+(?![\d]|[.,]\d)",
            lambda m: re.sub(r"\D", "", m.group(0)),
            text,
        )
        units = alternation(unit_words(rules))
        text = _spaced_thousands(text, units, " ")
        # "2,5 mg": the decimal comma of much of the world (a thousands separator has three digits
        # after it), before a unit or a percent sign
        return re.sub(rf"(?<![\d.,])(\d+),(\d{{1,2}})(?=\s?(?:(?:{units})(?!\w)|%))", r"\1.\2", text)
    if decimal == "," and group == ".":
        # "150 000-400 000/mm³": groups of three after a space, as the RAE writes long numbers
        text = _spaced_thousands(text, alternation(unit_words(rules)), " \u2009")
    if decimal == ",":
        # "2.450 €", "1.000.000 de personnes": a point before groups of three figures is a thousands
        # separator where the decimal sign is a comma (France, Belgium, Spain), never a decimal
        text = re.sub(
            r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)", lambda m: m.group(0).replace(".", ""), text
        )
    return re.sub(pattern, plain, text)


_GROUPS_START: Final = r"(?<![\d.,])(?<![\d.,]\s)[1-9]\d{0,2}"
"""The first group of a number written in groups of three figures."""


def _spaced_thousands(text: str, units: str, spaces: str) -> str:
    """'830 000 people' -> '830000 people': groups of three figures after one of `spaces`, never
    before one of `units` (an alternation: 'Take 1 250 mg tablet' may be one tablet of 250 mg)."""
    return re.sub(
        rf"{_GROUPS_START}(?:[{spaces}]\d{{3}})+(?![\d]|[.,]\d|\s\d|\s?(?:{units})(?!\w))",
        lambda m: re.sub(r"\D", "", m.group(0)),
        text,
    )


_ABRIDGED: Final = re.compile(
    r"(?:\b(?:pages?|pp?\.|págs?\.?|páginas?):?\s?|[;:])\d+$|(?<![\w.,])(?:1[5-9]|20)\d\d$", re.IGNORECASE
)
"""Where the end of a range is printed without its leading digits: pages ('pages 337-44', ':337-44')
and years ('1998-99'). Anywhere else '10-5 mg' is said as printed, never '10 to 15'."""


def ranges(text: str, rules: LanguageRules, lang: str) -> str:
    """'337-44' -> '337 to 344' (page ranges keep their leading digits); '2–3 mg' -> '2 to 3 mg'."""
    units = alternation(rules.units)

    def replace(match: re.Match[str]) -> str:
        first, first_unit, second = match.group(1), match.group(2) or "", match.group(3)
        if (
            not first_unit
            and first.isdigit()
            and second.isdigit()
            and len(second) < len(first)
            and int(second) < int(first)
            and _ABRIDGED.search(match.string[: match.start()] + first)
        ):
            second = first[: len(first) - len(second)] + second
        return f"{first}{first_unit} {rules.to} {second}"

    pattern = (
        rf"(?<![\w.,/-])({NUM})(\s?%|\s?(?:{units})(?![\w]))?\s?[-\u2013—]\s?(-?{NUM})"
        rf"(?=(?:{units})(?![\w])|[^\w/]|$)(?![-\u2013]\d|\.\d)"
    )
    text = re.sub(pattern, replace, text)
    # "1/2-1 tablet", "¼–½ tsp": a range from a fraction (a half, a third ... an eighth)
    text = re.sub(
        r"(?<![\w.,/-])(\d/[2-8])\s?[-\u2013]\s?(?=\d+(?:/[2-8])?(?![\d/]))", rf"\1 {rules.to} ", text
    )
    # "5 mg–10 mg", "9h–12h": a unit on both ends
    return re.sub(
        rf"(?<![\w.,/-])({NUM}\s?(?:{units}))\s?[-\u2013—]\s?(?={NUM}\s?(?:{units})(?![\w]))",
        rf"\1 {rules.to} ",
        text,
    )


def percentages(text: str, rules: LanguageRules, lang: str) -> str:
    text = re.sub(rf"({NUM})\s?‰", rf"\1 {rules.permille}", text)
    return re.sub(rf"({NUM})\s?%", rf"\1 {rules.percent}", text)


def _fraction_words(numerator: int, denominator: int, rules: LanguageRules) -> str | None:
    if not 0 < numerator < denominator <= 16:
        return None
    if rules.code == "en":
        names = {2: ("half", "halves"), 4: ("quarter", "quarters")}
        singular, plural = names.get(denominator) or (
            num2words(denominator, lang="en", to="ordinal"),
            num2words(denominator, lang="en", to="ordinal") + "s",
        )
        count = "one" if numerator == 1 else num2words(numerator, lang="en")
        return f"{count} {singular if numerator == 1 else plural}"
    if rules.code == "es":
        names_es = {2: "medio", 3: "tercio", 4: "cuarto"}
        word = names_es.get(denominator) or num2words(denominator, lang="es", to="ordinal")
        count = "un" if numerator == 1 else num2words(numerator, lang="es")
        return f"{count} {word}{'' if numerator == 1 else 's'}"
    if rules.code == "fr":
        names_fr = {2: "demi", 3: "tiers", 4: "quart"}
        word = names_fr.get(denominator) or num2words(denominator, lang="fr", to="ordinal")
        count = "un" if numerator == 1 else num2words(numerator, lang="fr")
        plural = "" if numerator == 1 or word.endswith("s") else "s"
        return f"{count} {word}{plural}"
    return None


def _before_noun(said: str, fraction: tuple[int, int], rest: str, rules: LanguageRules) -> str:
    """A fraction before a noun as Spanish and French say it: '½ taza' -> 'media taza', '¾ tasse' ->
    'trois quarts de tasse', '¼ de taza' stays 'un cuarto de taza'."""
    # "½-1 comprimido", "de 1/2 a 1 comprimido": the noun is the one after the range
    after_range = r"\s?(?:[-\u2013]|\s(?:a|y|o|à|et|ou)\s)\s?\d+(?:[.,/]\d+)?\s(?:de\s|d')?([^\W\d_]+)"
    noun = re.match(after_range, rest) or re.match(r"\s([^\W\d_]+)", rest)
    joiners = ("de", "d", "del", "a", "y", "o", "à", "et", "ou")
    if noun is None or rules.code not in ("es", "fr") or noun.group(1) in joiners:
        return said
    if fraction == (1, 2):
        if rules.code == "es":
            return "media" if noun.group(1).endswith("a") else "medio"
        return "une demi" if _feminine(noun.group(1)) else said  # "une demi-gélule"
    elided = rules.code == "fr" and noun.group(1)[0].lower() in "aeiouéèêh"
    return f"{said} d'" if elided else f"{said} de"


_FEMININE_FR: Final = re.compile(
    r"(?:ère|ée|ule|ité|eure|ute|onde|orie|mole|outte|asse|ose|ette|ille|oule|ure|ade|aine)s?$"
)
"""Endings of the French nouns a dose is counted in that are feminine ('cuillère', 'gélule', 'unité')."""


_SAME_FR: Final = frozenset({"mois", "fois", "repas", "temps", "poids", "corps", "bras", "pouls", "jus"})
"""French nouns that end in s in the singular too ('1 mois et demi')."""


def _feminine(noun: str) -> bool:
    return bool(_FEMININE_FR.search(noun.split()[0]))


def _counted_noun(rest: str, rules: LanguageRules, whole: str) -> tuple[int, str] | None:
    """The unit or noun after '1 ½' in French, as (the length written, the word said after the whole
    number): '1 ½ comprimé' -> 'comprimé', '2 ½ càs' -> 'cuillères à soupe'."""
    unit = unit_after(rest, rules)
    if unit is not None:
        end, singular, plural = unit
        return end, singular if is_singular(whole, rules) else plural
    noun = re.match(
        r"\s(?!(?:de|du|des|d|et|ou|à|au|par|le|la|les|fois|pour)\b)([^\W\d_]*[a-zà-ÿ])(\sà\s(?:café|soupe)\b)?",
        rest,
    )
    if noun is None or not noun.group(1).islower():
        return None
    word = noun.group(1)
    if is_singular(whole, rules) and word.endswith("s") and not word.endswith("ss") and word not in _SAME_FR:
        word = word[:-1]
    return noun.end(), word + (noun.group(2) or "")


_SCORE: Final = re.compile(
    r"\b(?:score|scored|pain|rated?|rating|scale|apgar|puntuación|dolor|escala|douleur|échelle)\b[^.;]{0,15}$",
    re.IGNORECASE,
)
"""Words before a number over another that make it a score, not a fraction."""


def fractions(text: str, rules: LanguageRules, lang: str) -> str:
    numbered = "|".join(rules.numbered_words)

    def replace(match: re.Match[str]) -> str:
        whole, fraction = match.group(1), match.group(2)
        before = match.string[max(0, match.start() - 10) : match.start()].lower()
        rest = match.string[match.end() :]
        if re.search(rf"(?:{numbered})s?\s*$", before) and not whole:
            return fraction.replace("/", f" {rules.and_word} ")
        top, bottom = (int(part) for part in fraction.split("/"))
        if not whole and (
            re.search(_SCORE, match.string[: match.start()])
            # "Pain 7/10 at 6 AM → 3/10 at 7:15 AM; goal ≤ 4/10": out of 10 wherever a score was named
            or (bottom == 10 and top <= 10 and SCORED.search(match.string, 0, match.start()))
        ):
            return f"{top} {rules.out_of} {bottom}"  # "a pain score of 7/10" -> "7 out of 10"
        words = _fraction_words(top, bottom, rules)
        if words is None:
            return match.group(0)
        if not whole and (top, bottom) == (1, 2) and rules.code == "en" and re.match(r"\s(?:a|an)\s", rest):
            return "half"  # "1/2 a tablet" -> "half a tablet", never "one half a tablet"
        if whole and (top, bottom) == (1, 2) and rules.code == "fr":
            counted = _counted_noun(rest, rules, whole)
            if counted is not None:
                # "1 ½ comprimé" -> "1 comprimé et demi", "1 ½ cuillère à café" -> "... et demie"
                length, counted_word = counted
                taken[match.end()] = length
                half = "demie" if _feminine(counted_word) else "demi"
                return f"{whole} {counted_word} {rules.and_word} {half}"
        if whole and (top, bottom) == (1, 2) and rules.code in ("es", "fr"):
            words = {"es": "medio", "fr": "demi"}[rules.code]  # "1 y medio", "1 et demi"
            after = re.match(r"\s(?!(?:a|de|para)\b)([^\W\d_]+)", rest)
            if rules.code == "es" and after and re.search(r"as?$", after.group(1)):
                words = "media"  # "1 ½ cucharadas" -> "1 y media cucharadas"
        if whole and rules.code == "en" and words.startswith("one "):
            words = "a " + words[4:]  # "1 ½ tablets" -> "1 and a half tablets", as it is said
        said = f"{whole} {rules.and_word} {words}" if whole else words
        # "½ in. deep" -> "one half inch deep", "1 1/2 tsp" -> "1 and a half teaspoons"
        unit = unit_after(match.string[match.end() :], rules)
        if unit is None:
            if whole:
                return said
            said = _before_noun(said, (top, bottom), match.string[match.end() :], rules)
            if said.endswith("'"):
                taken[match.end()] = 1  # "d'ampoule": the space goes
            return said
        end, singular, plural = unit
        if re.match(r"\.\s+[a-z]", rest[end:]):
            end += 1  # "1/4 comp. al día": the abbreviation's stop ends no sentence
        taken[match.end()] = end
        if not whole and rules.code in ("es", "fr"):
            # "1/2 comp." -> "medio comprimido", "¼ cp" -> "un quart de comprimé" (as before a noun)
            said = _before_noun(said, (top, bottom), f" {singular}", rules)
            return f"{said}{'' if said.endswith(chr(39)) else ' '}{singular}"
        return f"{said} {plural if whole else singular}"

    taken: dict[int, int] = {}
    said = []
    last = 0
    for match in re.finditer(r"(?<![\w/.])(?:(\d+)\s)?(\d+/\d+)(?![\w/]|\.\d)", text):
        if match.start() < last:
            continue
        said.append(text[last : match.start()] + replace(match))
        last = match.end() + taken.get(match.end(), 0)
        written = text[match.end() : last]
        if written.endswith("."):
            said.append(sentence_stop_at(text, last))
    text = "".join(said) + text[last:]
    if rules.code == "fr":  # "de 1/2 à 1 comprimé" -> "d'un demi à 1 comprimé"
        text = re.sub(r"\b([Dd])e (un|huit|onze) (?=demi|tiers|quarts?\b|\w+ièmes?\b)", r"\1'\2 ", text)
        # "le 1/2 comprimé" -> "le demi comprimé"
        text = re.sub(r"\b([Ll][ea]) une? (?=demi\b)", r"\1 ", text)
    return text


_ROMAN: Final = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int | None:
    total, previous = 0, 0
    for letter in reversed(numeral.upper()):
        value = _ROMAN[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    canonical = _to_roman(total)
    return total if canonical == numeral.upper() else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + letters, value - number
    return out


_PRONOUN_I: Final = (
    r"(?-i:I\s+(?:think|thought|have|had|was|am|feel|felt|know|knew|did|do|don't|can|could|will|would"
    r"|should|may|might|said|got|went|need|want|mean|guess|believe|hope|see|saw)\b)"
)
"""'I' before a verb is the pronoun, not a numeral, after a numbered word: 'a risk factor I think'."""


def roman_numerals(text: str, rules: LanguageRules, lang: str) -> str:
    """'stage IV' -> 'stage 4', 'Type II' -> 'Type 2', 'stages II and IIIA' -> 'stages 2 and 3 A'."""
    numbered = "|".join(rules.numbered_words)
    numeral = r"[IVX]+(?:[A-Da-d](?![\w]))?(?![\w])"
    # ", and" too: "stages IIIA, IIIB, and IIIC". A joined "I" before a lower-case word is the pronoun.
    words = rf"(?:{rules.and_word}|{rules.or_word}|{rules.to}|through)"
    joiner = rf"(?:,?\s+{words}\s+|,\s*|\s?[-/–]\s?)"
    joined = rf"{joiner}(?!(?-i:I\s+[a-z])){numeral}"
    pattern = re.compile(rf"\b((?:{numbered})s?)\s+(?!{_PRONOUN_I})({numeral}(?:{joined})*)", re.IGNORECASE)

    def one(match: re.Match[str]) -> str:
        letters, sub = match.group(1), match.group(2)
        value = _roman_value(letters)
        if value is None:
            return match.group(0)
        return f"{value} {sub.upper()}" if sub else str(value)

    def replace(match: re.Match[str]) -> str:
        if match.group(2)[0].islower():
            return match.group(0)
        said = re.sub(r"(?<![\w])([IVX]+)([A-Da-d])?(?![\w])", one, match.group(2))
        said = re.sub(r"\s?[-–]\s?(?=\d)", f" {rules.to} ", said)
        said = re.sub(r"\s?/\s?(?=\d)", f" {rules.and_word} ", said)
        return f"{match.group(1)} {said}"

    text = pattern.sub(replace, text)
    # "stage 0 or I", "grades 1 and II": a numeral joined to a number after the word ("I" before a
    # lower-case word stays the pronoun: "stage 2 and I think it spread")
    after_number = re.compile(
        rf"\b((?:{numbered})s?\s+\d+{joiner})(?!(?-i:I\s+[a-z]))([IVX]+)(?![\w])", re.IGNORECASE
    )

    def joined_to_a_number(match: re.Match[str]) -> str:
        value = _roman_value(match.group(2)) if match.group(2).isupper() else None
        return match.group(1) + str(value) if value else match.group(0)

    return after_number.sub(joined_to_a_number, text)


_LONE_NUMERAL: Final = re.compile(r"(?<![\w.'’-])([IVX]{2,})(s?)(?![\w'’-])")
_NOT_NUMERALS: Final = frozenset({"VI", "XX", "XXX"})
"""Written like numerals, usually letters: VI (visual impairment), XX (chromosomes)."""


def lone_roman_numerals(text: str, rules: LanguageRules, lang: str) -> str:
    """Roman numerals left after `roman_numerals`, which the voices say as "Roman four" (English),
    "quatre romain" (French) or, for the drip, "cuatro" (Spanish):
    'IV' alone is the drip, said 'I V' ('an IV line', '1 g IV'); in a list of numerals they are
    numbers ('stages I, II, III or IV' -> '1, 2, 3 or 4'); any other is its number ('World War II'
    -> 'World War 2'). VI and XX are left as letters."""
    if rules.code not in ("en", "es", "fr"):
        return text
    numeral = r"(?:[IVX]+)"
    words = rf"(?:{rules.and_word}|{rules.or_word})"
    joiner = rf"(?:,\s*(?:{words}\s+)?|\s+{words}\s+)"
    listed = re.compile(rf"(?<![\w.'’-]){numeral}(?:{joiner}{numeral})+(?![\w'’-])")

    def numbers(match: re.Match[str]) -> str:
        items = re.findall(r"[IVX]+", match.group(0))
        values = [_roman_value(item) for item in items]
        if None in values or not any(len(item) > 1 for item in items):
            return match.group(0)
        said = iter(values)
        return re.sub(r"[IVX]+", lambda _: str(next(said)), match.group(0))

    text = listed.sub(numbers, text)

    def lone(match: re.Match[str]) -> str:
        letters, plural = match.group(1), match.group(2)
        value = _roman_value(letters)
        if letters == "IV":
            return f"I V{plural}"
        if value is None or plural or letters in _NOT_NUMERALS:
            return match.group(0)
        return str(value)

    return _LONE_NUMERAL.sub(lone, text)


def negatives(text: str, rules: LanguageRules, lang: str) -> str:
    """'-5' -> 'minus 5' where the dash belongs to the number."""
    return re.sub(r"(?:(?<=[\s(\[=:])|^)-(?=\d)", f"{rules.minus} ", text)


def ordinals(text: str, rules: LanguageRules, lang: str) -> str:
    """'3rd' -> 'third'; '1er', '1re', '2e' -> 'premier', 'première', 'deuxième'; '1.º', '1.ª', '1.er'
    -> 'primero', 'primera', 'primer'."""
    if rules.code == "en":
        return re.sub(
            r"(?<![\w.])(\d+)(st|nd|rd|th)\b",
            lambda m: num2words(int(m.group(1)), lang="en", to="ordinal"),
            text,
        )
    if rules.code == "fr":

        def french(match: re.Match[str]) -> str:
            number, ending = int(match.group(1)), match.group(2)
            if number == 1:
                return "première" if ending in ("re", "ère") else "premier"
            if number == 2 and ending in ("nd", "nde"):
                return "seconde" if ending == "nde" else "second"  # "2nd trimestre", "2nde dose"
            return str(num2words(number, lang="fr", to="ordinal"))

        return re.sub(r"(?<![\w.,])(\d+)(er|re|ère|e|ème|è|nde|nd)(?![\w])", french, text)
    if rules.code == "es":

        def spanish(match: re.Match[str]) -> str:
            word = str(num2words(int(match.group(1)), lang="es", to="ordinal"))
            if match.group(2) in ("ª", "a"):
                return word[:-1] + "a" if word.endswith("o") else word
            if match.group(2) == "er":
                return word[:-1] if word.endswith("o") else word  # "1.er piso" -> "primer piso"
            return word

        return re.sub(r"(?<![\w.,])(\d+)\.?(º|ª|er)(?![\w])", spanish, text)
    return text


def decimals(text: str, rules: LanguageRules, lang: str) -> str:
    """'2.5' -> '2 coma 5' in languages whose engines would read the full stop wrongly."""
    if not rules.decimal_word:
        return text
    # the locale's own sign: "38.5" in Mexico is "38 punto 5", "38,5" in Spain "38 coma 5"
    word = rules.point_word if rules.point_word and _number_symbols(lang)[0] == "." else rules.decimal_word
    # the sentence's own full stop may follow ("entre 18,5 y 24,9.")
    return re.sub(r"(?<![\w.])(\d+)\.(\d+)(?!\w|\.\d)", rf"\1 {word} \2", text)
