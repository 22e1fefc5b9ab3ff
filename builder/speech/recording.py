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
1.5 MB a character, for the decoder's buffers), so an engine that says how much
text it takes at once (`longest`) is given a longer sentence in parts
(`spoken_parts`), cut where a speaker pauses and joined with the pause the
engine makes there itself, and the parts spoken at once are together no longer
than twice the longest (`_BUDGET`; a part that could not be cut short enough is
spoken beside short ones only). A free thread takes the longest waiting part
that fits, so the short ones fill in beside it. Memory depends neither on the
article's length (the recording goes to a file in `scratch` as it is made) nor
on its longest sentence.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder.speech import audio
from builder.speech.cache import SentenceCache, as_stored
from builder.speech.engines import Speech, SpeechEngine
from builder.speech.script import SpeechScript, Utterance
from builder.speech.stream import Signal, SignalWriter
from builder.speech.transcript import ChapterMark, Cue

if TYPE_CHECKING:
    from builder.speech.audio import Samples

logger = logging.getLogger(__name__)

SYNTHESIS_VERSION: Final = 4
"""Bumped whenever the same script is laid out, spoken or levelled otherwise (in the mp3's fingerprint).
2: Piper a tenth slower (`engines.piper.LENGTH_SCALE`); 3: long sentences said in parts; 4: loudness
measured by libebur128 (0.04 LU from pyloudnorm's), resampling in numpy."""
PART_PAUSE: Final = 0.3
"""Seconds between the parts of a sentence split after a comma, semicolon, colon or dash: Piper's own
pause after "results," in "Encouraged by these results, the researchers..." is 0.35 s."""
WORD_PAUSE: Final = 0.08
"""Seconds between parts split between two words (a sentence with no pause long enough): a word gap."""
_PAUSES = re.compile(r"(?<=[,;:\u060c\u061b])\s+|(?<=[\uff0c\uff1b\uff1a\u3001])\s*|(?<=\s[\u2014\u2013])\s+")
"""Where a speaker pauses inside a sentence: after a comma, semicolon or colon (Arabic's too), after a
full-width comma, semicolon or colon or an ideographic comma (Chinese and Japanese, no space after
them), or after a spaced em or en dash."""
_CLAUSE_START = re.compile(
    r"(?:and|or|but|so|that|which|who|whose|whom|when|while|where|because|although|unless|until|if"
    r"|y|o|pero|que|porque|cuando|donde|aunque|si|et|ou|mais|qui|quand|lorsque|parce|car)\b",
    re.IGNORECASE,
)
"""Words a clause starts with (English, Spanish, French): conjunctions and relatives."""
_PHRASE_START = re.compile(
    r"(?:in|on|at|for|to|from|by|of|with|without|during|after|before|con|sin|en|para|por|durante|después"
    r"|avec|sans|dans|pour|par|pendant|après|avant)\b",
    re.IGNORECASE,
)
"""Prepositions a phrase starts with: a cut before one comes after a clause's start, since a preposition is
often part of the verb before it ("worked on", "referred to")."""
_PARTICLE_VERB = re.compile(r"\w(?:ed|ing)$", re.IGNORECASE)
"""A word before a preposition that is likely a verb taking it ("worked | on", "referring | to"): a cut
there comes after any other before a preposition."""
_AHEAD: Final = 6
"""Sentences asked for per thread ahead of the one being laid out: keeps every thread busy, bounds memory
(the speech of those not yet laid out, about 1 MB each). 3 or 6: 6.8 and 6.6 s to speak the seed."""
_BUDGET: Final = 2.0
"""Characters spoken at once, as a share of the longest part (one longer still speaks alone; with parts of
at most `longest` characters, any two parts). Cold builds of the seed, three each, wall time and memory
of all processes at the peak: sentences whole, 1.5, 10.4-10.9 s and 698-720 MiB; in parts of at most
(characters / budget) 150 / 1.0 12.8-13.4 s and 473-475 MiB, 130 / 1.25 11.9-12.2 s and 454-465 MiB,
110 / 1.5 10.6-10.9 s and 465-485 MiB, 110 / 2.0 9.4-9.9 s and 519-548 MiB, 90 / 2.0 9.4-9.6 s and
451-464 MiB (the last two with the longest fitting part first)."""


