"""Whole sentences of the kinds clinic leaflets print, with exactly what the audio says for each.

Each sentence mixes rules (a dose with a count, a time with a day, a range with a unit), so a rule
that breaks another in context shows here. A listener cannot look back at the page: every number,
unit, threshold and time must keep its meaning, and nothing may be left as letters or symbols.
"""

from __future__ import annotations

import pytest

from builder.speech.normalize import normalize_for_speech, split_sentences

ENGLISH = [
    ("Take calcium 500 mg x2.", "Take calcium 500 milligrams 2 times."),
    ("Take calcium 500 mg x2 daily with food.", "Take calcium 500 milligrams 2 times daily with food."),
    ("Take 2 x 500 mg tablets.", "Take 2 500 milligram tablets."),
    ("The wound is 2 × 2 cm.", "The wound is 2 by 2 centimeters."),
    ("The wound was 2 cm x 3 cm.", "The wound was 2 centimeters by 3 centimeters."),
    ("The cyst is 1.5 x 2.0 x 3 cm.", "The cyst is 1.5 by 2.0 by 3 centimeters."),
    ("Apply a 10 cm x 10 cm dressing.", "Apply a 10 centimeter by 10 centimeter dressing."),
    ("Use a 1 in x 2 in strip.", "Use a 1 inch by 2 inch strip."),
    ('The gauze is 4" x 4".', "The gauze is 4 inches by 4 inches."),
    ("She is 5'2\" tall.", "She is 5 feet 2 inches tall."),
    ("Use a 4x4 gauze pad.", "Use a 4 by 4 gauze pad."),
    ("Repeat x2 if needed.", "Repeat 2 times if needed."),
    ("Take 1-2x daily.", "Take 1 to 2 times daily."),
    ("Apply 1 in. of ointment q8h.", "Apply 1 inch of ointment every 8 hours."),
    ("Apply 2 in of cream.", "Apply 2 inches of cream."),
    ("Use a 2-in. bandage.", "Use a 2 inch bandage."),
    ("The cut is ½ in. deep.", "The cut is one half inch deep."),
    ("About 1 in 3 adults has high blood pressure.", "About 1 in 3 adults has high blood pressure."),
    ("Use a 5 mm needle.", "Use a 5 millimeter needle."),
    ("Take 81 mg aspirin daily.", "Take 81 milligrams aspirin daily."),
    ("Use q4-6h as needed.", "Use every 4 to 6 hours as needed."),
    ("Take 1 capsule q 12 h.", "Take 1 capsule every 12 hours."),
    ("Take 1 tab qAM and 1 tab qPM.", "Take 1 tablet every morning and 1 tablet every evening."),
    ("Use 2 puffs q4h prn.", "Use 2 puffs every 4 hours as needed."),
    ("Take 5 mL PO BID.", "Take 5 milliliters by mouth twice a day."),
    (
        "Give paracetamol 15 mg/kg q6h (max 60 mg/kg/day).",
        "Give paracetamol 15 milligrams per kilogram every 6 hours (maximum 60 milligrams per kilogram per day).",
    ),
    ("Your appointment is at 9:30 a.m. on March 3rd.", "Your appointment is at 9 30 AM on March third."),
    ("Take it at 10 pm with a glass of water.", "Take it at 10 PM with a glass of water."),
    ("Take 1 tablet daily at 8 AM.", "Take 1 tablet daily at 8 AM."),
    (
        "Take 1 tablet at 8 a.m. Then take another at 8 p.m.",
        "Take 1 tablet at 8 AM. Then take another at 8 PM.",
    ),
    ("Clinic hours are 8 a.m.–5 p.m., Monday–Friday.", "Clinic hours are 8 AM to 5 PM, Monday to Friday."),
    ("Visiting hours are 2–4 p.m.", "Visiting hours are 2 to 4 PM."),
    ("Open 9am-5pm.", "Open 9 AM to 5 PM."),
    ("Open 8:00–17:00.", "Open 8 AM to 5 PM."),
    ("The pharmacy closes at 21:30.", "The pharmacy closes at 9 30 PM."),
    ("Take the pill at 6:05 p.m.", "Take the pill at 6 oh 5 PM."),
    ("The lab opens at 7:00.", "The lab opens at 7 o'clock."),
    (
        "The appointment is Mon., Jan. 6 at 10:15 a.m.",
        "The appointment is Monday, January sixth at 10 15 AM.",
    ),
    ("The clinic is closed Dec. 25.", "The clinic is closed December twenty-fifth."),
    ("Take it Mon.–Fri.", "Take it Monday to Friday."),
    ("Take it from March 3–5.", "Take it from March third to fifth."),
    ("Your due date is 04/15/2025.", "Your due date is April fifteenth, 2025."),
    ("Is it safe in May?", "Is it safe in May?"),
    ("The clinic is at 12 St. Mary's Road.", "The clinic is at 12 Saint Mary's Road."),
    ("The clinic is at 45 Main St.", "The clinic is at 45 Main Street."),
    ("The clinic is on Main St. near the park.", "The clinic is on Main Street near the park."),
    ("Call 1-800-TRY-HELP for help.", "Call 1, 8 0 0, TRY, help for help."),
    ("Text HOME to 741741.", "Text HOME to 7 4 1 7 4 1."),
    (
        "Infants under 6 mos should not take this medicine.",
        "Infants under 6 months should not take this medicine.",
    ),
    ("Put 2 gtts in each ear.", "Put 2 drops in each ear."),
    ("Your TSH is 2.5 mIU/L.", "Your TSH is 2.5 milli-international units per liter."),
    ("Your eGFR is 45 mL/min/1.73 m².", "Your eGFR is 45 milliliters per minute per 1.73 square meters."),
    ("Platelets 150,000–400,000 per µL.", "Platelets 150000 to 400000 per microliter."),
    ("The risk is 0.5‰.", "The risk is 0.5 per thousand."),
    ("The syrup is 160 mg/5 mL.", "The syrup is 160 milligrams per 5 milliliters."),
    ("Do not exceed 4 g/24 h.", "Do not exceed 4 grams per 24 hours."),
    (
        "The dose for children is 0.5 mg/kg/dose, up to 3 g/day.",
        "The dose for children is 0.5 milligrams per kilogram per dose, up to 3 grams per day.",
    ),
    ("Take 1-2 tablets every 4-6 hours as needed.", "Take 1 to 2 tablets every 4 to 6 hours as needed."),
    ("Take 2-3 times a day with meals.", "Take 2 to 3 times a day with meals."),
    (
        "If your blood sugar is < 70 mg/dL, eat 15 g of fast sugar.",
        "If your blood sugar is less than 70 milligrams per deciliter, eat 15 grams of fast sugar.",
    ),
    (
        "If your blood sugar is ≥ 300 mg/dL, call your doctor.",
        "If your blood sugar is at least 300 milligrams per deciliter, call your doctor.",
    ),
    ("Your HbA1c should be ≤ 7%.", "Your HbA1c should be at most 7 percent."),
    ("Your oxygen level should be > 92%.", "Your oxygen level should be more than 92 percent."),
    ("Your INR is 2.5 ± 0.5.", "Your INR is 2.5 plus or minus 0.5."),
    ("The result is ≈ 5.5 mmol/L.", "The result is about 5.5 millimoles per liter."),
    (
        "Aim for a blood pressure below 130/80 mmHg.",
        "Aim for a blood pressure below 130 over 80 millimeters of mercury.",
    ),
    ("BP > 180/120 is an emergency.", "BP more than 180 over 120 is an emergency."),
    ("Keep insulin at 2–8 °C in the fridge.", "Keep insulin at 2 to 8 degrees Celsius in the fridge."),
    ("Temperatures from -10 to -5 °C.", "Temperatures from minus 10 to minus 5 degrees Celsius."),
    ("The change was -2.5 kg.", "The change was minus 2.5 kilograms."),
    ("In the UK, call 999 or 111.", "In the UK, call 9 9 9 or 1 1 1."),
    ("This is stage IV cancer.", "This is stage 4 cancer."),
    ("Stages II–III need more treatment.", "Stages 2 to 3 need more treatment."),
    ("Do NOT use if you are pregnant OR breastfeeding.", "Do not use if you are pregnant or breastfeeding."),
    ("Brand vs. generic: both work the same.", "Brand versus generic: both work the same."),
    ("Take with food, e.g., a meal or a snack.", "Take with food, for example, a meal or a snack."),
    ("You will pay $25–$50 for each visit.", "You will pay 25 to 50 dollars for each visit."),
    ("A co-pay of $0.50.", "A co-pay of 50 cents."),
    ("Take 100,000 units once a month.", "Take 100000 units once a month."),
    ("Give 1 ½ teaspoons.", "Give 1 and one half teaspoons."),
    ("Take 1/2 tablet at bedtime.", "Take one half tablet at bedtime."),
    ("Mix the powder w/ water.", "Mix the powder with water."),
    ("Take w/o food.", "Take without food."),
    ("Ask for form No. 5 at the desk.", "Ask for form number 5 at the desk."),
    ("Go to room #2.", "Go to room number 2."),
    ("Take Tylenol & ibuprofen together.", "Take Tylenol and ibuprofen together."),
    ("Do not drink alcohol for 24 hrs.", "Do not drink alcohol for 24 hours."),
    ("Call us 24/7 at 555-123-4567.", "Call us 24 hours a day, 7 days a week at 5 5 5, 1 2 3, 4 5 6 7."),
    ("Take .5 mg at night.", "Take 0.5 milligrams at night."),
    ("DO NOT CRUSH OR CHEW.", "Do not crush or chew."),
    ("Take it AT NIGHT.", "Take it at night."),
    ("Come back on 12/25.", "Come back on December twenty-fifth."),
    ("Take 1 tablet on 1/2 days only if told.", "Take 1 tablet on one half days only if told."),
    ("Take it from 3/1 to 3/15.", "Take it from March first to March fifteenth."),
    ("Take it on Jan 6th.", "Take it on January sixth."),
    ("Call +44 20 7946 0958.", "Call plus 4 4, 2 0, 7 9 4 6, 0 9 5 8."),
    ("Take 2 tabs PO q6h PRN pain.", "Take 2 tablets by mouth every 6 hours as needed for pain."),
    ("Use 1 gtt OU BID.", "Use 1 drop in both eyes twice a day."),
    ("Put 2 drops OD at night.", "Put 2 drops in the right eye at night."),
    ("See p. 5 and pp. 7-9.", "See page 5 and pages 7 to 9."),
    ("Call Dr. Lee at ext. 204.", "Call Doctor Lee at extension 204."),
    ("Take Vit. D 1000 IU daily.", "Take Vitamin D 1000 international units daily."),
    ("Your WBC is 11 x 10^9/L.", "Your WBC is 11 times 10 to the power of 9 per liter."),
    ("Platelets 150 × 10⁹/L.", "Platelets 150 times 10 to the power of 9 per liter."),
    ('The gauze is 4" x 4".', "The gauze is 4 inches by 4 inches."),
    ("Give 1 mg per 10 kg.", "Give 1 milligram per 10 kilograms."),
    ("Do not exceed 3 doses/24 hrs.", "Do not exceed 3 doses per 24 hours."),
    ("Apply a thin layer b.i.d. x 14 days.", "Apply a thin layer twice a day for 14 days."),
    ("Appointments: 8:30–11:30 and 1:00–4:00.", "Appointments: 8 30 to 11 30 and 1 o'clock to 4 o'clock."),
    ("Walk for 30 min 5x/week.", "Walk for 30 minutes 5 times per week."),
    ("Your target is <130/80.", "Your target is less than 130 over 80."),
    ("It fell from 150/95 to 130/85.", "It fell from 150 over 95 to 130 over 85."),
    ("This is a Phase I/II study.", "This is a Phase 1 and 2 study."),
    ("Adults age >65 need a booster.", "Adults age more than 65 need a booster."),
    ("The error is ±5%.", "The error is plus or minus 5 percent."),
    ("Use 0.3 mL of the 1:1000 solution.", "Use 0.3 milliliters of the 1 to 1000 solution."),
    ("Mix in a 1:1 ratio.", "Mix in a 1 to 1 ratio."),
    ("Take 1 x 5 mg tablet.", "Take 1 5 milligram tablet."),
    ("Use a 25G needle.", "Use a 25 gauge needle."),
    (
        "You pay 20% coinsurance after a $250 deductible.",
        "You pay 20 percent coinsurance after a 250 dollar deductible.",
    ),
    ("It costs 30¢.", "It costs 30 cents."),
    ("A score of 7/10 is high pain.", "A score of 7 out of 10 is high pain."),
    ("You are 36+3 weeks pregnant.", "You are 36 weeks and 3 days pregnant."),
    ("You are 36 weeks + 3 days pregnant.", "You are 36 weeks plus 3 days pregnant."),
    ("Gestational age: 36w3d.", "Gestational age: 36 weeks and 3 days."),
    ("Take 10 mg at 8:00 and 20:00.", "Take 10 milligrams at 8 AM and 8 PM."),
    (
        "Your visit is Tues., Feb. 4, 2025, at 3:45 p.m.",
        "Your visit is Tuesday, February fourth, 2025, at 3 45 PM.",
    ),
    ("Store at 2°C to 8°C.", "Store at 2 to 8 degrees Celsius."),
    (
        "A fever is a temp ≥ 100.4°F (38°C).",
        "A fever is a temp at least 100.4 degrees Fahrenheit (38 degrees Celsius).",
    ),
    ("Premiums are $450/mo.", "Premiums are 450 dollars per month."),
    (
        "Use 1-2 sprays in each nostril 2-3 times/day.",
        "Use 1 to 2 sprays in each nostril 2 to 3 times per day.",
    ),
    ("Take 20 mg × 2 doses.", "Take 20 milligrams for 2 doses."),
    ("The scar is 5 cm × 0.5 cm.", "The scar is 5 centimeters by 0.5 centimeters."),
]

