"""The composition layer: one handout, its parts in order, every word resolved once for every format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import besides_review

from builder import Project, Settings, load_article, load_settings
from builder import compose as c
from builder import document as d
from builder.errors import Location
from builder.labels import labels_for
from builder.pipeline import BuildReport

SETTINGS_FILE = Location(Path("source/handout.yaml"))


def composed(project: Project, settings: Settings | None = None) -> c.Handout:
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    return c.compose(article.document, settings or article.settings, settings_file=SETTINGS_FILE)


def test_compose_seed_parts_in_reading_order(project: Project) -> None:
    handout = composed(project)
    assert [type(part).__name__ for part in handout.parts] == [
        "Masthead",
        "TitleBlock",
        "Body",
        "WordsToKnow",
        "References",
        "CallToAction",
        "ReviewStamp",
    ]
    assert handout.findings == ()


def test_compose_every_optional_part(project: Project) -> None:
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    meta = dataclasses.replace(
        article.document.metadata,
        also_called=("Lou Gehrig's disease",),
        publisher="NINDS",
        source_url="https://www.ninds.nih.gov/",
        license="Public domain",
    )
    note = d.Footnote("fn-1", 1, (d.Paragraph((d.Text("Nobody calls this note."),), 90),), 90)
    doc = dataclasses.replace(article.document, metadata=meta, footnotes=(note,))
    settings = article.settings.merged({"base_url": "https://clinic.example/handouts/"})
    handout = c.compose(doc, settings, settings_file=SETTINGS_FILE)
    kinds = [type(part) for part in handout.parts]
    assert kinds == [
        c.Masthead,
        c.TitleBlock,
        c.ListenLink,
        c.Body,
        c.WordsToKnow,
        c.Notes,
        c.References,
        c.CallToAction,
        c.ReviewStamp,
        c.SourceLine,
    ]
    title = handout.part(c.TitleBlock)
    assert title is not None and title.also_called == "Also called: Lou Gehrig's disease"
    listen = handout.part(c.ListenLink)
    assert listen is not None
    assert listen.url == f"https://clinic.example/handouts/{doc.slug}/"  # the article's page
    assert listen.printed == f"clinic.example/handouts/{doc.slug}"
    notes = handout.part(c.Notes)
    assert notes is not None and notes.uncalled == (note,)
    source = handout.part(c.SourceLine)
    assert source is not None
    assert source.text == "Source: NINDS, https://www.ninds.nih.gov/ (Public domain)"


def test_compose_words_follow_the_articles_language(project: Project) -> None:
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    doc = dataclasses.replace(
        article.document, metadata=dataclasses.replace(article.document.metadata, lang="es", version="2")
    )
    handout = c.compose(doc, article.settings, settings_file=SETTINGS_FILE)
    words = handout.part(c.WordsToKnow)
    action = handout.part(c.CallToAction)
    stamp = handout.part(c.ReviewStamp)
    assert words is not None and words.heading == "Palabras que debe conocer"
    assert action is not None and action.heading == "Qué hacer ahora"
    assert stamp is not None and stamp.text == "Borrador: la clínica aún no lo ha revisado, Versión 2"


@pytest.mark.parametrize(
    ("lang", "reviewed", "stamp"),
    [
        ("en-US", dt.date(2024, 3, 12), "Reviewed March 12, 2024, Version 1.0"),
        ("es", dt.date(2024, 3, 12), "Revisado el 12 de marzo de 2024, Versión 1.0"),
        ("en-US", None, "Draft: not yet reviewed by the clinic, Version 1.0"),
        ("fr", None, "Brouillon\u00a0: pas encore relu par la clinique, Version 1.0"),
    ],
)
def test_review_stamp_is_a_persons_act(lang: str, reviewed: dt.date | None, stamp: str) -> None:
    meta = d.Metadata(title="T", lang=lang, reviewed=reviewed, date=dt.date(2025, 1, 2), version="1.0")
    composed_stamp = c.review_stamp(meta, labels_for(lang))
    assert (composed_stamp.text, composed_stamp.draft) == (stamp, reviewed is None)


def test_compose_reference_is_formatted_once_for_print_and_speech(project: Project) -> None:
    references = composed(project).part(c.References)
    assert references is not None
    (citation,) = references.citations
    assert citation.text == (
        "Petrou P, et al. (2016). Safety and Clinical Effects of Mesenchymal Stem Cells Secreting "
        "Neurotrophic Factor Transplantation in Patients With Amyotrophic Lateral Sclerosis: Results of "
        "Phase 1/2 and 2a Clinical Trials. JAMA Neurology, 73(3), 337-44."
    )
    assert citation.link == "https://doi.org/10.1001/jamaneurol.2015.4321"
    assert citation.spoken[0] == "Petrou and colleagues, 2016."
    assert citation.spoken[1].startswith("Safety and Clinical Effects")
    assert citation.spoken[2] == "In the journal JAMA Neurology."


@pytest.mark.parametrize(
    ("phone", "country", "lang", "uri"),
    [
        ("555-0100", "US", "en-US", "tel:5550100;phone-context=+1"),  # local only: no area code
        ("(617) 555-0100", "", "en-US", "tel:+1-617-555-0100"),
        ("1-800-555-0199", "", "en-US", "tel:+1-800-555-0199"),
        ("+44 20 7946 0958", "US", "en-US", "tel:+44-20-7946-0958"),
        ("020 7946 0958", "GB", "en-US", "tel:+44-20-7946-0958"),  # the clinic's country, not the language
        ("0800 123 456", "", "fr", "tel:+33-800-12-34-56"),  # the language's country when none is set
        ("911", "US", "en-US", "tel:911;phone-context=+1"),
        ("617.555.0100 ext. 25", "US", "en-US", "tel:+1-617-555-0100;ext=25"),
    ],
)
def test_dialable_gives_an_rfc3966_uri(phone: str, country: str, lang: str, uri: str) -> None:
    dialled, problem = c.dialable(phone, settings=Settings(country=country), lang=lang)
    assert (dialled.shown, dialled.uri, problem) == (phone, uri, "")


@pytest.mark.parametrize("phone", ["call us", "12", "ext. 5"])
def test_dialable_prints_words_no_phone_can_dial_without_a_link(phone: str) -> None:
    dialled, problem = c.dialable(phone, settings=Settings(country="US"), lang="en-US")
    assert dialled == c.Phone(phone, "")
    assert problem.startswith(f"'phone: {phone}' is not a number a phone can dial")


def test_compose_warns_once_about_a_phone_number_nobody_can_dial(project: Project) -> None:
    handout = composed(project, Settings(contact="Call us", phone="call the desk"))
    action = handout.part(c.CallToAction)
    assert action is not None and action.phone == c.Phone("call the desk", "")
    assert action.contact_line == "Call us: call the desk"
    assert [f.message[:30] for f in handout.findings] == ["'phone: call the desk' is not "]


def test_compose_removes_control_characters_from_the_clinics_words(project: Project) -> None:
    handout = composed(
        project, Settings(organisation="Example\x07 Clinic", contact="Call\x0b us", phone="911")
    )
    masthead = handout.part(c.Masthead)
    action = handout.part(c.CallToAction)
    assert masthead is not None and masthead.organisation == "Example Clinic"
    assert action is not None and action.contact == "Call us"
    assert handout.settings.organisation == "Example Clinic"  # what every renderer is given
    assert [str(f) for f in handout.findings] == [
        "source/handout.yaml: invisible control character U+0007 removed from 'organisation': retype it",
        "source/handout.yaml: invisible control character U+000B removed from 'contact': retype it",
    ]


def test_compose_without_clinic_words_has_no_masthead_or_contact(project: Project) -> None:
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    doc = dataclasses.replace(
        article.document, metadata=dataclasses.replace(article.document.metadata, call_to_action="")
    )
    handout = c.compose(doc, Settings(), settings_file=SETTINGS_FILE)
    assert handout.part(c.Masthead) is None and handout.part(c.CallToAction) is None


def test_document_walk_visits_every_node_in_reading_order() -> None:
    image = d.Image("a.png", "A", 3)
    note_call = d.FootnoteRef("fn-1", 1)
    doc = d.Document(
        slug="t",
        source_path=Path("source/t.md"),
        metadata=d.Metadata(title="T"),
        blocks=(d.Paragraph((d.Strong((d.Link("#x", (image,)),)),), 2),),
        sections=(
            d.Section(
                "s",
                (d.Text("Heading"), note_call),
                1,
                (
                    d.Table(
                        (d.TableCell((d.Text("H"),)),), ((d.TableCell((d.Emphasis((d.Text("v"),)),)),),), 5
                    ),
                ),
                (),
                4,
            ),
        ),
    )
    texts = [n.text for n in doc.walk() if isinstance(n, d.Text)]
    assert texts == ["Heading", "H", "v"]
    assert list(doc.images()) == [image]
    assert list(doc.note_calls()) == ["fn-1"]


def test_document_walk_survives_nesting_deeper_than_the_stack() -> None:
    inline: d.Inline = d.Text("deep")
    for _ in range(5000):
        inline = d.Strong((d.Emphasis((inline,)),))
    assert d.plain_text((inline,)) == "deep"


# --- every format, with the clinic's words at their worst -------------------------------------

HOSTILE_ORGANISATION = "Example\x07 ALS\x0b Clinic \U0001f4de \u200fعيادة\u2067 ALS \u2069 \u2066care\u2069"
HOSTILE_CONTACT = "Call\x07 our \u2068Care\u2069 Coordinators\x0b \u260e\ufe0f \u200f"
CLEAN_ORGANISATION = "Example ALS Clinic \U0001f4de \u200fعيادة\u2067 ALS \u2069 \u2066care\u2069"
CLEAN_CONTACT = "Call our \u2068Care\u2069 Coordinators \u260e\ufe0f \u200f"


@pytest.mark.slow
def test_every_format_builds_with_control_characters_emoji_and_bidi_in_the_settings(
    project: Project, build_formats: Callable[..., BuildReport], tmp_path: Path
) -> None:
    import docx
    import pikepdf
    from mutagen.id3 import ID3

    project.settings_path.write_text(
        # JSON strings are YAML double-quoted strings: the escapes put the characters in the values
        f"organisation: {json.dumps(HOSTILE_ORGANISATION, ensure_ascii=False)}\ncontact: {json.dumps(HOSTILE_CONTACT, ensure_ascii=False)}\n"
        "phone: 555-0100\ncountry: US\nspeech_engine: espeak\n",
        encoding="utf-8",
    )
    formats = ("pdf", "docx", "epub", "mp3", "html", "txt", "script")
    report = build_formats(formats=formats)
    assert report.ok, [r.error for r in report.failed]
    assert [f.message for f in besides_review(report.findings)] == [
        "invisible control character U+0007, U+000B removed from 'organisation': retype it",
        "invisible control character U+0007, U+000B removed from 'contact': retype it",
    ]  # and no ".notdef glyph rendered" from WeasyPrint: every character has a glyph
    files = {p.suffix: p for r in report.results for p in r.files if ".script" not in p.suffixes}

    with pikepdf.open(files[".pdf"]) as pdf:
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    assert any("Emoji" in name for name in fonts), fonts
    text = subprocess.run(
        ["pdftotext", str(files[".pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "\U0001f4de" in text and "عيادة" in text and "\x07" not in text

    word = docx.Document(str(files[".docx"]))
    assert word.sections[0].header.paragraphs[0].text == CLEAN_ORGANISATION
    assert any(p.text == f"{CLEAN_CONTACT}: 555-0100" for p in word.paragraphs)

    with zipfile.ZipFile(files[".epub"]) as book:
        title_page = book.read("EPUB/book_title.xhtml").decode("utf-8")
        end_page = book.read("EPUB/book_next_steps.xhtml").decode("utf-8")
    assert CLEAN_ORGANISATION in title_page and CLEAN_CONTACT in end_page

    html = files[".html"].read_text(encoding="utf-8")
    assert CLEAN_ORGANISATION in html and "\x0b" not in html
    assert files[".txt"].read_text(encoding="utf-8").splitlines()[0] == CLEAN_ORGANISATION
    assert str(ID3(files[".mp3"])["TPE1"]) == CLEAN_ORGANISATION

    from test_epub import epubcheck  # the EPUBCheck 5 runner of the e-book tests

    problems, messages = epubcheck([files[".epub"]], tmp_path)[files[".epub"]]
    assert problems == 0, messages


def test_struck_through_words_are_neither_shown_as_current_in_text_nor_said(
    project: Project, build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    path = write_article(
        "doses.md", "---\ntitle: Doses\n---\n\nTake ~~two~~ one tablet ~~daily~~ at night.\n"
    )
    report = build_formats([path], formats=("txt", "script", "html"))
    assert report.ok
    files = {p.name: p for r in report.results for p in r.files}
    assert "\nTake one tablet at night.\n" in files["doses.txt"].read_text(encoding="utf-8")
    script = files["doses.script.txt"].read_text(encoding="utf-8")
    assert "Take one tablet at night." in script and "two" not in script
    assert "Take <del>two</del> one tablet <del>daily</del> at night." in files["doses.html"].read_text(
        encoding="utf-8"
    )


def test_control_characters_escaped_in_front_matter_values_are_removed_with_their_line(
    build_formats: Callable[..., BuildReport], write_article: Callable[..., Path]
) -> None:
    import docx

    path = write_article("bell.md", '---\ntitle: Bell\nsummary: "Ring\\a the bell."\n---\n\nText.\n')
    report = build_formats([path], formats=("docx", "txt"))
    assert report.ok, [r.error for r in report.failed]
    assert any(
        str(f) == "source/bell.md:3: invisible control character U+0007 removed from 'summary': retype it"
        for f in report.findings
    )
    word = docx.Document(str(next(p for r in report.results for p in r.files if p.suffix == ".docx")))
    assert "Ring the bell." in [p.text for p in word.paragraphs]
