"""The mp3 format: decode what was built and check format, levels, chapters, transcript, tags and cache."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import math
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from mutagen.id3 import ID3

from builder import Project, load_article, load_settings
from builder.cover import ALBUM_COVER, cover_png
from builder.errors import RenderError
from builder.fonts import load_fonts
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.audio import AudioRenderer, no_piper_voice_warning
from builder.speech import audio
from builder.speech.cache import SentenceCache, cache_key, normalised_text
from builder.speech.engines import EngineOptions
from builder.speech.engines.espeak import EspeakEngine
from builder.speech.recording import record
from builder.speech.script import Chapter, SpeechScript, Utterance
from builder.speech.tags import AlbumInfo, iso639_2, write_tags
from builder.speech.transcript import ChapterMark, Cue, m3u, timestamp, webvtt

ROOT = Path(__file__).resolve().parents[1]

SLEEP = """---
title: Sleep and ALS
lang: en-US
summary: Good sleep helps people with ALS feel better.
date: 2024-03-12
call_to_action: Call us if you have any questions.
---

Many people with ALS sleep badly.

## Why sleep matters

Sleep helps the body rest and repair. Most adults need 7 to 9 hours each night.

## What you can do

Go to bed at the same time each night. Tell your care team if you wake up short of breath.
"""
HEADINGS = ["Why sleep matters", "What you can do"]


# --- helpers: open what was built as a listener's player would -------------------------------


def probe(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            "-show_chapters",
            str(path),
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def decode(path: Path) -> np.ndarray:
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype="<f4")


def frame_bitrates(path: Path) -> tuple[Counter[int], bool]:
    """Bit rate of every MPEG-1 layer III frame after the ID3 tag, and whether a Xing/Info frame leads."""
    data = path.read_bytes()
    position = 10 + int.from_bytes(bytes(b & 0x7F for b in data[6:10]), "big") if data[:3] == b"ID3" else 0
    table = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
    rates: Counter[int] = Counter()
    first = True
    header_frame = False
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        if header >> 21 != 0x7FF or (header >> 19) & 3 != 3 or (header >> 17) & 3 != 1:
            position += 1
            continue
        kbps = table[(header >> 12) & 15]
        length = 144 * kbps * 1000 // 44100 + ((header >> 9) & 1)
        if first:
            header_frame = any(tag in data[position : position + 200] for tag in (b"Xing", b"Info"))
            first = False
        rates[kbps] += 1
        position += max(length, 1)
    return rates, header_frame


def silent_edges(samples: np.ndarray, rate: int = 44100) -> tuple[float, float]:
    """Seconds below -50 dBFS at the start and at the end, in 50 ms windows (as ACX checkers measure)."""
    window = int(0.05 * rate)
    frames = len(samples) // window
    energy = np.mean(samples[: frames * window].reshape(frames, window).astype(np.float64) ** 2, axis=1)
    loud = np.flatnonzero(10 * np.log10(energy + 1e-20) > -50)
    return loud[0] * 0.05, (frames - 1 - loud[-1]) * 0.05


def noise_floor(samples: np.ndarray, rate: int = 44100) -> float:
    """RMS of the quietest 500 ms, in dB."""
    window, hop = rate // 2, rate // 10
    squares = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    starts = np.arange(0, len(samples) - window, hop)
    return 10 * math.log10(float(((squares[starts + window] - squares[starts]) / window).min()) + 1e-20)


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        hours, minutes, rest = stamp.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    cues = []
    for match in re.finditer(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+)", text):
        cues.append((seconds(match.group(1)), seconds(match.group(2)), match.group(3)))
    return cues


@dataclasses.dataclass
class Built:
    root: Path
    result: RenderResult
    renderer: AudioRenderer
    out: Path

    @property
    def mp3(self) -> Path:
        return next(p for p in self.result.files if p.suffix == ".mp3")

    @property
    def vtt(self) -> Path:
        return next(p for p in self.result.files if p.suffix == ".vtt")


def new_project(root: Path, article: str = SLEEP, name: str = "sleep.md") -> Path:
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "source").mkdir()
    shutil.copy(ROOT / "source" / "handout.yaml", root / "source" / "handout.yaml")
    (root / "source" / name).write_text(article, encoding="utf-8")
    return root


def render(
    root: Path, *, name: str = "sleep.md", renderer: AudioRenderer | None = None, **overrides: Any
) -> Built:
    project = Project.at(root)
    article = load_article(
        root / "source" / name, project=project, settings=load_settings(project), overrides=overrides
    )
    options = RenderOptions.prepare(
        article.document, settings=article.settings, project=project, uses=AudioRenderer.uses
    )
    out = root / "out" / str(len(list((root / "out").glob("*"))) if (root / "out").exists() else "0")
    out.mkdir(parents=True)
    renderer = renderer or AudioRenderer(threads=1)
    result = renderer.render(article.document, options=options, out_dir=out)
    return Built(root, result, renderer, out)


@pytest.fixture(scope="module")
def espeak_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The short article spoken by eSpeak NG in the default (speech) profile, built once for this module."""
    return render(new_project(tmp_path_factory.mktemp("espeak")), speech_engine="espeak")


