"""Speak a speech script, sentence by sentence, into one timed recording.

Each utterance comes from the sentence cache or the engine, is trimmed of
the engine's own leading and trailing silence and laid end to end with the
script's pauses, at the engine's own sample rate (levels are set at that rate,
which halves their cost for a 22.05 kHz voice; the renderer converts the
finished recording to 44.1 kHz once). Because every sentence is synthesised on
its own, the position of each one in the recording is known exactly: that
gives the transcript cues and the chapter marks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from builder.speech import audio
from builder.speech.cache import SentenceCache
from builder.speech.engines import SpeechEngine
from builder.speech.script import SpeechScript
from builder.speech.transcript import ChapterMark, Cue

if TYPE_CHECKING:
    from builder.speech.audio import Samples

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recording:
    """The assembled speech at `rate` (levels not yet set), with where everything is in it."""

    samples: Samples
    rate: int
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterMark, ...]
    synthesised: int
    """Utterances the engine said in this build (the others came from the cache)."""
    cached: int
    synthesis_seconds: float
    """Time spent in the engine (cache hits cost nothing here)."""

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def record(
    script: SpeechScript,
    *,
    engine: SpeechEngine,
    cache: SentenceCache,
    head: float,
    tail: float,
    progress: Callable[[int, int], None] | None = None,
) -> Recording:
    """Say every utterance of `script` (from `cache` where it can) and lay them out in time."""
    import numpy as np

    rate = 0  # the first utterance's rate; the others are converted to it
    parts: list[Samples] = []
    position = head
    cues: list[Cue] = []
    synthesised = 0
    engine_time = 0.0
    hits_before = cache.hits
    spoken = [u for u in script.utterances if u.spoken.strip()]
    for number, utterance in enumerate(spoken, start=1):
        speech = cache.get(engine.identity, utterance.spoken)
        if speech is None:
            started = time.perf_counter()
            speech = engine.synthesize(utterance.spoken)
            engine_time += time.perf_counter() - started
            synthesised += 1
            cache.put(engine.identity, utterance.spoken, speech)
        rate = rate or speech.sample_rate
        words = audio.resample(
            audio.trim_silence(speech.samples, speech.sample_rate), speech.sample_rate, rate
        )
        if len(words) == 0:
            logger.warning("the engine said nothing for %r", utterance.spoken[:60])
            continue
        if cues and utterance.pause_before:
            parts.append(audio.silence(utterance.pause_before, rate))
            position += len(parts[-1]) / rate
        start = position
        parts.append(words)
        position += len(words) / rate
        cues.append(Cue(start, position, utterance.shown or utterance.spoken, utterance.chapter))
        if number < len(spoken):
            parts.append(audio.silence(utterance.pause_after, rate))
            position += len(parts[-1]) / rate
        if progress is not None:
            progress(number, len(spoken))
    rate = rate or audio.SAMPLE_RATE
    parts.insert(0, audio.silence(head, rate))
    parts.append(audio.silence(tail, rate))
    samples = np.concatenate(parts).astype(np.float32)
    total = len(samples) / rate
    return Recording(
        samples=samples,
        rate=rate,
        cues=tuple(cues),
        chapters=chapter_marks(script, cues, total),
        synthesised=synthesised,
        cached=cache.hits - hits_before,
        synthesis_seconds=engine_time,
    )


def chapter_marks(script: SpeechScript, cues: list[Cue], total: float) -> tuple[ChapterMark, ...]:
    """One mark per chapter that says anything, starting at its first cue; together they cover `total`."""
    titles = {chapter.id: chapter.title for chapter in script.chapters}
    starts: dict[str, float] = {}
    for cue in cues:
        starts.setdefault(cue.chapter, cue.start)
    ordered = sorted(starts.items(), key=lambda item: item[1])
    marks: list[ChapterMark] = []
    for index, (chapter, start) in enumerate(ordered):
        begin = 0.0 if index == 0 else start
        end = ordered[index + 1][1] if index + 1 < len(ordered) else total
        marks.append(ChapterMark(chapter, titles.get(chapter, chapter), begin, end))
    return tuple(marks)
