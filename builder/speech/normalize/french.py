"""French: numbers, units, percentages, comparisons, money and dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from builder.speech.normalize.model import LanguageRules, Region, Unit, after_a_dose

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
    "µmol": ("micromole", "micromoles"),
    "μmol": ("micromole", "micromoles"),
    "nmol": ("nanomole", "nanomoles"),
    "pmol": ("picomole", "picomoles"),
    "UI": ("unité internationale", "unités internationales"),
    "mmHg": ("millimètre de mercure", "millimètres de mercure"),
    "mm Hg": ("millimètre de mercure", "millimètres de mercure"),
    "bpm": ("battement par minute", "battements par minute"),
    "mm": ("millimètre", "millimètres"),
    "cm": ("centimètre", "centimètres"),
    "m": ("mètre", "mètres"),
    "km": ("kilomètre", "kilomètres"),
    "Gy": ("gray", "grays"),
    "m²": ("mètre carré", "mètres carrés"),
    "m2": ("mètre carré", "mètres carrés"),
    "cm²": ("centimètre carré", "centimètres carrés"),
    "mEq": ("milliéquivalent", "milliéquivalents"),
    "mUI": ("milli-unité internationale", "milli-unités internationales"),
    "U": ("unité", "unités"),
    "kcal": ("kilocalorie", "kilocalories"),
    "cp": ("comprimé", "comprimés"),
    "cps": ("comprimé", "comprimés"),
    "gél": ("gélule", "gélules"),
    "amp": ("ampoule", "ampoules"),
    "càc": ("cuillère à café", "cuillères à café"),
    "càs": ("cuillère à soupe", "cuillères à soupe"),
    "kJ": ("kilojoule", "kilojoules"),
    "c. à café": ("cuillère à café", "cuillères à café"),
    "c. à soupe": ("cuillère à soupe", "cuillères à soupe"),
    "c. à c.": ("cuillère à café", "cuillères à café"),
    "c. à s.": ("cuillère à soupe", "cuillères à soupe"),
    "c.à.c.": ("cuillère à café", "cuillères à café"),
    "c.à.s.": ("cuillère à soupe", "cuillères à soupe"),
    "batt": ("battement", "battements"),
    "h": ("heure", "heures"),
    "j": ("jour", "jours"),
    "min": ("minute", "minutes"),
    "s": ("seconde", "secondes"),
    "cl": ("centilitre", "centilitres"),
    "mn": ("minute", "minutes"),
    "ms": ("milliseconde", "millisecondes"),
    "dB": ("décibel", "décibels"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "sem": ("semaine", "semaines"),
    "co": ("comprimé", "comprimés"),
    "µL": ("microlitre", "microlitres"),
    "μL": ("microlitre", "microlitres"),
    "µl": ("microlitre", "microlitres"),
    "mm³": ("millimètre cube", "millimètres cubes"),
    # Quebec's spoons
    "c. à thé": ("cuillère à thé", "cuillères à thé"),
    "c. à table": ("cuillère à table", "cuillères à table"),
    "lb": ("livre", "livres"),
    "lbs": ("livre", "livres"),
    "oz": ("once", "onces"),
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
        "max.": "maximum",
        "Max.": "Maximum",
        "pdt": "pendant",
        "Tél.": "Téléphone",
        "T°": "Température",
        "t°": "température",
        "nº": "numéro",
        "n°": "numéro",
        "N°": "Numéro",
        "tél.": "téléphone",
        "i.m.": "en intramusculaire",
        "i.v.": "en intraveineuse",
        "s.c.": "en sous-cutané",
    },
    no_split=frozenset({"dr.", "m.", "env.", "ex.", "al.", "etc.", "max."}),
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
        "=>": "au moins",  # the signs typed the other way round
        "=<": "au plus",
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
    every={
        "heures": "toutes les",
        "minutes": "toutes les",
        "semaines": "toutes les",
        "jours": "tous les",
        "mois": "tous les",
    },
    hours="heures",
    over_time="en",
    infusion=r"\b(?:IV|[Pp]erfus\w*|[Ii]ntraveineu\w*|[Ss]oluté\w*)\b",
    dose_times=("le matin", "à midi", "le soir", "au coucher"),
    dose_verbs=r"prend(?:re|s)|prenez",
    dose_nouns=r"doses?|posologie|comprimés?|gélules?|cachets?|gouttes?|sachets?",
    per_words={
        "jour": "jour",
        "semaine": "semaine",
        "mois": "mois",
        "heure": "heure",
        "h": "heure",
        "kg": "kilogramme",
        "min": "minute",
        "j": "jour",
        "sem": "semaine",
        "an": "an",
        "mol": "mole",
    },
    money={"€": ("euro", "euros"), "$": ("dollar", "dollars"), "CHF": ("franc", "francs")},
    cents=("centime", "centimes"),
    emergency_numbers=frozenset(),
    context_numbers=frozenset(),
    # Quebec says its short numbers digit by digit ("le 9-1-1", "Info-Santé 8-1-1"); France says "le 15"
    regions={
        "CA": Region(
            emergency_numbers=frozenset({"911", "811"}),
            context_numbers=frozenset({"211"}),
            cents=("cent", "cents"),
        )
    },
    call_words=("appelez", "appeler", "composez"),
    numbered_words=("stade", "type", "phase", "grade", "classe", "niveau", "facteur", "nerf"),
    emphasis=frozenset(
        {"NE", "PAS", "JAMAIS", "TOUJOURS", "SEULEMENT", "APPELEZ", "URGENT", "IMPORTANT", "AVANT", "APRÈS"}
        # a count in capitals is the dose itself: "Prenez UN comprimé"
        | {"UN", "UNE", "DEUX", "TROIS", "QUATRE", "DEMI"}
    ),
    plural_from="two",
    shorthand=(
        (r"(?<![\w/])24/7(?![\w/])", "24 heures sur 24, 7 jours sur 7"),
        # a four-figure short number ("appelez le 3114", "le 3919 est le numéro...") is said in pairs,
        # as France says it: "31 14", never "trois mille cent quatorze"
        (
            r"(?i:(\b(?:appel\w*|compos\w*|contact\w*|joign\w*|numéro|ligne|écoute|suicide|médecins|urgences?)\b"
            r"[^.!?\d]{0,20}?))"
            r"\b(3\d)(\d\d)(?![\w,.]\d|\d|\s?(?:€|%|euros?\b))",
            r"\1\2 \3",
        ),
        (r"(?<![\w.])([Ll]e )(3\d)(\d\d)(?=[^.!?\d]{0,30}\bnuméro)", r"\1\2 \3"),
        # "le 3919 est gratuit", "au 3114": a short number, not a count ("le 3000 habitants", "3000 €")
        (
            r"(?<![\w.])((?:[Ll]e|[Aa]u|[Dd]u) )(3\d)(\d\d)"
            r"(?![\w,.]\d|\w|\s?(?:€|%|euros?\b|[a-zéèêà]+[sx]\b)|\s?(?:"
            + "|".join(re.escape(unit) for unit in sorted(_FR_UNITS, key=len, reverse=True))
            + r")(?!\w))",
            r"\1\2 \3",
        ),
        # "C1J1": the first day of the first cycle
        (r"(?<![\w.])C(\d{1,2})J(\d{1,2})(?![\w])", r"cycle \1, jour \2"),
        # "3 séries × 10 répétitions": séries of so many
        (r"(\d+ séries)\s?[×x]\s?(?=\d)", r"\1 de "),
        # "à J7", "J0": the day after an operation or the start of a treatment
        (r"(?<![\w.])à J\s?(\d{1,3})(?![\w,.]\d|\d|\w)", r"au jour \1"),
        (r"(?<![\w.+])J\s?(\d{1,3})(?![\w,.]\d|\d|\w)", r"jour \1"),
        # "24 h/24", "7j/7": round the clock, every day ("sur", never "par")
        (r"(?<![\w.])24\s?h(?:eures)?\s?/\s?24(?![\w/])", "24 heures sur 24"),
        (r"(?<![\w.])7\s?j(?:ours)?\s?/\s?7(?![\w/])", "7 jours sur 7"),
        (r"(?<![\w.])(\d+)\s?SA\b", r"\1 semaines d'aménorrhée"),
        # the route of a dose: "en SC", "en IM", "en IV"
        (r"\ben SC\b", "en sous-cutané"),
        (r"\ben IM\b", "en intramusculaire"),
        (r"\ben IV\b", "en intraveineuse"),
        # "x 7 jours", "x 6 cycles": pendant 7 jours
        (
            r"(?<![\w.])[x×]\s?(\d+)\s(jours?|nuits?|semaines?|mois|doses?|cycles?|séances?)\b",
            r"pendant \1 \2",
        ),
        (r"(?<![\w.])[x×]\s?(\d+)\s?j\b", r"pendant \1 jours"),
        # an address: "45 bd Haussmann", "av. Foch", "St-Étienne", "Ste-Justine"
        (r"(?<=\d )bd(?=\s[A-ZÉ])|(?<![\w.])[Bb]d(?=\s(?:de |du |des )?[A-ZÉ])", "boulevard"),
        (r"(?<![\w.])av\.(?=\s(?:de |du |des )?[A-ZÉ])", "avenue"),
        (r"(?<![\w.])Av\.(?=\s(?:de |du |des )?[A-ZÉ])", "Avenue"),
        (r"(?<![\w.])St-(?=[A-ZÉ])", "Saint-"),
        (r"(?<![\w.])Ste-(?=[A-ZÉ])", "Sainte-"),
        # "lu–ve", "lu–sa": the days of a Swiss clinic's hours
        (r"(?<![\w/])lu\s?[-–]\s?ve(?![\w/])", "lundi à vendredi"),
        (r"(?<![\w/])lu\s?[-–]\s?sa(?![\w/])", "lundi à samedi"),
        # "1 cp ½ le soir": one tablet and a half
        (r"(?<![\w.])(\d+) (cp|comprimés?|gél\.?|gélules?) (?:½|1/2)(?![\d/])", r"\1 \2 et demi"),
        # "CHF 700.–", "80.– fr.": a Swiss price in whole francs
        (r"(?<=\d)\.[–—-](?!\d)", ""),
        # "max 4 g": the limit before a number
        (r"(?<![\w.])([Mm])ax(?=\s\d)", r"\1aximum"),
        # the route after a dose: "1 amp IM", "40 mg SC"
        *after_a_dose(
            "mg|g|mL|ml|UI|U|amp|ampoules?|cp", (("IM", "en intramusculaire"), ("SC", "en sous-cutané"))
        ),
    ),
    permille="pour mille",
    days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    calendar={
        "lun.": "lundi",
        "mar.": "mardi",
        "mer.": "mercredi",
        "jeu.": "jeudi",
        "ven.": "vendredi",
        "sam.": "samedi",
        "dim.": "dimanche",
        "janv.": "janvier",
        "févr.": "février",
        "avr.": "avril",
        "juil.": "juillet",
        "sept.": "septembre",
        "oct.": "octobre",
        "nov.": "novembre",
        "déc.": "décembre",
    },
    date_words=("le", "du", "au", "jusqu'au", "dès le", "depuis le"),
    power="puissance",
    multiplied="fois",
    divided="divisé par",
    measured_in="en",
    squared="au carré",
    out_of="sur",
    equals="égale",
)