# --- the MP3 itself ---------------------------------------------------------------------------


def test_mp3_is_cbr_44k_mono_with_no_vbr_header(espeak_build: Built) -> None:
    info = probe(espeak_build.mp3)
    stream = info["streams"][0]
    assert stream["codec_name"] == "mp3"
    assert stream["sample_rate"] == "44100"
    assert stream["channels"] == 1
    rates, header_frame = frame_bitrates(espeak_build.mp3)
    assert set(rates) == {96}, rates
    assert sum(rates.values()) > 100
    assert not header_frame


def test_mp3_duration_matches_the_words(espeak_build: Built) -> None:
    duration = float(probe(espeak_build.mp3)["format"]["duration"])
    assert 12 < duration < 60
    assert espeak_build.renderer.last_stats is not None
    assert espeak_build.renderer.last_stats.audio_seconds == pytest.approx(duration, abs=0.2)


def test_mp3_speech_profile_loudness(espeak_build: Built) -> None:
    samples = decode(espeak_build.mp3)
    assert audio.integrated_loudness(samples) == pytest.approx(-16.0, abs=1.0)
    assert audio.true_peak(samples) <= -1.0


def test_mp3_chapters_follow_the_headings(espeak_build: Built) -> None:
    chapters = probe(espeak_build.mp3)["chapters"]
    titles = [c["tags"]["title"] for c in chapters]
    assert titles[0] == "Sleep and ALS"
    assert [t for t in titles if t in HEADINGS] == HEADINGS
    starts = [float(c["start_time"]) for c in chapters]
    ends = [float(c["end_time"]) for c in chapters]
    assert starts[0] == 0.0
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert ends[:-1] == pytest.approx(starts[1:], abs=0.002)
    duration = float(probe(espeak_build.mp3)["format"]["duration"])
    assert ends[-1] == pytest.approx(duration, abs=0.1)
    cues = vtt_cues(espeak_build.vtt.read_text(encoding="utf-8"))
    for heading in HEADINGS:
        chapter_start = starts[titles.index(heading)]
        cue_start = next(start for start, _, text in cues if text == heading)
        assert chapter_start == pytest.approx(cue_start, abs=0.002)


def test_mp3_heading_is_heard_where_its_chapter_starts(espeak_build: Built) -> None:
    samples = decode(espeak_build.mp3)
    chapters = probe(espeak_build.mp3)["chapters"]
    start = float(chapters[1]["start_time"])
    before = samples[int((start - 0.3) * 44100) : int((start - 0.05) * 44100)]
    after = samples[int(start * 44100) : int((start + 0.4) * 44100)]
    assert audio.rms(before) < -50  # the pause before the heading
    assert audio.rms(after) > -35  # the heading itself


def test_transcript_cues_are_in_order_and_inside_the_audio(espeak_build: Built) -> None:
    text = espeak_build.vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues = vtt_cues(text)
    duration = float(probe(espeak_build.mp3)["format"]["duration"])
    assert len(cues) >= 9
    for (start, end, _), (next_start, _, _) in itertools.pairwise(cues):
        assert start < end <= next_start
    assert cues[0][0] > 0 and cues[-1][1] < duration
    shown = [c[2] for c in cues]
    assert "Sleep helps the body rest and repair." in shown
    assert "Many people with ALS sleep badly." in shown  # as printed, not "A. L. S."


def test_tags_title_artist_language_summary_cover(espeak_build: Built) -> None:
    from PIL import Image

    tags = ID3(espeak_build.mp3)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Sleep and ALS"
    assert str(tags["TPE1"]) == "Example ALS Clinic"
    assert str(tags["TALB"]) == "Sleep and ALS"
    assert str(tags["TLAN"]) == "eng"
    assert str(tags.getall("TDRC")[0]).startswith("2024")
    assert tags.getall("COMM")[0].text[0] == "Good sleep helps people with ALS feel better."
    picture = tags.getall("APIC")[0]
    assert picture.mime == "image/png"
    assert Image.open(io.BytesIO(picture.data)).size == (1400, 1400)
    toc = tags.getall("CTOC")[0]
    assert len(toc.child_element_ids) == len(tags.getall("CHAP"))


