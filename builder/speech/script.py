"""The speech script: what the audio says, sentence by sentence, derived from the Document.

Each `Utterance` is one sentence (or heading, list item, table row...) already
normalised for speech; the audio renderer synthesises them one by one, which
gives exact transcript timings and a per-sentence cache.

The order is the printed order with the furniture a listener needs: the title
and summary; each section with its heading announced between pauses; lists
item by item; tables row by row with their column headings;
pictures by their description; footnotes after the paragraph that calls them;
then the words to know, the references in spoken form, the call to action and
the contact line, with the phone number digit by digit.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Final, Literal

from builder import compose as c
from builder import document as d
from builder.speech.lexicon import Lexicon
from builder.speech.normalize import normalize_for_speech, split_sentences, spoken_phone_number

logger = logging.getLogger(__name__)

UtteranceKind = Literal[
    "title",
    "summary",
    "heading",
    "sentence",
    "furniture",
    "list-item",
    "table-row",
    "image",
    "note",
    "reference",
    "closing",
]


@dataclass(frozen=True, slots=True)
class Utterance:
    """One thing the voice says, with the silence around it."""

    spoken: str
    """The text sent to the speech engine (numbers, abbreviations and terms already spelled out)."""
    shown: str
    """The same words as printed, for the transcript."""
    kind: UtteranceKind
    chapter: str
    """The id of the top-level section (chapter) it belongs to; 'opening' and 'closing' outside them."""
    line: int
    pause_before: float = 0.0
    pause_after: float = 0.35


@dataclass(frozen=True, slots=True)
class Chapter:
    """An audio chapter: a top-level section, or the opening and closing parts."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class SpeechScript:
    lang: str
    title: str
    chapters: tuple[Chapter, ...]
    utterances: tuple[Utterance, ...]

    def chapter_utterances(self, chapter_id: str) -> tuple[Utterance, ...]:
        """The utterances of one chapter, in order."""
        return tuple(u for u in self.utterances if u.chapter == chapter_id)


SCRIPT_VERSION: Final = 4
"""Bumped whenever the same handout gives other words or pauses (it is in the mp3's and the script's
fingerprint, so an incremental build remakes them). 2: lists and tables not announced with their
length; references in the printed order, without volume and pages. 3: Roman numerals joined by
", and" ("stages IIIA, IIIB, and IIIC"). 4: the shipped lexicon says NINDS letter by letter."""

# Silences, in seconds: long enough to hear the structure, short enough not to wait.
SENTENCE_PAUSE: Final = 0.35
PARAGRAPH_PAUSE: Final = 0.6
ITEM_PAUSE: Final = 0.5
TITLE_PAUSE: Final = 1.0
CHAPTER_HEADING_BEFORE: Final = 1.2
HEADING_BEFORE: Final = 0.8
HEADING_AFTER: Final = 0.6
BREAK_PAUSE: Final = 1.0
CLOSING_BEFORE: Final = 0.8

OPENING: Final = "opening"
CLOSING: Final = "closing"
CLOSING_PARTS: Final = (c.WordsToKnow, c.Notes, c.References, c.CallToAction, c.ReviewStamp, c.SourceLine)
"""The parts said in the closing chapter ("More information"), after the article."""

_CITATION: Final = re.compile(r"[\[(]?\s*\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*\s*[\])]?")
# A citation link's words ("[1](#r1)") are printed but not said: kept between these two private-use
# characters until the utterance is made, so the transcript has them and the voice does not.
_UNSAID_START: Final = "\ue000"
_UNSAID_END: Final = "\ue001"
_UNSAID: Final = re.compile(f"{_UNSAID_START}[^{_UNSAID_END}]*{_UNSAID_END}")
_EMPTY_BRACKETS: Final = re.compile(r"\s*[(\[]\s*(?:[,;]\s*)*[)\]]")
"""What is left of "([1](#r1), [3](#r3))" once the citations are not said."""
"""A link whose text is only a citation number, like '[2]' or '(3-5)': not said."""


def make_script(handout: c.Handout, *, lexicon: Lexicon) -> SpeechScript:
    """The whole speech script of a composed handout; pure: the same handout always gives the same script."""
    return _ScriptWriter(handout, lexicon).script()


@dataclass
class _Inlines:
    """The words of some inlines as they are said, and what is said after them."""

    text: str = ""
    images: list[d.Image] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)


