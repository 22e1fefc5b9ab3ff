"""The speech script: what the audio says, built from the document model, and its `script` format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import besides_review

from builder import Project, Settings, load_article, load_settings
from builder import document as d
from builder.compose import Handout, ReviewStamp, compose, spoken_reference, surname
from builder.errors import Location
from builder.inputs import load_lexicon
from builder.labels import labels_for
from builder.renderers.script import script_to_text
from builder.speech.lexicon import Lexicon
from builder.speech.script import SpeechScript, make_script

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_MARK = "\n=== expected speech script ===\n"
UNREADABLE = re.compile(r"https?://|www\.|[*|•#_~`<>\[\]{}\\^]|\]\(")


def script_of(project: Project, path: Path, settings: Settings | None = None) -> SpeechScript:
    clinic = settings or load_settings(project)
    article = load_article(path, project=project, settings=clinic)
    lexicon = load_lexicon(project).merged(article.document.metadata.pronunciations)
    return make_script(composed(article.document, article.settings), lexicon=lexicon)


def composed(doc: d.Document, settings: Settings) -> Handout:
    return compose(doc, settings, settings_file=Location(Path("source/handout.yaml")))


@pytest.fixture
def seed_script(project: Project) -> SpeechScript:
    return script_of(project, project.articles()[0])


def spoken_text(script: SpeechScript) -> str:
    return "\n".join(u.spoken for u in script.utterances)


# --- the seed article -------------------------------------------------------


def test_make_script_seed_leaves_als_to_the_engine(seed_script: SpeechScript) -> None:
    # Listeners hear the engine's own "ALS" right; the respelling "A. L. S." was heard as "AL, S".
    assert re.search(r"\bALS\b", spoken_text(seed_script))
    assert "A. L. S." not in spoken_text(seed_script)


@pytest.mark.parametrize(
    ("printed", "said"),
    [
        ("87% of the patients", "87 percent of the patients"),
        ("Dr. Petrou", "Doctor Petrou"),
        ("In 4 out of 5 people", "In 4 out of 5 people"),
        ("mesenchymal", "mesenchymal"),
        ("Phase 1/2 and 2a", "Phase 1 and 2 and 2a"),
        ("and/or", "and or lung"),
    ],
)
def test_make_script_seed_normalises(seed_script: SpeechScript, printed: str, said: str) -> None:
    assert said in spoken_text(seed_script)
    assert printed not in spoken_text(seed_script) or printed == said


def test_make_script_seed_keeps_printed_words_in_shown(seed_script: SpeechScript) -> None:
    shown = "\n".join(u.shown for u in seed_script.utterances)
    assert "87% of the patients" in shown
    assert "Dr. Petrou and co-authors" in shown
    assert "A. L. S." not in shown


def test_make_script_seed_speaks_the_reference(seed_script: SpeechScript) -> None:
    references = [u for u in seed_script.utterances if u.kind == "reference"]
    # In the printed order: who and when, the title, the journal; not the volume, issue or pages.
    assert references[0].shown == references[0].spoken == "Petrou and colleagues, 2016."
    assert references[1].shown.startswith("Safety and Clinical Effects of Mesenchymal Stem Cells")
    assert references[1].spoken.endswith(
        "in Patients With amy oh trophic Lateral Sclerosis: Results of Phase 1 and 2 and 2a Clinical Trials."
    )
    assert references[2].spoken == "In the journal JAMA Neurology."
    assert len(references) == 3
    assert {r.line for r in references} == {13}


def test_make_script_seed_chapters_follow_the_sections(project: Project, seed_script: SpeechScript) -> None:
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    sections = article.document.sections
    assert [c.id for c in seed_script.chapters] == ["opening", *(s.id for s in sections), "closing"]
    assert [c.title for c in seed_script.chapters[1:-1]] == [d.plain_text(s.title) for s in sections]
    assert seed_script.chapters[0].title == "Mesenchymal Stem Cells in the Treatment of ALS"
    # every chapter starts with its heading, announced between pauses
    for chapter, section in zip(seed_script.chapters[1:-1], sections, strict=True):
        first = seed_script.chapter_utterances(chapter.id)[0]
        assert (first.kind, first.shown, first.line) == ("heading", d.plain_text(section.title), section.line)
        assert first.pause_before >= 1.0 and first.pause_after >= 0.5
    # utterances of a chapter are contiguous and in chapter order
    order = [u.chapter for u in seed_script.utterances]
    assert [c for i, c in enumerate(order) if i == 0 or order[i - 1] != c] == [
        c.id for c in seed_script.chapters
    ]


def test_make_script_seed_order(seed_script: SpeechScript) -> None:
    kinds = [u.kind for u in seed_script.utterances]
    assert kinds[:3] == ["title", "summary", "summary"]
    closing = seed_script.chapter_utterances("closing")
    shown = [u.shown for u in closing]
    assert shown.index("Words to know") < shown.index("References")
    assert shown[-3:] == [
        "Speak with one of our friendly Care Coordinators today!",
        "Call our Care Coordinators: 555-0100",
        "Draft: not yet reviewed by the clinic, Version 1.0",  # the seed awaits its clinical review
    ]
    assert closing[-2].spoken == "Call our Care Coordinators: 5 5 5, 0 1 0 0."


def test_make_script_utterances_are_sentences(seed_script: SpeechScript) -> None:
    sentences = [u for u in seed_script.utterances if u.kind == "sentence" and u.chapter != "closing"]
    assert len(sentences) == 3 + 7 + 5 + 6 + 7
    assert all(u.spoken[-1] in ".!?" for u in sentences)
    assert "Dr. Petrou and co-authors recently reported clinical trial results" in sentences[15].shown


def test_make_script_is_pure(project: Project) -> None:
    assert script_of(project, project.articles()[0]) == script_of(project, project.articles()[0])


# --- structure ----------------------------------------------------------------


def _doc(*blocks: d.Block, **meta: object) -> d.Document:
    return d.Document(
        slug="t",
        source_path=Path("source/t.md"),
        metadata=d.Metadata(title="T", **meta),  # type: ignore[arg-type]
        blocks=blocks,
    )


def _script(doc: d.Document, settings: Settings | None = None) -> SpeechScript:
    """The script of `doc` without its review stamp, which the tests of structure leave out."""
    handout = composed(doc, settings or Settings())
    parts = tuple(part for part in handout.parts if not isinstance(part, ReviewStamp))
    return make_script(dataclasses.replace(handout, parts=parts), lexicon=Lexicon())


def test_make_script_says_the_review_stamp_last() -> None:
    reviewed = make_script(composed(_doc(reviewed=dt.date(2024, 3, 12)), Settings()), lexicon=Lexicon())
    assert reviewed.utterances[-1].spoken == "Reviewed March twelfth, 2024."
    assert reviewed.utterances[-1].chapter == "closing"
    draft = make_script(composed(_doc(version="2"), Settings()), lexicon=Lexicon())
    assert draft.utterances[-1].shown == "Draft: not yet reviewed by the clinic, Version 2"


def _para(*inlines: d.Inline, line: int = 5) -> d.Paragraph:
    return d.Paragraph(inlines, line)


def test_make_script_reads_ordered_lists_with_ordinals() -> None:
    items = tuple(d.ListItem((_para(d.Text(t)),), 5 + n) for n, t in enumerate(["Arrive", "Sign in", "Wait"]))
    script = _script(_doc(d.OrderedList(items, 5)))
    said = [u.spoken for u in script.utterances[1:]]
    assert said == ["First, Arrive.", "Second, Sign in.", "Third, Wait."]  # the count is not announced
    assert [u.kind for u in script.utterances[1:]] == ["list-item"] * 3
    assert all(u.pause_after >= 0.5 for u in script.utterances[1:])


def test_make_script_reads_tables_row_by_row_with_headers() -> None:
    header = (d.TableCell((d.Text("Area"),)), d.TableCell((d.Text("Effects"),)))
    rows = (
        (
            d.TableCell((d.Text("Brain"),)),
            d.TableCell((d.Text("• Fatigue"), d.LineBreak(), d.Text("• Headache"))),
        ),
        (d.TableCell((d.Text("Chest"),)), d.TableCell(())),
    )
    script = _script(_doc(d.Table(header, rows, 9)))
    rows_said = [u for u in script.utterances if u.kind == "table-row"]
    assert [u.shown for u in rows_said] == ["Area: Brain; Effects: Fatigue, Headache", "Area: Chest"]
    assert all(u.line == 9 for u in rows_said)


def test_make_script_says_pictures_links_and_notes_after_their_paragraph() -> None:
    image = d.Image("mole.png", "A mole. It is 6 mm wide", 7)
    doc = d.Document(
        slug="t",
        source_path=Path("source/t.md"),
        metadata=d.Metadata(title="T"),
        blocks=(
            _para(
                d.Text("See "),
                d.Link("https://clinic.example/skin", (d.Text("our guide"),)),
                d.Text(" now"),
                d.FootnoteRef("fn-1", 1),
                d.Text(" ("),
                d.Link("https://x.example/#r2", (d.Text("2"),)),
                d.Text(")."),
                image,
            ),
        ),
        footnotes=(d.Footnote("fn-1", 1, (_para(d.Text("Monthly is enough.")),), 20),),
    )
    said = [(u.kind, u.spoken) for u in _script(doc).utterances[1:]]
    assert said == [
        ("sentence", "See our guide now."),
        ("image", "Picture: A mole."),
        ("image", "It is 6 millimeters wide."),
        ("note", "Note: Monthly is enough."),
    ]


def test_make_script_reads_unreferenced_notes_at_the_end() -> None:
    doc = d.Document(
        slug="t",
        source_path=Path("source/t.md"),
        metadata=d.Metadata(title="T"),
        footnotes=(d.Footnote("fn-1", 1, (_para(d.Text("Orphan.")),), 20),),
    )
    script = _script(doc)
    # "Note: " is said, not printed: the transcript keeps the page's words.
    assert [u.shown for u in script.chapter_utterances("closing")] == ["Notes", "Orphan."]
    assert [u.spoken for u in script.chapter_utterances("closing")][1] == "Note: Orphan."


def test_make_script_skips_decorative_images_and_empty_paragraphs() -> None:
    script = _script(_doc(_para(d.Image("line.png", "", 3, decorative=True)), _para(d.Text(" * "))))
    assert [u.kind for u in script.utterances] == ["title"]
    assert [c.id for c in script.chapters] == ["opening"]


def test_make_script_renames_furniture_chapters_that_clash_with_sections() -> None:
    section = d.Section("opening", (d.Text("Opening"),), 1, (), (), 3)
    doc = d.Document(slug="t", source_path=Path("t.md"), metadata=d.Metadata(title="T"), sections=(section,))
    script = _script(doc, Settings(phone="555-0100"))
    assert [c.id for c in script.chapters] == ["handout-opening", "opening", "closing"]


def test_make_script_contact_line_alone() -> None:
    script = _script(_doc(), Settings(phone="(617) 555-0100"))
    assert script.utterances[-1].spoken == "6 1 7, 5 5 5, 0 1 0 0."
    assert script.utterances[-1].chapter == "closing"


def test_make_script_uses_the_articles_language() -> None:
    script = _script(_doc(d.OrderedList((d.ListItem((_para(d.Text("Uno")),), 5),) * 2, 5), lang="es"))
    assert [u.spoken for u in script.utterances[1:]] == [
        "Primero, Uno.",
        "Segundo, Uno.",
    ]


@pytest.mark.parametrize(
    ("authors", "spoken"),
    [
        (
            ("Petrou P", "et al."),
            ("Petrou and colleagues, 2016.", "A Trial.", "In the journal JAMA Neurology."),
        ),
        (("Smith J", "Jones AB"), ("Smith and Jones, 2016.", "A Trial.", "In the journal JAMA Neurology.")),
        (
            ("Smith J", "Jones AB", "Lee C"),
            ("Smith and colleagues, 2016.", "A Trial.", "In the journal JAMA Neurology."),
        ),
        (("Smith, John",), ("Smith, 2016.", "A Trial.", "In the journal JAMA Neurology.")),
        (
            ("World Health Organization",),
            ("World Health Organization, 2016.", "A Trial.", "In the journal JAMA Neurology."),
        ),
        ((), ("A Trial, 2016.", "In the journal JAMA Neurology.")),
    ],
)
def test_spoken_reference_forms(authors: tuple[str, ...], spoken: tuple[str, ...]) -> None:
    ref = d.Reference(
        title="A Trial.",
        authors=authors,
        year=2016,
        journal="JAMA Neurology",
        volume="73",
        issue="3",
        pages="337-44",
    )
    assert spoken_reference(ref, labels_for("en-US")) == spoken


@pytest.mark.parametrize(
    ("author", "name"), [("Petrou P", "Petrou"), ("J. R. Smith", "Smith"), ("Ben Abacha A", "Ben Abacha")]
)
def test_surname_drops_initials(author: str, name: str) -> None:
    assert surname(author) == name


# --- the whole corpus -----------------------------------------------------------


def test_make_script_corpus_says_nothing_unreadable(corpus_project: Project) -> None:
    settings = load_settings(corpus_project)
    for path in corpus_project.articles():
        script = script_of(corpus_project, path, settings)
        assert script.utterances, path.name
        assert {u.chapter for u in script.utterances} == {c.id for c in script.chapters}, path.name
        for utterance in script.utterances:
            assert not UNREADABLE.search(utterance.spoken), (
                f"{path.name}:{utterance.line}: {utterance.spoken}"
            )
            assert utterance.spoken.strip() == utterance.spoken and "  " not in utterance.spoken


# --- the script format -----------------------------------------------------------


def test_script_renderer_writes_the_reviewable_script(
    project: Project, build_formats: Callable[..., object]
) -> None:
    report = build_formats(formats=("script",))
    assert report.ok and besides_review(report.findings) == ()  # type: ignore[attr-defined]
    (path,) = (project.root / "output").glob("*/*.script.txt")
    assert path.name == "mesenchymal-stem-cells-als.script.txt"
    text = path.read_text(encoding="utf-8")
    assert "=== Chapter 2: What is ALS? (what-is-als) ===" in text
    assert "line 35    heading    What is ALS?" in text
    assert "[pause 1.2 s]" in text
    assert text.count("=== Chapter") == 7


def test_script_renderer_reports_a_broken_lexicon(
    project: Project, build_formats: Callable[..., object]
) -> None:
    (project.assets_dir / "lexicon.yaml").write_text("ALS: A. L. S.\nMRI:\n", encoding="utf-8")
    report = build_formats(formats=("script",))
    (failure,) = report.failed  # type: ignore[attr-defined]
    assert "assets/lexicon.yaml:2: 'MRI' needs a spoken form" in failure.error


def _golden_cases() -> list[Path]:
    return sorted(GOLDEN.glob("script-*.md"))


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda p: p.stem)
def test_script_golden(case: Path, project: Project, write_article: Callable[[str, str], Path]) -> None:
    text = case.read_text(encoding="utf-8")
    source, _, expected = text.partition(GOLDEN_MARK)
    path = write_article(f"{case.stem}.md", source)
    actual = script_to_text(script_of(project, path))
    if os.environ.get("UPDATE_GOLDEN") == "1":  # as for the other golden files (see README)
        case.write_text(source + GOLDEN_MARK + actual, encoding="utf-8")
        expected = actual
    assert actual == expected


def test_make_script_pauses_at_a_thematic_break_and_reads_code_lines() -> None:
    script = _script(
        _doc(_para(d.Text("Before.")), d.ThematicBreak(6), d.CodeBlock("step one\n\nstep two\n", 8))
    )
    said = [(u.spoken, u.pause_before, u.line) for u in script.utterances[1:]]
    # Code lines are placed at their block (an indented block has no fence line to count from).
    assert said == [("Before.", 0.0, 5), ("step one.", 1.0, 8), ("step two.", 0.0, 8)]


def test_make_script_drops_a_chapter_with_nothing_to_say() -> None:
    heading = (d.Image("logo.png", "", 3, decorative=True),)
    section = d.Section("s-1", heading, 1, (), (), 3)
    doc = d.Document(slug="t", source_path=Path("t.md"), metadata=d.Metadata(title="T"), sections=(section,))
    assert [c.id for c in _script(doc).chapters] == ["opening"]


def test_project_lexicon_respellings_are_never_spelled_out():
    """Speech engines spell a word in capitals letter by letter: only letter-by-letter entries may use them."""
    import re
    from pathlib import Path

    import yaml

    from builder.config import Project

    shipped = Project.at(Path(__file__).parents[1]).asset("lexicon.yaml")
    lexicon = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    for written, spoken in lexicon.items():
        spelled = re.fullmatch(r"([A-Z]\. )*[A-Z]\.", spoken)
        assert spelled or not re.search(r"[A-Z]{2}", spoken), f"{written}: {spoken}"


def test_citation_links_are_printed_in_the_transcript_but_not_said() -> None:
    """'wide ([1](#r1), [3](#r3)).' is said 'wide.', and its transcript keeps the page's '(1, 3)', so
    the site's read-along finds the sentence on the page."""
    paragraph = _para(
        d.Text("It is usually more than 5 millimeters wide ("),
        d.Link("#r1", (d.Text("1"),)),
        d.Text(", "),
        d.Link("#r3", (d.Text("3"),)),
        d.Text("). It can be flat."),
    )
    script = _script(_doc(paragraph))
    (first, second) = [u for u in script.utterances if u.kind == "sentence"]
    assert first.shown == "It is usually more than 5 millimeters wide (1, 3)."
    assert first.spoken == "It is usually more than 5 millimeters wide."
    assert (second.shown, second.spoken) == ("It can be flat.", "It can be flat.")


def test_also_called_is_shown_as_printed() -> None:
    script = make_script(
        composed(_doc(also_called=("ALS", "Lou Gehrig's disease")), Settings()), lexicon=Lexicon()
    )
    also = next(u for u in script.utterances if u.shown.startswith("Also called"))
    assert also.shown == "Also called: ALS, Lou Gehrig's disease"
    assert also.spoken.endswith("disease.")
