"""Direction: from the language or the front matter, and the left-to-right runs of right-to-left text."""

from __future__ import annotations

import pytest

from builder.direction import LRI, PDI, isolate_ltr, ltr_runs, text_direction


@pytest.mark.parametrize(
    ("lang", "override", "expected"),
    [
        ("ar", "", "rtl"),
        ("he", "", "rtl"),
        ("fa-IR", "", "rtl"),
        ("ur", "", "rtl"),
        ("en-US", "", "ltr"),
        ("zh-Hans", "", "ltr"),
        ("xx-unknown", "", "ltr"),
        ("en-US", "rtl", "rtl"),
        ("ar", "ltr", "ltr"),
    ],
)
def test_text_direction_follows_the_language_unless_the_article_says(lang, override, expected):
    assert text_direction(lang, override=override) == expected


def test_ltr_runs_keep_digits_and_spaces_between_latin_words_in_the_run():
    pieces = list(ltr_runs("يساعد دواء مثل Metformin 500 mg على خفضه."))
    assert [piece for ltr, piece in pieces if ltr] == ["Metformin 500 mg"]
    assert "".join(piece for _, piece in pieces) == "يساعد دواء مثل Metformin 500 mg على خفضه."


def test_isolate_ltr_wraps_each_latin_run_once():
    text = "خذ Ventolin ثم Ventolin HFA."
    assert isolate_ltr(text) == f"خذ {LRI}Ventolin{PDI} ثم {LRI}Ventolin HFA{PDI}."
    assert isolate_ltr("كل يوم") == "كل يوم"
