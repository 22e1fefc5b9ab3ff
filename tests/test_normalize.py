"""Text normalisation for speech, sentence splitting and the pronunciation lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import SourceError
from builder.speech.lexicon import Lexicon, read_lexicon_file
from builder.speech.normalize import normalize_for_speech, split_sentences, spoken_phone_number

SEED_LEXICON = Lexicon.from_pairs(
    [("ALS", "A. L. S."), ("mesenchymal", "mezenkimal"), ("MRI", "M. R. I."), ("FDA", "F. D. A.")]
)

ENGLISH = [
    # numbers, percentages, ranges
    ("87% of the patients", "87 percent of the patients"),
    ("at least 25 % improvement", "at least 25 percent improvement"),
    ("pages 337-44", "pages 337 to 344"),
    ("from 1998-99", "from 1998 to 1999"),
    ("for 2\u20133 months", "for 2 to 3 months"),
    ("between age 40 and 60", "between age 40 and 60"),
    ("ages 40 to 60", "ages 40 to 60"),
    ("10%-20% of people", "10 percent to 20 percent of people"),
    ("99,780 new cases", "99780 new cases"),
    ("In 4 out of 5 people", "In 4 out of 5 people"),
    ("2.5 times", "2.5 times"),
    # dates
    ("on 2024-03-12 we", "on March twelfth, 2024 we"),
    ("on 3/12/2024 we", "on March twelfth, 2024 we"),
    ("on 2024-02-30 we", "on 2024-02-30 we"),
    # units and temperatures
    ("5 cm wide", "5 centimeters wide"),
    ("1 cm wide", "1 centimeter wide"),
    ("take 500 mg daily", "take 500 milligrams daily"),
    ("water (130°F)", "water (130 degrees Fahrenheit)"),
    ("at 53.5°C", "at 53.5 degrees Celsius"),
    ("a dose of 45 Gy", "a dose of 45 gray"),
    # fractions
    ("within ¼ inch", "within one quarter inch"),
    ("about 1/4 inch", "about one quarter inch"),
    ("1½ cups", "1 and a half cups"),
    ("Phase 1/2 trials", "Phase 1 and 2 trials"),
    # abbreviations
    ("(e.g., sports)", "(for example, sports)"),
    ("i.e. the brain", "that is the brain"),
    ("Dr. Petrou said", "Doctor Petrou said"),
    ("surgery vs. radiation", "surgery versus radiation"),
    ("Petrou et al. found", "Petrou and colleagues found"),
    ("pills, creams, etc.", "pills, creams, et cetera."),
    ("the U.S. National Library", "the U.S. National Library"),
    ("physical and/or lung function", "physical and or lung function"),
    ("he/she can help", "he or she can help"),
    ("open 24/7", "open 24 hours a day, 7 days a week"),
    ("at 10 a.m. daily", "at 10 AM daily"),
    # dashes and symbols
    ("worse—it is unusual", "worse, it is unusual"),
    ("Parasites \u2013 Lice \u2013 Head Lice", "Parasites, Lice, Head Lice"),
    ("riluzole--the only drug", "riluzole, the only drug"),
    ("muscles - the ones you control", "muscles, the ones you control"),
    ("self\u2013reinfestation", "self-reinfestation"),
    ("early-stage ALS", "early-stage A. L. S."),
    ("Rid*, A-200*, and Pronto*", "Rid, A-200, and Pronto"),
    ("cats & dogs", "cats and dogs"),
    ("~5 people", "about 5 people"),
    ("<5 mm", "less than 5 millimeters"),
    ("Anal Cancer (PDQ®)", "Anal Cancer (PDQ)"),
    ("• Fatigue | Hair loss", "Fatigue Hair loss"),
    # phone numbers, web and mail addresses
    ("Call 1-800-422-6237 today", "Call 1, 8 0 0, 4 2 2, 6 2 3 7 today"),
    ("call 555-1234", "call 5 5 5, 1 2 3 4"),
    ("at 555-0100", "at 5 5 5, 0 1 0 0"),
    ("See https://www.cancer.gov/about-cancer/treatment.", "See cancer dot gov."),
    ("write to help@clinic.example.org", "write to help at clinic dot example dot org"),
    # the lexicon
    ("What is ALS?", "What is A. L. S.?"),
    ("with advanced ALS.", "with advanced A. L. S."),
    ("with ALS, the first", "with A. L. S., the first"),
    ("Mesenchymal stem cells", "mezenkimal stem cells"),
    ("an MRI and FDA approval", "an M. R. I. and F. D. A. approval"),
    ("what is als", "what is als"),
    ("FALSE alarms", "FALSE alarms"),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_normalize_for_speech_english(text: str, expected: str) -> None:
    assert normalize_for_speech(text, lang="en-US", lexicon=SEED_LEXICON) == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_normalize_for_speech_is_idempotent(text: str, expected: str) -> None:
    once = normalize_for_speech(text, lang="en-US", lexicon=SEED_LEXICON)
    assert normalize_for_speech(once, lang="en-US", lexicon=SEED_LEXICON) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Het 87% van de patiënten", "Het 87% van de patiënten"),
        ("Zie https://www.cancer.gov/nl.", "Zie cancer.gov."),
        ("de ALS* — een ziekte", "de A. L. S., een ziekte"),
    ],
)
def test_normalize_for_speech_passes_languages_without_rules_through_safely(text: str, expected: str) -> None:
    assert normalize_for_speech(text, lang="nl", lexicon=SEED_LEXICON) == expected


def test_normalize_for_speech_without_lexicon_leaves_words_alone() -> None:
    assert normalize_for_speech("ALS is rare.", lang="en-US") == "ALS is rare."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two? Three!", ["One.", "Two?", "Three!"]),
        (
            "Dr. Petrou and co-authors reported it. Then they",
            ["Dr. Petrou and co-authors reported it.", "Then they"],
        ),
        ("Places (e.g. Rid or Nix) work. Yes.", ["Places (e.g. Rid or Nix) work.", "Yes."]),
        ("The U.S. National Library of Medicine. Next.", ["The U.S. National Library of Medicine.", "Next."]),
        ("It costs 2.5 dollars. Then 3.", ["It costs 2.5 dollars.", "Then 3."]),
        ("Petrou et al. Found it.", ["Petrou et al. Found it."]),
        ("It spreads. 87% improved.", ["It spreads.", "87% improved."]),
        ('He said "Stop." Then left.', ['He said "Stop."', "Then left."]),
        ("pills, creams, etc. The end.", ["pills, creams, etc.", "The end."]),
        ("first line\nsecond line", ["first line", "second line"]),
        ("no stop at the end", ["no stop at the end"]),
        ("  ", []),
    ],
)
def test_split_sentences_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang="en-US") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Scripts without capitals: any letter after a full stop starts a sentence.
        ("السكر مرتفع. يساعد دواء مثل Metformin.", "ar", ["السكر مرتفع.", "يساعد دواء مثل Metformin."]),
        ("هل أنت بخير؟ نعم.", "ar", ["هل أنت بخير؟", "نعم."]),
        ("זה ראשון. זה שני.", "he", ["זה ראשון.", "זה שני."]),
        ("यह पहला है। यह दूसरा है।", "hi", ["यह पहला है।", "यह दूसरा है।"]),
        ("这是第一句。这是第二句！对吗？", "zh-Hans", ["这是第一句。", "这是第二句！", "对吗？"]),
        ("Это первое. Это второе.", "ru", ["Это первое.", "Это второе."]),
        ("Uống thuốc. Nghỉ ngơi.", "vi", ["Uống thuốc.", "Nghỉ ngơi."]),
        ("Use 2.5 mg. then rest.", "en-US", ["Use 2.5 mg. then rest."]),  # lower case: the same sentence
    ],
)
def test_split_sentences_in_every_script(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang=lang) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("555-0100", "5 5 5, 0 1 0 0"),
        ("(617) 555-0100", "6 1 7, 5 5 5, 0 1 0 0"),
        ("+1 617 555 0100", "plus 1, 6 1 7, 5 5 5, 0 1 0 0"),
        ("1-800-4-CANCER", "1, 8 0 0, 4, CANCER"),
    ],
)
def test_spoken_phone_number_reads_digit_by_digit(phone: str, expected: str) -> None:
    assert spoken_phone_number(phone, lang="en-US") == expected


def test_lexicon_later_entry_wins_and_case_rules_hold() -> None:
    lexicon = Lexicon.from_pairs([("ALS", "A. L. S."), ("Gehrig", "GEHR-ig")]).merged([("gehrig", "GAIR-ig")])
    assert lexicon.as_dict() == {"ALS": "A. L. S.", "gehrig": "GAIR-ig"}
    assert (
        lexicon.apply("Lou Gehrig\u2019s disease, ALS, als, ALSO")
        == "Lou GAIR-ig\u2019s disease, A. L. S., als, ALSO"
    )


def test_shipped_lexicon_says_ninds_letter_by_letter() -> None:
    shipped = read_lexicon_file(
        Path(__file__).parents[1] / "builder" / "data" / "lexicon.yaml", Path("lexicon.yaml")
    )
    said = normalize_for_speech("The NINDS conducts research.", lang="en-US", lexicon=shipped)
    assert said == "The N I N D S conducts research."
    assert normalize_for_speech("ninds", lang="en-US", lexicon=shipped) == "ninds"  # capitals only


def test_shipped_lexicon_stresses_permethrin_as_it_is_said() -> None:
    shipped = read_lexicon_file(
        Path(__file__).parents[1] / "builder" / "data" / "lexicon.yaml", Path("lexicon.yaml")
    )
    said = normalize_for_speech("Permethrin lotion, 1%, kills lice.", lang="en-US", lexicon=shipped)
    assert said == "per methrin lotion, 1 percent, kills lice."


def test_shipped_lexicon_stresses_dyspnea_as_it_is_said() -> None:
    shipped = read_lexicon_file(
        Path(__file__).parents[1] / "builder" / "data" / "lexicon.yaml", Path("lexicon.yaml")
    )
    said = normalize_for_speech("Dyspnea (shortness of breath) is common.", lang="en-US", lexicon=shipped)
    assert said == "disp nee uh (shortness of breath) is common."


def test_lexicon_longest_entry_wins() -> None:
    lexicon = Lexicon.from_pairs([("stem", "STEM"), ("stem cells", "stem sells")])
    assert lexicon.apply("Stem\ncells and a stem") == "stem sells and a STEM"


def test_read_lexicon_file_reads_pairs(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text("# comment\nALS: A. L. S.\nriluzole: RIL-yoo-zole\n", encoding="utf-8")
    assert read_lexicon_file(path, Path("assets/lexicon.yaml")).as_dict() == {
        "ALS": "A. L. S.",
        "riluzole": "RIL-yoo-zole",
    }


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("ALS: A. L. S.\nMRI:\n", 2, "needs a spoken form"),
        ("ALS: [A, L, S]\n", 1, "needs a spoken form"),
        ("ALS: 'A. L. S.\n", 2, "pronunciation lexicon is not valid YAML"),
    ],
)
def test_read_lexicon_file_names_the_bad_line(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_lexicon_file(path, Path("assets/lexicon.yaml"))
    assert caught.value.location.line == line
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en-US", "on March twelfth, 2024"), ("en", "on March twelfth, 2024"), ("en-GB", "on the third of December 2024")],
)
def test_normalize_for_speech_reads_numeric_dates_by_region(lang: str, expected: str) -> None:
    assert normalize_for_speech("on 3/12/2024", lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en-GB", "Reduce the dose by 1/2.", "Reduce the dose by one half."),
        ("en-GB", "Come back on 6/1.", "Come back on the sixth of January."),
        ("en-GB", "Your appointment is at 9.30am.", "Your appointment is at 9 30 AM."),
        ("en-GB", "Take 100 mg bd.", "Take 100 milligrams twice a day."),
        ("en-GB", "Come from 1/3 to 15/3.", "Come from the first of March to the fifteenth of March."),
        (
            "en-GB",
            "Closed from 24/12 to 2/1.",
            "Closed from the twenty-fourth of December to the second of January.",
        ),
    ],
)
def test_british_articles_keep_their_meaning(lang: str, text: str, expected: str) -> None:
    assert normalize_for_speech(text, lang=lang) == expected
