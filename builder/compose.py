"""The handout as every format shows it: the article and what Handout adds around it, in order.

`compose` turns a `Document` and its `Settings` into a `Handout`: a sequence of
parts (the masthead, the title block, the listen link, the article's body, the
words to know, the notes, the references, the call to action, the review stamp
and the source line), each resolved once, with its words already in the
article's language. Renderers walk `Handout.parts` and translate each part for
their medium; none of them decides what a part says or where it comes. A format
may show a part in its page furniture instead of the flow (the PDF prints the
review stamp in every page's footer, the DOCX the organisation in the page
header), but it never adds, drops or reorders words. Pandoc's citeproc and
Sphinx's transforms work the same way: composed once, rendered many times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, TypeVar
from urllib.parse import urlsplit

from builder import document as d
from builder.config import Settings, publishes_site
from builder.direction import Direction, text_direction
from builder.errors import Finding, Location
from builder.labels import Labels, labels_for
from builder.source import forbidden_characters, xml_safe

AUDIO_SUFFIX: Final = ".mp3"

# --- the parts -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Masthead:
    """Who gives the handout: the organisation's name, and its logo where the settings name one."""

    organisation: str
    logo: str = ""
    """The logo as the settings name it (a file in assets/); the picture itself is in `Inputs.logo`."""


@dataclass(frozen=True, slots=True)
class TitleBlock:
    title: str
    also_called: str = ""
    """'Also called: Lou Gehrig's disease', in the article's language; '' if none."""
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ListenLink:
    """Where the printed handout's reader finds its audio (a QR code on paper): the article's page in
    the listening library, with its player, or the MP3 itself where no library is published."""

    url: str
    printed: str
    """The address as people type it: without https:// and a trailing slash."""
    label: str


@dataclass(frozen=True, slots=True)
class Body:
    """The article itself: the blocks before the first heading, then the sections."""

    blocks: tuple[d.Block, ...]
    sections: tuple[d.Section, ...]


