"""What keeps the audio's memory down: long sentences said in parts, sentences spoken at once within a
budget, the engine let go before the levels are set, and the levelling libraries imported only then."""

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
    assert (
        len(long) < engine.most_characters <= recording._BUDGET * len(long)
    )  # a long one beside a short one
    assert engine.most_characters < 2 * len(long)  # never the two long ones at once
    assert engine.most_sentences == 2  # short sentences are still spoken two at a time
    alone = record(_script(texts), engine=CountingEngine(), cache=SentenceCache(None), head=0.5, tail=1.0)
    assert together.cues == alone.cues
    assert np.array_equal(
        together.signal.read(0, together.signal.length), alone.signal.read(0, alone.signal.length)
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Short enough.", [("Short enough.", 0.0)]),
        (
            "ALS is sometimes referred to as Lou Gehrig's disease, named for the New York Yankee baseball"
            " player who developed the condition later in his life.",
            [
                ("ALS is sometimes referred to as Lou Gehrig's disease,", recording.PART_PAUSE),
                (
                    "named for the New York Yankee baseball player who developed the condition later in his life.",
                    0.0,
                ),
            ],
        ),
        (  # no pause inside: cut before the word a clause starts with, never inside "stem cells"
            "The researchers started their research by altering mesenchymal stem cells in the laboratory so"
            " that they produce neurotrophic growth factors.",
            [
                (
                    "The researchers started their research by altering mesenchymal stem cells in the laboratory",
                    recording.WORD_PAUSE,
                ),
                ("so that they produce neurotrophic growth factors.", 0.0),
            ],
        ),
        (  # the comma would leave 100 characters after it: the phrase word makes two halves that fit
            "Safety and Clinical Effects of Mesenchymal Stem Cells Secreting Neurotrophic Factor Transplantation"
            " in Patients With Lateral Sclerosis: Results of Trials.",
            [
                (
                    "Safety and Clinical Effects of Mesenchymal Stem Cells Secreting Neurotrophic Factor"
                    " Transplantation",
                    recording.WORD_PAUSE,
                ),
                ("in Patients With Lateral Sclerosis: Results of Trials.", 0.0),
            ],
        ),
        (  # a spaced dash is a pause too
            "Take one tablet every morning with plenty of water and food — and call the clinic at once if you"
            " feel dizzy or faint or short of breath.",
            [
                ("Take one tablet every morning with plenty of water and food —", recording.PART_PAUSE),
                ("and call the clinic at once if you feel dizzy or faint or short of breath.", 0.0),
            ],
        ),
        (  # more parts when two would still be too long
            "If you feel dizzy, faint or short of breath after taking the tablets, or your lips or face swell,"
            " stop taking them, call the clinic at once, day or night, and bring this leaflet and all of your"
            " medicines with you when you come, so that the nurse can see what you took.",
            [
                (
                    "If you feel dizzy, faint or short of breath after taking the tablets,",
                    recording.PART_PAUSE,
                ),
                (
                    "or your lips or face swell, stop taking them, call the clinic at once,",
                    recording.PART_PAUSE,
                ),
                (
                    "day or night, and bring this leaflet and all of your medicines with you when you come,",
                    recording.PART_PAUSE,
                ),
                ("so that the nurse can see what you took.", 0.0),
            ],
        ),
        (  # Chinese: full-width and ideographic commas, no space after them; a sign counts as four letters
            "如果您在服药后感到头晕、昏厥或呼吸急促，或者嘴唇或面部肿胀，请立即停止服药，无论白天还是晚上都请立即致电诊所，"
            "并带上这份说明书和您正在服用的所有药物，以便护士能够看到您服用了什么药物以及服用了多少剂量。",
            [
                ("如果您在服药后感到头晕、", recording.PART_PAUSE),
                ("昏厥或呼吸急促，或者嘴唇或面部肿胀，", recording.PART_PAUSE),
                ("请立即停止服药，无论白天还是晚上都请立即致电诊所，", recording.PART_PAUSE),
                ("并带上这份说明书和您正在服用的所有药物，", recording.PART_PAUSE),
                ("以便护士能够看到您服用了什么药物以及服用了多少剂量。", 0.0),
            ],
        ),
        ("x" * 150, [("x" * 150, 0.0)]),  # nowhere to cut: said whole
    ],
)
def test_a_long_sentence_is_said_in_parts_where_a_speaker_pauses(
    text: str, parts: list[tuple[str, float]]
) -> None:
    assert recording.spoken_parts(text, 110) == parts
    assert recording.spoken_parts(text, None) == [(text, 0.0)]


def test_a_long_part_is_not_cut_between_a_verb_and_its_preposition() -> None:
    # From the seed: "the researchers who worked | on this study..." was heard as two thoughts.
    text = "the researchers who worked on this study will now confirm these results in larger clinical trials."
    assert recording.spoken_parts(text, 90) == [
        ("the researchers who worked on this study will now confirm these results", recording.WORD_PAUSE),
        ("in larger clinical trials.", 0.0),
    ]


def test_the_parts_of_a_sentence_make_one_cue_with_the_pause_between(tmp_path: Path) -> None:
    class Limited(CountingEngine):
        longest: ClassVar[int] = 40

    sentence = "The first half of a long sentence, and its second half after the comma."
    engine = Limited()
    cache = SentenceCache(tmp_path / "cache")
    made = record(_script(["Title.", sentence]), engine=engine, cache=cache, head=0.5, tail=1.0, threads=2)
    assert engine.most_characters <= round(recording._BUDGET * 38)  # never the whole sentence at once
    assert [cue.text for cue in made.cues] == ["Title.", sentence]  # the transcript keeps the sentence
    assert made.synthesised == 3  # the title and the two parts, each cached on its own
    first, second = (
        engine.synthesize(text)
        for text in ("The first half of a long sentence,", "and its second half after the comma.")
    )
    words = len(first.samples) + round(recording.PART_PAUSE * 22050) + len(second.samples)
    assert (
        abs((made.cues[1].end - made.cues[1].start) * 22050 - words) < 0.05 * 22050
    )  # less the trimmed edges
    again = record(
        _script(["Title.", sentence]), engine=Limited(), cache=cache, head=0.5, tail=1.0, threads=2
    )
    assert again.synthesised == 0 and again.cues == made.cues


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
        " print(sorted(m for m in ('pyebur128', 'lameenc', 'mutagen') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_an_mp3_build_imports_neither_scipy_nor_pyloudnorm(tmp_path: Path) -> None:
    """Resampling, true peaks and the limiter are numpy's, loudness libebur128's: scipy's import alone
    took two seconds of CPU and 80 MB. (scipy and pyloudnorm stay as the tests' references.)"""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        " from test_audio import new_project, render;"
        " built = render(new_project(Path(sys.argv[2])), speech_engine='espeak');"
        " assert any(p.suffix == '.mp3' for p in built.result.files);"
        " print(sorted(m for m in ('scipy', 'pyloudnorm', 'pyebur128') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(tmp_path)],
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.splitlines()[-1] == "['pyebur128']"
