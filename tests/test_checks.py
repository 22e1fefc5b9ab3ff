"""The plain-language review: each rule on a small article whose answer is worked out on its own.

Reading scores are compared with textstat called directly on the fixture's
prose, word rarity with wordfreq called directly, counts with str.split.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat
import wordfreq
from click.testing import CliRunner
from textstat.textstat import textstatistics

from builder import checks
from builder.checks import CheckFinding, in_words, is_passive, months_between, review, sentence_lines
from builder.cli import main
from builder.config import Settings
from builder.convert import to_document
from builder.errors import Location
from builder.source import split

PATH = Path("source/a.md")
TODAY = dt.date(2026, 6, 15)
SUMMARY = "What to do."
COMPLETE = f"summary: {SUMMARY}\ncall_to_action: Call us.\nreviewed: 2026-01-10\n"
"""Front matter that answers the front-matter rules, so a test sees only the rule it is about."""


def run_review(
    body: str, front: str = COMPLETE, *, today: dt.date = TODAY, **settings: object
) -> tuple[checks.Scores, list[CheckFinding]]:
    source = split(f"---\ntitle: T\n{front}---\n{body}", PATH)
    doc, _ = to_document(source, slug="a")
    merged = Settings().merged(source.front_matter).merged(settings)  # as a build merges them
    scores, findings = review(doc, source=source, settings=merged, today=today)
    return scores, list(findings)


def rules(findings: list[CheckFinding]) -> list[str]:
    return [f.rule for f in findings]


def of_rule(findings: list[CheckFinding], rule: str) -> list[CheckFinding]:
    return [f for f in findings if f.rule == rule]


# --- reading grade ---------------------------------------------------------------------

HARD = [
    "Amyotrophic lateral sclerosis is a progressive neurodegenerative disease affecting motor neurons.",
    "Physicians frequently prescribe medications alleviating muscular spasticity and associated discomfort.",
    "Multidisciplinary rehabilitation programmes substantially improve functional independence.",
]
EASY = ["The cat sat on the mat.", "We go to the shop.", "It is a good day."]


def test_reading_grade_is_textstats_flesch_kincaid_and_smog_of_the_prose():
    body = "## Part\n\n" + "\n\n".join(HARD) + "\n"
    scores, findings = run_review(body, max_reading_grade=8)
    text = " ".join([SUMMARY, *HARD])  # the summary is read first
    assert scores.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert scores.smog_index == pytest.approx(textstat.smog_index(text))
    assert scores.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(text))
    assert scores.words == sum(len(s.split()) for s in [SUMMARY, *HARD])
    assert textstat.flesch_kincaid_grade(text) > 8
    [grade] = of_rule(findings, "reading-grade")
    assert grade.location.line == 7  # the article's first body line
    assert f"{max(textstat.flesch_kincaid_grade(text), textstat.smog_index(text)):.1f}" in grade.message
    assert "aim for grade 8 or below" in grade.message


def test_reading_grade_points_at_the_hardest_section():
    body = "## Easy part\n\n" + "\n\n".join(EASY) + "\n\n## Hard part\n\n" + "\n\n".join(HARD) + "\n"
    _, findings = run_review(body)
    [grade] = of_rule(findings, "reading-grade")
    assert grade.location.line == 7 + 2 + 2 * len(EASY)  # the line of '## Hard part'
    hard = textstat.flesch_kincaid_grade(" ".join(HARD))
    assert hard > textstat.flesch_kincaid_grade(" ".join(EASY))
    assert f"start with the hardest section, 'Hard part' (Flesch-Kincaid {hard:.1f})" in grade.message


def test_reading_grade_below_the_limit_is_not_a_finding():
    scores, findings = run_review("\n\n".join(EASY) + "\n")
    text = " ".join([SUMMARY, *EASY])
    assert textstat.flesch_kincaid_grade(text) < 8
    assert scores.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert findings == []


def test_reading_grade_limit_is_a_setting():
    sentence = "Amyotrophic lateral sclerosis is a disease of the nerves that control movement."
    text = f"{SUMMARY} {sentence}"
    grade = max(textstat.flesch_kincaid_grade(text), textstat.smog_index(text))
    assert 8 < grade < 19
    _, strict = run_review(f"{sentence}\n", max_reading_grade=grade - 0.5)
    _, lenient = run_review(f"{sentence}\n", max_reading_grade=grade + 0.5)
    assert "reading-grade" in rules(strict) and "reading-grade" not in rules(lenient)


def test_reading_grade_counts_the_summary_and_list_items():
    body = "- Take the pill each day.\n- Drink water.\n"
    front = "summary: Tablets help you.\ncall_to_action: Call us.\nreviewed: 2026-01-10\n"
    scores, _ = run_review(body, front)
    text = "Tablets help you. Take the pill each day. Drink water."
    assert scores.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(text))


def test_spanish_gets_its_own_formulas_and_no_english_grade():
    sentences = ["El médico revisa la sonda cada semana.", "Lávese las manos antes de tocarla."]
    scores, _ = run_review("\n\n".join(sentences) + "\n", COMPLETE + "lang: es\n")
    spanish = textstatistics()
    spanish.set_lang("es")
    text = " ".join([SUMMARY, *sentences])
    own = dict(scores.language_scores)
    assert own["fernandez_huerta"] == pytest.approx(spanish.fernandez_huerta(text))
    assert own["szigriszt_pazos"] == pytest.approx(spanish.szigriszt_pazos(text))
    assert own["crawford"] == pytest.approx(spanish.crawford(text))
    assert scores.flesch_kincaid_grade is None and scores.smog_index is None
    assert scores.passive_percent is None  # the passive pattern is English


@pytest.mark.parametrize(
    ("lang", "sentences", "formula", "grade"),
    [
        (
            "de",
            ["Der Arzt prüft den Schlauch.", "Waschen Sie die Hände vor dem Essen."],
            "wiener_sachtextformel",
            True,
        ),
        (
            "it",
            ["Il medico controlla il tubo.", "Lavati le mani prima di mangiare."],
            "gulpease_index",
            False,
        ),
    ],
)
def test_other_languages_use_their_own_formula(lang, sentences, formula, grade):
    scores, _ = run_review("\n\n".join(sentences) + "\n", COMPLETE + f"lang: {lang}\n")
    stats = textstatistics()
    stats.set_lang(lang)
    text = " ".join([SUMMARY, *sentences])
    expected = (
        stats.wiener_sachtextformel(text, 1)
        if formula == "wiener_sachtextformel"
        else stats.gulpease_index(text)
    )
    assert dict(scores.language_scores)[formula] == pytest.approx(expected)
    assert scores.flesch_reading_ease == pytest.approx(stats.flesch_reading_ease(text))
    assert (scores.grade == pytest.approx(expected)) if grade else scores.grade is None


# --- sentences and paragraphs ------------------------------------------------------------------

WORDS_25 = "Word " + " ".join(["word"] * 23) + " end."
WORDS_26 = "Word " + " ".join(["word"] * 24) + " end."


def test_long_sentence_over_the_limit_names_its_line_and_quotes_it():
    assert (len(WORDS_25.split()), len(WORDS_26.split())) == (25, 26)
    body = f"Short one. {WORDS_25}\nStill going. {WORDS_26}\n"
    _, findings = run_review(body)
    [long] = of_rule(findings, "long-sentence")
    assert long.location == Location(PATH, 8)  # the paragraph starts on line 7; this sentence on 8
    assert long.sentence == WORDS_26
    assert "this sentence has 26 words" in long.message
    assert '"Word word word word word word word word word word word word …"' in long.message
    assert "25 words or fewer" in long.message


def test_long_sentence_limit_is_a_setting():
    _, findings = run_review(f"{WORDS_26}\n", max_sentence_words=30)
    assert "long-sentence" not in rules(findings)


def test_long_paragraph_has_more_than_five_sentences():
    five = " ".join(f"Step {n} is easy." for n in range(1, 6))
    six = " ".join(f"Step {n} is easy." for n in range(1, 7))
    _, findings = run_review(f"{five}\n\n{six}\n")
    [long] = of_rule(findings, "long-paragraph")
    assert long.location.line == 9
    assert "this paragraph has 6 sentences" in long.message
    _, relaxed = run_review(f"{six}\n", max_paragraph_sentences=6)
    assert "long-paragraph" not in rules(relaxed)


def test_sentence_lines_follow_the_words_through_markup():
    lines = ["First **bold** sentence. Second", "[sentence](https://x.example) here. Third", "one.", ""]
    sentences = ["First bold sentence.", "Second sentence here.", "Third one."]
    assert sentence_lines(sentences, first=10, lines=lines, body_line=10) == [10, 10, 11]


# --- passive voice ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("The tube is cleaned every day.", True),
        ("The results were carefully written down.", True),
        ("Your nurse cleans the tube.", False),
        ("Stem cells have been given to patients.", True),
        ("We will call you.", False),
    ],
)
def test_is_passive(sentence, passive):
    assert is_passive(sentence) is passive


def test_passive_share_over_the_limit_points_at_the_first_passive_sentence():
    body = "Your nurse cleans the tube.\n\nThe bag is changed daily.\n\nWe call you.\n"
    scores, findings = run_review(body)
    assert scores.passive_percent == pytest.approx(100 / 4)  # the summary is a sentence too
    [passive] = of_rule(findings, "passive")
    assert passive.location.line == 9
    assert passive.sentence == "The bag is changed daily."
    assert "1 of 4 sentences (25 %) are passive" in passive.message
    _, relaxed = run_review(body, max_passive_percent=40)
    assert "passive" not in rules(relaxed)


# --- rare words ------------------------------------------------------------------------------------


def test_rare_word_is_found_once_at_its_first_use():
    assert wordfreq.zipf_frequency("neoplasm", "en") < 3 <= wordfreq.zipf_frequency("doctor", "en")
    body = "The doctor found a neoplasm.\n\nA neoplasm can grow.\n"
    scores, findings = run_review(body)
    [rare] = of_rule(findings, "rare-word")
    assert (rare.location.line, rare.sentence) == (7, "The doctor found a neoplasm.")
    assert "'neoplasm' may be new to a patient" in rare.message
    assert scores.rare_words == 1


@pytest.mark.parametrize(
    ("body", "front"),
    [
        (
            "The doctor found a neoplasm.\n",
            "glossary:\n  Neoplasm: A lump of cells that grow where they should not.\n",
        ),
        ("The doctor found a neoplasm.\n", "known_words: [neoplasm]\n"),
        ("The doctor found a neoplasm.\n", "pronunciations:\n  neoplasm: nee-oh-plazm\n"),
        ("The doctor found a neoplasm (a lump of cells).\n", ""),
        ("The doctor found two neoplasms.\n", "glossary:\n  neoplasms: Lumps of cells.\n"),
        ("A new growth, or neoplasm, was found by Dr. Haroutunian.\n", "known_words: [neoplasm]\n"),
    ],
)
def test_explained_words_are_not_rare(body, front):
    _, findings = run_review(body, COMPLETE + front, max_passive_percent=100)
    assert of_rule(findings, "rare-word") == []


def test_rare_word_threshold_is_a_setting():
    zipf = wordfreq.zipf_frequency("sclerosis", "en")
    _, strict = run_review("It is sclerosis.\n", rare_word_zipf=zipf + 0.1)
    _, lenient = run_review("It is sclerosis.\n", rare_word_zipf=zipf - 0.1)
    assert rules(strict) == ["rare-word"] and rules(lenient) == []


def test_plurals_are_as_common_as_their_singular():
    assert wordfreq.zipf_frequency("couches", "en") < 3 <= wordfreq.zipf_frequency("couch", "en")
    _, findings = run_review("Clean the couches.\n")
    assert of_rule(findings, "rare-word") == []


# --- numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "words"),
    [
        ("20", "1 in 5"),
        ("25", "1 in 4"),
        ("87", "about 9 in 10"),
        ("50", "1 in 2"),
        ("5", "1 in 20"),
        ("2.9", "about 3 in 100"),
        ("0.5", "1 in 200"),
        ("0.1", "1 in 1,000"),
        ("0", ""),
        ("100", ""),
    ],
)
def test_in_words(percent, words):
    assert in_words(Fraction(percent) / 100) == words


def test_percentages_and_fractions_of_people_suggest_n_in_m():
    body = "About 20% of people get better.\n\nOnly 2/3 of patients need it.\n\nUse permethrin lotion 1% twice.\n"
    _, findings = run_review(body)
    numbers = of_rule(findings, "number")
    assert [(f.location.line, f.sentence) for f in numbers] == [
        (7, "About 20% of people get better."),
        (9, "Only 2/3 of patients need it."),
    ]
    assert "'20%' is easier to picture as '1 in 5'" in numbers[0].message
    assert "'2/3' is easier to picture as '2 in 3'" in numbers[1].message


# --- headings, front matter ------------------------------------------------------------------------------


def test_headings_that_say_nothing():
    body = "## Introduction\n\nWe help.\n\n## How to clean the tube\n\nWash it.\n\n### Other\n\nMore.\n"
    _, findings = run_review(body)
    vague = of_rule(findings, "vague-heading")
    assert [(f.location.line, f.sentence) for f in vague] == [(7, "Introduction"), (15, "Other")]
    assert "the heading 'Introduction' does not say what the section is about" in vague[0].message


def test_missing_summary_and_call_to_action_point_at_the_title():
    _, findings = run_review("We help.\n", front="")
    # (A missing review date is not advice: every build warns that the handout is a draft.)
    assert [(f.rule, f.location.line) for f in findings] == [("summary", 2), ("call-to-action", 2)]
    assert all(not f.at_build for f in findings)


# --- warnings every build shows ----------------------------------------------------------------------------------


def test_picture_described_by_its_file_name_is_a_build_warning():
    body = "![photo.png](photo.png)\n\n![image](b.png)\n\n![A nurse cleaning the tube](c.png)\n"
    _, findings = run_review(body)
    pictures = of_rule(findings, "picture")
    assert [(f.location.line, f.at_build) for f in pictures] == [(7, True), (9, True)]
    assert "the picture 'photo.png' is described as 'photo.png'" in pictures[0].message


def test_link_whose_words_are_a_bare_address_is_advice():
    body = "See [https://www.cdc.gov/lice](https://www.cdc.gov/lice).\n\nOr <https://nih.gov>.\n\nOr [the CDC](https://cdc.gov).\n"
    _, findings = run_review(body)
    links = of_rule(findings, "link-text")
    assert [(f.location.line, f.sentence, f.at_build) for f in links] == [
        (7, "https://www.cdc.gov/lice", False),
        (9, "https://nih.gov", False),
    ]


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (dt.date(2024, 3, 12), dt.date(2026, 3, 11), 23),
        (dt.date(2024, 3, 12), dt.date(2026, 3, 12), 24),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 0),
        (dt.date(2023, 12, 1), dt.date(2024, 1, 1), 1),
    ],
)
def test_months_between(earlier, later, months):
    assert months_between(earlier, later) == months


def test_review_date_past_the_interval_is_a_build_warning():
    front = "summary: S.\ncall_to_action: C.\nreviewed: 2024-06-15\n"
    _, due = run_review("We help.\n", front)
    [finding] = due
    assert (finding.rule, finding.location.line, finding.at_build) == ("reviewed", 5, True)
    assert "last reviewed on 2024-06-15, 24 months ago; the clinic reviews every 24 months" in finding.message
    _, not_yet = run_review("We help.\n", front, today=dt.date(2026, 6, 14))
    assert not_yet == []
    _, yearly = run_review("We help.\n", front, today=dt.date(2025, 6, 15), review_interval_months=12)
    assert rules(yearly) == ["reviewed"]


# --- in builds and on the command line ---------------------------------------------------------------------------


@pytest.fixture
def run(project):
    def invoke(*args: str):
        return CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)

    return invoke


def stale_article(today: dt.date) -> str:
    reviewed = today - dt.timedelta(days=3 * 366)
    return (
        f"---\ntitle: Old\nreviewed: {reviewed.isoformat()}\n---\nSee [https://cdc.gov](https://cdc.gov).\n"
    )


def test_build_warns_about_build_findings_only_and_strict_refuses_them(run, project, write_article):
    write_article("old.md", stale_article(dt.date.today()))
    relaxed = run("build", "-f", "txt", "source/old.md")
    assert relaxed.exit_code == 0
    assert "warning: source/old.md:3: the article was last reviewed on" in relaxed.output
    assert "web address" not in relaxed.output and "summary" not in relaxed.output  # advice: `handout check`
    strict = run("build", "-f", "txt", "--strict", "source/old.md")
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    "name",
    [
        "ninds-als-information-page.md",
        "medlineplus-als-summary.md",
        "cdc-head-lice.md",
        "nci-pdq-anal-cancer-treatment-patient.md",  # cites itself by a bare address
    ],
)
def test_real_articles_with_only_advice_build_with_strict(corpus_project, build_formats, name):
    path = corpus_project.source_dir / name
    # Once a clinician has reviewed it (an unreviewed article is a draft, and --strict refuses drafts).
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\nreviewed: {dt.date.today()}\n", 1), encoding="utf-8")
    report = build_formats([path], ("txt",), strict=True)
    assert report.ok, [r.error for r in report.failed]


def test_check_prints_scores_and_findings_with_lines(run, project):
    result = run("check")
    assert result.exit_code == 0, result.output
    first, *findings = result.output.splitlines()
    assert first.startswith("source/mesenchymal-stem-cells-als.md: grade ")
    assert findings and all(line.startswith(("  advice: source/", "  warning: source/")) for line in findings)
    seed = (project.source_dir / "mesenchymal-stem-cells-als.md").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(seed, start=1) if " 87% " in text)
    assert f"  advice: source/mesenchymal-stem-cells-als.md:{line}: '87%' is easier to picture" in result.output


def test_check_json_has_each_findings_line_and_the_scores(run, project):
    result = run("check", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    [article] = data["articles"]
    assert data["ok"] is True and data["errors"] == []
    assert article["source"] == "source/mesenchymal-stem-cells-als.md"
    assert isinstance(article["scores"]["flesch_kincaid_grade"], float)
    assert article["findings"] and all(isinstance(f["line"], int) for f in article["findings"])
    lines = (project.root / "source" / "mesenchymal-stem-cells-als.md").read_text().splitlines()
    for finding in article["findings"]:
        if finding["rule"] == "long-sentence":
            assert finding["sentence"].split()[0] in lines[finding["line"] - 1]


def test_check_strict_makes_findings_errors(run):
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert "  error: source/mesenchymal-stem-cells-als.md:" in result.output


def test_check_reports_unreadable_articles_as_errors(run, write_article):
    write_article("broken.md", "no front matter\n")
    result = run("check", "source/broken.md")
    assert result.exit_code == 1
    assert "error: source/broken.md:1: the article has no front matter" in result.output


def test_check_includes_the_builds_own_warnings(run, write_article):
    write_article("pic.md", "---\ntitle: P\n---\n![](photo.png)\n")
    result = run("check", "--json", "source/pic.md")
    [article] = json.loads(result.stdout)["articles"]
    warnings = [f for f in article["findings"] if f["severity"] == "warning"]
    [picture] = [f for f in warnings if "has no description" in f["message"]]
    assert picture["line"] == 4
    assert any("no 'reviewed' date" in f["message"] for f in warnings)  # the build's own, too


def test_check_seed_and_corpus_have_no_errors(run, corpus_project):
    result = run("check", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["ok"] and data["errors"] == []
    assert len(data["articles"]) == len(corpus_project.articles())
    assert all(f["severity"] != "error" for a in data["articles"] for f in a["findings"])


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.classes.extend((values.get("class") or "").split())
        if tag == "html":
            self.lang = values.get("lang") or ""


def test_check_report_is_a_large_print_page_with_every_finding(run, project, write_article):
    write_article("pic.md", "---\ntitle: Pictures\n---\n## Introduction\n\n![](photo.png)\n")
    report = project.root / "review.html"
    result = run("-q", "check", "--json", "--report", str(report))  # -q: no "wrote ..." line
    data = json.loads(result.stdout)
    page = _Page()
    html = report.read_text(encoding="utf-8")
    page.feed(html)
    assert page.lang == "en" and page.tags.count("h1") == 1
    assert page.tags.count("h2") == len(data["articles"]) == 2
    assert page.classes.count("finding") == sum(len(a["findings"]) for a in data["articles"])
    assert ":root { font-size: 150%; }" in html
    assert project.read_asset("handout.css") in html
    assert "Atkinson Hyperlegible" in html and "<h2 id='article-pic'>Pictures</h2>" in html
    long = next(f for a in data["articles"] for f in a["findings"] if f["rule"] == "long-paragraph")
    assert f"<blockquote><p>{long['sentence']}</p></blockquote>" in html


def test_check_settings_are_read_from_the_clinic_file_and_checked(project):
    from builder.config import load_settings
    from builder.errors import SourceError

    clinic = project.settings_path.read_text(encoding="utf-8")
    project.settings_path.write_text(
        clinic + "max_sentence_words: 20\nknown_words: [ALS]\n", encoding="utf-8"
    )
    settings = load_settings(project)
    assert (settings.max_sentence_words, settings.known_words) == (20, ("ALS",))
    project.settings_path.write_text(clinic + "max_sentence_words: many\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_settings(project)
    line = clinic.count("\n") + 1
    assert str(caught.value) == f"source/handout.yaml:{line}: 'max_sentence_words' must be a whole number"
