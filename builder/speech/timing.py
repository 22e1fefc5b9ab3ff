"""Where each spoken sentence is: the transcript's cues tied to the speech script that made them.

The audio is spoken sentence by sentence, so its transcript (`<slug>.vtt`) has
one cue per utterance with its exact start and end in the MP3. The speech
script is pure (the same handout gives the same script), so a format that
follows the audio makes it again and walks the cues and the utterances in
order, matching each cue's words to its utterance's printed words: that gives
each sentence's kind, source line and chapter. The listening site and the
read-along e-book both place their highlighting this way.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from builder import document as d
from builder.renderers import RenderOptions
from builder.speech.transcript import VOICE_NOTE


@dataclass(frozen=True, slots=True)
class TimedCue:
    """One spoken sentence: its span in the audio, its words as printed, and where it is on the page."""

    start: float
    end: float
    text: str
    target: str
    """A CSS selector of the page element that holds the sentence; '' to look for it in the article."""
    chapter: str
    kind: str = ""
    """The utterance's kind ('heading', 'sentence', 'table-row'...); '' when no utterance has its words."""
    line: int = 0
    """The source line of the utterance (0: words Handout adds, or no utterance)."""
    whole: bool = False
    """The words are not printed as said: a table row ("Time: before breakfast; Level: 80 to 130"),
    or the voice's own (the "First" of a numbered item that starts with a quote): the target element
    itself is the place."""


def seconds(stamp: str) -> float:
    """A WebVTT timestamp ('00:01:02.500' or '01:02.500') in seconds."""
    total = 0.0
    for part in stamp.split(":"):
        total = total * 60 + float(part)
    return total


def timed_cues(vtt: str, options: RenderOptions) -> tuple[TimedCue, ...]:
    """The transcript's cues, each tied to its place on the page through the speech script.

    The transcript has one cue per spoken utterance, in order, with the words as
    printed; the script says each utterance's kind, source line and chapter. A cue
    whose words no utterance has (an engine that said nothing for one) is kept,
    without a place.
    """
    import webvtt

    from builder.speech.script import make_script

    script = make_script(options.handout, lexicon=options.inputs.lexicon)
    utterances = [u for u in script.utterances if u.spoken.strip()]
    lines = _block_lines(options.handout.document)
    cues: list[TimedCue] = []
    position = 0
    rows: dict[int, int] = {}  # a table's line -> how many of its rows were said so far
    for caption in webvtt.from_string(vtt).captions:
        text = " ".join(html.unescape(caption.text).split())
        match = next(
            (
                i
                for i in range(position, len(utterances))
                if " ".join((utterances[i].shown or utterances[i].spoken).split()) == text
            ),
            None,
        )
        target, chapter, kind, line = "", "", "", 0
        if match is not None:
            utterance = utterances[match]
            position, chapter = match + 1, utterance.chapter
            kind, line = utterance.kind, utterance.line
            if utterance.kind in ("title", "summary"):
                target = ".title-block"
            elif utterance.line in lines:
                target = f'[data-line="{utterance.line}"]'
                if utterance.kind == "table-row":
                    rows[utterance.line] = rows.get(utterance.line, 0) + 1
                    target += f" tbody tr:nth-of-type({rows[utterance.line]})"
        whole = kind in ("furniture", "table-row") and bool(target)
        start, end = seconds(caption.start), seconds(caption.end)
        cues.append(TimedCue(start, end, text, target, chapter, kind, line, whole))
    return tuple(cues)


def _block_lines(doc: d.Document) -> set[int]:
    """The source lines that start a block, list item or heading: each is one element of the page."""
    lines: set[int] = set()

    def blocks(items: tuple[d.Block, ...]) -> None:
        for block in items:
            lines.add(block.line)
            match block:
                case d.BulletList(entries) | d.OrderedList(entries):
                    for entry in entries:
                        lines.add(entry.line)
                        blocks(entry.blocks)
                case d.BlockQuote(inner):
                    blocks(inner)

    blocks(doc.blocks)
    for section in doc.walk_sections():
        lines.add(section.line)
        blocks(section.blocks)
    for note in doc.footnotes:
        blocks(note.blocks)
    return lines


def voice_of(vtt: str) -> str:
    """The voice that spoke the audio, as its transcript names it ('' if it does not)."""
    for line in vtt.splitlines():
        if line.startswith(VOICE_NOTE):
            return line[len(VOICE_NOTE) :].strip()
        if "-->" in line:
            break
    return ""
