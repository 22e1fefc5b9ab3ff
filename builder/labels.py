"""The words Handout itself adds to a handout ("Words to know", "Page 2 of 4"), in the article's language.

The words are gettext messages: the English ones are written here, in `_()` and
`ngettext()` calls, and their translations are in `builder/locale/<language>/
LC_MESSAGES/handout.po`, one catalogue a language, read with Babel (`read_po`)
the first time a language is needed and kept for the rest of the process. The
template `builder/locale/handout.pot` is extracted from this file
(`make messages`); a test fails when the two differ.

A tag finds its catalogue by language and script: `zh`, `zh-CN` and `zh-Hans`
read `zh_Hans`, `zh-TW`, `zh-HK` and `zh-Hant` read `zh_Hant` (Babel's CLDR
likely-subtags data fills in the script), `pt-BR` reads `pt`, `fr-CA` reads
`fr`. A language with no catalogue gets English words (`translated_for` says so,
and the build warns once).

Numbers and dates are written the article's way by Babel from the Unicode CLDR
data: "1,2 MB" in French, "12 de marzo de 2024" in Spanish, with the digits of
CLDR's default numbering system for the locale (Latin digits for `ar`, the
Arabic-Indic digits for `ar-EG`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR: Final = Path(__file__).parent / "locale"
DOMAIN: Final = "handout"
SAME_LANGUAGE: Final = {"fil": "tl"}
"""Tags for a language a catalogue is named otherwise: Filipino is standard Tagalog."""
SOURCE_LANGUAGE: Final = "en"
"""The language the messages are written in: it needs no catalogue."""


def catalogue_path(catalogue: str) -> Path:
    return LOCALE_DIR / catalogue / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogues() -> tuple[str, ...]:
    """The languages Handout's words are translated into, by catalogue name (`es`, `zh_Hant`)."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def _parse(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def catalogue_for(lang: str) -> str:
    """The catalogue that holds `lang`'s words: 'es' for es-MX, 'zh_Hant' for zh-TW; 'en' for English;
    '' when there is none."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    primary = SAME_LANGUAGE.get(primary, primary)
    if primary == SOURCE_LANGUAGE:
        return SOURCE_LANGUAGE
    available = set(catalogues())
    locale = _parse(lang)
    script = locale.script if locale else None
    if locale and not script:  # zh-TW -> zh_Hant_TW, zh -> zh_Hans_CN
        likely = get_global("likely_subtags")
        full = likely.get(str(locale)) or likely.get(locale.language) or ""
        parts = full.split("_")
        script = next((p for p in parts[1:] if len(p) == 4), None)
    if script and f"{primary}_{script}" in available:
        return f"{primary}_{script}"
    return primary if primary in available else ""


@cache
def translations(catalogue: str) -> gettext.NullTranslations:
    """The catalogue's translations, read from its .po file once per process (English: none)."""
    path = catalogue_path(catalogue)
    if catalogue in ("", SOURCE_LANGUAGE) or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=None, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def number_locale(lang: str) -> Locale:
    """The CLDR locale that writes the article's numbers and dates (en-US when CLDR has none for it)."""
    return _parse(lang) or Locale.parse("en_US")


ZERO_DIGITS: Final = {
    "arab": "\u0660",
    "arabext": "\u06f0",
    "beng": "\u09e6",
    "deva": "\u0966",
    "mymr": "\u1040",
}
"""The zero of the numbering systems CLDR makes a locale's default (Babel writes their separators but
Latin digits; the other nine follow the zero in Unicode)."""
CSS_COUNTER_STYLES: Final = {
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "deva": "devanagari",
    "mymr": "myanmar",
}
"""The CSS counter style that writes page numbers in those digits."""


def numbering_system(lang: str) -> str:
    """CLDR's default numbering system for the article's locale: 'latn' for ar, 'arab' for ar-EG."""
    return str(getattr(number_locale(lang), "default_numbering_system", "latn") or "latn")


def localised_digits(text: str, lang: str) -> str:
    """`text` with its Latin digits in the locale's default digits (unchanged where those are Latin)."""
    zero = ZERO_DIGITS.get(numbering_system(lang))
    if not zero:
        return text
    return text.translate({ord("0") + i: chr(ord(zero) + i) for i in range(10)})