SPANISH = [
    ("Tome 1-2 comprimidos cada 4-6 horas.", "Tome 1 a 2 comprimidos cada 4 a 6 horas."),
    ("La dosis es de 0,5 mg/kg cada 8 h.", "La dosis es de 0 coma 5 miligramos por kilogramo cada 8 horas."),
    ("Tome 500 mg x2 al día.", "Tome 500 miligramos 2 veces al día."),
    ("Beba 1,5 L de agua al día.", "Beba 1 coma 5 litros de agua al día."),
    (
        "Si la glucosa es < 70 mg/dL, coma 15 g de azúcar.",
        "Si la glucosa es menos de 70 miligramos por decilitro, coma 15 gramos de azúcar.",
    ),
    (
        "Si tiene fiebre ≥ 38 °C, llame al médico.",
        "Si tiene fiebre como mínimo 38 grados Celsius, llame al médico.",
    ),
    (
        "Su presión arterial fue de 145/92 mmHg.",
        "Su presión arterial fue de 145 sobre 92 milímetros de mercurio.",
    ),
    ("Su cita es el 12/03/2025 a las 9:30.", "Su cita es el 12 de marzo de 2025 a las 9 y 30."),
    ("La consulta abre a las 8:00 h.", "La consulta abre a las 8."),
    ("Su HbA1c es del 6,5 %.", "Su HbA1c es del 6 coma 5 por ciento."),
    ("Cuesta 1.500 € al año.", "Cuesta 1500 euros al año."),
    ("La herida mide 2 × 2 cm.", "La herida mide 2 por 2 centímetros."),
    ("Cáncer en estadio IV.", "Cáncer en estadio 4."),
    ("Tome ½ comprimido por la noche.", "Tome medio comprimido por la noche."),
    ("Añada ½ taza de agua.", "Añada media taza de agua."),
    ("Tome 1 ½ comprimidos.", "Tome 1 y medio comprimidos."),
    ("Añada ¾ taza de leche.", "Añada tres cuartos de taza de leche."),
    ("El riesgo es de 0,5 ‰.", "El riesgo es de 0 coma 5 por mil."),
    ("Su IMC es de 31,2 kg/m².", "Su IMC es de 31 coma 2 kilogramos por metro cuadrado."),
    ("Abierto lun.–vie.", "Abierto lunes a viernes."),
    ("La 1.ª dosis y el 2.º control.", "La primera dosis y el segundo control."),
    ("Tome 100.000 UI una vez al mes.", "Tome 100000 unidades internacionales una vez al mes."),
    ("Llame al 91 123 45 67.", "Llame al 9 1, 1 2 3, 4 5, 6 7."),
    ("Leucocitos 11 x 10^9/L.", "Leucocitos 11 por 10 elevado a 9 por litro."),
    ("Del 1/3 al 15/3.", "Del 1 de marzo al 15 de marzo."),
    ("Tome 1/2 comprimido el 25/12.", "Tome medio comprimido el 25 de diciembre."),
]

