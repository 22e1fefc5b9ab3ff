"""gTTS: Google's online speech, used only when the settings choose it.

The text of the handout leaves the machine, so this engine is never picked
on its own: not as a default, and not as a fallback unless `speech_fallback`
names it. When the service cannot be reached, rate-limits (HTTP 429) or
fails, it retries with back-off and then stops with one line naming the cause.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import time
from functools import cache
from importlib import metadata
from typing import Any, ClassVar, Final

from builder.errors import RenderError, RendererUnavailable
from builder.speech.engines import (
    EngineOptions,
    Speech,
    VoiceNotInstalled,
    best_voice,
    no_voice_message,
    quoted,
)

logger = logging.getLogger(__name__)

SAMPLE_RATE: Final = 24000
"""gTTS returns 24 kHz MP3; it is decoded at that rate."""
_RETRIED_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_sleep = time.sleep
"""How the back-off waits (tests replace it, so they never wait)."""


class GttsEngine:
    """Google Translate's text-to-speech through the gTTS package (online)."""

    name: ClassVar[str] = "gtts"
    online: ClassVar[bool] = True

    def __init__(self, lang: str, options: EngineOptions) -> None:
        self._lang = lang
        self._options = options

    @classmethod
    def check_available(cls) -> None:
        try:
            import gtts  # noqa: F401
        except ImportError as error:
            raise RendererUnavailable(f"the gtts speech engine needs the gTTS package ({error})") from error
        if shutil.which("ffmpeg") is None:
            raise RendererUnavailable(
                "the gtts speech engine needs ffmpeg to read Google's MP3: run 'make setup'"
            )

    @classmethod
    def voices(cls) -> dict[str, str]:
        from gtts.lang import tts_langs

        return {code: code for code in tts_langs()}

    @classmethod
    def load(cls, options: EngineOptions) -> GttsEngine:
        voices = cls.voices()
        lang = options.voice or best_voice(voices, options.lang)
        if lang not in voices:
            raise VoiceNotInstalled(
                no_voice_message("gTTS", options.lang, voices, "choose speech_engine: espeak for it")
            )
        return cls(lang, options)

    @property
    def identity(self) -> str:
        try:
            version = metadata.version("gTTS")
        except metadata.PackageNotFoundError:
            version = "unknown"
        return f"gtts {version} {self._lang}"

    def synthesize(self, text: str) -> Speech:
        mp3 = self._fetch(text)
        return decode_mp3(mp3, SAMPLE_RATE)

    def _fetch(self, text: str) -> bytes:
        from gtts import gTTS, gTTSError

        delay = self._options.backoff
        attempts = max(1, self._options.retries + 1)
        for attempt in range(1, attempts + 1):
            buffer = io.BytesIO()
            try:
                gTTS(text, lang=self._lang, lang_check=False, timeout=30).write_to_fp(buffer)
            except gTTSError as error:
                status = _status(error)
                cause = failure_cause(status)
                if (status is None or status in _RETRIED_STATUSES) and attempt < attempts:
                    logger.warning("gTTS: %s; trying again in %.0f s", cause, delay)
                    _sleep(delay)
                    delay *= 2
                    continue
                raise RenderError(
                    f"gTTS: {cause} (tried {attempt} time{'s' if attempt > 1 else ''}): rebuild later,"
                    " or choose an offline engine (speech_engine: piper) or list one in speech_fallback"
                ) from error
            if buffer.tell() == 0:
                raise RenderError(f"gTTS: Google returned no audio for “{quoted(text)}”")
            return buffer.getvalue()
        raise AssertionError("unreachable")  # the loop returns or raises


def _status(error: Any) -> int | None:
    response = getattr(error, "rsp", None)
    return int(response.status_code) if response is not None else None


def failure_cause(status: int | None) -> str:
    """The cause of a failed request, in words clinic staff can act on."""
    if status is None:
        return "Google's speech service cannot be reached (is this computer offline?)"
    if status == 429:
        return "Google's speech service is rate-limiting this computer (HTTP 429, too many requests)"
    if status >= 500:
        return f"Google's speech service is failing (HTTP {status})"
    return f"Google's speech service refused the request (HTTP {status})"


@cache
def _ffmpeg() -> str:
    program = shutil.which("ffmpeg")
    if program is None:
        raise RendererUnavailable("reading MP3 needs ffmpeg: run 'make setup'")
    return program


def decode_mp3(data: bytes, sample_rate: int) -> Speech:
    """Mono float samples of an MP3, resampled by ffmpeg to `sample_rate`."""
    import numpy as np

    done = subprocess.run(
        [_ffmpeg(), "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-ar", str(sample_rate), "-"],
        input=data,
        capture_output=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RenderError(
            f"the MP3 from gTTS cannot be decoded ({done.stderr.decode(errors='replace').strip()})"
        )
    return Speech(np.frombuffer(done.stdout, dtype="<f4").copy(), sample_rate)
