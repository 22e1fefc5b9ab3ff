"""Handout's own words in the article's language: the gettext catalogues, their plurals, numbers and dates."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from builder import BuildReport, Project
from builder.labels import (
    LOCALE_DIR,
    catalogue_for,
    catalogue_path,
    catalogues,
    format_number,
    labels_for,
    long_date,
    untranslated,
)
from builder.renderers.site import file_size

LABELS = Path(__file__).resolve().parents[1] / "builder" / "labels.py"
TEMPLATE = LOCALE_DIR / "handout.pot"
REQUIRED = {"es", "fr", "zh_Hans", "zh_Hant", "vi", "ko", "ar", "ru", "pt", "ht", "tl"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def read(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as file:
        return read_po(file)


def ids(catalog) -> set[str | tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_the_template_holds_every_message_of_the_code() -> None:
    in_code = {
        message if isinstance(message, str) else tuple(m for m in message if m)
        for _, message, _, _ in extract_from_file("python", str(LABELS))
    }
    assert in_code == ids(read(TEMPLATE)), "run 'make messages' and translate what is new"


def test_every_language_the_issue_asks_for_has_a_catalogue() -> None:
    assert set(catalogues()) >= REQUIRED


@pytest.mark.parametrize("catalogue", sorted(REQUIRED | set(catalogues())))
def test_every_catalogue_translates_every_message_with_its_placeholders(catalogue: str) -> None:
    template, catalog = read(TEMPLATE), read(catalogue_path(catalogue))
    assert ids(catalog) == ids(template)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        if isinstance(message.id, str):
            assert message.string.strip(), f"{catalogue}: '{message.id}' is not translated"
            assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), message.id
            continue
        forms = message.string
        assert len(forms) == catalog.num_plurals, message.id
        wanted = set(PLACEHOLDER.findall(message.id[1]))
        for form in forms:
            assert form.strip(), f"{catalogue}: a plural form of '{message.id[0]}' is not translated"
            found = set(PLACEHOLDER.findall(form))
            # A form for one number may write it as a word ("one item"): only the counted number may go.
            assert found <= wanted and wanted - found <= {"count", "total"}, (catalogue, form)
        assert set(PLACEHOLDER.findall(forms[-1])) == wanted, (catalogue, forms[-1])


@pytest.mark.parametrize(
    ("tag", "catalogue"),
    [
        ("en-US", "en"),
        ("es-MX", "es"),
        ("fr-CA", "fr"),
        ("pt-BR", "pt"),
        ("zh", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh-TW", "zh_Hant"),
        ("zh-HK", "zh_Hant"),
        ("zh-Hant", "zh_Hant"),
        ("ar-EG", "ar"),
        ("ht", "ht"),
        ("tl", "tl"),
        ("fil-PH", "tl"),
        ("de", ""),
    ],
)
def test_a_tag_finds_its_catalogue(tag: str, catalogue: str) -> None:
    assert catalogue_for(tag) == catalogue


def test_russian_and_arabic_counts_take_their_plural_forms() -> None:
    russian = labels_for("ru")
    assert [russian.shown_of(n) for n in (1, 3, 5, 21, 22, 25)] == [
        "Показано {shown} из 1 памятки",
        "Показано {shown} из 3 памяток",
        "Показано {shown} из 5 памяток",
        "Показано {shown} из 21 памятки",
        "Показано {shown} из 22 памяток",
        "Показано {shown} из 25 памяток",
    ]
    arabic = labels_for("ar")
    assert arabic.shown_of(1) == "يُعرض {shown} من أصل نشرة واحدة"
    assert arabic.shown_of(2) == "يُعرض {shown} من أصل نشرتين"
    assert arabic.shown_of(3) == "يُعرض {shown} من أصل 3 نشرات"
    assert arabic.shown_of(11) == "يُعرض {shown} من أصل 11 نشرةً"
    assert arabic.shown_of(100) == "يُعرض {shown} من أصل 100 نشرة"
    assert labels_for("en-US").shown_of(1) == "{shown} of 1 handout shown"


def test_numbers_and_dates_are_written_the_article_way() -> None:
    assert file_size(1_234_567, "fr") == "1,2\u00a0MB"
    assert file_size(1_234_567, "en-US") == "1.2\u00a0MB"
    assert format_number(1234, "ru") == "1\u00a0234"
    # CLDR's default numbering system: Latin digits for ar, Arabic-Indic ones for ar-EG.
    assert format_number(1234, "ar") == "1,234"
    assert format_number(1234, "ar-EG") == "١٬٢٣٤"
    assert long_date(dt.date(2024, 3, 12), "es") == "12 de marzo de 2024"
    assert long_date(dt.date(2024, 3, 12), "ko") == "2024년 3월 12일"
    assert long_date(dt.date(2024, 3, 12), "ht") == "2024-03-12"  # CLDR has no Creole month names
    assert labels_for("vi").reviewed_on(dt.date(2024, 3, 12)) == "Đã duyệt: 12 tháng 3, 2024"


def test_an_untranslated_language_warns_once_per_build(
    project: Project, write_article: Callable[..., Path], build_formats: Callable[..., BuildReport]
) -> None:
    article = write_article(
        "blutdruck.md",
        "---\ntitle: Blutdruck\nlang: de\nglossary:\n  Blutdruck: Der Druck in den Adern.\n---\n\nMessen Sie ihn.\n",
    )
    report = build_formats([article], formats=("html", "txt", "pdf"))
    assert report.ok, [r.error for r in report.failed]
    warning = (
        "source/blutdruck.md: Handout's own words ('Words to know', 'Page 2 of 4') are not yet translated"
        " into German (de): they are printed in English"
    )
    said = [str(f) for r in report.results for f in r.findings if "not yet translated" in f.message]
    assert said == [warning]
    assert "Words to know" in (project.root / "output" / "blutdruck" / "blutdruck.txt").read_text("utf-8")
    assert untranslated("de-AT") and not untranslated("es-MX") and not untranslated("en-GB")


def test_a_spanish_and_a_russian_pdf_print_their_own_words(
    project: Project, write_article: Callable[..., Path], build_formats: Callable[..., BuildReport]
) -> None:
    articles = [
        write_article(
            "sonda.md",
            "---\ntitle: Cuidado de la sonda\nlang: es\nglossary:\n  Sonda: Un tubo fino.\n---\n\nLávese las manos.\n",
        ),
        write_article(
            "davlenie.md",
            "---\ntitle: Давление\nlang: ru\nreviewed: 2024-03-12\nglossary:\n  Давление: Сила крови.\n---\n\n"
            "Измеряйте давление.\n",
        ),
    ]
    report = build_formats(articles, formats=("pdf",))
    assert report.ok, [r.error for r in report.failed]
    out = project.root / "output"
    spanish = " ".join(
        subprocess.run(
            ["pdftotext", str(out / "sonda" / "sonda.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Palabras que debe conocer" in spanish
    assert "Borrador: la clínica aún no lo ha revisado" in spanish
    assert "Página 1 de 1" in spanish
    russian = subprocess.run(
        ["pdftotext", "-layout", str(out / "davlenie" / "davlenie.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Слова, которые нужно знать" in russian
    assert "Проверено 12 марта 2024 г." in russian
    assert "Страница 1 из 1" in russian
