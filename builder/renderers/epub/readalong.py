"""The read-along e-book: the `epub` book with its narration inside, each sentence highlighted as it is read.

The same book as the `epub` format (its writer, pages, metadata and archive),
plus the article's MP3, one EPUB 3 media overlay (SMIL) per page that is read
aloud, and the metadata a reading system needs to play them: `media:duration`
of each overlay and of the book, `media:narrator` and `media:active-class`
(with the stylesheet rule that highlights the sentence being read). Notes
follow the block that calls them, where the narration says them.

It follows the `mp3` format (`after`): the audio is spoken once, by the mp3
format, and this book is given its files (`options.inputs.built`: the MP3's
bytes and the transcript). Clip times are the transcript's, which are the
times a decoder plays in the MP3; the pause after a sentence belongs to its
clip, so the narration keeps its rhythm.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Final

from builder import document as d
from builder.errors import Location, RenderError
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.epub import EpubRenderer, Page
from builder.renderers.epub.chapters import (
    END_PAGE,
    GLOSSARY_PAGE,
    NOTES_PAGE,
    REFERENCES_PAGE,
    TITLE_PAGE,
    BookBuilder,
)
from builder.renderers.epub.overlays import (
    ACTIVE_CLASS,
    SMIL_MEDIA_TYPE,
    MarkedPage,
    clock,
    duration,
    smil,
)
from builder.renderers.epub.package import STYLESHEET, xhtml
from builder.speech.lexicon import LEXICON_FILE
from builder.speech.timing import TimedCue, timed_cues, voice_of

CLOSING_PAGES: Final = (GLOSSARY_PAGE, NOTES_PAGE, REFERENCES_PAGE, END_PAGE)
"""The pages the closing chapter of the audio is said in, in order."""
ENGINES: Final = {"piper": "Piper", "espeak-ng": "eSpeak NG", "gtts": "Google Text-to-Speech"}

HIGHLIGHT_CSS: Final = f"""
/* The sentence being read aloud (media:active-class). */
.{ACTIVE_CLASS} {{
  background-color: var(--readalong-background, #ffe45c);
  color: var(--readalong-color, #000000);
  border-radius: 0.15em;
}}
"""


def narrator(identity: str) -> str:
    """'Piper voice en_US-joe-medium': the transcript's engine identity ('piper 1.8.0 en_US-joe-medium
    length 1.1': engine, version, voice, then how it speaks) as a reader would name it."""
    words = identity.split()
    if not words:
        return ""
    engine = ENGINES.get(words[0], words[0])
    voice = words[2] if len(words) > 2 else words[-1]
    return f"{engine} voice {voice}" if len(words) > 1 else engine


class ReadalongRenderer(EpubRenderer):
    """An EPUB 3 that reads itself aloud: the e-book with its narration and media overlays."""

    name: ClassVar[str] = "readalong"
    suffix: ClassVar[str] = ".readalong.epub"
    media_type: ClassVar[str] = "application/epub+zip"
    description: ClassVar[str] = (
        "EPUB 3 e-book that reads itself aloud, highlighting each sentence (media overlays)"
    )
    uses: ClassVar[tuple[str, ...]] = (STYLESHEET, LEXICON_FILE)
    after: ClassVar[tuple[str, ...]] = ("mp3",)
    reads: ClassVar[tuple[str, ...]] = (".mp3",)

    def __init__(self) -> None:
        self._cues: tuple[TimedCue, ...] = ()
        self._audio = b""
        self._voice = ""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        built = options.inputs.built
        audio = next((f for f in built if f.name == f"{doc.slug}.mp3" and f.data), None)
        transcript = next((f for f in built if f.name == f"{doc.slug}.vtt"), None)
        if audio is None or transcript is None:
            raise RenderError(
                f"{Location(doc.source_path)}: the read-along e-book needs the article's audio: "
                "build both, as in 'handout build -f mp3,readalong'"
            )
        self._audio = audio.data
        self._voice = narrator(voice_of(transcript.text)) or "a synthetic voice"
        self._cues = timed_cues(transcript.text, options)
        if not self._cues:
            raise RenderError(
                f"{Location(doc.source_path)}: the audio's transcript has no sentences: "
                "build the mp3 format again (handout build -f mp3,readalong --force)"
            )
        return super().render(doc, options=options, out_dir=out_dir)

    def book_builder(self, options: RenderOptions) -> BookBuilder:
        return BookBuilder(options, narration=self._voice)

    def extra_css(self, options: RenderOptions) -> str:
        return HIGHLIGHT_CSS

    def package(self, book: Any, builder: BookBuilder, pages: list[Page]) -> list[Page]:
        from ebooklib import epub

        doc = builder.doc
        audio_name = f"audio/{doc.slug}.mp3"
        marked = {
            page.chapter.file_name: MarkedPage(page.chapter.file_name, page.chapter.body) for page in pages
        }
        self._place(marked, builder)
        out: list[Page] = []
        total = 0
        for page in pages:
            mark = marked[page.chapter.file_name]
            if not mark.clips:
                out.append(page)
                continue
            chapter = page.chapter
            content = xhtml(
                lang=doc.metadata.lang,
                title=chapter.title,
                body=mark.marked_body(),
                body_type=chapter.body_type,
                direction=builder.options.handout.dir,
            )
            overlay = f"mo_{chapter.uid}"
            smil_name = chapter.file_name.rsplit(".", 1)[0] + ".smil"
            book.add_item(
                epub.EpubItem(
                    overlay, smil_name, SMIL_MEDIA_TYPE, smil(chapter.file_name, mark.clips, audio=audio_name)
                )
            )
            millis = duration(mark.clips)
            total += millis
            book.add_metadata(
                None, "meta", clock(millis), {"property": "media:duration", "refines": f"#{overlay}"}
            )
            out.append(Page(chapter, content, nav=page.nav, overlay=overlay))
        book.add_item(epub.EpubItem("narration", audio_name, "audio/mpeg", self._audio))
        book.add_metadata(None, "meta", clock(total), {"property": "media:duration"})
        book.add_metadata(None, "meta", self._voice, {"property": "media:narrator"})
        book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
        return out

    def _place(self, marked: dict[str, MarkedPage], builder: BookBuilder) -> None:
        """Put every cue on its page, in order; the clip of each runs to the next cue's start."""
        sections = {s.id: builder.chapter_file(s) for s in builder.doc.sections}
        cues = self._cues
        current = TITLE_PAGE
        closing = 0
        for number, cue in enumerate(cues, start=1):
            begin = round(cue.start * 1000)
            end = round(cue.end * 1000)
            if number < len(cues):
                end = max(end, min(round(cues[number].start * 1000), end + 5000))
            if cue.chapter in sections:
                candidates = [sections[cue.chapter]]
            elif cue.chapter and cue.chapter.endswith("opening"):
                candidates = [TITLE_PAGE]
            elif cue.chapter and cue.chapter.endswith("closing"):
                candidates = list(CLOSING_PAGES[closing:])
            else:
                candidates = [current]
            for file_name in candidates:
                page = marked.get(file_name)
                if page is not None and page.place(cue, begin=begin, end=end, number=number):
                    current = file_name
                    if file_name in CLOSING_PAGES:
                        closing = CLOSING_PAGES.index(file_name)
                    break
