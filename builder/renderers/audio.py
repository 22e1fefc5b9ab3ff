"""Spoken audio: an MP3 a patient can download and follow, with chapters and a transcript.

The speech script (what is said) is spoken sentence by sentence by a speech
engine plug-in (Piper by default, offline), through the sentence cache; the
recording is brought to the profile's levels (BS.1770 loudness, true-peak
limited), encoded as constant-bit-rate 44.1 kHz MP3 by lameenc and tagged by
mutagen with the title, organisation, cover and one chapter per top-level
section. Beside it: `<slug>.vtt`, the transcript with sentence timings, and
optionally one MP3 per section with an M3U playlist. The recording, its levels
and the MP3 are made block by block through scratch files in the staging
folder (builder/speech/stream.py), so memory does not grow with the article.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from builder import document as d
from builder.config import CACHE_FOLDER, Settings
from builder.cover import ALBUM_COVER, cover_png
from builder.errors import Finding, Location, RenderError, RendererUnavailable
from builder.renderers import RenderOptions, RenderResult
from builder.speech import audio, stream
from builder.speech.cache import SentenceCache
from builder.speech.engines import (
    EngineOptions,
    EngineRegistry,
    SpeechEngine,
    VoiceNotInstalled,
)
from builder.speech.lexicon import LEXICON_FILE
from builder.speech.recording import Recording, record
from builder.speech.script import SpeechScript
from builder.speech.tags import AlbumInfo, write_tags
from builder.speech.transcript import ChapterMark, delayed, delayed_marks, m3u, webvtt

logger = logging.getLogger(__name__)

THREADS_VARIABLE: Final = "HANDOUT_SPEECH_THREADS"
"""Environment variable: CPU threads a speech engine may use (default: all cores, at most 4)."""


OFFLINE_STAND_IN: Final = "espeak"
"""The engine that speaks, offline, a language no Piper voice here speaks (over a hundred languages)."""


def no_piper_voice_warning(lang: str) -> str:
    """The warning when eSpeak NG speaks for want of a Piper voice: what the better voice is and where
    a clinic gets it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name("en") or lang
    except (UnknownLocaleError, ValueError):
        name = lang
    return (
        f"no Piper voice for {name} ({lang}) is installed, so the audio is spoken by eSpeak NG, which"
        " sounds robotic: for a natural voice, download a Piper voice for it by hand (its .onnx and"
        " .onnx.json files, from the rhasspy/piper-voices collection on Hugging Face; each voice's"
        " licence is in its MODEL_CARD) and put both files in assets/voices/"
    )


@dataclass(frozen=True, slots=True)
class AudioStats:
    """What one render cost: for the log and the benchmark."""

    engine: str
    audio_seconds: float
    synthesis_seconds: float
    encoding_seconds: float
    total_seconds: float
    synthesised: int
    cached: int

    @property
    def real_time_factor(self) -> float:
        """Seconds of work per second of audio (below 1 is faster than real time)."""
        return self.total_seconds / self.audio_seconds if self.audio_seconds else 0.0