class _ScriptWriter:
    def __init__(self, handout: c.Handout, lexicon: Lexicon) -> None:
        self.handout = handout
        self.doc = doc = handout.document
        self.lexicon = lexicon
        self.lang = doc.metadata.lang
        self.labels = handout.labels
        self.utterances: list[Utterance] = []
        self.chapters: list[Chapter] = []
        self.chapter = OPENING
        self.pending_pause = 0.0
        self.notes = {note.number: note for note in doc.footnotes}
        self.notes_said: set[int] = set()
        self.connectives = {self.labels.and_word, self.labels.or_word}

    # --- output --------------------------------------------------------------

    def spoken(self, text: str) -> str:
        said = _EMPTY_BRACKETS.sub("", _UNSAID.sub("", text))
        return normalize_for_speech(said, lang=self.lang, lexicon=self.lexicon)

    def say(
        self,
        shown: str,
        kind: UtteranceKind,
        line: int,
        *,
        spoken: str | None = None,
        pause_before: float = 0.0,
        pause_after: float = SENTENCE_PAUSE,
    ) -> bool:
        """Add one utterance; False (and nothing added) when it has no words to say."""
        said = self.spoken(shown) if spoken is None else spoken
        shown = " ".join(shown.replace(_UNSAID_START, "").replace(_UNSAID_END, "").split())
        if not any(c.isalnum() for c in said):
            return False
        if said[-1].isalnum() and said.split()[-1].lower() not in self.connectives:
            said += "."  # a falling tone at the end, as a reader would say it
        self.utterances.append(
            Utterance(
                spoken=said,
                shown=shown,
                kind=kind,
                chapter=self.chapter,
                line=line,
                pause_before=max(pause_before, self.pending_pause),
                pause_after=pause_after,
            )
        )
        self.pending_pause = 0.0
        return True

    def say_sentences(
        self,
        text: str,
        kind: UtteranceKind,
        line: int,
        *,
        prefix: str = "",
        said_prefix: str = "",
        pause_after: float = PARAGRAPH_PAUSE,
    ) -> None:
        """Say `text` sentence by sentence, the last one pausing longer.

        `prefix` goes before the first sentence as printed words do ("Motor neurons: ..."), and
        `said_prefix` is said only, never shown: what the page shows another way, such as an ordered
        list's number ("First, ..."), so the transcript keeps the page's words.
        """
        sentences = split_sentences(text, lang=self.lang)
        if not sentences:
            return
        if prefix:
            sentences[0] = f"{prefix}{sentences[0]}"
        start = len(self.utterances)
        for number, sentence in enumerate(sentences):
            if number == 0 and said_prefix:
                self.say(sentence, kind, line, spoken=self.spoken(f"{said_prefix}{sentence}"))
            else:
                self.say(sentence, kind, line)
        self.stretch_last_pause(pause_after, since=start)

    def stretch_last_pause(self, seconds: float, *, since: int) -> None:
        """Make the silence after the last utterance at least `seconds`, if one was added since `since`."""
        if len(self.utterances) <= since:
            return
        last = self.utterances[-1]
        if last.pause_after < seconds:
            self.utterances[-1] = Utterance(
                last.spoken, last.shown, last.kind, last.chapter, last.line, last.pause_before, seconds
            )

    def start_chapter(self, chapter_id: str, title: str) -> None:
        self.chapter = chapter_id
        self.chapters.append(Chapter(chapter_id, title))

    # --- the document --------------------------------------------------------

    def script(self) -> SpeechScript:
        """Say the handout's parts in order: the opening, one chapter per top-level section, the closing."""
        meta = self.doc.metadata
        taken = {s.id for s in self.doc.sections}
        opening, closing = _free(OPENING, taken), _free(CLOSING, taken)
        self.start_chapter(opening, meta.title)
        in_closing = False
        for part in self.handout.parts:
            if not in_closing and isinstance(part, CLOSING_PARTS):
                self.chapter, in_closing = closing, True
            self.part(part)
        self.chapters.append(Chapter(closing, self.labels.more_information))
        # A chapter with nothing to say (a heading made only of a picture) has no place to start.
        spoken = {u.chapter for u in self.utterances}
        chapters = tuple(ch for ch in self.chapters if ch.id in spoken)
        return SpeechScript(
            lang=self.lang, title=meta.title, chapters=chapters, utterances=tuple(self.utterances)
        )

    def part(self, part: c.Part) -> None:
        match part:
            case c.Masthead() | c.ListenLink():
                pass  # the organisation is the recording's artist; a listener is already listening
            case c.TitleBlock(title, also_called, summary):
                self.say(title, "title", 1, pause_after=TITLE_PAUSE)
                if also_called:
                    self.say(also_called, "summary", 1)  # printed without a full stop; said with one
                if summary:
                    self.say_sentences(summary, "summary", 1)
            case c.Body(blocks, sections):
                self.blocks(blocks)
                for section in sections:
                    self.start_chapter(section.id, " ".join(d.plain_text(section.title).split()))
                    self.section(section)
            case c.WordsToKnow(heading, entries):
                self.heading(heading)
                for entry in entries:
                    self.say_sentences(
                        entry.definition, "sentence", 1, prefix=f"{entry.term}: ", pause_after=ITEM_PAUSE
                    )
            case c.Notes(heading, notes):
                unsaid = [note for note in notes if note.number not in self.notes_said]
                if unsaid:
                    self.heading(heading)
                    for note in unsaid:
                        self.note(note.number, note.line)
            case c.References(heading, citations):
                self.heading(heading)
                for citation in citations:
                    start = len(self.utterances)
                    for said in citation.spoken:  # who and when, the title, the journal: as printed
                        self.say_sentences(said, "reference", citation.line, pause_after=SENTENCE_PAUSE)
                    self.stretch_last_pause(ITEM_PAUSE, since=start)
            case c.CallToAction():
                if part.action:
                    self.say(part.action, "closing", 1, pause_before=CLOSING_BEFORE)
                self.contact(part)
            case c.ReviewStamp(text):
                self.say(text, "closing", 0, pause_before=self.closing_pause())
            case c.SourceLine(label, publisher):
                if publisher:  # the address is printed, never read out
                    self.say(f"{label}: {publisher}.", "closing", 1, pause_before=CLOSING_BEFORE)
            case _:
                logger.warning("the speech script has no rule for %r; it was left out", part)

    def section(self, section: d.Section) -> None:
        heading = self.inlines(section.title)
        before = CHAPTER_HEADING_BEFORE if section.depth == 1 else HEADING_BEFORE
        self.say(heading.text, "heading", section.line, pause_before=before, pause_after=HEADING_AFTER)
        self.blocks(section.blocks)
        for child in section.children:
            self.section(child)

    def closing_pause(self) -> float:
        """The silence before a closing line: none beyond what the line before it already leaves."""
        last = self.utterances[-1].pause_after if self.utterances else 0.0
        return 0.0 if last >= CLOSING_BEFORE else CLOSING_BEFORE

    def heading(self, text: str) -> None:
        self.say(text, "heading", 0, pause_before=HEADING_BEFORE, pause_after=HEADING_AFTER)

    def contact(self, part: c.CallToAction) -> None:
        """'Call our Care Coordinators: 5 5 5, 0 1 0 0.' (from the settings, so no source line)."""
        contact, phone = part.contact, part.phone.shown if part.phone else ""
        if not (contact or phone):
            return
        said_phone = spoken_phone_number(phone, lang=self.lang) if phone else ""
        if contact:
            spoken = self.spoken(contact).rstrip(".:") + (f": {said_phone}." if phone else "")
        else:
            spoken = f"{said_phone}."
        self.say(
            part.contact_line,
            "closing",
            0,
            spoken=spoken,
            pause_before=CLOSING_BEFORE,
            pause_after=TITLE_PAUSE,
        )

    # --- blocks --------------------------------------------------------------

    def blocks(self, blocks: tuple[d.Block, ...]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: d.Block) -> None:
        match block:
            case d.Paragraph(children, line):
                flat = self.inlines(children)
                self.say_sentences(flat.text, "sentence", line)
                self.after(flat, line)
            case d.BulletList(items, line):
                self.list_items(items, line, ordinals=None)
            case d.OrderedList(items, line, start):
                self.list_items(items, line, ordinals=start)
            case d.Table():
                self.table(block)
            case d.BlockQuote(blocks):
                self.blocks(blocks)
            case d.CodeBlock(text, line):
                start = len(self.utterances)
                for code_line in text.splitlines():  # each at the block's line: where the page has it
                    self.say(code_line, "sentence", line)
                self.stretch_last_pause(PARAGRAPH_PAUSE, since=start)
            case d.ThematicBreak():
                self.pending_pause = BREAK_PAUSE
            case _:
                logger.warning("the speech script has no rule for %r; it was left out", block)

    def after(self, flat: _Inlines, line: int) -> None:
        """The pictures and footnotes of a paragraph, list item or table row, said after it."""
        for image in flat.images:
            said = f"{self.labels.picture}: "
            where = image.line or line
            self.say_sentences(image.alt, "image", where, said_prefix=said, pause_after=ITEM_PAUSE)
        for number in flat.notes:
            if number not in self.notes_said and number in self.notes:
                self.note(number, line)

    def note(self, number: int, line: int) -> None:
        self.notes_said.add(number)
        note = self.notes[number]
        texts = [
            self.inlines(b.children).text for b in d.iter_blocks(note.blocks) if isinstance(b, d.Paragraph)
        ]
        texts += [b.text for b in d.iter_blocks(note.blocks) if isinstance(b, d.CodeBlock)]
        said = f"{self.labels.note}: "
        for text in texts:
            self.say_sentences(text, "note", note.line or line, said_prefix=said, pause_after=ITEM_PAUSE)
            said = ""

    def list_items(self, items: tuple[d.ListItem, ...], line: int, *, ordinals: int | None) -> None:
        # Not announced ("A list of 3 items"): a reader aloud does not say it, and the pauses between
        # the items already mark them; numbered lists keep their order ("First, ...").
        for index, item in enumerate(items):
            prefix = ""
            if ordinals is not None:
                prefix = self.ordinal(ordinals + index) + ", "
            self.list_item(item, prefix)

    def ordinal(self, number: int) -> str:
        if 1 <= number <= len(self.labels.ordinals):
            return self.labels.ordinals[number - 1]
        return self.labels.number_n.format(n=number)

    def list_item(self, item: d.ListItem, prefix: str) -> None:
        start = len(self.utterances)
        blocks = list(item.blocks)
        if blocks and isinstance(blocks[0], d.Paragraph):
            first = blocks.pop(0)
            assert isinstance(first, d.Paragraph)
            flat = self.inlines(first.children)
            self.say_sentences(flat.text, "list-item", item.line, said_prefix=prefix, pause_after=ITEM_PAUSE)
            self.after(flat, item.line)
        elif prefix:
            self.say(prefix.rstrip(", "), "furniture", item.line)  # "First", then the item's quote
        self.blocks(tuple(blocks))
        self.stretch_last_pause(ITEM_PAUSE, since=start)

    def table(self, table: d.Table) -> None:
        start = len(self.utterances)
        names = [" ".join(self.inlines(c.children, breaks=", ").text.split()) for c in table.header]
        for row in table.rows:
            cells: list[str] = []
            extras = _Inlines()
            for name, cell in zip(names, row, strict=False):
                flat = self.inlines(cell.children, breaks=", ")
                value = " ".join(flat.text.split()).strip(" ,;")
                extras.images += flat.images
                extras.notes += flat.notes
                if value:
                    cells.append(f"{name}: {value}" if name else value)
            self.say("; ".join(cells), "table-row", table.line, pause_after=ITEM_PAUSE)
            self.after(extras, table.line)
        self.stretch_last_pause(PARAGRAPH_PAUSE, since=start)

    # --- inlines -------------------------------------------------------------

    def inlines(self, nodes: tuple[d.Inline, ...], *, breaks: str = "\n") -> _Inlines:
        """The words as said: links by their text, pictures and notes set aside for later."""
        flat = _Inlines()
        parts: list[str] = []
        self.collect(nodes, parts, flat, breaks)
        text = "".join(parts)
        if breaks != "\n":
            # A break after a full sentence needs no comma: "even throughout. May fade".
            text = re.sub(rf"([.!?;:])\s*{re.escape(breaks)}", r"\1 ", text)
            text = re.sub(r"(?:^|(?<=, ))\s*[•·▪◦-]\s+", "", text)
        flat.text = text
        return flat

    def collect(self, nodes: tuple[d.Inline, ...], parts: list[str], flat: _Inlines, breaks: str) -> None:
        for node in nodes:
            match node:
                case d.Text(text) | d.Code(text):
                    parts.append(text)
                case d.Emphasis(children) | d.Strong(children):
                    self.collect(children, parts, flat, breaks)
                case d.Strikethrough():
                    pass  # struck-through words are no longer true: never said
                case d.Link(_, children):
                    words = d.plain_text(children)
                    if _CITATION.fullmatch(words.strip()):
                        parts.append(f"{_UNSAID_START}{words}{_UNSAID_END}")
                    else:
                        self.collect(children, parts, flat, breaks)
                case d.Image():
                    if not node.decorative and node.alt:
                        flat.images.append(node)
                case d.LineBreak():
                    parts.append(breaks)
                case d.FootnoteRef(number=number):
                    flat.notes.append(number)
                case _:
                    logger.warning("the speech script has no rule for %r; it was left out", node)


def _free(name: str, taken: set[str]) -> str:
    """`name`, or 'handout-<name>' if a section already has that id."""
    return name if name not in taken else f"handout-{name}"