# --- the cache --------------------------------------------------------------------------------


@pytest.mark.slow
def test_cache_rebuild_synthesises_nothing_and_edit_resynthesises_only_its_sentences(tmp_path: Path) -> None:
    root = new_project(tmp_path)
    first = render(root, speech_engine="espeak")
    assert first.renderer.last_stats is not None
    total = first.renderer.last_stats.synthesised
    assert total >= 9 and first.renderer.last_stats.cached == 0
    assert (root / "output" / ".cache" / "speech").is_dir()

    again = render(root, speech_engine="espeak")
    assert again.renderer.last_stats is not None
    assert again.renderer.last_stats.synthesised == 0
    assert again.renderer.last_stats.cached == total

    source = root / "source" / "sleep.md"
    source.write_text(
        SLEEP.replace("Go to bed at the same time each night.", "Go to bed at the same hour every night."),
        encoding="utf-8",
    )
    edited = render(root, speech_engine="espeak")
    assert edited.renderer.last_stats is not None
    assert edited.renderer.last_stats.synthesised == 1
    assert edited.renderer.last_stats.cached == total - 1


@pytest.mark.slow
def test_cache_changing_profile_resynthesises_nothing(tmp_path: Path) -> None:
    root = new_project(tmp_path)
    render(root, speech_engine="espeak")
    other = render(root, speech_engine="espeak", audio_profile="audiobook")
    assert other.renderer.last_stats is not None and other.renderer.last_stats.synthesised == 0


def test_cache_key_depends_on_engine_voice_and_text() -> None:
    key = cache_key("piper 1.8.0 en_US-joe-medium", "Hello  there.")
    assert key == cache_key("piper 1.8.0 en_US-joe-medium", "Hello there.")
    assert key != cache_key("piper 1.8.0 en_US-amy-medium", "Hello there.")
    assert key != cache_key("piper 1.9.0 en_US-joe-medium", "Hello there.")
    assert key != cache_key("piper 1.8.0 en_US-joe-medium", "Hello there!")
    assert normalised_text(" Cafe\u0301\n ok ") == "Caf\u00e9 ok"


def test_cache_damaged_entry_is_made_again(tmp_path: Path) -> None:
    cache = SentenceCache(tmp_path)
    engine = EspeakEngine.load(EngineOptions(lang="en"))
    speech = engine.synthesize("Hello.")
    cache.put(engine.identity, "Hello.", speech)
    path = cache.path_for(engine.identity, "Hello.")
    assert path is not None and path.is_file()
    assert cache.get(engine.identity, "Hello.") is not None and cache.hits == 1
    path.write_bytes(b"RIFF broken")
    assert cache.get(engine.identity, "Hello.") is None
    assert not path.exists() and cache.misses == 1


# --- the audiobook profile and the section files ----------------------------------------------


def test_audiobook_profile_meets_acx(tmp_path: Path) -> None:
    built = render(new_project(tmp_path), speech_engine="espeak", audio_profile="audiobook")
    rates, _ = frame_bitrates(built.mp3)
    assert set(rates) == {192}
    samples = decode(built.mp3)
    assert -23 <= audio.rms(samples) <= -18
    assert audio.sample_peak(samples) <= -3
    floor = noise_floor(samples)
    assert -100 < floor <= -60  # room tone, not digital silence
    head, tail = silent_edges(samples)
    assert 0.5 <= head <= 1.0
    assert 1.0 <= tail <= 5.0


def test_sections_one_mp3_per_chapter_and_a_playlist(tmp_path: Path) -> None:
    built = render(new_project(tmp_path), speech_engine="espeak", audio_sections=True)
    playlist = built.out / "sleep.m3u"
    assert playlist in built.result.files
    lines = playlist.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    files = [line for line in lines if not line.startswith("#")]
    titles = [line.split(",", 1)[1] for line in lines if line.startswith("#EXTINF:")]
    assert titles[0] == "Sleep and ALS" and titles[1:3] == HEADINGS
    total = 0.0
    for name in files:
        path = built.out / name
        assert path.is_file()
        samples = decode(path)
        total += len(samples) / 44100
        assert audio.integrated_loudness(samples) == pytest.approx(-16, abs=1.0)
        assert str(ID3(path)["TIT2"]) in titles
        assert path in built.result.files
    assert total > float(probe(built.mp3)["format"]["duration"]) * 0.8


# --- engines through the renderer: errors and fallbacks ---------------------------------------


def test_language_without_any_voice_is_one_clear_error(tmp_path: Path) -> None:
    root = new_project(tmp_path, SLEEP.replace("lang: en-US", "lang: so"))  # Somali: neither Piper nor eSpeak NG
    with pytest.raises(RenderError) as caught:
        render(root)
    message = str(caught.value)
    assert message.startswith("source/sleep.md: no Piper voice speaks 'so'")
    assert "assets/voices/" in message and "\n" not in message