def format_number(number: float, lang: str) -> str:
    """'1,234' in English, '1 234' in French, Arabic-Indic digits in Egyptian Arabic (CLDR's defaults)."""
    written = format_decimal(number, locale=number_locale(lang), numbering_system="default")
    return localised_digits(str(written), lang)


def long_date(date: dt.date, lang: str) -> str:
    """A date as people write it in that language: 'March 12, 2024', '12 de marzo de 2024'.

    Where CLDR has no month names for the language (Haitian Creole), the date is written as
    2024-03-12, which no reader takes for another day.
    """
    locale = number_locale(lang)
    month = str(locale.months["format"]["wide"].get(date.month, ""))
    if month.startswith("M") and month[1:].isdigit():  # CLDR's placeholder "M03": no month names
        return date.isoformat()
    return localised_digits(str(format_date(date, format="long", locale=locale)), lang)


@dataclass(frozen=True, slots=True)
class Labels:
    """Handout's words for one article, in its language; `lang` writes its numbers and dates."""

    lang: str
    catalogue: str
    """The catalogue the words come from ('en' for English; '' when the language has none)."""
    words_to_know: str
    notes: str
    references: str
    reviewed: str
    """'Reviewed {date}'."""
    draft: str
    version: str
    """'Version {version}'."""
    page_of: str
    picture: str
    also_called: str
    """'Also called: {names}'."""
    source: str
    next_steps: str
    listen: str
    back_to_text: str
    note: str
    and_colleagues: str
    contents: str
    # Spoken furniture (the speech script)
    ordinals: tuple[str, ...]
    number_n: str
    in_the_journal: str
    colleagues_spoken: str
    and_word: str
    or_word: str
    more_information: str
    # The listening library (the site)
    listen_here: str
    captions: str
    speed: str
    chapters: str
    downloads: str
    print_this: str
    open_in_word: str
    for_e_readers: str
    read_and_listen: str
    listen_offline: str
    plain_text: str
    qr_code: str
    all_handouts: str
    library: str
    search: str
    topic: str
    topics: str
    language: str
    review: str
    all: str

    @property
    def translated(self) -> bool:
        """False when the article's language has no catalogue and the words are English."""
        return bool(self.catalogue)

    def number(self, value: float) -> str:
        return format_number(value, self.lang)

    def date(self, value: dt.date) -> str:
        return long_date(value, self.lang)

    def shown_of(self, total: int) -> str:
        """'{shown} of 12 handouts shown': the library's count, its {shown} filled in by the page's script."""
        words = translations(self.catalogue).ngettext(
            "{shown} of {total} handout shown", "{shown} of {total} handouts shown", total
        )
        return words.replace("{total}", self.number(total))

    def reviewed_on(self, date: dt.date) -> str:
        return self.reviewed.format(date=self.date(date))


