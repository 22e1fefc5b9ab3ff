"""The speech script: what the audio says, sentence by sentence, derived from the Document.

Each `Utterance` is one sentence (or heading, list item, table row...) already
normalised for speech; the audio renderer synthesises them one by one, which
gives exact transcript timings and a per-sentence cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UtteranceKind = Literal[
    "title", "summary", "heading", "sentence", "list-item", "table-row", "image", "note", "reference", "closing"
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
