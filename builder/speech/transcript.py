"""Timed text beside the MP3: the WebVTT transcript and the M3U playlist of section files.

Timings come from sentence-by-sentence synthesis (each cue starts where its
sentence starts in the assembled audio), never from forced alignment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Cue:
    """One utterance's place in the audio, in seconds, with its words as printed."""

    start: float
    end: float
    text: str
    chapter: str


@dataclass(frozen=True, slots=True)
class ChapterMark:
    """An audio chapter: its id (the section id), its title (the heading) and its span in seconds."""

    id: str
    title: str
    start: float
    end: float


def timestamp(seconds: float) -> str:
    """A WebVTT timestamp, hh:mm:ss.ttt."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    """Cue text: markup characters escaped (which also breaks any '-->'), blank lines dropped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


VOICE_NOTE: Final = "NOTE Voice: "
"""How the transcript says which voice spoke (engine, version, voice), in a WebVTT comment."""


def delayed(cues: Iterable[Cue], seconds: float) -> tuple[Cue, ...]:
    """The cues `seconds` later: where a decoder plays them in the MP3 (see stream.ENCODER_DELAY)."""
    return tuple(dataclasses.replace(c, start=c.start + seconds, end=c.end + seconds) for c in cues)


def delayed_marks(marks: Iterable[ChapterMark], seconds: float) -> tuple[ChapterMark, ...]:
    """The chapter marks with every boundary `seconds` later; the first still starts at 0."""
    marks = tuple(marks)
    return tuple(
        dataclasses.replace(
            m,
            start=0.0 if index == 0 else m.start + seconds,
            end=m.end if index + 1 == len(marks) else m.end + seconds,
        )
        for index, m in enumerate(marks)
    )


def webvtt(cues: Iterable[Cue], *, lang: str, voice: str = "") -> str:
    """The WebVTT file for `cues`, numbered from 1; `voice` (the engine's identity) in a comment."""
    out = [f"WEBVTT\nKind: captions\nLanguage: {lang}\n"]
    voice = " ".join(voice.replace("-->", "").split())
    if voice:
        out.append(f"{VOICE_NOTE}{voice}\n")
    number = 0
    for cue in cues:
        text = _cue_text(cue.text)
        if not text:
            continue
        number += 1
        out.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{text}\n")
    return "\n".join(out)


def m3u(entries: Iterable[tuple[str, float, str]], *, title: str) -> str:
    """An extended M3U playlist of (file name, seconds, title) entries, for simple players."""
    out = ["#EXTM3U", f"#PLAYLIST:{title}"]
    for name, seconds, entry_title in entries:
        out.append(f"#EXTINF:{round(seconds)},{entry_title}")
        out.append(name)
    return "\n".join(out) + "\n"
