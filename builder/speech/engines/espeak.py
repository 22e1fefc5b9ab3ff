"""eSpeak NG: offline formant speech in over a hundred languages (Debian package `espeak-ng`).

Robotic next to Piper, but it speaks languages no neural voice here covers.
Each utterance is one `espeak-ng --stdout` call writing a WAV to standard
output (a few milliseconds each).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from typing import ClassVar, Final

from builder.errors import RenderError, RendererUnavailable
from builder.speech.engines import (
    EngineOptions,
    Speech,
    VoiceNotInstalled,
    best_voice,
    no_voice_message,
    quoted,
)

INSTALL_HINT: Final = "eSpeak NG has no voice for it: choose speech_engine: gtts (online) for this article"
_TIMEOUT: Final = 60.0


def _program() -> str:
    program = shutil.which("espeak-ng")
    if program is None:
        raise RendererUnavailable(
            "the espeak speech engine needs the Debian package espeak-ng: run 'make setup'"
            " (or apt-get install espeak-ng)"
        )
    return program


@cache
def installed_voices() -> dict[str, str]:
    """eSpeak NG voice name -> the language tag it speaks (MBROLA voices, which need extra data, left out)."""
    listing = subprocess.run(
        [_program(), "--voices"], capture_output=True, text=True, check=True, timeout=_TIMEOUT
    ).stdout
    found: dict[str, str] = {}
    for row in listing.splitlines()[1:]:
        columns = row.split()
        if len(columns) >= 5 and not columns[4].startswith("mb/"):
            found.setdefault(columns[1], columns[1])
    return found


@cache
def other_languages() -> dict[str, str]:
    """Language tag -> the eSpeak NG voice that speaks it as another language of its own, by the
    priority eSpeak NG lists ('zh' -> 'cmn', Mandarin): for tags whose voice has another name."""
    listing = subprocess.run(
        [_program(), "--voices"], capture_output=True, text=True, check=True, timeout=_TIMEOUT
    ).stdout
    ranked: dict[str, tuple[int, str]] = {}
    for row in listing.splitlines()[1:]:
        columns = row.split()
        if len(columns) < 5 or columns[4].startswith("mb/"):
            continue
        for tag, priority in re.findall(r"\(([\w-]+) (\d+)\)", row):
            if tag not in ranked or int(priority) < ranked[tag][0]:
                ranked[tag] = (int(priority), columns[1])
    return {tag: voice for tag, (_, voice) in ranked.items()}


def _other_language_voice(lang: str) -> str:
    aliases = other_languages()
    tag = lang.replace("_", "-").lower()
    return aliases.get(tag) or aliases.get(tag.split("-")[0], "")


@cache
def _version() -> str:
    out = subprocess.run([_program(), "--version"], capture_output=True, text=True, timeout=_TIMEOUT).stdout
    words = out.split()
    return next((w for w in words if w[:1].isdigit()), "unknown")


class EspeakEngine:
    """eSpeak NG through its command-line program."""

    name: ClassVar[str] = "espeak"
    online: ClassVar[bool] = False
    concurrent: ClassVar[bool] = True
    """Each sentence is its own espeak-ng process, so several can run at once."""

    def __init__(self, program: str, voice: str) -> None:
        self._program = program
        self._voice = voice

    @classmethod
    def check_available(cls) -> None:
        _program()

    @classmethod
    def voices(cls) -> dict[str, str]:
        return installed_voices()

    @classmethod
    def load(cls, options: EngineOptions) -> EspeakEngine:
        program = _program()
        voices = cls.voices()
        voice = options.voice or best_voice(voices, options.lang) or _other_language_voice(options.lang)
        if not voice:
            raise VoiceNotInstalled(no_voice_message("eSpeak NG", options.lang, voices, INSTALL_HINT))
        if voice not in voices:
            raise VoiceNotInstalled(
                f"eSpeak NG has no voice '{voice}': name one that 'espeak-ng --voices' lists"
            )
        return cls(program, voice)

    @property
    def identity(self) -> str:
        return f"espeak-ng {_version()} {self._voice}"

    def synthesize(self, text: str) -> Speech:
        try:
            done = subprocess.run(
                [self._program, "-v", self._voice, "--stdout", "-b", "1", text],
                capture_output=True,
                check=True,
                timeout=_TIMEOUT,
            )
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode(errors="replace").strip() or f"exit code {error.returncode}"
            raise RenderError(f"espeak-ng could not say “{quoted(text)}” ({detail})") from error
        except subprocess.TimeoutExpired as error:
            raise RenderError(f"espeak-ng took longer than {_TIMEOUT:.0f} s on “{quoted(text)}”") from error
        return parse_wav(done.stdout)


def parse_wav(data: bytes) -> Speech:
    """Samples of a 16-bit mono WAV written to a pipe (whose size fields are placeholders)."""
    import numpy as np

    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise RenderError("espeak-ng did not write a WAV file")
    position, rate, payload = 12, 0, b""
    while position + 8 <= len(data):
        chunk, size = (
            data[position : position + 4],
            int.from_bytes(data[position + 4 : position + 8], "little"),
        )
        body = position + 8
        if chunk == b"fmt ":
            rate = int.from_bytes(data[body + 4 : body + 8], "little")
        elif chunk == b"data":
            payload = data[body:]  # the size field of a piped WAV is not the real size
            break
        position = body + size + (size & 1)
    if not rate:
        raise RenderError("espeak-ng wrote a WAV file without a format chunk")
    payload = payload[: len(payload) - len(payload) % 2]
    samples = np.frombuffer(payload, dtype="<i2").astype(np.float32) / 32768.0
    return Speech(samples, rate)
