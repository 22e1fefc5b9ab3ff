"""The meaning rules of speech normalisation: every rule with its exact spoken result.

A wrong dose or threshold in a patient's ear is the worst failure the audio can
have, so each case states exactly what the engine is given to say.
"""

from __future__ import annotations

import pytest

from builder.speech.normalize import normalize_for_speech


def said(text: str, lang: str = "en-US") -> str:
    return normalize_for_speech(text, lang=lang)


UNITS = [
    ("5 mg", "5 milligrams"),
    ("5mg", "5 milligrams"),
    ("1 mg", "1 milligram"),
    ("0.5 mg", "0.5 milligrams"),
    ("1.0 mg", "1.0 milligrams"),
    ("500 mcg", "500 micrograms"),
    ("1 mcg", "1 microgram"),
    ("2 µg", "2 micrograms"),
    ("2 μg", "2 micrograms"),
    ("2 g of salt", "2 grams of salt"),
    ("a 70-kg adult", "a 70 kilogram adult"),
    ("a 5-mg tablet", "a 5 milligram tablet"),
    ("10 mL", "10 milliliters"),
    ("10 ml", "10 milliliters"),
    ("1.5 L of water", "1.5 liters of water"),
    ("1 L", "1 liter"),
    ("3 dL", "3 deciliters"),
    ("600 IU of vitamin D", "600 international units of vitamin D"),
    ("10 units of insulin", "10 units of insulin"),
    ("20 mEq", "20 milliequivalents"),
    ("5 mmol", "5 millimoles"),
    ("a pulse of 72 bpm", "a pulse of 72 beats per minute"),
    ("5 cm", "5 centimeters"),
    ("3 mm", "3 millimeters"),
    ("2 in long", "2 inches long"),
    ("1 in.", "1 inch."),
    ("5 in 10 people", "5 in 10 people"),
    ("10 lb", "10 pounds"),
    ("1 lb 4 oz", "1 pound 4 ounces"),
    ("every 24 h", "every 24 hours"),
    ("1 h", "1 hour"),
    ("a 48-h urine test", "a 48 hour urine test"),
    ("wait 30 min", "wait 30 minutes"),
    ("2 hrs", "2 hours"),
    ("45 Gy", "45 gray"),
    ("1 tsp", "1 teaspoon"),
    ("2 tbsp", "2 tablespoons"),
    ("1 tab", "1 tablet"),
    ("2 caps", "2 capsules"),
]

PER = [
    ("5 mg/kg", "5 milligrams per kilogram"),
    ("4.0 ng/mL", "4.0 nanograms per milliliter"),
    ("180 mg/dL", "180 milligrams per deciliter"),
    ("5.5 mmol/L", "5.5 millimoles per liter"),
    ("10 mEq/L", "10 milliequivalents per liter"),
    ("100 mL/h", "100 milliliters per hour"),
    ("2 mg/kg/day", "2 milligrams per kilogram per day"),
    ("1 mg/day", "1 milligram per day"),
    ("3 doses/day", "3 doses per day"),
    ("2 tablets/week", "2 tablets per week"),
    ("20 breaths/min", "20 breaths per minute"),
    ("200 micrograms/kg", "200 micrograms per kilogram"),
    ("measured in mg/dL", "measured in milligrams per deciliter"),
    ("BMI ≥ 30 kg/m²", "BMI of at least 30 kilograms per square meter"),
    ("BMI of 30 kg/m2", "BMI of 30 kilograms per square meter"),
    ("40 U/L", "40 units per liter"),
    ("2–4 times/day", "2 to 4 times per day"),
    ("3x/day", "3 times per day"),
    ("1.5–2 L/day", "1.5 to 2 liters per day"),
    ("at least 150 min/week", "at least 150 minutes per week"),
    ("25 nmol/L", "25 nanomoles per liter"),
    ("a pulse over 100/min", "a pulse over 100 per minute"),
    ("60-100/min", "60 to 100 per minute"),
    ("12–20/min", "12 to 20 per minute"),
    ("4-7 mmol/l", "4 to 7 millimoles per liter"),
    ("30 µg/l", "30 micrograms per liter"),
    ("1.73 m²", "1.73 square meters"),
    ("45 mL/min/1.73 m²", "45 milliliters per minute per 1.73 square meters"),
    ("60 ml/min/1.73m2", "60 milliliters per minute per 1.73 square meters"),
    ("75 mg/m2", "75 milligrams per square meter"),
    ("1.5 mg/m²/day", "1.5 milligrams per square meter per day"),
    ("pain/swelling", "pain or swelling"),
]