FRENCH = [
    ("Prenez 1-2 comprimés toutes les 4-6 heures.", "Prenez 1 à 2 comprimés toutes les 4 à 6 heures."),
    (
        "La dose est de 0,5 mg/kg toutes les 8 h.",
        "La dose est de 0 virgule 5 milligramme par kilogramme toutes les 8 heures.",
    ),
    ("Prenez 500 mg x2 par jour.", "Prenez 500 milligrammes 2 fois par jour."),
    ("Buvez 1,5 L d'eau par jour.", "Buvez 1 virgule 5 litre d'eau par jour."),
    (
        "En cas de fièvre ≥ 38 °C, appelez le médecin.",
        "En cas de fièvre au moins 38 degrés Celsius, appelez le médecin.",
    ),
    ("Votre tension était de 14/9.", "Votre tension était de 14 sur 9."),
    (
        "Votre tension artérielle est de 130/80 mmHg.",
        "Votre tension artérielle est de 130 sur 80 millimètres de mercure.",
    ),
    ("Votre rendez-vous est le 12/03/2025 à 9h30.", "Votre rendez-vous est le 12 mars 2025 à 9 heures 30."),
    ("Votre rendez-vous est à 9 h 30.", "Votre rendez-vous est à 9 heures 30."),
    ("Le cabinet ouvre à 8:00.", "Le cabinet ouvre à 8 heures."),
    ("Votre HbA1c est de 6,5 %.", "Votre HbA1c est de 6 virgule 5 pour cent."),
    ("Il coûte 1 500 € par an.", "Il coûte 1500 euros par an."),
    ("La plaie mesure 2 × 2 cm.", "La plaie mesure 2 sur 2 centimètres."),
    ("Cancer de stade IV.", "Cancer de stade 4."),
    ("Prenez ½ comprimé le soir.", "Prenez un demi comprimé le soir."),
    ("Ajoutez ¾ tasse d'eau.", "Ajoutez trois quarts de tasse d'eau."),
    ("Prenez 1/3 ampoule.", "Prenez un tiers d'ampoule."),
    ("Prenez 1 ½ comprimé.", "Prenez 1 et demi comprimé."),
    ("Le risque est de 0,5 ‰.", "Le risque est de 0 virgule 5 pour mille."),
    ("Votre IMC est de 31,2 kg/m².", "Votre IMC est de 31 virgule 2 kilogrammes par mètre carré."),
    ("Ouvert lun.–ven.", "Ouvert lundi à vendredi."),
    (
        "Le 1er mars, la 1re dose ; le 2e jour, la 3ème.",
        "Le premier mars, la première dose; le deuxième jour, la troisième.",
    ),
    ("Prenez 100 000 UI une fois par mois.", "Prenez 100000 unités internationales une fois par mois."),
    ("Appelez le 01 23 45 67 89.", "Appelez le 0 1, 23, 45, 67, 89."),
    ("Du 1/3 au 15/3.", "Du 1 mars au 15 mars."),
    ("Globules blancs 11 × 10⁹/L.", "Globules blancs 11 fois 10 puissance 9 par litre."),
]

