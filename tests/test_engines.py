"""Speech engines: discovery, voice choice, real Piper and eSpeak NG, and gTTS at its HTTP boundary."""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
import pytest
import requests

from builder.errors import RenderError, UsageError
from builder.speech import audio
from builder.speech.engines import (
    EngineOptions,
    EngineRegistry,
    SpeechEngine,
    VoiceNotInstalled,
    best_voice,
    voice_for,
)
from builder.speech.engines import gtts as gtts_engine
from builder.speech.engines.espeak import EspeakEngine, parse_wav
from builder.speech.engines.gtts import GttsEngine, failure_cause
from builder.speech.engines.piper import PiperEngine, installed_voices


def test_registry_finds_the_builtin_engines() -> None:
    registry = EngineRegistry.discover()
    assert {"piper", "espeak", "gtts"} <= set(registry.names())
    assert registry.load("piper") is PiperEngine
    assert registry.load("espeak") is EspeakEngine
    assert registry.load("gtts") is GttsEngine


def test_registry_unknown_engine_names_the_engines() -> None:
    with pytest.raises(UsageError, match=r"'festival' is not a speech engine: the engines are .*espeak"):
        EngineRegistry.discover().load("festival")


@pytest.mark.parametrize(
    ("voices", "lang", "expected"),
    [
        ({"en_US-joe": "en-US", "en_GB-alan": "en-GB"}, "en-GB", "en_GB-alan"),
        ({"en_US-joe": "en-US"}, "en-AU", "en_US-joe"),
        ({"en_US-joe": "en-US"}, "de-DE", ""),
        ({}, "en-US", ""),
    ],
)
def test_best_voice_prefers_same_region_then_same_language(
    voices: dict[str, str], lang: str, expected: str
) -> None:
    assert best_voice(voices, lang) == expected


def test_voice_for_settings_voices_win_over_voice() -> None:
    voices = {"es": "es-voice", "en-GB": "gb-voice"}
    assert voice_for("es-MX", voice="default", voices=voices) == "es-voice"
    assert voice_for("en-GB", voice="default", voices=voices) == "gb-voice"
    assert voice_for("fr", voice="default", voices=voices) == "default"


def test_piper_voice_package_is_found() -> None:
    voices = installed_voices()
    assert "en_US-joe-medium" in voices
    model, lang = voices["en_US-joe-medium"]
    assert model.suffix == ".onnx" and model.is_file()
    assert lang == "en-US"


@pytest.mark.slow
def test_piper_says_a_sentence() -> None:
    engine = PiperEngine.load(EngineOptions(lang="en-US", threads=1))
    assert isinstance(engine, SpeechEngine)
    # The pace is in the identity, so the sentence cache never gives a sentence said at another pace.
    assert engine.identity.startswith("piper ") and engine.identity.endswith("en_US-joe-medium length 1.1")
    speech = engine.synthesize("Hello there.")
    assert speech.sample_rate == 22050
    assert 0.4 < speech.seconds < 3.0
    assert float(np.max(np.abs(speech.samples))) > 0.1


def test_piper_speaks_a_tenth_slower_than_the_voice() -> None:
    from builder.speech.engines.piper import LENGTH_SCALE, synthesis_config

    assert LENGTH_SCALE == 1.1
    config = synthesis_config()
    assert config.length_scale == 1.1 and config.noise_scale is None and config.noise_w_scale is None


def test_piper_language_without_voice_says_what_to_install() -> None:
    with pytest.raises(VoiceNotInstalled) as caught:
        PiperEngine.load(EngineOptions(lang="de-DE"))
    message = str(caught.value)
    assert "no Piper voice speaks 'de-DE'" in message
    assert "en_US-joe-medium" in message
    assert "pip install" in message and "\n" not in message


def test_piper_missing_voice_file_is_named() -> None:
    with pytest.raises(VoiceNotInstalled, match=r"voices/nl\.onnx"):
        PiperEngine.load(EngineOptions(lang="nl", voice="voices/nl.onnx"))


def test_espeak_says_a_sentence() -> None:
    engine = EspeakEngine.load(EngineOptions(lang="en-US"))
    assert engine.identity.startswith("espeak-ng ") and engine.identity.endswith("en-us")
    speech = engine.synthesize("Hello there, this is a test.")
    assert speech.sample_rate == 22050
    assert 1.0 < speech.seconds < 4.0
    assert audio.rms(speech.samples) > -40


def test_espeak_picks_a_voice_for_the_language() -> None:
    assert EspeakEngine.load(EngineOptions(lang="es-MX")).identity.split()[-1].startswith("es")


