"""Speech engines: plug-ins of the `builder.speech_engines` entry-point group.

An engine turns one sentence of text into mono samples. It is loaded once per
render (a neural voice takes a second to load) and then asked for one
utterance at a time, which gives the transcript its exact timings and the
sentence cache its unit. The built-in engines are declared in pyproject.toml
exactly as a third-party engine would declare its own.

An engine whose `synthesize` may be called from several threads at once says
so with a class attribute `concurrent = True` (optional; without it, one
sentence at a time): the renderer then speaks `threads` sentences at once
and loads the engine with `threads=1`. An engine whose memory grows with the
text it is given says how much it takes at once with `longest = N` characters
(optional): a longer sentence is given to it in parts, split where a speaker
pauses (recording.spoken_parts), so memory does not depend on the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from builder.errors import RendererUnavailable
from builder.plugins import ENGINES_GROUP, PluginRegistry

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Speech:
    """Mono samples in -1..1 at `sample_rate`: what an engine says for one utterance."""

    samples: npt.NDArray[np.float32]
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How an engine is loaded: its voice for the article's language and its CPU budget."""

    lang: str
    """The article's BCP 47 language tag, such as en-US."""
    voice: str = ""
    """A voice name or a voice file; empty for the engine's default voice for `lang`."""
    threads: int = 1
    """CPU threads the engine may use (Piper's onnxruntime intra-op threads)."""
    retries: int = 3
    """Online engines: how many times a failed request is tried again."""
    backoff: float = 2.0
    """Online engines: seconds before the first retry; doubled for each further one."""


class VoiceNotInstalled(RendererUnavailable):
    """No installed voice of an engine speaks the article's language."""


@runtime_checkable
class SpeechEngine(Protocol):
    """The contract every speech engine fulfils."""

    name: ClassVar[str]
    """The engine's name in settings (`speech_engine`) and in the entry point."""
    online: ClassVar[bool]
    """True if the engine sends the text over the network (only ever used when chosen)."""

    @classmethod
    def check_available(cls) -> None:
        """Raise RendererUnavailable, saying what to install, if this machine lacks the engine."""

    @classmethod
    def voices(cls) -> dict[str, str]:
        """Installed voices: voice name -> the language tag it speaks (such as en-US)."""
        ...

    @classmethod
    def load(cls, options: EngineOptions) -> SpeechEngine:
        """The engine ready to speak `options.lang`; VoiceNotInstalled if no voice speaks it."""
        ...

    @property
    def identity(self) -> str:
        """Engine, engine version and voice: part of the cache key, so a new voice re-synthesises."""
        ...

    def synthesize(self, text: str) -> Speech:
        """Say one utterance; RenderError (one line, naming the cause) if the engine fails."""
        ...


class EngineRegistry(PluginRegistry[type[SpeechEngine]]):
    """The installed speech engines."""

    group = ENGINES_GROUP
    kind = "speech engine"
    kinds = "engines"
    where = " (set speech_engine in source/handout.yaml or the article's front matter)"


def language_matches(voice_lang: str, wanted: str) -> int:
    """How well a voice's language fits the article's: 2 exact, 1 same language, 0 not at all."""
    voice_tag = voice_lang.replace("_", "-").lower()
    wanted_tag = wanted.replace("_", "-").lower()
    if voice_tag == wanted_tag:
        return 2
    return 1 if voice_tag.split("-")[0] == wanted_tag.split("-")[0] else 0


def best_voice(voices: Mapping[str, str], lang: str) -> str:
    """The installed voice that best speaks `lang` (same region first), or '' if none does."""
    ranked = sorted(
        ((language_matches(voice_lang, lang), name) for name, voice_lang in voices.items()),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return ranked[0][1] if ranked and ranked[0][0] > 0 else ""


def voice_for(lang: str, *, voice: str, voices: Mapping[str, str]) -> str:
    """The configured voice for `lang`: settings.voices (exact tag, then language), else settings.voice."""
    for tag, name in voices.items():
        if language_matches(tag, lang) == 2:
            return name
    for tag, name in voices.items():
        if language_matches(tag, lang) == 1:
            return name
    return voice


def quoted(text: str, *, length: int = 40) -> str:
    """The start of a sentence, on one line, for a message ("Take one tablet with …")."""
    words = " ".join(text.split())
    return words if len(words) <= length else words[:length].rstrip() + " …"


def no_voice_message(engine: str, lang: str, installed: Iterable[str], hint: str) -> str:
    """The one line that says no voice speaks `lang` and what to install."""
    have = ", ".join(sorted(installed)) or "none"
    return f"no {engine} voice speaks '{lang}' (installed: {have}): {hint}"