def test_a_language_no_piper_voice_speaks_is_spoken_by_espeak_with_one_warning(tmp_path: Path) -> None:
    built = render(new_project(tmp_path, SLEEP.replace("lang: en-US", "lang: de-DE")))
    assert [f.message for f in built.result.findings] == [no_piper_voice_warning("de-DE")]
    assert built.renderer.last_stats is not None
    assert built.renderer.last_stats.engine.startswith("espeak-ng")
    assert built.mp3.is_file()


def test_gtts_failure_without_fallback_stops_with_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _google_says(monkeypatch, 429)
    with pytest.raises(RenderError, match=r"^source/sleep.md: gTTS: .*HTTP 429") as caught:
        render(new_project(tmp_path), speech_engine="gtts")
    assert "espeak" not in str(caught.value).split("or choose")[0]


@pytest.mark.slow
def test_gtts_failure_with_fallback_uses_the_next_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _google_says(monkeypatch, 429)
    built = render(new_project(tmp_path), speech_engine="gtts", speech_fallback=["espeak"])
    assert built.renderer.last_stats is not None
    assert built.renderer.last_stats.engine.startswith("espeak-ng")
    assert len(built.result.findings) == 1
    assert "speech engine gtts failed" in built.result.findings[0].message
    assert "using espeak instead" in built.result.findings[0].message


def _google_says(monkeypatch: pytest.MonkeyPatch, status: int) -> None:
    import requests

    from builder.speech.engines import gtts as gtts_engine

    def send(
        session: requests.Session, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        response = requests.Response()
        response.status_code, response.reason, response.request = status, "Too Many Requests", request
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    monkeypatch.setattr(gtts_engine, "_sleep", lambda seconds: None)


# --- Piper, the default engine, end to end ------------------------------------------------------


@pytest.fixture(scope="module")
def piper_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return render(new_project(tmp_path_factory.mktemp("piper")))


@pytest.mark.slow
def test_piper_mp3_format_levels_chapters(piper_build: Built) -> None:
    assert piper_build.renderer.last_stats is not None
    assert piper_build.renderer.last_stats.engine.startswith("piper")
    info = probe(piper_build.mp3)
    assert info["streams"][0]["sample_rate"] == "44100"
    assert set(frame_bitrates(piper_build.mp3)[0]) == {96}
    samples = decode(piper_build.mp3)
    assert audio.integrated_loudness(samples) == pytest.approx(-16.0, abs=1.0)
    assert audio.true_peak(samples) <= -1.0
    titles = [c["tags"]["title"] for c in info["chapters"]]
    assert [t for t in titles if t in HEADINGS] == HEADINGS
    duration = float(info["format"]["duration"])
    cues = vtt_cues(piper_build.vtt.read_text(encoding="utf-8"))
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(cues)) and cues[-1][1] < duration


@pytest.mark.slow
def test_piper_speech_is_understood_by_a_recogniser(piper_build: Built) -> None:
    """Listen as a patient would: an offline recogniser (PocketSphinx) should get the words back."""
    import pocketsphinx  # a test dependency (pyproject.toml)

    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(piper_build.mp3), "-f", "s16le", "-ac", "1", "-ar", "16000", "-"],
        capture_output=True,
        check=True,
    ).stdout
    decoder = pocketsphinx.Decoder(samprate=16000)
    decoder.start_utt()
    decoder.process_raw(raw, full_utt=True)
    decoder.end_utt()
    heard = set(decoder.hyp().hypstr.split()) if decoder.hyp() else set()
    wanted = {
        "sleep",
        "body",
        "rest",
        "repair",
        "adults",
        "hours",
        "night",
        "bed",
        "care",
        "team",
        "breath",
        "questions",
    }
    assert len(wanted & heard) / len(wanted) >= 0.6, sorted(heard)
    # How ALS itself is heard is measured with a Whisper recogniser in tests/test_listening.py:
    # Piper says it letter by letter on its own, and PocketSphinx's vocabulary has no such word.


# --- the pure parts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "stamp"),
    [(0, "00:00:00.000"), (1.2345, "00:00:01.234"), (3723.5, "01:02:03.500"), (-1, "00:00:00.000")],
)
def test_timestamp_formats_webvtt_time(seconds: float, stamp: str) -> None:
    assert timestamp(seconds) == stamp


