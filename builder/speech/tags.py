"""ID3v2 tags for spoken handouts: title, organisation, language, cover art and chapters.

Written with mutagen as ID3v2.3 (the version phones, Apple Podcasts and car
stereos all read). Chapters are ID3 CHAP frames listed in order by a CTOC
frame, so players show "What is ALS?" and jump there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.speech.transcript import ChapterMark


@dataclass(frozen=True, slots=True)
class AlbumInfo:
    """What the tags say about the recording."""

    title: str
    artist: str
    """The organisation that publishes the handout."""
    album: str
    lang: str
    """BCP 47 tag, such as en-US (written to TLAN as the ISO 639-2 code)."""
    date: str = ""
    """ISO date (reviewed, else written)."""
    summary: str = ""
    track: tuple[int, int] | None = None
    """(number, total) for one file of a set of section files."""


def iso639_2(lang: str) -> str:
    """The three-letter language code ID3 asks for ('eng' for en-US); 'und' if unknown."""
    import langcodes

    try:
        return str(langcodes.Language.get(lang).to_alpha3())
    except (LookupError, ValueError):
        return "und"


def write_tags(path: Path, info: AlbumInfo, *, chapters: Sequence[ChapterMark], cover: bytes | None) -> None:
    """Replace the ID3 tag of the MP3 at `path` with `info`, the cover and the chapters."""
    import mutagen.id3

    id3: Any = mutagen.id3  # mutagen's frame classes are untyped
    APIC, CHAP, COMM, CTOC, TALB, TCON, TDRC = (
        id3.APIC,
        id3.CHAP,
        id3.COMM,
        id3.CTOC,
        id3.TALB,
        id3.TCON,
        id3.TDRC,
    )
    TIT2, TLAN, TPE1, TRCK, CTOCFlags, PictureType = (
        id3.TIT2,
        id3.TLAN,
        id3.TPE1,
        id3.TRCK,
        id3.CTOCFlags,
        id3.PictureType,
    )

    tags = _id3_class()()
    language = iso639_2(info.lang)
    tags.add(TIT2(encoding=3, text=[info.title]))
    if info.artist:
        tags.add(TPE1(encoding=3, text=[info.artist]))
    tags.add(TALB(encoding=3, text=[info.album]))
    tags.add(TLAN(encoding=3, text=[language]))
    tags.add(TCON(encoding=3, text=["Speech"]))
    if info.date:
        tags.add(TDRC(encoding=3, text=[info.date]))
    if info.summary:
        tags.add(
            COMM(encoding=3, lang=language if len(language) == 3 else "und", desc="", text=[info.summary])
        )
    if info.track:
        tags.add(TRCK(encoding=3, text=[f"{info.track[0]}/{info.track[1]}"]))
    if cover:
        tags.add(APIC(encoding=3, mime="image/png", type=PictureType.COVER_FRONT, desc="Cover", data=cover))
    ids = []
    for number, mark in enumerate(chapters, start=1):
        element = f"ch{number:02d}"
        ids.append(element)
        tags.add(
            CHAP(
                element_id=element,
                start_time=round(mark.start * 1000),
                end_time=round(mark.end * 1000),
                sub_frames=[TIT2(encoding=3, text=[mark.title])],
            )
        )
    if ids:
        tags.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=[info.title])],
            )
        )
    tags.save(str(path), v2_version=3)


def _chronological(frames: bytes) -> bytes:
    """ID3v2.3 frame data with the CHAP frames put in order of their start time.

    mutagen writes frames of equal importance shortest first, which puts
    chapters out of order; players that list CHAP frames as they come (those
    built on ffmpeg, for one) would then show the chapters shuffled.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    while position + 10 <= len(frames) and frames[position : position + 4].strip(b"\0"):
        size = int.from_bytes(frames[position + 4 : position + 8], "big")
        spans.append((position, position + 10 + size))
        position += 10 + size
    pieces = [frames[start:end] for start, end in spans]
    chapters = [i for i, piece in enumerate(pieces) if piece[:4] == b"CHAP"]

    def start_time(piece: bytes) -> int:
        body = piece[10:]
        after_id = body.index(b"\0") + 1
        return int.from_bytes(body[after_id : after_id + 4], "big")

    ordered = sorted((pieces[i] for i in chapters), key=start_time)
    for index, piece in zip(chapters, ordered, strict=True):
        pieces[index] = piece
    return b"".join(pieces) + frames[position:]


def _id3_class() -> Any:
    """mutagen's ID3 with the chapters written in time order (hooks the step that joins the frames)."""
    from mutagen.id3 import ID3

    class ChronologicalID3(ID3):
        def _write(self, config: Any) -> bytearray:
            written: bytearray = super()._write(config)  # type: ignore[no-untyped-call]
            if getattr(config, "v2_version", 4) != 3:
                return written
            return bytearray(_chronological(bytes(written)))

    return ChronologicalID3