def test_espeak_unknown_voice_is_refused() -> None:
    with pytest.raises(VoiceNotInstalled, match="no voice 'klingon'"):
        EspeakEngine.load(EngineOptions(lang="en", voice="klingon"))


def test_parse_wav_reads_a_piped_wav() -> None:
    samples = (np.array([0, 16384, -16384, 32767], dtype="<i2")).tobytes()
    header = b"RIFF\xff\xff\xff\x7fWAVEfmt " + (16).to_bytes(4, "little")
    header += (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (16000).to_bytes(4, "little")
    header += (32000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    speech = parse_wav(header + b"data\xff\xff\xff\x7f" + samples)
    assert speech.sample_rate == 16000
    assert speech.samples.tolist() == pytest.approx([0.0, 0.5, -0.5, 32767 / 32768])


# --- gTTS, tested at its HTTP boundary: requests.Session.send never reaches the network ---


def _response(status: int, body: bytes = b"") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = {200: "OK", 429: "Too Many Requests", 503: "Service Unavailable"}.get(status, "Error")
    response.raw = io.BytesIO(body)
    return response


def _google_body(mp3: bytes) -> bytes:
    """What Google's batchexecute endpoint returns: the MP3 as base64 inside a JSON line."""
    encoded = base64.b64encode(mp3).decode("ascii")
    return (')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]\n').encode()


class FakeGoogle:
    """Stands in for the network: answers each request with the next planned response."""

    def __init__(self, plan: list[Any]) -> None:
        self.plan = plan
        self.requests: list[requests.PreparedRequest] = []

    def send(self, session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        self.requests.append(request)
        step = self.plan[min(len(self.requests), len(self.plan)) - 1]
        if isinstance(step, Exception):
            raise step
        step.request = request
        step.url = request.url or ""
        return step


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(plan: list[Any]) -> FakeGoogle:
        fake = FakeGoogle(plan)

        def send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> Any:
            return fake.send(session, request, **kwargs)

        monkeypatch.setattr(requests.Session, "send", send)
        return fake

    return install


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(gtts_engine, "_sleep", waited.append)
    return waited


def test_gtts_rate_limited_retries_with_backoff_then_names_the_cause(
    google: Any, sleeps: list[float]
) -> None:
    fake = google([_response(429)])
    engine = GttsEngine.load(EngineOptions(lang="en-US", retries=3, backoff=2.0))
    with pytest.raises(RenderError) as caught:
        engine.synthesize("Hello.")
    message = str(caught.value)
    assert "HTTP 429" in message and "rate-limiting" in message and "tried 4 times" in message
    assert "\n" not in message
    assert len(fake.requests) == 4
    assert sleeps == [2.0, 4.0, 8.0]
    assert all("translate.google.com" in (r.url or "") for r in fake.requests)


def test_gtts_offline_says_so(google: Any, sleeps: list[float]) -> None:
    google([requests.ConnectionError("Name or service not known")])
    engine = GttsEngine.load(EngineOptions(lang="en", retries=1, backoff=0.5))
    with pytest.raises(RenderError, match=r"cannot be reached \(is this computer offline\?\)"):
        engine.synthesize("Hello.")
    assert sleeps == [0.5]


def test_gtts_forbidden_is_not_retried(google: Any, sleeps: list[float]) -> None:
    fake = google([_response(403)])
    with pytest.raises(RenderError, match="refused the request \\(HTTP 403\\)"):
        GttsEngine.load(EngineOptions(lang="en", retries=3)).synthesize("Hello.")
    assert len(fake.requests) == 1 and sleeps == []


def test_gtts_recovers_after_a_failure(google: Any, sleeps: list[float]) -> None:
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(24000) / 24000)).astype(np.float32)
    mp3 = audio.encode_mp3(tone, bitrate=64, rate=24000)
    fake = google([_response(503), _response(200, _google_body(mp3))])
    engine = GttsEngine.load(EngineOptions(lang="en-US", retries=2, backoff=1.0))
    speech = engine.synthesize("Hello.")
    assert len(fake.requests) == 2 and sleeps == [1.0]
    assert speech.sample_rate == 24000
    assert 0.9 < speech.seconds < 1.2
    assert audio.rms(speech.samples) == pytest.approx(audio.rms(tone), abs=1.0)


def test_gtts_language_it_does_not_speak_is_refused() -> None:
    with pytest.raises(VoiceNotInstalled, match="no gTTS voice speaks 'tlh'"):
        GttsEngine.load(EngineOptions(lang="tlh"))


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (None, "offline"),
        (429, "HTTP 429"),
        (503, "failing (HTTP 503)"),
        (404, "refused the request (HTTP 404)"),
    ],
)
def test_failure_cause_names_the_cause(status: int | None, words: str) -> None:
    assert words in failure_cause(status)
