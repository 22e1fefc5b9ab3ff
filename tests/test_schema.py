"""Front matter and settings are checked against the schemas, with one clear line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOT_REVIEWED

from builder import schema
from builder.errors import SourceError
from builder.source import SourceFile, split

PATH = Path("source/a.md")


def check(front_matter: str, *, extra_keys: tuple[str, ...] = ()) -> tuple[SourceFile, list[str]]:
    source = split(f"---\n{front_matter}---\nText\n", PATH)
    checked, findings = schema.check_front_matter(source, extra_keys=extra_keys)
    return checked, [str(f) for f in findings if not f.message.startswith(NOT_REVIEWED)]


def error_of(front_matter: str) -> str:
    with pytest.raises(SourceError) as caught:
        check(front_matter)
    return str(caught.value)


def test_check_accepts_full_front_matter():
    check(
        "title: A\nlang: es-MX\nsummary: S\ntopics: [x, y]\ndate: 2024-01-31\nreviewed: 2024-02-29\n"
        "version: 1.2\nauthors: [Ann]\ncall_to_action: Call\npronunciations: {ALS: A L S}\n"
        "glossary: {Neuron: A nerve cell.}\nalso_called: [B]\npublisher: P\nsource_url: https://x.org\n"
        "license: public domain\npaper: Letter\nprint_size: extra-large\nformats: [pdf]\n"
        "references:\n  - title: T\n    authors: [Petrou P]\n    year: 2016\n    journal: J\n"
        "    volume: 73\n    issue: 3\n    pages: 337-44\n    doi: 10.1001/jamaneurol.2015.4321\n"
    )


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("lang: en\n", "source/a.md:1: 'title' is missing: add it such as 'title: Living with ALS'"),
        ("title: ''\n", "source/a.md:2: 'title' must not be empty"),
        ("title: A\ntopics: ALS\n", "source/a.md:3: 'topics' must be a list (one '- item' per line)"),
        ("title: 12\n", "source/a.md:2: 'title' must be text"),
        ("title: yes\n", "source/a.md:2: 'title' must be text"),
        ("title: A\ndate: March 2024\n", "source/a.md:3: 'date' must be a date written as YYYY-MM-DD"),
        ("title: A\npaper: A5\n", "source/a.md:3: 'paper' must be one of: A4, Letter"),
        ("title: A\nprint_size: huge\n", "source/a.md:3: 'print_size' must be one of: large, extra-large"),
        ("title: A\nlang: english\n", "source/a.md:3: 'lang' must be a language tag such as en-US"),
        ("title: A\nlang: en_US\n", "source/a.md:3: 'lang' must be a language tag such as en-US"),
        ("title: A\nlang: xx-QQ\n", "source/a.md:3: 'lang' must be a language tag such as en-US"),
        ("title: A\nlang: 12\n", "source/a.md:3: 'lang' must be text"),
        ("title: A\nbase_url: clinic.org\n", "source/a.md:3: 'base_url' must be a web address starting with"),
        (
            "title: A\nreferences:\n  - year: 2016\n",
            "source/a.md:4: 'title' is missing: add it to item 1 of 'references'",
        ),
        (
            "title: A\nreferences:\n  - title: T\n    year: soon\n",
            "source/a.md:5: 'year' of item 1 of 'references' must be a whole number",
        ),
        (
            "title: A\nreferences:\n  - title: T\n    doi: https://doi.org/10.1/x\n",
            "source/a.md:5: 'doi' of item 1 of 'references' must be a DOI such as",
        ),
        (
            "title: A\nreferences:\n  - title: T\n    publisher: X\n",
            "source/a.md:4: item 1 of 'references' has an unknown key 'publisher'",
        ),
        ("title: A\nformats: [PDF]\n", "source/a.md:3: item 1 of 'formats' may use only lower-case letters, digits"),
        ("title: A\nglossary: [a, b]\n", "source/a.md:3: 'glossary' must be a list of 'key: value' lines"),
    ],
)
def test_check_names_line_and_fix(front_matter, expected):
    assert error_of(front_matter).startswith(expected)


def test_check_reports_the_first_problem_in_file_order():
    assert error_of("title: A\npaper: A5\nprint_size: huge\n").startswith("source/a.md:3: 'paper'")


def test_check_accepts_keys_the_settings_allow():
    checked, findings = check("title: A\nreviewed: 2024-03-12\nretrieved_via: somewhere\n", extra_keys=("retrieved_via",))
    assert findings == []
    assert "retrieved_via" not in checked.front_matter


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("title: A\ntitel: B\n", "source/a.md:3: unknown key 'titel' was left out: did you mean 'title'?"),
        ("title: A\nautor: Ann\n", "source/a.md:3: unknown key 'autor' was left out: did you mean 'author'?"),
        (
            "title: A\nflavour: red\n",
            "source/a.md:3: unknown key 'flavour' was left out of the handout: fix its spelling, or list it "
            "under 'extra_keys' in source/handout.yaml if it belongs to another system",
        ),
        ("title: A\nextra_keys: [x]\n", "source/a.md:3: unknown key 'extra_keys' was left out of the handout"),
    ],
)
def test_check_front_matter_unknown_key_is_a_warning_and_is_left_out(front_matter, expected):
    checked, findings = check(front_matter)
    (finding,) = findings
    assert finding.startswith(expected)
    assert set(checked.front_matter) == {"title"}


def test_check_front_matter_reads_the_keys_other_tools_write():
    checked, findings = check(
        "title: A\nauthor: Ann Lee\ndescription: What it is.\ntags: [ALS, Breathing]\n"
        "categories: Care, ALS\nkeywords:\n  - BiPAP\ndir: ltr\ndate: 2024-03-12T10:30:00+01:00\n"
        "layout: post\n"
    )
    assert checked.front_matter == {
        "title": "A",
        "authors": ["Ann Lee"],
        "summary": "What it is.",
        "topics": ["ALS", "Breathing", "Care", "BiPAP"],
        "dir": "ltr",
        "date": "2024-03-12",
    }
    assert findings == [
        "source/a.md:11: unknown key 'layout' was left out of the handout: fix its spelling, or list it "
        "under 'extra_keys' in source/handout.yaml if it belongs to another system"
    ]
    assert checked.line_of(("summary",)) == 4
    assert checked.line_of(("topics", 3)) == 8  # BiPAP, from keywords
    assert checked.line_of(("authors",)) == 3


def test_check_front_matter_keeps_handouts_own_key_over_another_tools():
    checked, findings = check("title: A\nsummary: Ours.\ndescription: Theirs.\n")
    assert checked.front_matter["summary"] == "Ours."
    assert findings == ["source/a.md:4: 'description' was left out because 'summary' is given too: keep one of them"]


def test_check_front_matter_alias_errors_name_the_line_written():
    with pytest.raises(SourceError, match=r"^source/a\.md:3: item 1 of 'authors' must be text"):
        check("title: A\nauthor: {name: Ann}\n")
    with pytest.raises(SourceError, match=r"^source/a\.md:3: 'dir' must be one of: ltr, rtl, auto"):
        check("title: A\ndir: sideways\n")


def test_check_front_matter_empty_value_is_not_given():
    checked, findings = check("title: A\nsummary:\nreviewed:\n")
    assert checked.front_matter == {"title": "A"}
    assert findings == []


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [("title: A\n", 1), ("title: A\nreviewed:\n", 3), ("title: A\nreviewed: ''\n", None)],
)
def test_check_front_matter_warns_about_an_article_not_yet_reviewed(front_matter, line):
    source = split(f"---\n{front_matter}---\nText\n", PATH)
    if line is None:
        with pytest.raises(SourceError, match="'reviewed' must be a date"):
            schema.check_front_matter(source)
        return
    _, findings = schema.check_front_matter(source)
    assert [str(f) for f in findings] == [
        f"source/a.md:{line}: no 'reviewed' date: the handout is a draft until a clinician has reviewed "
        "the article; then write the day as 'reviewed: YYYY-MM-DD'"
    ]
    _, reviewed = schema.check_front_matter(split("---\ntitle: A\nreviewed: 2024-03-12\n---\nText\n", PATH))
    assert reviewed == ()


@pytest.mark.parametrize("tag", ["en", "en-US", "es-419", "zh-Hant-TW", "fr-CA", "pt-BR", "sgn-US"])
def test_is_language_tag_accepts_real_tags(tag):
    assert schema.is_language_tag(tag)


@pytest.mark.parametrize("tag", ["", "english", "en_US", "e", "xx", "en--US", "123"])
def test_is_language_tag_refuses_malformed_tags(tag):
    assert not schema.is_language_tag(tag)


def test_check_front_matter_warns_about_a_review_date_still_to_come():
    _, findings = check("title: A\nreviewed: 2999-01-01\n")
    assert findings == ["source/a.md:3: 'reviewed' is 2999-01-01, a day still to come: write the day the review happened"]
    _, past = check("title: A\nreviewed: 2024-03-12\n")
    assert past == []