def test_webvtt_escapes_markup_and_numbers_cues() -> None:
    text = webvtt(
        [Cue(0.5, 1.0, "A <b> & --> c", "x"), Cue(1.0, 2.0, "  ", "x"), Cue(2, 3, "Two", "x")], lang="en"
    )
    assert text.startswith("WEBVTT\n")
    assert "1\n00:00:00.500 --> 00:00:01.000\nA &lt;b&gt; &amp; --&gt; c\n" in text
    assert "2\n00:00:02.000 --> 00:00:03.000\nTwo\n" in text
    assert text.count("-->") == 2


def test_m3u_lists_files_with_lengths() -> None:
    text = m3u([("a.mp3", 12.4, "One"), ("b.mp3", 3.6, "Two")], title="T")
    assert text.splitlines() == [
        "#EXTM3U",
        "#PLAYLIST:T",
        "#EXTINF:12,One",
        "a.mp3",
        "#EXTINF:4,Two",
        "b.mp3",
    ]


def _speechlike(seconds: float = 6.0, rate: int = 44100) -> np.ndarray:
    """Bursts of harmonics with silences: peaky like speech, with inter-sample peaks."""
    t = np.arange(int(seconds * rate)) / rate
    tone = sum(
        np.sin(2 * np.pi * f * t + f) / k for k, f in enumerate((180, 360, 2205.5, 11025 * 0.99), start=1)
    )
    envelope = (np.sin(2 * np.pi * 1.5 * t) > 0.2).astype(np.float64)
    return (0.9 * tone / np.max(np.abs(tone)) * envelope).astype(np.float32)


def test_limit_keeps_true_peak_under_the_ceiling() -> None:
    loud = _speechlike() * 3
    limited = audio.limit(loud, -2.0)
    assert audio.true_peak(loud) > 8
    assert audio.true_peak(limited) <= -1.95
    quiet = _speechlike() * 0.1
    assert np.array_equal(audio.limit(quiet, -2.0), quiet)


@pytest.mark.parametrize("name", ["speech", "audiobook"])
def test_normalise_reaches_the_profile_levels(name: str) -> None:
    profile = audio.PROFILES[name]
    out = audio.normalise(_speechlike() * 0.05, profile)
    aimed = profile.target + profile.encoder_loss
    level = audio.integrated_loudness(out) if profile.loudness == "lufs" else audio.rms(out)
    assert level == pytest.approx(aimed, abs=audio.LEVEL_TOLERANCE)
    assert audio.true_peak(out) <= profile.ceiling + 0.05


