"""What keeps the audio's memory down: sentences spoken at once within a budget, the engine let go
before the levels are set, and the levelling libraries imported only then."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from builder.speech import recording, stream
from builder.speech.cache import SentenceCache
from builder.speech.engines import Speech
from builder.speech.recording import record
from builder.speech.script import Chapter, SpeechScript, Utterance


class CountingEngine:
    """A concurrent engine that notes the characters it is speaking at once; each text always gives
    the same samples."""

    name: ClassVar[str] = "counting"
    concurrent: ClassVar[bool] = True
    identity = "counting 1"
    sample_rate = 22050

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.speaking: list[str] = []
        self.most_characters = 0
        self.most_sentences = 0

    def synthesize(self, text: str) -> Speech:
        with self.lock:
            self.speaking.append(text)
            self.most_characters = max(self.most_characters, sum(len(t) for t in self.speaking))
            self.most_sentences = max(self.most_sentences, len(self.speaking))
        time.sleep(len(text) / 1000)  # as an engine: longer sentences take longer
        with self.lock:
            self.speaking.remove(text)
        seed = sum(map(ord, text))
        samples = np.sin(np.arange(len(text) * 200) * (0.05 + seed % 7 / 100)).astype(np.float32) * 0.5
        return Speech(samples, self.sample_rate)


def _script(texts: list[str]) -> SpeechScript:
    return SpeechScript(
        "en",
        "T",
        (Chapter("opening", "T"),),
        tuple(Utterance(text, text, "sentence", "opening", n) for n, text in enumerate(texts)),
    )


def test_sentences_spoken_at_once_stay_within_the_budget(tmp_path: Path) -> None:
    long = "A long sentence that takes a great deal of memory to speak, " * 2
    texts = ["Short one.", "Short two.", long, "Short three.", long.upper(), "Short four.", "Short five."]
    engine = CountingEngine()
    together = record(_script(texts), engine=engine, cache=SentenceCache(None), head=0.5, tail=1.0, threads=2)
    assert len(long) < engine.most_characters <= recording._BUDGET * len(long)  # a long one beside a short one
    assert engine.most_characters < 2 * len(long)  # never the two long ones at once
    assert engine.most_sentences == 2  # short sentences are still spoken two at a time
    alone = record(_script(texts), engine=CountingEngine(), cache=SentenceCache(None), head=0.5, tail=1.0)
    assert together.cues == alone.cues
    assert np.array_equal(
        together.signal.read(0, together.signal.length), alone.signal.read(0, alone.signal.length)
    )


def test_a_failing_sentence_fails_the_recording_and_stops_the_speakers(tmp_path: Path) -> None:
    class Failing(CountingEngine):
        def synthesize(self, text: str) -> Speech:
            if text == "Bad.":
                raise RuntimeError("cannot say it")
            return super().synthesize(text)

    with pytest.raises(RuntimeError, match="cannot say it"):
        record(
            _script(["Good.", "Bad.", "Good again."]),
            engine=Failing(),
            cache=SentenceCache(None),
            head=0.5,
            tail=1.0,
            threads=2,
        )
    assert not [t for t in threading.enumerate() if t.name.startswith("speech-")]


def test_the_engine_is_let_go_before_the_levels_are_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_audio import new_project, render

    from builder.speech.engines.espeak import EspeakEngine

    loaded: list[weakref.ref[Any]] = []
    original_load = EspeakEngine.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[EspeakEngine], options: Any) -> EspeakEngine:
        engine = original_load(cls, options)
        loaded.append(weakref.ref(engine))
        return engine

    alive_when_levelled: list[bool] = []
    normalised = stream.normalised

    def levelled(*args: Any, **kwargs: Any) -> stream.Signal:
        alive_when_levelled.append(any(ref() is not None for ref in loaded))
        return normalised(*args, **kwargs)

    monkeypatch.setattr(EspeakEngine, "load", classmethod(load))
    monkeypatch.setattr(stream, "normalised", levelled)
    render(new_project(tmp_path), speech_engine="espeak")
    assert len(loaded) == 1
    assert alive_when_levelled == [False]


def test_checking_the_mp3_format_imports_none_of_its_levelling_libraries() -> None:
    code = (
        "import sys; from builder.renderers.audio import AudioRenderer; AudioRenderer.check_available();"
        " print(sorted(m for m in ('scipy', 'pyloudnorm', 'lameenc') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