@dataclass(frozen=True)
class Recording:
    """The assembled speech at `rate` (levels not yet set), with where everything is in it."""

    signal: Signal
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterMark, ...]
    synthesised: int
    """Texts the engine said in this build (sentences, and the parts of long ones; the others came from
    the cache)."""
    cached: int
    synthesis_seconds: float
    """Time spent in the engine, summed over its threads (cache hits cost nothing here)."""

    @property
    def rate(self) -> int:
        return self.signal.rate

    @property
    def seconds(self) -> float:
        return self.signal.length / self.signal.rate


def _joined(speeches: list[tuple[Speech, float]], rate: int) -> Samples:
    """The parts of one sentence at `rate`, each without the engine's silence, with their pauses between."""
    import numpy as np

    pieces: list[Samples] = []
    pause = 0.0  # after the last part that said something
    for speech, after in speeches:
        words = audio.trim_silence(speech.samples, speech.sample_rate)
        if len(words) == 0:
            continue  # a part that says nothing: no pause of its own
        if pieces and pause:
            pieces.append(audio.silence(pause, rate))
        pieces.append(audio.resample(words, speech.sample_rate, rate))
        pause = after
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


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
    limit: int | None = getattr(engine, "longest", None)
    parts = [spoken_parts(u.spoken, limit) for u in spoken]
    longest = max((said_length(text) for said in parts for text, _ in said), default=0)
    pool = Speakers(engine, threads, budget=round(_BUDGET * longest)) if parallel else None
    try:
        said = list(zip(spoken, parts, strict=True))
        return _assemble(script, said, engine, cache, head, tail, pool, threads, scratch, progress)
    finally:
        if pool is not None:
            pool.shutdown()


Got = Speech | Future[tuple[Speech, float]]
"""A part's speech: from the cache, or on its way from the engine."""