COMPARISONS = [
    ("≥ 38 °C", "at least 38 degrees Celsius"),
    ("≥38°C", "at least 38 degrees Celsius"),
    (">= 38 °C", "at least 38 degrees Celsius"),
    ("≤ 180 mg/dL", "at most 180 milligrams per deciliter"),
    ("<= 5", "at most 5"),
    ("< 100 bpm", "less than 100 beats per minute"),
    ("<5 mm", "less than 5 millimeters"),
    ("> 65 years", "more than 65 years"),
    ("≥90%", "at least 90 percent"),
    ("≈ 3 hours", "about 3 hours"),
    ("~5 people", "about 5 people"),
    ("± 2 mm", "plus or minus 2 millimeters"),
    ("5 ± 0.5 mg", "5 plus or minus 0.5 milligrams"),
    ("5 +/- 1 cm", "5 plus or minus 1 centimeter"),
]

TEMPERATURES = [
    ("38 °C", "38 degrees Celsius"),
    ("100.4°F", "100.4 degrees Fahrenheit"),
    ("38 ºC", "38 degrees Celsius"),
    ("38℃", "38 degrees Celsius"),
    ("1 °C", "1 degree Celsius"),
    ("-5 °C", "minus 5 degrees Celsius"),
    ("−5 °C", "minus 5 degrees Celsius"),
    ("38–39 °C", "38 to 39 degrees Celsius"),
    ("38 °C to 39 °C", "38 to 39 degrees Celsius"),
]

RANGES = [
    ("5-10 mg", "5 to 10 milligrams"),
    ("5–10 mg", "5 to 10 milligrams"),
    ("5 - 10 mg", "5 to 10 milligrams"),
    ("5 mg-10 mg", "5 milligrams to 10 milligrams"),
    ("5 to 10 mg", "5 to 10 milligrams"),
    ("0.5-1.5 L", "0.5 to 1.5 liters"),
    ("2–3 times", "2 to 3 times"),
    ("10%-20%", "10 percent to 20 percent"),
    ("10-20%", "10 to 20 percent"),
    ("pages 337-44", "pages 337 to 344"),
    ("from 1998-99", "from 1998 to 1999"),
    ("pages: 337-44", "pages: 337 to 344"),
    ("500 mg–1 g", "500 milligrams to 1 gram"),
    ("500 mg-1 g every 4-6 hours", "500 milligrams to 1 gram every 4 to 6 hours"),
    ("from 10-5 mg", "from 10 to 5 milligrams"),
    ("lower it from 100-50 mL", "lower it from 100 to 50 milliliters"),
    ("from -5 to 10", "from minus 5 to 10"),
    ("stages II-IV", "stages 2 to 4"),
]

MONEY = [
    ("$25", "25 dollars"),
    ("$1", "1 dollar"),
    ("$25–$50", "25 to 50 dollars"),
    ("$25-50", "25 to 50 dollars"),
    ("$25 to $50", "25 to 50 dollars"),
    ("$1.50", "1 dollar and 50 cents"),
    ("$12.05", "12 dollars and 5 cents"),
    ("$0.75", "75 cents"),
    ("$1,200", "1200 dollars"),
    ("$5 million", "5 million dollars"),
    ("€20", "20 euros"),
    ("20 €", "20 euros"),
    ("£10", "10 pounds"),
]

NUMBERS = [
    ("10,000 steps", "10000 steps"),
    ("1,500 mg", "1500 milligrams"),
    ("a -2 score", "a minus 2 score"),
    ("(-3)", "(minus 3)"),
    ("COVID-19", "COVID-19"),
    ("A-200", "A-200"),
    ("the 21st century", "the twenty-first century"),
    ("the 3rd dose", "the third dose"),
    ("at 8:30", "at 8 30"),
    ("at 8:00", "at 8 o'clock"),
    ("at 10:05", "at 10 oh 5"),
    ("at 8 am", "at 8 AM"),
    ("at 8:00 p.m. daily", "at 8 PM daily"),
    ("at 9pm", "at 9 PM"),
]

BLOOD_PRESSURE = [
    ("130/80 mmHg", "130 over 80 millimeters of mercury"),
    ("130/80 mm Hg", "130 over 80 millimeters of mercury"),
    ("130/80", "130 over 80"),
    ("blood pressure of 90/60", "blood pressure of 90 over 60"),
    ("BP 118/76", "BP 118 over 76"),
    ("BP ≥ 140/90", "BP of at least 140 over 90"),
    ("a 50/50 chance", "a 50/50 chance"),
]