def test_trim_silence_and_resample() -> None:
    rate = 22050
    words = _speechlike(1.0, rate)[: rate // 3] + 0.5
    padded = np.concatenate([np.zeros(rate // 2), words, np.zeros(rate)]).astype(np.float32)
    trimmed = audio.trim_silence(padded, rate)
    assert len(words) <= len(trimmed) <= len(words) + int(0.06 * rate)
    assert len(audio.resample(trimmed, rate)) == 2 * len(trimmed)
    assert len(audio.trim_silence(np.zeros(rate, dtype=np.float32), rate)) == 0


# --- signal processing against independent references ---------------------------------------

RATIOS = [(2, 1), (4, 1), (147, 80), (1, 2), (3, 2)]
"""22.05 -> 44.1 kHz, true-peak oversampling, gTTS's 24 -> 44.1 kHz, and two others."""


@pytest.mark.parametrize(("up", "down"), RATIOS)
def test_lowpass_is_the_filter_scipy_designs(up: int, down: int) -> None:
    from scipy.signal import firwin

    factor = max(up, down)
    expected = firwin(2 * 10 * factor + 1, 1.0 / factor, window=("kaiser", 5.0))
    assert np.max(np.abs(audio._lowpass(up, down, 10) - expected)) < 1e-7


@pytest.mark.parametrize(("up", "down"), RATIOS)
@pytest.mark.parametrize("length", [1, 5, 37, 70_001])
def test_polyphase_gives_the_samples_of_scipy_resample_poly(up: int, down: int, length: int) -> None:
    from scipy.signal import resample_poly

    samples = (np.random.default_rng(length).standard_normal(length) * 0.3).astype(np.float32)
    taps = audio._lowpass(up, down, 10)
    got = audio.polyphase(samples, up, down, taps)
    expected = resample_poly(samples, up, down, window=taps)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.max(np.abs(got - expected)) < 1e-6


def test_polyphase_keeps_a_tone_and_its_level() -> None:
    rate = 22050
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate)).astype(np.float32)
    up = audio.resample(tone, rate)
    expected = 0.5 * np.sin(2 * np.pi * 440 * np.arange(2 * rate) / (2 * rate))
    middle = slice(1000, -1000)  # away from the silence the filter sees beyond the ends
    assert np.max(np.abs(up[middle] - expected[middle])) < 2e-3


SPINNING = """
import time, numpy as np
from builder.speech import audio
samples = np.random.default_rng(3).standard_normal(1 << 18).astype(np.float32)
taps = audio._lowpass(2, 1, 10)
audio.polyphase(samples, 2, 1, taps)
process, thread = time.process_time(), time.thread_time()
for _ in range(25):
    audio.polyphase(samples, 2, 1, taps)
    busy = time.thread_time() + 0.02  # the encoder's work on the block, in this thread
    while time.thread_time() < busy:
        pass
print((time.process_time() - process) / (time.thread_time() - thread))
"""


def test_polyphase_leaves_no_thread_spinning_while_the_next_block_waits() -> None:
    # Once used, OpenBLAS's threads spin waiting for more products: in a build they took as much CPU
    # time as LAME encoding the blocks the resampling made (a fresh process: no other test's threads).
    import sys

    ran = subprocess.run([sys.executable, "-c", SPINNING], capture_output=True, text=True, check=True)
    assert float(ran.stdout) < 1.2, "CPU time of the whole process over the one thread working"


@pytest.mark.parametrize("size", [1, 3, 441])
def test_running_min_and_mean_are_scipys_filters(size: int) -> None:
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    values = np.random.default_rng(size).random(100_003).astype(np.float32)
    assert np.array_equal(audio.running_min(values, size), minimum_filter1d(values, size, mode="nearest"))
    mean = uniform_filter1d(values, size, mode="nearest")
    assert np.max(np.abs(audio.running_mean(values, size) - mean)) < 1e-6


@pytest.mark.parametrize("rate", [44100, 48000])
def test_loudness_of_the_bs1770_reference_tone(rate: int) -> None:
    """BS.1770-4: a 1 kHz sine at full scale on one channel reads -3.01 LKFS; 20 dB lower, -23.01."""
    tone = np.sin(2 * np.pi * 1000 * np.arange(10 * rate) / rate).astype(np.float32)
    assert audio.integrated_loudness(tone, rate) == pytest.approx(-3.01, abs=0.02)
    assert audio.integrated_loudness(tone * 0.1, rate) == pytest.approx(-23.01, abs=0.02)
    assert audio.integrated_loudness(np.zeros(rate, dtype=np.float32), rate) == -math.inf


def test_loudness_agrees_with_pyloudnorm_on_speechlike_sound() -> None:
    import pyloudnorm

    samples = _long_speechlike(1.0)
    reference = pyloudnorm.Meter(22050).integrated_loudness(samples.astype(np.float64))
    assert audio.integrated_loudness(samples, 22050) == pytest.approx(reference, abs=0.1)


def test_cover_is_a_square_png_with_the_title() -> None:
    from PIL import Image

    image = Image.open(
        io.BytesIO(
            cover_png(
                "Mesenchymal Stem Cells in the Treatment of ALS",
                "Example ALS Clinic",
                style=ALBUM_COVER,
                fonts=load_fonts(),
                caption="Listen to this handout",
            )
        )
    )
    assert image.format == "PNG" and image.size == (1400, 1400)
    pixels = np.asarray(image.convert("L"))
    assert (pixels > 200).mean() > 0.02  # white type on the dark background


def test_iso639_2_codes() -> None:
    assert iso639_2("en-US") == "eng"
    assert iso639_2("es") == "spa"


def test_write_tags_keeps_chapters_in_time_order(tmp_path: Path) -> None:
    path = tmp_path / "t.mp3"
    path.write_bytes(audio.encode_mp3(np.zeros(44100 * 3, dtype=np.float32), bitrate=64))
    marks = [
        ChapterMark("a", "A much much longer first chapter title", 0.0, 1.0),
        ChapterMark("b", "B", 1.0, 2.0),
        ChapterMark("c", "Third", 2.0, 3.0),
    ]
    write_tags(path, AlbumInfo("T", "Org", "T", "en-US"), chapters=marks, cover=None)
    titles = [c["tags"]["title"] for c in probe(path)["chapters"]]
    assert titles == ["A much much longer first chapter title", "B", "Third"]


def test_record_lays_out_pauses_and_chapters() -> None:
    script = SpeechScript(
        "en",
        "T",
        (Chapter("opening", "T"), Chapter("one", "One")),
        (
            Utterance("Title.", "Title", "title", "opening", 1, 0.0, 1.0),
            Utterance("One.", "One", "heading", "one", 3, 1.2, 0.6),
            Utterance("Words here.", "Words here.", "sentence", "one", 5),
        ),
    )
    engine = EspeakEngine.load(EngineOptions(lang="en"))
    recording = record(script, engine=engine, cache=SentenceCache(None), head=0.5, tail=1.5)
    first, heading, sentence = recording.cues
    assert first.start == pytest.approx(0.5, abs=0.001)
    assert heading.start - first.end == pytest.approx(1.0 + 1.2, abs=0.001)
    assert sentence.start - heading.end == pytest.approx(0.6, abs=0.001)
    assert recording.seconds - sentence.end == pytest.approx(1.5, abs=0.001)
    assert [(m.id, m.start) for m in recording.chapters] == [("opening", 0.0), ("one", heading.start)]
    assert recording.chapters[-1].end == pytest.approx(recording.seconds)
    assert recording.synthesised == 3 and recording.cached == 0


@pytest.mark.slow
def test_piper_voice_file_configured_per_language(tmp_path: Path) -> None:
    from builder.speech.engines.piper import installed_voices

    root = new_project(tmp_path)
    model, _ = installed_voices()["en_US-joe-medium"]
    (root / "assets" / "voices").mkdir()
    shutil.copy(model, root / "assets" / "voices" / "clinic.onnx")
    shutil.copy(f"{model}.json", root / "assets" / "voices" / "clinic.onnx.json")
    built = render(root, voices={"en": "assets/voices/clinic.onnx"})
    assert built.renderer.last_stats is not None
    assert "clinic" in built.renderer.last_stats.engine.split()  # "piper 1.8.0 clinic length 1.1"


def test_voice_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = new_project(tmp_path)
    with pytest.raises(RenderError, match=r"outside the project: put it in assets/"):
        render(root, voices={"en-US": "../elsewhere/voice.onnx"})


def test_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.renderers.audio import THREADS_VARIABLE, default_threads

    monkeypatch.setenv(THREADS_VARIABLE, "1")
    assert default_threads() == 1
    assert AudioRenderer().threads == 1
    monkeypatch.setenv(THREADS_VARIABLE, "many")
    assert 1 <= default_threads() <= 4


# --- the streaming path: long recordings in blocks, on disk --------------------------------------


def _long_speechlike(minutes: float, rate: int = 22050) -> np.ndarray:
    """Minutes of speech-like bursts whose level changes from one stretch to the next."""
    stretch = _speechlike(20.0, rate)
    count = max(1, round(minutes * 3))
    return np.concatenate([stretch * 0.04 * (1 + n % 4) for n in range(count)]).astype(np.float32)


def test_stream_loudness_in_blocks_equals_the_whole_signal() -> None:
    from builder.speech import stream

    samples = _long_speechlike(1.5)
    meter = stream.LoudnessMeter(22050)
    for start, stop in stream.blocks(len(samples), 12345):  # blocks that cut gating blocks anywhere
        meter.add(samples[start:stop])
    assert meter.integrated() == pytest.approx(audio.integrated_loudness(samples, 22050), abs=1e-6)
    short = samples[:5000]
    meter = stream.LoudnessMeter(22050)
    meter.add(short)
    assert meter.integrated() == pytest.approx(audio.integrated_loudness(short, 22050), abs=1e-6)
    assert stream.LoudnessMeter(22050).integrated() == -math.inf


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("name", ["speech", "audiobook"])
def test_stream_levels_of_a_long_recording_on_disk_equal_the_in_memory_result(
    name: str, threads: int, tmp_path: Path
) -> None:
    from builder.speech import stream

    profile = audio.PROFILES[name]
    samples = _long_speechlike(3.0)  # four minutes: many blocks, limiting in the loud stretches
    writer = stream.SignalWriter(tmp_path, "recording", 22050)
    for start, stop in stream.blocks(len(samples), 100_000):
        writer.append(samples[start:stop])
    recording = writer.close()
    assert isinstance(recording, stream.FileSignal) and recording.length == len(samples)

    levelled = stream.normalised(recording, profile, scratch=tmp_path, threads=threads)
    got = np.concatenate([levelled.read(a, b) for a, b in stream.blocks(levelled.length)])
    expected = audio.normalise(samples, profile, 22050)
    assert np.max(np.abs(got - expected)) < 1e-5
    measured = audio.integrated_loudness(got, 22050) if profile.loudness == "lufs" else audio.rms(got)
    assert measured == pytest.approx(profile.target + profile.encoder_loss, abs=audio.LEVEL_TOLERANCE)
    assert audio.true_peak(got) <= profile.ceiling + 0.05

    at_44k = stream.Resampled(levelled, audio.SAMPLE_RATE)
    resampled = np.concatenate([at_44k.read(a, b) for a, b in stream.blocks(at_44k.length, 77_777)])
    assert np.max(np.abs(resampled - audio.resample(expected, 22050))) < 1e-5


@pytest.mark.parametrize("threads", [1, 2])
def test_stream_mp3_encoded_in_blocks_equals_one_call(threads: int, tmp_path: Path) -> None:
    from builder.speech import stream

    samples = audio.resample(_long_speechlike(1.0) * 2, 22050)
    path = tmp_path / "blocks.mp3"
    stream.encode_mp3(stream.ArraySignal(samples, audio.SAMPLE_RATE), path, bitrate=96, threads=threads)
    assert path.read_bytes() == audio.encode_mp3(samples, bitrate=96)
    toned = tmp_path / "toned.mp3"
    signal = stream.ArraySignal(samples, audio.SAMPLE_RATE)
    stream.encode_mp3(signal, toned, bitrate=192, room_tone=-78.0, threads=threads)
    expected = audio.encode_mp3(audio.with_room_tone(samples, audio.PROFILES["audiobook"]), bitrate=192)
    assert toned.read_bytes() == expected


def test_blocks_made_ahead_come_in_order_and_carry_their_errors() -> None:
    import threading

    from builder.speech import stream

    assert list(stream.ahead(iter(range(50)), threads=2)) == list(range(50))

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("the recording cannot be read")

    with pytest.raises(ValueError, match="cannot be read"):
        list(stream.ahead(failing(), threads=2))
    made: list[int] = []

    def counted() -> Iterator[int]:
        for number in range(1000):
            made.append(number)
            yield number

    for number in stream.ahead(counted(), threads=2, depth=2):
        if number == 3:
            break  # the consumer stops: the maker stops too, a few blocks on
    assert len(made) < 10
    assert not [t for t in threading.enumerate() if t.name == "blocks-ahead"]


def test_stream_parts_and_trim_match_the_in_memory_slices() -> None:
    from builder.speech import stream

    rate = 22050
    words = _speechlike(1.0, rate)[: rate // 3] + 0.5
    padded = np.concatenate([np.zeros(rate // 2), words, np.zeros(rate)]).astype(np.float32)
    signal = stream.ArraySignal(padded, rate)
    start, stop = stream.trimmed(signal, 100, len(padded) - 100)
    assert np.array_equal(padded[start:stop], audio.trim_silence(padded[100:-100], rate))
    parts = stream.Parts((stream.Part(None, 0, 10), stream.Part(signal, start, stop - start)), rate)
    assert parts.length == 10 + stop - start
    assert np.array_equal(parts.read(0, parts.length), np.concatenate([np.zeros(10), padded[start:stop]]))
    assert np.array_equal(parts.read(5, 20), np.concatenate([np.zeros(5), padded[start : start + 10]]))


def test_record_in_parallel_gives_the_same_recording_as_one_at_a_time(tmp_path: Path) -> None:
    sentences = [f"Sentence {n}: rest when you are tired, and ask for help." for n in range(7)]
    script = SpeechScript(
        "en",
        "T",
        (Chapter("opening", "T"),),
        tuple(Utterance(text, text, "sentence", "opening", n) for n, text in enumerate(sentences * 2)),
    )
    engine = EspeakEngine.load(EngineOptions(lang="en"))
    alone = record(script, engine=engine, cache=SentenceCache(None), head=0.5, tail=1.0)
    together = record(
        script, engine=engine, cache=SentenceCache(tmp_path), head=0.5, tail=1.0, threads=3, scratch=tmp_path
    )
    assert together.synthesised == 7  # each sentence said once, even when the script repeats it
    assert together.cues == alone.cues
    assert np.array_equal(together.signal.read(0, together.signal.length), alone.signal.read(0, alone.signal.length))
    cached = record(script, engine=engine, cache=SentenceCache(tmp_path), head=0.5, tail=1.0, threads=3)
    assert cached.synthesised == 0 and cached.cached == 14
    assert np.array_equal(cached.signal.read(0, cached.signal.length), alone.signal.read(0, alone.signal.length))


def test_mp3_is_the_same_bytes_built_serially_in_parallel_and_from_the_cache(tmp_path: Path) -> None:
    root = new_project(tmp_path)
    first = render(root, speech_engine="espeak", renderer=AudioRenderer(threads=1, use_cache=False))
    parallel = render(root, speech_engine="espeak", renderer=AudioRenderer(threads=3))
    cached = render(root, speech_engine="espeak", renderer=AudioRenderer(threads=2))
    assert cached.renderer.last_stats is not None and cached.renderer.last_stats.synthesised == 0
    assert first.mp3.read_bytes() == parallel.mp3.read_bytes() == cached.mp3.read_bytes()
    assert first.vtt.read_bytes() == parallel.vtt.read_bytes()
    assert not [p for p in parallel.out.iterdir() if p.name.startswith(".")]  # no scratch files left
