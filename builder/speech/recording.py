"""Speak a speech script, sentence by sentence, into one timed recording.

Each utterance comes from the sentence cache or the engine, is trimmed of
the engine's own leading and trailing silence and laid end to end with the
script's pauses, at the engine's own sample rate (levels are set at that rate,
which halves their cost for a 22.05 kHz voice; the renderer converts the
finished recording to 44.1 kHz once). Because every sentence is synthesised on
its own, the position of each one in the recording is known exactly: that
gives the transcript cues and the chapter marks.

An engine that can speak several sentences at once (`concurrent`) is given
up to `threads` sentences at a time, a few ahead of the one being laid out;
the recording is assembled in the script's order whatever order they finish
in. The memory a sentence takes to speak grows with its length (Piper: about
1.5 MB a character, for the decoder's buffers), so the sentences spoken at
once are together no longer than one and a half times the script's longest
(`_BUDGET`): a long sentence is spoken beside short ones, never beside another
long one, and the engine needs little more memory than for one sentence at a time.
The recording goes to a file in `scratch` as it is made, so memory does not
grow with the article.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from builder.speech import audio
from builder.speech.cache import SentenceCache, as_stored
from builder.speech.engines import Speech, SpeechEngine
from builder.speech.script import SpeechScript, Utterance
from builder.speech.stream import Signal, SignalWriter
from builder.speech.transcript import ChapterMark, Cue

logger = logging.getLogger(__name__)

SYNTHESIS_VERSION: Final = 2
"""Bumped whenever the same script is laid out or spoken otherwise (in the mp3's fingerprint).
2: Piper a tenth slower (`engines.piper.LENGTH_SCALE`)."""
_AHEAD: Final = 3
"""Sentences asked for per thread ahead of the one being laid out: keeps every thread busy, bounds memory."""
_BUDGET: Final = 1.5
"""Characters spoken at once, as a share of the script's longest sentence (one longer still speaks alone).
A cold build of the seed, alternating: 1.0 took 36.4 s and 611 MiB, 1.5 31.6 s and 711 MiB, 2.0 (any
two sentences) 31.8 s and 692 MiB; at 1.0 the second thread waited too often."""


@dataclass(frozen=True)
class Recording:
    """The assembled speech at `rate` (levels not yet set), with where everything is in it."""

    signal: Signal
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterMark, ...]
    synthesised: int
    """Utterances the engine said in this build (the others came from the cache)."""
    cached: int
    synthesis_seconds: float
    """Time spent in the engine, summed over its threads (cache hits cost nothing here)."""

    @property
    def rate(self) -> int:
        return self.signal.rate

    @property
    def seconds(self) -> float:
        return self.signal.length / self.signal.rate


def _timed(engine: SpeechEngine, text: str) -> tuple[Speech, float]:
    started = time.perf_counter()
    speech = engine.synthesize(text)
    return speech, time.perf_counter() - started


def record(
    script: SpeechScript,
    *,
    engine: SpeechEngine,
    cache: SentenceCache,
    head: float,
    tail: float,
    threads: int = 1,
    scratch: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Recording:
    """Say every utterance of `script` (from `cache` where it can) and lay them out in time.

    `threads` sentences are synthesised at once if the engine is `concurrent`;
    the samples go to a file in `scratch` (kept in memory if None).
    """
    spoken = [u for u in script.utterances if u.spoken.strip()]
    parallel = threads > 1 and bool(getattr(engine, "concurrent", False))
    longest = max((len(u.spoken) for u in spoken), default=0)
    pool = Speakers(engine, threads, budget=round(_BUDGET * longest)) if parallel else None
    try:
        return _assemble(script, spoken, engine, cache, head, tail, pool, threads, scratch, progress)
    finally:
        if pool is not None:
            pool.shutdown()


def _assemble(
    script: SpeechScript,
    spoken: list[Utterance],
    engine: SpeechEngine,
    cache: SentenceCache,
    head: float,
    tail: float,
    pool: Speakers | None,
    threads: int,
    scratch: Path | None,
    progress: Callable[[int, int], None] | None,
) -> Recording:
    hits_before = cache.hits
    synthesised = 0
    engine_time = 0.0
    # The cache is asked in script order, here; only the engine runs in the pool.
    ahead: deque[tuple[Utterance, Speech | Future[tuple[Speech, float]]]] = deque()
    asked: dict[str, Future[tuple[Speech, float]]] = {}
    upcoming = iter(spoken)

    def ask() -> bool:
        utterance = next(upcoming, None)
        if utterance is None:
            return False
        found = cache.get(engine.identity, utterance.spoken)
        if found is not None:
            ahead.append((utterance, found))
        else:
            if utterance.spoken not in asked:
                asked[utterance.spoken] = (
                    pool.submit(utterance.spoken) if pool is not None else _pending(engine, utterance.spoken)
                )
            ahead.append((utterance, asked[utterance.spoken]))
        return True

    writer: SignalWriter | None = None
    rate = 0  # the first utterance's rate; the others are converted to it
    position = head
    cues: list[Cue] = []
    number = 0
    window = threads * _AHEAD if pool is not None else 1
    while len(ahead) < window and ask():
        pass
    while ahead:
        utterance, got = ahead.popleft()
        number += 1
        if isinstance(got, Future):
            speech, took = got.result()
            if asked.pop(utterance.spoken, None) is not None:
                synthesised += 1
                engine_time += took
                cache.put(engine.identity, utterance.spoken, speech)
        else:
            speech = got
        while len(ahead) < window and ask():
            pass
        speech = as_stored(speech)
        if writer is None:
            rate = speech.sample_rate
            writer = SignalWriter(scratch, "recording", rate)
            writer.append(audio.silence(head, rate))
        words = audio.trim_silence(speech.samples, speech.sample_rate)
        words = audio.resample(words, speech.sample_rate, rate)
        if len(words) == 0:
            logger.warning("the engine said nothing for %r", utterance.spoken[:60])
            continue
        if cues and utterance.pause_before:
            pause = audio.silence(utterance.pause_before, rate)
            writer.append(pause)
            position += len(pause) / rate
        start = position
        writer.append(words)
        position += len(words) / rate
        cues.append(Cue(start, position, utterance.shown or utterance.spoken, utterance.chapter))
        if number < len(spoken):
            pause = audio.silence(utterance.pause_after, rate)
            writer.append(pause)
            position += len(pause) / rate
        if progress is not None:
            progress(number, len(spoken))
    if writer is None:
        rate = audio.SAMPLE_RATE
        writer = SignalWriter(scratch, "recording", rate)
        writer.append(audio.silence(head, rate))
    writer.append(audio.silence(tail, rate))
    signal = writer.close()
    return Recording(
        signal=signal,
        cues=tuple(cues),
        chapters=chapter_marks(script, cues, signal.length / rate),
        synthesised=synthesised,
        cached=cache.hits - hits_before,
        synthesis_seconds=engine_time,
    )


class Speakers:
    """`threads` threads speaking the sentences given them, together at most `budget` characters at once.

    Each free thread takes the first waiting sentence that fits beside those
    being spoken (one longer than the budget is spoken alone), so a long
    sentence waits for the short ones before it rather than doubling the memory.
    """

    def __init__(self, engine: SpeechEngine, threads: int, *, budget: int) -> None:
        self._engine = engine
        self._budget = budget
        self._waiting: list[tuple[str, Future[tuple[Speech, float]]]] = []
        self._speaking = 0
        """Characters being spoken now."""
        self._changed = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._speak, name=f"speech-{number}", daemon=True)
            for number in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, text: str) -> Future[tuple[Speech, float]]:
        future: Future[tuple[Speech, float]] = Future()
        with self._changed:
            self._waiting.append((text, future))
            self._changed.notify_all()
        return future

    def _next(self) -> tuple[str, Future[tuple[Speech, float]]] | None:
        """The first waiting sentence that fits (None once shut down), counted as being spoken."""
        with self._changed:
            while not self._closed:
                for index, (text, future) in enumerate(self._waiting):
                    if self._speaking == 0 or self._speaking + len(text) <= self._budget:
                        del self._waiting[index]
                        self._speaking += len(text)
                        return text, future
                self._changed.wait()
            return None

    def _speak(self) -> None:
        while (job := self._next()) is not None:
            text, future = job
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(_timed(self._engine, text))
                    except Exception as error:  # noqa: BLE001  # raised again in the thread that waits for it
                        future.set_exception(error)
            finally:
                with self._changed:
                    self._speaking -= len(text)
                    self._changed.notify_all()

    def shutdown(self) -> None:
        """Stop taking sentences, cancel those waiting and wait for those being spoken."""
        with self._changed:
            self._closed = True
            for _, future in self._waiting:
                future.cancel()
            self._waiting.clear()
            self._changed.notify_all()
        for thread in self._threads:
            thread.join()


def _pending(engine: SpeechEngine, text: str) -> Future[tuple[Speech, float]]:
    """The engine's speech for `text`, said now, as a finished future (no pool: one sentence at a time)."""
    done: Future[tuple[Speech, float]] = Future()
    done.set_result(_timed(engine, text))
    return done


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