CASES = (
    [(t, s, "en-US") for t, s in ENGLISH]
    + [(t, s, "es-ES") for t, s in SPANISH]
    + [(t, s, "fr-FR") for t, s in FRENCH]
)


@pytest.mark.parametrize(("text", "spoken", "lang"), CASES)
def test_sentence_is_said_with_its_meaning(text: str, spoken: str, lang: str) -> None:
    assert normalize_for_speech(text, lang=lang) == spoken


@pytest.mark.parametrize(("text", "spoken", "lang"), CASES)
def test_sentence_said_twice_is_said_alike(text: str, spoken: str, lang: str) -> None:
    assert normalize_for_speech(spoken, lang=lang) == spoken


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Come at 9 a.m. Bring your card.", ["Come at 9 a.m.", "Bring your card."]),
        ("Open Mon.–Fri. Call first.", ["Open Mon.–Fri.", "Call first."]),
        ("Bring your list, etc. We will check it.", ["Bring your list, etc.", "We will check it."]),
        ("Closed Dec. 25 and Jan. 1.", ["Closed Dec. 25 and Jan. 1."]),
        ("See Dr. Smith at St. Mary's.", ["See Dr. Smith at St. Mary's."]),
    ],
)
def test_a_time_or_day_abbreviation_ends_a_sentence_before_a_capital(text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang="en-US") == expected