EMERGENCY = [
    ("Call 911 now", "Call 9 1 1 now"),
    ("call 911.", "call 9 1 1."),
    ("911", "9 1 1"),
    ("Call or text 988", "Call or text 9 8 8"),
    ("dial 999 in the UK", "dial 9 9 9 in the UK"),
    ("call 112 in Europe", "call 1 1 2 in Europe"),
    ("112 patients", "112 patients"),
    ("In the UK, call 999; in the EU, 112.", "In the UK, call 9 9 9; in the EU, 1 1 2."),
    ("999 people", "999 people"),
    ("911 mg", "911 milligrams"),
    ("call 9-1-1", "call 9 1 1"),
]

ROMAN = [
    ("stage IV", "stage 4"),
    ("Stage IIIA", "Stage 3 A"),
    ("stage IIIb", "stage 3 B"),
    ("stage IIIA or IIIB", "stage 3 A or 3 B"),
    ("stages II and III", "stages 2 and 3"),
    ("stages IIIA, IIIB, and IIIC", "stages 3 A, 3 B, and 3 C"),
    ("Treatment of Stages I, II, and III Anal Cancer", "Treatment of Stages 1, 2, and 3 Anal Cancer"),
    ("stage II, or III", "stage 2, or 3"),
    ("stage II and I think it spread", "stage 2 and I think it spread"),
    ("stage II, and I was told", "stage 2, and I was told"),
    ("Stages II and I Cancer", "Stages 2 and 1 Cancer"),
    ("Type II diabetes", "Type 2 diabetes"),
    ("type I", "type 1"),
    ("Phase I/II trial", "Phase 1 and 2 trial"),
    ("phase III", "phase 3"),
    ("grade X", "grade 10"),
    ("class IX", "class 9"),
    ("stage 0", "stage 0"),
    ("Class A", "Class A"),
    ("stage IIII", "stage IIII"),
]

SHORTHAND = [
    ("open 24/7", "open 24 hours a day, 7 days a week"),
    ("(e.g., sports)", "(for example, sports)"),
    ("i.e. the brain", "that is the brain"),
    ("surgery vs. radiation", "surgery versus radiation"),
    ("approx. 5 mg", "approximately 5 milligrams"),
    ("take x2 daily", "take 2 times daily"),
    ("repeat ×3", "repeat 3 times"),
    ("take it 2x a day", "take it 2 times a day"),
    ("twice a day (b.i.d.)", "twice a day (twice a day)"),
    ("take w/ food", "take with food"),
    ("w/o sugar", "without sugar"),
    ("a 45 y/o man", "a 45 years old man"),
    ("take it x3 days", "take it for 3 days"),
    ("one tablet q4h", "one tablet every 4 hours"),
    ("Take 1 tablet BID", "Take 1 tablet twice a day"),
    ("Take it QHS.", "Take it at bedtime."),
    ("Take it bid.", "Take it bid."),
    ("5 mg q.d.", "5 milligrams every day."),
    ("100 mg bd", "100 milligrams twice a day"),
    ("1 tablet od", "1 tablet once a day"),
    ("500 mg tds", "500 milligrams three times a day"),
    ("1 g qds", "1 gram four times a day"),
    ("10 mg nocte", "10 milligrams at night"),
    ("5 mg mane", "5 milligrams in the morning"),
    ("2 puffs bd.", "2 puffs twice a day."),
    ("2 tablets b.d. with food", "2 tablets twice a day with food"),
    ("The horse has a mane.", "The horse has a mane."),
    ("2 drops od", "2 drops od"),
    ("0.4 mg SL", "0.4 milligrams under the tongue"),
    ("1 mg IM", "1 milligram into a muscle"),
    ("40 mg SC once daily", "40 milligrams under the skin once daily"),
    ("10 units subcut", "10 units under the skin"),
    ("The SC team", "The SC team"),
    ("Take 1 x daily.", "Take once daily."),
    ("500 mg x1", "500 milligrams once"),
    ("1 × 10^9/L", "1 times 10 to the power of 9 per liter"),
]

FRACTIONS = [
    ("½ cup", "one half cup"),
    ("⅓ cup", "one third cup"),
    ("¾ inch", "three quarters inch"),
    ("1¼ inch", "1 and a quarter inch"),
    ("1 ½ tablets", "1 and a half tablets"),
    ("1/4 inch", "one quarter inch"),
    ("3/5 of patients", "three fifths of patients"),
    ("2/3 of people", "two thirds of people"),
    ("1/10 of a dose", "one tenth of a dose"),
    ("1/2 a tablet", "half a tablet"),
    ("½ an hour before food", "half an hour before food"),
    ("1/4 to 1/2 a tablet", "one quarter to half a tablet"),
    ("48 mmol/mol", "48 millimoles per mole"),
]

