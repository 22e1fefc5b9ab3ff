"""The sentence cache: each utterance's raw engine output, kept between builds.

The key is the engine's identity (engine, engine version, voice), the cache
format and the normalised spoken text; levels and MP3 settings are applied
after the cache, so changing the profile re-synthesises nothing. A rebuild
with no change synthesises nothing; editing one paragraph re-synthesises
only its sentences. Entries are 16-bit mono WAV files named by the SHA-256 of
their key, under `output/.cache/speech/` by default; deleting the folder is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder.speech.engines import Speech

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CACHE_FORMAT: Final = 1
"""Bumped when what is stored changes, so old entries are never misread."""


def normalised_text(text: str) -> str:
    """The text as the cache sees it: Unicode NFC, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cache_key(identity: str, text: str) -> str:
    payload = json.dumps([CACHE_FORMAT, identity, normalised_text(text)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class SentenceCache:
    """Synthesised sentences on disk; `hits` and `misses` count this build's lookups."""

    folder: Path | None
    """None disables the cache (every sentence is synthesised)."""
    hits: int = 0
    misses: int = 0

    def path_for(self, identity: str, text: str) -> Path | None:
        if self.folder is None:
            return None
        key = cache_key(identity, text)
        return self.folder / key[:2] / f"{key}.wav"

    def get(self, identity: str, text: str) -> Speech | None:
        """The stored speech for `text` said by `identity`, or None (a miss)."""
        path = self.path_for(identity, text)
        if path is None or not path.is_file():
            self.misses += 1
            return None
        try:
            speech = read_wav(path)
        except (OSError, EOFError, wave.Error):
            path.unlink(missing_ok=True)  # a damaged entry is simply made again
            self.misses += 1
            return None
        self.hits += 1
        return speech

    def put(self, identity: str, text: str, speech: Speech) -> None:
        """Store `speech` atomically (a crash never leaves half a file under the real name)."""
        path = self.path_for(identity, text)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(suffix=".tmp", dir=path.parent)
        os.close(handle)
        try:
            write_wav(Path(temporary), speech)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)


def as_stored(speech: Speech) -> Speech:
    """`speech` exactly as the cache gives it back (16-bit), so a fresh sentence sounds like a cached one.

    The recording is made of these, so a build from an empty cache and a build
    from a full one give the same bytes.
    """
    import numpy as np

    return Speech(_pcm(speech).astype(np.float32) / 32767.0, speech.sample_rate)


def _pcm(speech: Speech) -> npt.NDArray[np.int16]:
    import numpy as np

    pcm: npt.NDArray[np.int16] = (np.clip(speech.samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    return pcm


def write_wav(path: Path, speech: Speech) -> None:
    pcm = _pcm(speech)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(speech.sample_rate)
        out.writeframes(pcm.tobytes())


def read_wav(path: Path) -> Speech:
    import numpy as np

    with wave.open(str(path), "rb") as source:
        if source.getnchannels() != 1 or source.getsampwidth() != 2:
            raise wave.Error("not 16-bit mono")
        rate = source.getframerate()
        data = source.readframes(source.getnframes())
    return Speech(np.frombuffer(data, dtype="<i2").astype(np.float32) / 32767.0, rate)