@cache
def labels_for(lang: str) -> Labels:
    """The furniture words for a BCP 47 tag, from its language's catalogue; English where there is none."""
    catalogue = catalogue_for(lang)
    _ = translations(catalogue).gettext
    return Labels(
        lang=lang,
        catalogue=catalogue,
        # TRANSLATORS: the heading of the glossary, the article's medical words explained.
        words_to_know=_("Words to know"),
        # TRANSLATORS: the heading of the footnotes.
        notes=_("Notes"),
        # TRANSLATORS: the heading of the list of studies and sources the article cites.
        references=_("References"),
        # TRANSLATORS: {date} is the day a clinician checked the article, such as "March 12, 2024".
        reviewed=_("Reviewed {date}"),
        # TRANSLATORS: printed where the review date goes when no clinician has checked the article yet.
        draft=_("Draft: not yet reviewed by the clinic"),
        # TRANSLATORS: the article's version, such as "Version 1.2".
        version=_("Version {version}"),
        # TRANSLATORS: the page footer; {page} and {pages} are numbers.
        page_of=_("Page {page} of {pages}"),
        # TRANSLATORS: said or printed before a picture's description.
        picture=_("Picture"),
        # TRANSLATORS: other names of the condition, such as "Also called: Lou Gehrig's disease".
        also_called=_("Also called: {names}"),
        # TRANSLATORS: where a text that comes from elsewhere was published.
        source=_("Source"),
        # TRANSLATORS: the heading of the closing box with the call to action and the clinic's phone.
        next_steps=_("What to do next"),
        # TRANSLATORS: next to the QR code of the audio on the printed handout.
        listen=_("Listen to this handout"),
        # TRANSLATORS: the link from a footnote back to where it is called.
        back_to_text=_("Back to the text"),
        # TRANSLATORS: one footnote, as in "Note 2".
        note=_("Note"),
        # TRANSLATORS: printed after the first authors of a study with many authors.
        and_colleagues=_("et al."),
        # TRANSLATORS: the e-book's table of contents.
        contents=_("Contents"),
        # TRANSLATORS: spoken before the items of a numbered list: "First, take one tablet."
        ordinals=(
            _("First"),
            _("Second"),
            _("Third"),
            _("Fourth"),
            _("Fifth"),
            _("Sixth"),
            _("Seventh"),
            _("Eighth"),
            _("Ninth"),
            _("Tenth"),
        ),
        # TRANSLATORS: spoken before the 11th and later items of a numbered list.
        number_n=_("Number {n}"),
        # TRANSLATORS: spoken in a reference, after its title, as a sentence of its own:
        # "In the journal JAMA Neurology."
        in_the_journal=_("In the journal {journal}"),
        # TRANSLATORS: spoken after the first author of a study with several authors.
        colleagues_spoken=_("and colleagues"),
        # TRANSLATORS: spoken between two authors' names.
        and_word=_("and"),
        or_word=_("or"),
        # TRANSLATORS: the audio's last chapter: the references and the closing lines.
        more_information=_("More information"),
        # TRANSLATORS: the heading of the audio player on the article's web page.
        listen_here=_("Listen"),
        captions=_("Captions"),
        # TRANSLATORS: the playback speed of the audio.
        speed=_("Speed"),
        # TRANSLATORS: the list of the audio's sections; pressing one plays it.
        chapters=_("Chapters"),
        # TRANSLATORS: the heading above the files to download (PDF, Word, audio...).
        downloads=_("Take it with you"),
        # TRANSLATORS: what the PDF download is for.
        print_this=_("Print this"),
        open_in_word=_("Open in Word"),
        for_e_readers=_("For e-readers"),
        # TRANSLATORS: what the read-along e-book download is for (the text highlighted as it is read aloud).
        read_and_listen=_("Read and listen, on an e-reader"),
        # TRANSLATORS: what the MP3 download is for.
        listen_offline=_("Listen offline"),
        plain_text=_("Plain text, for a screen reader or braille"),
        # TRANSLATORS: the caption of the QR code of the web page.
        qr_code=_("Open this page on a carer's phone"),
        # TRANSLATORS: the link from an article's page back to the list of every handout.
        all_handouts=_("All handouts"),
        # TRANSLATORS: the title of the list of every handout.
        library=_("Handouts"),
        search=_("Search the handouts"),
        # TRANSLATORS: the filter of the list of handouts by subject.
        topic=_("Topic"),
        topics=_("Topics"),
        language=_("Language"),
        # TRANSLATORS: in the list of handouts: when the handout was checked by a clinician.
        review=_("Review"),
        # TRANSLATORS: the filters' choice that shows every topic or every language.
        all=_("All"),
    )


def translated_for(lang: str) -> bool:
    """True if Handout's own words are in `lang` (English, or a language with a catalogue)."""
    return bool(catalogue_for(lang))


def untranslated(lang: str) -> str:
    """What to tell clinic staff when Handout's words are not in `lang`; '' when they are."""
    if translated_for(lang):
        return ""
    locale = _parse(lang)
    name = (locale.get_display_name("en") if locale else None) or lang
    return (
        f"Handout's own words ('Words to know', 'Page 2 of 4') are not yet translated into {name} ({lang}):"
        " they are printed in English"
    )