DIMENSIONS = [
    ("2 × 2 cm", "2 by 2 centimeters"),
    ("2x3 cm", "2 by 3 centimeters"),
    ("2 cm × 3 cm", "2 centimeters by 3 centimeters"),
    ("3 × 4 × 5 mm", "3 by 4 by 5 millimeters"),
]

EMPHASIS = [
    ("Do NOT take it.", "Do not take it."),
    ("NEVER drive after a dose.", "Never drive after a dose."),
    ("Take it ONLY with food.", "Take it only with food."),
    ("DO NOT STOP taking it", "Do not stop taking it"),
    ("Ask about an MRI or ALS", "Ask about an MRI or ALS"),
    ("The US and the UK", "The US and the UK"),
    ("Do not eat OR drink", "Do not eat or drink"),
    ("Go to the OR.", "Go to the OR."),
    ("I AM fine.", "I am fine."),
    ("Take ONE tablet a day.", "Take one tablet a day."),
    ("WE ARE here to help.", "We are here to help."),
    ("US adults are at risk.", "US adults are at risk."),
    ("Take TWO tablets at night.", "Take two tablets at night."),
    ("Take HALF a tablet.", "Take half a tablet."),
    ("Yes, I AM.", "Yes, I am."),
    ("I AM NOT sure.", "I am not sure."),
    ("at 8 AM", "at 8 AM"),
    ("Take your AM dose at 8 AM.", "Take your AM dose at 8 AM."),
]


ENGLISH_RULES = (
    UNITS
    + PER
    + COMPARISONS
    + TEMPERATURES
    + RANGES
    + MONEY
    + NUMBERS
    + BLOOD_PRESSURE
    + EMERGENCY
    + ROMAN
    + SHORTHAND
    + FRACTIONS
    + DIMENSIONS
    + EMPHASIS
)


@pytest.mark.parametrize(("text", "expected"), ENGLISH_RULES)
def test_english_rule(text: str, expected: str) -> None:
    assert said(text) == expected


def test_rules_in_a_clinic_sentence() -> None:
    assert said("Call 911 if your temperature is ≥ 38.5 °C or your blood sugar is < 70 mg/dL.") == (
        "Call 9 1 1 if your temperature is at least 38.5 degrees Celsius"
        " or your blood sugar is less than 70 milligrams per deciliter."
    )


SPANISH = [
    ("El 87% de los pacientes", "El 87 por ciento de los pacientes"),
    ("el 87 % restante", "el 87 por ciento restante"),
    ("Tome 2,5 mg/kg al día", "Tome 2 coma 5 miligramos por kilogramo al día"),
    ("1 mg", "1 miligramo"),
    ("1.500 mg", "1500 miligramos"),
    ("1,5 L", "1 coma 5 litros"),
    ("5-10 mg", "5 a 10 miligramos"),
    ("≥ 38 °C", "como mínimo 38 grados Celsius"),
    ("≤ 180 mg/dL", "como máximo 180 miligramos por decilitro"),
    ("< 100 lpm", "menos de 100 latidos por minuto"),
    ("130/80 mmHg", "130 sobre 80 milímetros de mercurio"),
    ("25 €", "25 euros"),
    ("Llame al 112", "Llame al 1 1 2"),
    ("el 12/03/2024", "el 12 de marzo de 2024"),
    ("el 2024-03-12", "el 12 de marzo de 2024"),
    ("estadio IV", "estadio 4"),
    ("½ taza", "media taza"),
    ("½ comprimido", "medio comprimido"),
    ("NO conduzca", "No conduzca"),
    ("25 nmol/L", "25 nanomoles por litro"),
    ("60-100/min", "60 a 100 por minuto"),
    ("90 µmol/L", "90 micromoles por litro"),
    ("30 kg/m²", "30 kilogramos por metro cuadrado"),
    ("1,73 m²", "1 coma 73 metros cuadrados"),
    ("45 mL/min/1,73 m²", "45 mililitros por minuto por 1 coma 73 metros cuadrados"),
    ("75 mg/m2", "75 miligramos por metro cuadrado"),
]