@dataclass(frozen=True, slots=True)
class WordsToKnow:
    heading: str
    entries: tuple[d.GlossaryEntry, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    """The article's footnotes. `uncalled` are those no text calls: they can only be listed."""

    heading: str
    notes: tuple[d.Footnote, ...]
    uncalled: tuple[d.Footnote, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference, written out for print and for speech."""

    text: str
    """'Petrou P, et al. (2016). Title. JAMA Neurology, 73(3), 337-44.'"""
    link: str
    """Where to find it: the DOI's address, else its URL, else ''."""
    spoken: tuple[str, ...]
    """What the audio says, in the printed order: ('Petrou and colleagues, 2016.', 'Title.',
    'In the journal JAMA Neurology.'). Volume, issue, pages and the DOI are for finding the paper in
    print; they are not said."""
    line: int


@dataclass(frozen=True, slots=True)
class References:
    heading: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Phone:
    """The clinic's number as printed, and as a link a phone can dial."""

    shown: str
    uri: str
    """An RFC 3966 `tel:` URI, or '' when the words cannot be dialled."""


@dataclass(frozen=True, slots=True)
class CallToAction:
    """What to do next: the article's closing line, then the clinic's contact line and number."""

    heading: str
    action: str
    contact: str
    phone: Phone | None

    @property
    def contact_line(self) -> str:
        """'Call our Care Coordinators: 555-0100', or whichever part is set."""
        phone = self.phone.shown if self.phone else ""
        if self.contact and phone:
            return f"{self.contact}: {phone}"
        return self.contact or phone


@dataclass(frozen=True, slots=True)
class ReviewStamp:
    """'Reviewed March 12, 2024, Version 1.0', or the draft notice when no one has reviewed it."""

    text: str
    draft: bool


@dataclass(frozen=True, slots=True)
class SourceLine:
    """Where the text comes from, for articles written elsewhere."""

    label: str
    publisher: str
    url: str
    licence: str

    @property
    def text(self) -> str:
        """'Source: National Cancer Institute, https://www.cancer.gov/... (Public domain)'."""
        where = ", ".join(part for part in (self.publisher, self.url) if part)
        licence = f" ({self.licence})" if self.licence else ""
        return f"{self.label}: {where}{licence}"


Part = (
    Masthead
    | TitleBlock
    | ListenLink
    | Body
    | WordsToKnow
    | Notes
    | References
    | CallToAction
    | ReviewStamp
    | SourceLine
)

P = TypeVar("P", bound=Part)


@dataclass(frozen=True, slots=True)
class Handout:
    """One article composed for every format: its parts in reading order."""

    document: d.Document
    settings: Settings
    labels: Labels
    parts: tuple[Part, ...]
    findings: tuple[Finding, ...] = ()
    """What composing found worth a warning (a control character in the settings, a number no phone
    can dial); reported once per article, whatever the formats."""

    @property
    def lang(self) -> str:
        return self.document.metadata.lang

    @property
    def title(self) -> str:
        return self.document.metadata.title

    @property
    def dir(self) -> Direction:
        """'rtl' or 'ltr': the article's `dir`, else its language's usual direction. Every format
        reads this one value (`dir` in HTML and EPUB, the mirrored page in the PDF, `w:bidi` in DOCX)."""
        return text_direction(self.lang, override=self.document.metadata.dir)

    @property
    def rtl(self) -> bool:
        return self.dir == "rtl"

    def part(self, kind: type[P]) -> P | None:
        """The part of that kind, or None if the handout has none."""
        return next((part for part in self.parts if isinstance(part, kind)), None)

    def __iter__(self) -> Iterator[Part]:
        return iter(self.parts)


# --- composing ---------------------------------------------------------------------


def compose(doc: d.Document, settings: Settings, *, settings_file: Location) -> Handout:
    """The handout's parts, in order, each resolved once; pure: no I/O.

    `settings_file` is where the clinic settings live, for warnings about them.
    """
    settings, findings = _clean_settings(settings, settings_file)
    meta = doc.metadata
    labels = labels_for(meta.lang)
    parts: list[Part | None] = [
        Masthead(settings.organisation, settings.logo) if settings.organisation else None,
        TitleBlock(
            meta.title,
            also_called=labels.also_called.format(names=", ".join(meta.also_called))
            if meta.also_called
            else "",
            summary=meta.summary,
        ),
        listen_link(settings, doc.slug, labels),
        Body(doc.blocks, doc.sections),
        WordsToKnow(labels.words_to_know, meta.glossary) if meta.glossary else None,
        notes(doc, labels),
        References(labels.references, tuple(citation(r, labels) for r in meta.references))
        if meta.references
        else None,
    ]
    phone = None
    if settings.phone.strip():
        phone, problem = dialable(settings.phone.strip(), settings=settings, lang=meta.lang)
        if problem:
            findings.append(Finding(settings_file, problem))
    if meta.call_to_action or settings.contact.strip() or phone:
        parts.append(CallToAction(labels.next_steps, meta.call_to_action, settings.contact.strip(), phone))
    parts.append(review_stamp(meta, labels))
    if meta.publisher or meta.source_url:
        parts.append(SourceLine(labels.source, meta.publisher, meta.source_url, meta.license))
    return Handout(doc, settings, labels, tuple(p for p in parts if p is not None), findings=tuple(findings))


def review_stamp(meta: d.Metadata, labels: Labels) -> ReviewStamp:
    """'Reviewed March 12, 2024, Version 1.0', in the article's language.

    Review is a person's act: an article without a `reviewed` date says it is a draft, where the
    review stamp goes, in every format; a written or updated `date` is no review.
    """
    stamp = [labels.reviewed_on(meta.reviewed) if meta.reviewed else labels.draft]
    if meta.version:
        stamp.append(labels.version.format(version=meta.version))
    return ReviewStamp(", ".join(stamp), draft=meta.reviewed is None)


def notes(doc: d.Document, labels: Labels) -> Notes | None:
    if not doc.footnotes:
        return None
    called = set(doc.note_calls())
    uncalled = tuple(note for note in doc.footnotes if note.id not in called)
    return Notes(labels.notes, doc.footnotes, uncalled)


def listen_link(settings: Settings, slug: str, labels: Labels) -> ListenLink | None:
    """Where the article's audio is published, when there is a base URL.

    The address follows the layout of `output/` (one folder per article), so publishing `output/`
    at `base_url` makes the printed QR code work. Where the clinic's formats make the listening
    library, it is the article's page, `<base_url>/<slug>/`: the player, the chapters, the
    read-along and every download, on a carer's phone too. Otherwise it is the MP3,
    `<base_url>/<slug>/<slug>.mp3`; with no audio at all there is nothing to listen to.
    """
    if not settings.base_url.strip():
        return None
    if publishes_site(settings.formats):
        url = page_url(settings, slug)
    elif "mp3" in settings.formats:
        url = page_url(settings, slug) + slug + AUDIO_SUFFIX
    else:
        return None
    return ListenLink(url, short_url(url), labels.listen)


def page_url(settings: Settings, slug: str) -> str:
    """The address of the article's folder, `<base_url>/<slug>/`, where its page is `index.html`."""
    return f"{settings.base_url.strip().rstrip('/')}/{slug}/"


def short_url(url: str) -> str:
    """An address as printed for people to type: without `https://` and a trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") if parts.netloc else url


def citation(ref: d.Reference, labels: Labels) -> Citation:
    return Citation(
        text=format_reference(ref, labels),
        link=ref.link,
        spoken=spoken_reference(ref, labels),
        line=ref.line or 1,
    )


def format_reference(ref: d.Reference, labels: Labels) -> str:
    """A plain citation: 'Petrou P, et al. (2016). Title. JAMA Neurology, 73(3), 337-344.'"""
    authors = list(ref.authors)
    who = ""
    if authors:
        who = ", ".join(authors[:3]) + (f", {labels.and_colleagues}" if len(authors) > 3 else "")
    parts = []
    if who:
        parts.append(who + (f" ({ref.year})." if ref.year else "."))
    elif ref.year:
        parts.append(f"({ref.year}).")
    parts.append(ref.title.rstrip(".") + ".")
    where = ref.journal
    if ref.volume:
        where += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if ref.pages:
        where += f", {ref.pages}"
    if where:
        parts.append(where.strip(", ") + ".")
    return " ".join(parts)


_ET_AL: Final = re.compile(r"(?:et\.?\s*al\.?|and others|y col\.?)", re.IGNORECASE)
_INITIALS: Final = re.compile(r"(?:[A-Z]\.?){1,3}|(?:[A-Z]\.-?)+")


def spoken_reference(ref: d.Reference, labels: Labels) -> tuple[str, ...]:
    """A citation as said aloud, in the printed order: who and when, the title, the journal.

    ('Petrou and colleagues, 2016.', 'Safety and ... Trials.', 'In the journal JAMA Neurology.')
    Initials, volume, issue, pages and the DOI are left out: a listener cannot use them, and the
    printed handout has them.
    """
    authors = [a for a in ref.authors if a.strip()]
    names = [a for a in authors if not _ET_AL.fullmatch(a.strip())]
    who = ""
    if names:
        first = surname(names[0])
        if len(names) != len(authors) or len(names) > 2:
            who = f"{first} {labels.colleagues_spoken}"
        elif len(names) == 2:
            who = f"{first} {labels.and_word} {surname(names[1])}"
        else:
            who = first
    title = ref.title.strip().rstrip(".")
    year = str(ref.year) if ref.year else ""
    if who:
        said = [", ".join(p for p in (who, year) if p) + ".", *([f"{title}."] if title else [])]
    else:  # no authors: the title is who ("A Trial, 2016.")
        said = [", ".join(p for p in (title, year) if p) + "."] if title or year else []
    if ref.journal.strip():
        said.append(labels.in_the_journal.format(journal=ref.journal.strip().rstrip(".")) + ".")
    return tuple(said)


def surname(author: str) -> str:
    """The family name in a citation: 'Petrou P', 'P. Petrou' and 'Petrou, P.' all give 'Petrou'."""
    name = author.split(",")[0].strip()
    words = name.split()
    if len(words) > 1 and _INITIALS.fullmatch(words[-1]):
        words = words[:-1]
    while len(words) > 1 and _INITIALS.fullmatch(words[0]):
        words = words[1:]
    return " ".join(words)


# --- the clinic's number -------------------------------------------------------------


def dialable(phone: str, *, settings: Settings, lang: str) -> tuple[Phone, str]:
    """The number as printed and its RFC 3966 `tel:` URI (libphonenumber), and a problem if it has none.

    A number without its country code is read in the clinic's `country`, else in
    the country of the article's language. A number dialled only locally (no
    area code) or a short number (911) gets a `phone-context` of its country
    code, as RFC 3966 asks of local numbers.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, ValidationResult

    region = settings.country.upper() or region_of(lang)
    problem = (
        f"'phone: {phone}' is not a number a phone can dial, so it is printed without a link: "
        "write it with its area code, such as 617-555-0100"
    )
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return Phone(phone, ""), problem
    digits = phonenumbers.national_significant_number(number)
    context = f";phone-context=+{number.country_code}"
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.IS_POSSIBLE:
        return Phone(phone, phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)), ""
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        return Phone(phone, f"tel:{digits}{context}"), ""
    if phonenumbers.is_valid_short_number(number):
        return Phone(phone, f"tel:{digits}{context}"), ""
    return Phone(phone, ""), problem


def region_of(lang: str) -> str:
    """The country a language tag names or most likely means: 'en-US' -> 'US', 'es' -> 'ES'."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return "US"
    if locale.territory:
        return str(locale.territory)
    likely = Locale.parse(f"und_{locale.language}") if locale.language else None
    return str(likely.territory) if likely is not None and likely.territory else "US"


# --- the settings' words -------------------------------------------------------------

_CLINIC_WORDS: Final = ("organisation", "contact", "phone")


def _clean_settings(settings: Settings, settings_file: Location) -> tuple[Settings, list[Finding]]:
    """The settings without the control characters XML forbids in what the handout prints.

    Articles are cleaned when they are read; the settings' words are cleaned
    here, once for every format, with one warning each.
    """
    findings: list[Finding] = []
    changes: dict[str, str] = {}
    for name in _CLINIC_WORDS:
        value = getattr(settings, name)
        found = forbidden_characters(value)
        if found:
            changes[name] = xml_safe(value)
            findings.append(
                Finding(
                    settings_file,
                    f"invisible control character {', '.join(found)} removed from '{name}': retype it",
                )
            )
    return (settings.merged(changes) if changes else settings), findings