def _assemble(
    script: SpeechScript,
    spoken: list[tuple[Utterance, list[tuple[str, float]]]],
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
    ahead: deque[tuple[Utterance, list[tuple[str, Got, float]]]] = deque()
    asked: dict[str, Future[tuple[Speech, float]]] = {}
    upcoming = iter(spoken)

    def fetch(text: str) -> Got:
        found = cache.get(engine.identity, text)
        if found is not None:
            return found
        if text not in asked:
            asked[text] = pool.submit(text) if pool is not None else _pending(engine, text)
        return asked[text]

    def ask() -> bool:
        following = next(upcoming, None)
        if following is None:
            return False
        utterance, said = following
        ahead.append((utterance, [(text, fetch(text), pause) for text, pause in said]))
        return True

    def received(text: str, got: Got) -> Speech:
        nonlocal synthesised, engine_time
        if not isinstance(got, Future):
            return got
        speech, took = got.result()
        if asked.pop(text, None) is not None:
            synthesised += 1
            engine_time += took
            cache.put(engine.identity, text, speech)
        return speech

    writer: SignalWriter | None = None
    rate = 0  # the first utterance's rate; the others are converted to it
    position = head
    cues: list[Cue] = []
    number = 0
    window = threads * _AHEAD if pool is not None else 1
    while len(ahead) < window and ask():
        pass
    while ahead:
        utterance, said = ahead.popleft()
        number += 1
        speeches = [(as_stored(received(text, got)), pause) for text, got, pause in said]
        while len(ahead) < window and ask():
            pass
        if writer is None:
            rate = speeches[0][0].sample_rate
            writer = SignalWriter(scratch, "recording", rate)
            writer.append(audio.silence(head, rate))
        words = _joined(speeches, rate)
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


_SYLLABLE_SIGNS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Chinese characters, Japanese kana and Korean syllables: each one a syllable, as long to say as about
four letters of a Latin script (with their share of a space)."""


def said_length(text: str) -> int:
    """How long `text` takes to say, in characters of a Latin script: its length, with each Chinese,
    Japanese or Korean sign counted as four (the engine's memory grows with the speech it makes)."""
    return len(text) + 3 * len(_SYLLABLE_SIGNS.findall(text))


def spoken_parts(text: str, longest: int | None) -> list[tuple[str, float]]:
    """`text` as the parts an engine that takes at most `longest` characters is given, each with the
    pause after it (0 after the last).

    A longer text is cut where a speaker pauses (after a comma, semicolon, colon or spaced dash),
    else before a word that starts a clause ("which", "and", "que"), else before a preposition ("in",
    "para"): of the first of these kinds there is, the cut that leaves the longer side shortest
    (lengths as `said_length`; neither side under a quarter, or 20 characters); each side is cut again
    while it is too long. With none, it is cut between the two words (or Chinese signs) nearest its
    middle. A comma inside a number ("1,000") has no space after it, so it is never a cut.
    """
    text = text.strip()
    if longest is None or said_length(text) <= longest:
        return [(text, 0.0)]

    def inside(cuts: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        return [cut for cut in cuts if cut[0] > 0 and cut[1] < len(text)]

    def longer_side(cut: tuple[int, int, float]) -> int:
        return max(said_length(text[: cut[0]]), said_length(text[cut[1] :]))

    spaces = inside([(m.start(), m.end(), WORD_PAUSE) for m in re.finditer(r"\s+", text)])
    if not spaces:  # Chinese and Japanese: no spaces, a cut between two signs
        spaces = inside([(m.end(), m.end(), WORD_PAUSE) for m in _SYLLABLE_SIGNS.finditer(text)])
    least = min(20, said_length(text) // 4)  # no part of a word or two before a cut ("Safety | and ...")

    def balanced(cuts: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        return [cut for cut in cuts if min(said_length(text[: cut[0]]), said_length(text[cut[1] :])) >= least]

    kinds = [
        balanced(inside([(m.start(), m.end(), PART_PAUSE) for m in _PAUSES.finditer(text)])),
        balanced([cut for cut in spaces if _CLAUSE_START.match(text, cut[1])]),
        balanced(
            [
                cut
                for cut in spaces
                if _PHRASE_START.match(text, cut[1]) and not _PARTICLE_VERB.search(text, 0, cut[0])
            ]
        ),
        balanced([cut for cut in spaces if _PHRASE_START.match(text, cut[1])]),
    ]
    # The first kind there is (a pause, a clause's start, a phrase's start), its long side cut again
    # if still too long; with none, the middle word gap.
    cuts = next((cuts for cuts in kinds if cuts), spaces)
    if not cuts:
        return [(text, 0.0)]
    start, end, pause = min(cuts, key=longer_side)
    head = spoken_parts(text[:start], longest)
    head[-1] = (head[-1][0], pause)
    return head + spoken_parts(text[end:], longest)


class Speakers:
    """`threads` threads speaking the parts given them, together at most `budget` characters at once.

    Each free thread takes the longest waiting part that fits beside those being
    spoken (one longer than the budget is spoken alone), so a long part is spoken
    beside short ones, the short ones fill in around it, and two long ones never
    double the memory.
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
        """The longest waiting part that fits (None once shut down), counted as being spoken."""
        with self._changed:
            while not self._closed:
                fitting = [
                    index
                    for index, (text, _) in enumerate(self._waiting)
                    if self._speaking == 0 or self._speaking + said_length(text) <= self._budget
                ]
                if fitting:
                    index = max(fitting, key=lambda index: said_length(self._waiting[index][0]))
                    text, future = self._waiting.pop(index)
                    self._speaking += said_length(text)
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
                    self._speaking -= said_length(text)
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