FRENCH = [
    ("87 % des patients", "87 pour cent des patients"),
    ("2,5 mg/kg par jour", "2 virgule 5 milligrammes par kilogramme par jour"),
    ("1 500 mg", "1500 milligrammes"),
    ("1\u202f500 mg", "1500 milligrammes"),
    ("1,5 L", "1 virgule 5 litre"),
    ("2 L", "2 litres"),
    ("5-10 mg", "5 à 10 milligrammes"),
    ("≥ 38 °C", "au moins 38 degrés Celsius"),
    ("38,5 °C", "38 virgule 5 degrés Celsius"),
    ("≤ 180 mg/dL", "au plus 180 milligrammes par décilitre"),
    ("130/80 mmHg", "130 sur 80 millimètres de mercure"),
    ("25 €", "25 euros"),
    ("le 12/03/2024", "le 12 mars 2024"),
    ("le 2024-03-12", "le 12 mars 2024"),
    ("stade IV", "stade 4"),
    ("¼ de tasse", "un quart de tasse"),
    ("53 mmol/mol", "53 millimoles par mole"),
    ("25 nmol/L", "25 nanomoles par litre"),
    ("60-100/min", "60 à 100 par minute"),
    ("90 µmol/L", "90 micromoles par litre"),
    ("30 kg/m²", "30 kilogrammes par mètre carré"),
    ("1,73 m²", "1 virgule 73 mètre carré"),
    ("45 mL/min/1,73 m²", "45 millilitres par minute par 1 virgule 73 mètre carré"),
    ("75 mg/m2", "75 milligrammes par mètre carré"),
]


@pytest.mark.parametrize(("text", "expected"), SPANISH)
def test_spanish_rule(text: str, expected: str) -> None:
    assert said(text, "es-ES") == expected


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_french_rule(text: str, expected: str) -> None:
    assert said(text, "fr-FR") == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the decimal sign is said as the country writes it: a point in Mexico, a comma in Spain
        ("es-MX", "Tome 2.5 mg", "Tome 2 punto 5 miligramos"),
        ("es-US", "Tome 2.5 mg", "Tome 2 punto 5 miligramos"),
        ("es-ES", "Tome 2,5 mg", "Tome 2 coma 5 miligramos"),
        ("es-AR", "Tome 2,5 mg", "Tome 2 coma 5 miligramos"),
        ("es-MX", "1,500 mg", "1500 miligramos"),
        ("fr-CA", "2,5 mg", "2 virgule 5 milligrammes"),
        ("en-GB", "2.5 mg", "2.5 milligrams"),
    ],
)
def test_number_format_follows_the_locale(lang: str, text: str, expected: str) -> None:
    assert said(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # "$" is the country's own money where its locale writes it so (Babel's data)
        ("es-MX", "$150", "150 pesos"),
        ("es-MX", "$1.50", "1 peso y 50 centavos"),
        ("es-CO", "$5.000", "5000 pesos"),
        ("es-US", "$25", "25 dólares"),
        ("es-ES", "$25", "25 dólares"),
        ("es-ES", "1,50 €", "1 euro y 50 céntimos"),
        # a currency's code after an amount names it, whatever the sign
        ("es-MX", "$20 USD", "20 dólares"),
        ("es-ES", "300 MXN", "300 pesos"),
        ("en-US", "$25", "25 dollars"),
        ("fr-CA", "25 $", "25 dollars"),
    ],
)
def test_money_is_the_countrys_own(lang: str, text: str, expected: str) -> None:
    assert said(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es-US", "Llame al 988.", "Llame al 9 8 8."),
        ("es-MX", "Llame al 911.", "Llame al 9 1 1."),
        ("fr-CA", "Composez le 911.", "Composez le 9 1 1."),
        ("fr-CA", "Appelez Info-Santé au 811.", "Appelez Info-Santé au 8 1 1."),
        ("fr-FR", "Appelez le 15 ou le 112.", "Appelez le 15 ou le 112."),
        ("en-GB", "Call Samaritans on 116 123.", "Call Samaritans on 1 1 6, 1 2 3."),
        ("fr-FR", "Appelez le 116 117 la nuit.", "Appelez le 116, 117 la nuit."),
        ("en-NZ", "Free call or text 1737.", "Free call or text 1 7 3 7."),
        ("en-US", "Call us in 2024.", "Call us in 2024."),
    ],
)
def test_short_numbers_are_said_as_the_country_says_them(lang: str, text: str, expected: str) -> None:
    assert said(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [(text, "en-US") for text, _ in ENGLISH_RULES]
    + [(text, "es-ES") for text, _ in SPANISH]
    + [(text, "fr-FR") for text, _ in FRENCH]
    + [("Stage IV, ≥ 38 °C, $25–$50, 130/80 mmHg, call 911.", "en-US")],
)
def test_rules_are_idempotent(text: str, lang: str) -> None:
    once = said(text, lang)
    assert said(once, lang) == once