def threads_from_environment() -> int:
    """HANDOUT_SPEECH_THREADS if it is a positive number, else 0."""
    value = os.environ.get(THREADS_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else 0


def default_threads() -> int:
    """HANDOUT_SPEECH_THREADS, else every core (at most 4)."""
    return threads_from_environment() or max(1, min(4, os.cpu_count() or 1))


class AudioRenderer:
    """Spoken MP3 with chapters, cover and a timed transcript."""

    name: ClassVar[str] = "mp3"
    suffix: ClassVar[str] = ".mp3"
    media_type: ClassVar[str] = "audio/mpeg"
    description: ClassVar[str] = "spoken audio (MP3 with chapters) and its WebVTT transcript"
    uses: ClassVar[tuple[str, ...]] = (LEXICON_FILE,)
    shows_pictures: ClassVar[bool] = False
    apart: ClassVar[bool] = True
    """On a cluster's worker, spoken in a child process: beside the worker's own threads, Piper's two
    threads took a fifth more CPU time (see builder/cluster.py)."""

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        threads: int | None = None,
        engines: EngineRegistry | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.threads = threads or default_threads()
        self.engines = engines
        self.last_stats: AudioStats | None = None

    @classmethod
    def fingerprint(cls, options: RenderOptions) -> str:
        """What the MP3 depends on beyond the article's inputs: how the script is made and spoken."""
        from builder.speech.recording import SYNTHESIS_VERSION
        from builder.speech.script import SCRIPT_VERSION

        return f"speech script {SCRIPT_VERSION}, synthesis {SYNTHESIS_VERSION}"

    @classmethod
    def check_available(cls) -> None:
        """Raise RendererUnavailable if a library the MP3 needs is not installed.

        Only looked for, not imported: the levelling and encoding libraries are
        imported when they are used, so they never add to the memory the engine
        holds while it speaks.
        """
        from importlib.util import find_spec

        wanted = ("lameenc", "mutagen", "numpy", "pyebur128")
        missing = [name for name in wanted if find_spec(name) is None]
        if missing:
            raise RendererUnavailable(
                f"the mp3 format needs lameenc, mutagen, numpy and pyebur128"
                f" ({', '.join(missing)} not installed): run 'make setup'"
            )

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        from builder.speech.script import make_script

        script = make_script(options.handout, lexicon=options.inputs.lexicon)
        return self.render_script(doc, script, options=options, out_dir=out_dir)

    def render_script(
        self, doc: d.Document, script: SpeechScript, *, options: RenderOptions, out_dir: Path
    ) -> RenderResult:
        """Speak `script` (made from `doc`) and write the MP3, transcript and optional section files."""
        started = time.perf_counter()
        settings = options.settings
        where = Location(doc.source_path)
        if not script.utterances:
            raise RenderError(f"{where}: the article has nothing to say: add a title and some text")
        if options.inputs.voice_refused:
            raise RenderError(f"{where}: {options.inputs.voice_refused}")
        cache = SentenceCache(self._cache_folder(options) if self.use_cache else None)
        threads = threads_from_environment() or options.threads or self.threads
        profile = audio.PROFILES[settings.audio_profile]
        meta = doc.metadata
        info = AlbumInfo(
            title=meta.title,
            artist=settings.organisation or meta.publisher,
            album=meta.title,
            lang=meta.lang,
            date=when.isoformat() if (when := meta.reviewed or meta.date) else "",
            summary=meta.summary,
        )
        main = out_dir / f"{doc.slug}{self.suffix}"
        transcript = out_dir / f"{doc.slug}.vtt"
        files = [main, transcript]
        # The recording and its by-products live on disk while they are made, never whole in memory.
        with tempfile.TemporaryDirectory(prefix=".audio-", dir=out_dir) as folder:
            scratch = Path(folder)
            recording, engine, findings = self._record(
                script, settings, options.inputs.voice, cache, where, threads, scratch
            )
            # The engine (Piper's model and the memory its runs keep for reuse) is let go before
            # the levels are set: its hundreds of MB never stay beside the levelling's.
            identity = engine.identity
            del engine
            encode_started = time.perf_counter()
            levelled = stream.Resampled(
                stream.normalised(recording.signal, profile, scratch=scratch, threads=threads),
                audio.SAMPLE_RATE,
            )
            copy = None
            if settings.audio_sections:
                copy = stream.SignalWriter(scratch, "levelled", audio.SAMPLE_RATE)
            stream.encode_mp3(
                levelled,
                main,
                bitrate=profile.bitrate,
                room_tone=profile.room_tone,
                copy=copy,
                threads=threads,
            )
            cover = cover_png(
                meta.title,
                settings.organisation,
                style=ALBUM_COVER,
                fonts=options.inputs.fonts,
                caption=options.handout.labels.listen,
                lang=options.handout.lang,
                rtl=options.handout.rtl,
            )
            # Times as a decoder plays the file: the encoder's delay later than in the recording.
            delay = stream.ENCODER_DELAY / audio.SAMPLE_RATE
            write_tags(main, info, chapters=delayed_marks(recording.chapters, delay), cover=cover)
            cues = delayed(recording.cues, delay)
            transcript.write_text(webvtt(cues, lang=meta.lang, voice=identity), encoding="utf-8")
            if copy is not None:
                files.extend(
                    self._write_sections(
                        doc.slug, copy.close(), recording.chapters, info, cover, profile, out_dir, scratch
                    )
                )
        done = time.perf_counter()

        self.last_stats = AudioStats(
            engine=identity,
            audio_seconds=levelled.length / audio.SAMPLE_RATE,
            synthesis_seconds=recording.synthesis_seconds,
            encoding_seconds=done - encode_started,
            total_seconds=done - started,
            synthesised=recording.synthesised,
            cached=recording.cached,
        )
        logger.debug(
            "%s: %.0f s of audio by %s, %d sentences or parts synthesised, %d from the cache, %.1f s",
            doc.source_path,
            self.last_stats.audio_seconds,
            identity,
            recording.synthesised,
            recording.cached,
            self.last_stats.total_seconds,
        )
        return RenderResult(tuple(files), tuple(findings))

    def _cache_folder(self, options: RenderOptions) -> Path:
        if self.cache_dir:
            return self.cache_dir
        if options.cache_dir:
            return options.cache_dir / "speech"
        return options.project.output_dir / CACHE_FOLDER / "speech"

    def _record(
        self,
        script: SpeechScript,
        settings: Settings,
        voice: str,
        cache: SentenceCache,
        where: Location,
        threads: int,
        scratch: Path,
    ) -> tuple[Recording, SpeechEngine, list[Finding]]:
        """The recording by the chosen engine, or by the next in `speech_fallback` if it fails."""
        registry = self.engines or EngineRegistry.discover()
        profile = audio.PROFILES[settings.audio_profile]
        candidates = list(dict.fromkeys((settings.speech_engine, *settings.speech_fallback)))
        findings: list[Finding] = []
        problems: list[str] = []
        for index, name in enumerate(candidates):
            try:
                # The configured voice belongs to the chosen engine; a fallback speaks with its own default.
                wanted = voice if index == 0 else ""
                try:
                    engine = self._open_engine(registry, name, script.lang, wanted, threads=threads)
                except VoiceNotInstalled:
                    stand_in = self._offline_stand_in(registry, name, script.lang, wanted, threads=threads)
                    if stand_in is None:
                        raise
                    engine = stand_in
                    findings.append(Finding(where, no_piper_voice_warning(script.lang)))
                recording = record(
                    script,
                    engine=engine,
                    cache=cache,
                    head=profile.head,
                    tail=profile.tail,
                    threads=threads,
                    scratch=scratch,
                )
            except (RendererUnavailable, RenderError) as error:
                problems.append(f"{name}: {error}")
                if index + 1 == len(candidates):
                    break
                findings.append(
                    Finding(
                        where, f"speech engine {name} failed ({error}); using {candidates[index + 1]} instead"
                    )
                )
                logger.debug("%s: speech engine %s failed", where, name, exc_info=True)
                continue
            return recording, engine, findings
        if len(problems) == 1:
            message = problems[0].split(": ", 1)[1]
            raise RenderError(f"{where}: {message}")
        raise RenderError(f"{where}: no speech engine could speak the article: " + "; ".join(problems))

    def _offline_stand_in(
        self, registry: EngineRegistry, name: str, lang: str, voice: str, *, threads: int
    ) -> SpeechEngine | None:
        """eSpeak NG for a language no Piper voice here speaks, when no voice was named; else None."""
        if name != "piper" or voice or OFFLINE_STAND_IN not in registry.names():
            return None
        try:
            return self._open_engine(registry, OFFLINE_STAND_IN, lang, "", threads=threads)
        except (RendererUnavailable, RenderError):
            return None

    def _open_engine(
        self, registry: EngineRegistry, name: str, lang: str, voice: str, *, threads: int
    ) -> SpeechEngine:
        """The engine called `name`, speaking `voice` (its default for `lang` if '')."""
        engine_class = registry.load(name)
        engine_class.check_available()
        # An engine that speaks several sentences at once gets them one per thread (record() does that);
        # any other engine may use the threads itself, for one sentence at a time.
        concurrent = bool(getattr(engine_class, "concurrent", False))
        return engine_class.load(EngineOptions(lang=lang, voice=voice, threads=1 if concurrent else threads))

    def _write_sections(
        self,
        slug: str,
        levelled: stream.Signal,
        chapters: tuple[ChapterMark, ...],
        info: AlbumInfo,
        cover: bytes,
        profile: audio.Profile,
        out_dir: Path,
        scratch: Path,
    ) -> list[Path]:
        """One MP3 per chapter (each at the profile's levels) and the M3U playlist that lists them."""
        import dataclasses

        entries: list[tuple[str, float, str]] = []
        written: list[Path] = []
        rate = audio.SAMPLE_RATE
        head, tail = round(profile.head * rate), round(profile.tail * rate)
        for number, mark in enumerate(chapters, start=1):
            begin = round(mark.start * rate)
            start, stop = stream.trimmed(levelled, begin, min(levelled.length, round(mark.end * rate)))
            piece = stream.Part(levelled, start, stop - start)
            padded = stream.Parts((stream.Part(None, 0, head), piece, stream.Part(None, 0, tail)), rate)
            name = f"{slug}-{number:02d}-{mark.id}.mp3"
            path = out_dir / name
            section = stream.normalised(padded, profile, scratch=scratch, name=f"peaks-{number}")
            stream.encode_mp3(section, path, bitrate=profile.bitrate, room_tone=profile.room_tone)
            track = dataclasses.replace(info, title=mark.title, track=(number, len(chapters)))
            seconds = padded.length / rate
            write_tags(path, track, chapters=(ChapterMark(mark.id, mark.title, 0.0, seconds),), cover=cover)
            entries.append((name, seconds, mark.title))
            written.append(path)
        playlist = out_dir / f"{slug}.m3u"
        playlist.write_text(m3u(entries, title=info.title), encoding="utf-8")
        return [*written, playlist]
