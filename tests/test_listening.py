"""A listener hears the audio: a short article built to MP3 and transcribed by an offline recogniser.

The recogniser (Whisper base, in ../shared/asr/) is a measuring instrument, not
part of Handout: the benchmark calls it as an external command and never gives
it the reference text. `make test` installs it; a missing recogniser fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "bench_listening.py"
ASR = Path(os.environ.get("HANDOUT_ASR", ROOT.parent / "shared" / "asr" / "asr"))

ARTICLE = """\
---
title: Living with ALS
lang: en-US
summary: Amyotrophic lateral sclerosis, or ALS, affects the nerves that control movement.
---

## Your medicine

Take one tablet with breakfast and one tablet with dinner. Do NOT take two tablets at once.
If you feel dizzy, sit down and call your care team. In an emergency, call 911.

## Staying active

Gentle exercise keeps your joints moving. A physical therapist can show you stretches
that are safe for people with ALS. Bring these to your visit:

- your walking shoes
- a bottle of water
"""


def test_the_reference_is_the_text_less_what_the_audio_does_not_say() -> None:
    sys.path.insert(0, str(BENCH.parent))
    from bench_listening import reference_text

    txt = (
        "Example ALS Clinic\n\nLiving with ALS\n===\n\nSee https://www.cancer.gov/lice for more (1, 3).\n\n"
        "1. Petrou P, et al. (2016). A Trial. JAMA Neurology, 73(3), 337-44. https://doi.org/10.1001/x\n\n"
        "Source: NCI, https://www.cancer.gov/x (public domain)\n"
    )
    citations = [
        (
            "Petrou P, et al. (2016). A Trial. JAMA Neurology, 73(3), 337-44.",
            "Petrou and colleagues, 2016. A Trial. In the journal JAMA Neurology.",
        )
    ]
    said = reference_text(txt, left_out=["Example ALS Clinic"], license="public domain", citations=citations)
    assert said.split("\n") == [
        "",
        "Living with ALS",
        "===",
        "",
        "See   for more.",
        "",
        "Petrou and colleagues, 2016. A Trial. In the journal JAMA Neurology.",
        "",
        "Source: NCI,  ",
        "",
    ]


def test_citation_numbers_of_an_article_without_references_are_left_out_when_they_are_links() -> None:
    # "([2](#r2))" is printed as "(2)" and never said: counting it would be a word the audio misses.
    sys.path.insert(0, str(BENCH.parent))
    from bench_listening import _CITATION_LINK, reference_text

    txt = "A mole may change (2). Most do not (1, 3).\n"
    assert _CITATION_LINK.search("turning into a melanoma ([2](#r2)). People")
    assert not _CITATION_LINK.search("see [the guide](https://x.org) and [Step 2](#s2)")
    assert reference_text(txt, left_out=[], cited=True) == "A mole may change. Most do not.\n"
    assert reference_text(txt, left_out=[]) == txt


@pytest.mark.slow
def test_a_listener_hears_a_short_article(tmp_path: Path) -> None:
    assert ASR.is_file(), f"the recogniser {ASR} is missing: run ../shared/asr/setup.sh (make test does)"
    article = tmp_path / "living-with-als.md"
    article.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(BENCH), "--article", str(article), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.stdout, done.stderr[-2000:]
    (result,) = json.loads(done.stdout)["articles"]
    assert result["article"] == "living-with-als"
    assert result["reference_words"] > 60  # the whole text, less the organisation's name
    # Words a listener did not hear, or heard wrong, against the whole text. Whisper sometimes adds
    # words of its own in the silence at the end (it repeats the last line): those insertions are the
    # instrument's, so they are bounded apart and more loosely.
    missed = (result["substitutions"] + result["deletions"]) / result["reference_words"]
    assert missed <= 0.1, result["misheard"]
    assert result["insertions"] / result["reference_words"] <= 0.12, result["inserted"]
    watched = {row["word"]: row for row in result["watched"]}
    assert watched["als"]["occurrences"] == 3
    assert watched["als"]["heard"] >= 2, watched["als"]
    # Every entry the article uses is reported with its hits.
    entries = {row["entry"]: row for row in result["entries"]}
    assert entries["amyotrophic"]["occurrences"] == 1


def test_symbols_the_audio_says_in_words_are_read_alike_on_both_sides() -> None:
    sys.path.insert(0, str(BENCH.parent))
    from listening_score import said_as_words

    assert said_as_words("hot water (130°F) for 5–10 minutes") == (
        "hot water (130 degrees Fahrenheit) for 5 to 10 minutes"
    )
    assert said_as_words("53.5°C, 200 micrograms/kg, 2.5 mg/kg, 1 kg or 15 kg") == (
        "53.5 degrees Celsius, 200 micrograms per kilogram, 2.5 milligrams per kilogram, 1 kilogram or 15 kilograms"
    )
    # The recogniser writes "8 to 12" heard as "8-12"; a phone number or a date is no range.
    assert said_as_words(
        "found 8-12 hours, within 1/4 inch, on 2016-03-01 or 3/12/2024, call 1-800-232-4636"
    ) == ("found 8 to 12 hours, within one quarter inch, on 2016-03-01 or 3/12/2024, call 1-800-232-4636")
    # A stage's Roman numeral is said as a number, and the recogniser writes either.
    assert said_as_words("Stage IV and stage IIIA, type II, class I, stage 4, phase ii") == (
        "Stage 4 and stage 3A, type 2, class 1, stage 4, phase ii"
    )
    # Not a number before it, or not a unit: left as printed.
    assert (
        said_as_words("Clinic G, A–200, 130 degrees Fahrenheit") == "Clinic G, A–200, 130 degrees Fahrenheit"
    )


def test_only_the_same_words_spelled_otherwise_are_not_counted() -> None:
    sys.path.insert(0, str(BENCH.parent))
    from listening_score import rescored, same_spelled

    assert same_spelled("head lice", "headlice")
    assert same_spelled("nits", "knits")  # the same sounds (eSpeak NG: nIts)
    assert not same_spelled("in", "and")
    assert not same_spelled("lindane", "linden")
    assert not same_spelled("nits", "")
    # The same sounds, but not an English word written: the recogniser did not know the word.
    assert not same_spelled("petrou", "petru")
    assert not same_spelled("nevi", "nevy")
    report = {
        "wer": 8 / 20,
        "ref_words": 20,
        "substitutions": 5,
        "deletions": 2,
        "insertions": 1,
        "error_spans": [
            {"ref": "head lice", "hyp": "headlice", "context": ""},
            {"ref": "nits", "hyp": "knits", "context": ""},
            {"ref": "in the", "hyp": "and", "context": ""},
            {"ref": "doctor nits", "hyp": "docker knits", "context": ""},
            {"ref": "", "hyp": "um", "context": ""},
        ],
        "top_misrecognized": [
            {"word": "nits", "errors": 2, "occurrences": 2, "heard_as": {"knits": 2}},
            {"word": "in", "errors": 1, "occurrences": 1, "heard_as": {"and": 1}},
        ],
    }
    scored = rescored(report)
    assert scored["raw_wer"] == 8 / 20
    # 'head lice' (2 errors) and 'nits' twice (the same sounds, nIts) were heard
    assert scored["wer"] == 4 / 20
    assert scored["spellings"] == [
        {"ref": "nits", "heard": "knits", "times": 2},
        {"ref": "head lice", "heard": "headlice", "times": 1},
    ]
    assert scored["top_misrecognized"] == [
        {"word": "in", "errors": 1, "occurrences": 1, "heard_as": {"and": 1}}
    ]
