"""Sound processing for spoken handouts: resampling, levels, true-peak limiting and MP3.

Pure functions on mono float samples in -1..1. Loudness is measured by
ITU-R BS.1770 (pyloudnorm); true peak by 4x oversampling, as BS.1770 annex 2
describes. Two profiles set the levels (see ../shared/ACCESSIBILITY.md):
"speech" for phones (-16 LUFS, true peak at most -1 dBTP) and "audiobook"
(ACX: RMS -23..-18 dB, peak at most -3 dBFS, room tone at head and tail).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from math import gcd
from typing import TYPE_CHECKING, Final, Literal, TypeVar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Samples = npt.NDArray[np.float32]

SAMPLE_RATE: Final = 44100
"""Every MP3 Handout writes is 44.1 kHz (both profiles require it)."""
OVERSAMPLING: Final = 4
_SILENT_DB: Final = -50.0
_DETECTION_TAPS: Final = 6
"""Taps per phase of the limiter's oversampling filter: BS.1770-4 annex 2 uses 12 for 48 kHz; this
signal has no content near Nyquist (the voices stop at 11 kHz), so a shorter filter finds the same peaks."""
LEVEL_TOLERANCE: Final = 0.25
"""How close (dB or LU) normalisation gets to the target: a quarter of a decibel is inaudible."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Target levels and MP3 settings for one kind of listening."""

    name: Literal["speech", "audiobook"]
    bitrate: int
    """MP3 constant bit rate in kbit/s."""
    loudness: Literal["lufs", "rms"]
    """Which level `target` sets: BS.1770 integrated loudness or plain RMS."""
    target: float
    ceiling: float
    """The limiter's ceiling in dBTP: below the profile's limit, leaving room for MP3 overshoot."""
    head: float
    """Seconds of room tone before the first word."""
    tail: float
    """Seconds of room tone after the last word."""
    room_tone: float | None
    """RMS level in dBFS of the noise filling silences, or None for digital silence."""
    encoder_loss: float = 0.45
    """dB that LAME's MP3 loses in level (measured on decoded files, 64-192 kbps): aimed above to make up."""


PROFILES: Final = {
    "speech": Profile("speech", 96, "lufs", -16.0, -2.0, 0.4, 1.0, None),
    # ACX: RMS -23..-18 dB (aim at -20), peak <= -3 dBFS, noise floor <= -60 dB but not digital silence.
    "audiobook": Profile("audiobook", 192, "rms", -20.0, -4.0, 0.75, 2.0, -78.0),
}


def db(value: float) -> float:
    return 20 * math.log10(max(value, 1e-12))


def resample(samples: Samples, rate: int, to_rate: int = SAMPLE_RATE) -> Samples:
    """`samples` at `to_rate`, by polyphase filtering (exact for 22.05 -> 44.1 kHz)."""
    import numpy as np

    if rate == to_rate or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    from scipy.signal import resample_poly  # type: ignore[import-untyped]  # only when the rates differ

    common = gcd(rate, to_rate)
    up, down = to_rate // common, rate // common
    taps = _lowpass(up, down, 10)
    resampled: Samples = resample_poly(samples.astype(np.float32), up, down, window=taps).astype(np.float32)
    return resampled


@cache
def _lowpass(up: int, down: int, taps_per_phase: int) -> Samples:
    """The anti-aliasing filter resample_poly would design (Kaiser, beta 5), designed once per ratio."""
    import numpy as np
    from scipy.signal import firwin

    factor = max(up, down)
    half = taps_per_phase * factor
    taps: Samples = firwin(2 * half + 1, 1.0 / factor, window=("kaiser", 5.0)).astype(np.float32)
    return taps


def trim_silence(samples: Samples, rate: int, *, margin: float = 0.02) -> Samples:
    """`samples` without the silence an engine leaves before and after the words (keeping `margin` s)."""
    import numpy as np

    if len(samples) == 0:
        return samples
    window = max(1, int(0.01 * rate))
    frames = len(samples) // window
    if frames == 0:
        return samples
    energy = np.sqrt(np.mean(samples[: frames * window].reshape(frames, window) ** 2, axis=1))
    loud = np.flatnonzero(energy > 10 ** (_SILENT_DB / 20))
    if len(loud) == 0:
        return samples[:0]
    keep = int(margin * rate)
    start = max(0, loud[0] * window - keep)
    end = min(len(samples), (loud[-1] + 1) * window + keep)
    return samples[start:end]


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Samples:
    import numpy as np

    return np.zeros(max(0, round(seconds * rate)), dtype=np.float32)


def true_peak(samples: Samples) -> float:
    """Highest true-peak level in dBTP (4x oversampled, BS.1770-4 annex 2)."""
    import numpy as np

    if len(samples) == 0:
        return -math.inf
    return db(float(np.max(np.abs(_oversample(samples)))))


def sample_peak(samples: Samples) -> float:
    import numpy as np

    return db(float(np.max(np.abs(samples)))) if len(samples) else -math.inf


def rms(samples: Samples) -> float:
    import numpy as np

    return db(math.sqrt(float(np.mean(np.square(samples, dtype=np.float64))))) if len(samples) else -math.inf


def integrated_loudness(samples: Samples, rate: int = SAMPLE_RATE) -> float:
    """BS.1770 integrated loudness in LUFS (gated), via pyloudnorm."""
    import numpy as np
    import pyloudnorm

    if len(samples) < rate // 2:
        samples = np.concatenate([samples, np.zeros(rate // 2 - len(samples), dtype=np.float32)])
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def _oversample(samples: Samples, taps_per_phase: int = 10) -> Samples:
    import numpy as np
    from scipy.signal import resample_poly

    taps = _lowpass(OVERSAMPLING, 1, taps_per_phase)
    oversampled: Samples = resample_poly(samples.astype(np.float32), OVERSAMPLING, 1, window=taps)
    return oversampled


def sample_true_peaks(samples: Samples) -> Samples:
    """Each sample's true-peak magnitude: the highest of its 4x oversampled values and itself."""
    import numpy as np

    over = np.abs(_oversample(samples, _DETECTION_TAPS)[: len(samples) * OVERSAMPLING])
    peaks: Samples = np.abs(samples).astype(np.float32)
    for phase in range(OVERSAMPLING):  # faster than reshape(...).max(axis=1)
        np.maximum(peaks, over[phase::OVERSAMPLING], out=peaks)
    return peaks


def limiter_gain(
    peaks: Samples, ceiling_db: float, rate: int = SAMPLE_RATE, *, window: float = 0.005
) -> Samples | None:
    """The gain that keeps a signal with these true peaks under the ceiling, or None if none is needed.

    The needed gain is spread by a minimum filter of `window` seconds each
    side (look-ahead and hold) and then averaged over the same width; each
    average is over minima that all cover the sample, so the smooth gain
    never exceeds the gain that sample needs.
    """
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d  # type: ignore[import-untyped]

    ceiling = 10 ** (ceiling_db / 20)
    if len(peaks) == 0 or float(peaks.max()) <= ceiling:
        return None
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12)).astype(np.float32)
    size = 2 * max(1, int(window * rate)) + 1
    gain: Samples = uniform_filter1d(
        minimum_filter1d(needed, size=size, mode="nearest"), size=size, mode="nearest"
    )
    return gain


def limit(samples: Samples, ceiling_db: float, rate: int = SAMPLE_RATE, *, window: float = 0.005) -> Samples:
    """A look-ahead true-peak limiter: gain drops smoothly around each inter-sample peak over the ceiling."""
    import numpy as np

    gain = limiter_gain(sample_true_peaks(samples), ceiling_db, rate, window=window)
    if gain is None:
        return samples
    limited: Samples = (samples * gain).astype(np.float32)
    return limited


def normalise(samples: Samples, profile: Profile, rate: int = SAMPLE_RATE) -> Samples:
    """`samples` at the profile's level with true peaks under its ceiling.

    Peaks scale with gain, so they are measured once; then a gain is
    searched (secant steps) such that gain plus limiting gives the level.
    The level aimed at is the target plus what MP3 encoding loses, so that
    the decoded MP3 measures the target.
    """
    import numpy as np

    source = samples.astype(np.float32)
    if len(source) == 0 or float(np.max(np.abs(source))) == 0.0:
        return source
    start = _level(source, profile, rate)
    if not math.isfinite(start):
        return source
    peaks = sample_true_peaks(source)

    def gained(gain_db: float) -> tuple[Samples, float]:
        scale = 10 ** (gain_db / 20)
        envelope = limiter_gain(peaks * scale, profile.ceiling, rate)
        if envelope is None:  # plain gain: the level moves by exactly the gain, no need to measure it
            return (source * scale).astype(np.float32), start + gain_db
        out = (source * (scale * envelope)).astype(np.float32)
        return out, _level(out, profile, rate)

    return search_gain(start, profile.target + profile.encoder_loss, gained)


Leveled = TypeVar("Leveled")


def search_gain(start: float, target: float, gained: Callable[[float], tuple[Leveled, float]]) -> Leveled:
    """What `gained` makes with the gain that brings a level of `start` dB to `target` (within the
    tolerance): secant steps on the gain, at most eight. `gained(gain_db)` returns the result and its
    level; once a limiter works, the level moves by less than the gain, and the slope follows it."""
    gain_db = target - start
    tried: list[tuple[float, float]] = []  # (gain, resulting level)
    for _ in range(8):
        out, level = gained(gain_db)
        missing = target - level
        if abs(missing) <= LEVEL_TOLERANCE:
            break
        slope = 1.0  # dB of level per dB of gain: less than 1 once the limiter works
        if tried:
            previous_gain, previous_level = tried[-1]
            if abs(gain_db - previous_gain) > 0.01:
                slope = min(1.0, max(0.2, (level - previous_level) / (gain_db - previous_gain)))
        tried.append((gain_db, level))
        gain_db += missing / slope
    return out


def _level(samples: Samples, profile: Profile, rate: int) -> float:
    return integrated_loudness(samples, rate) if profile.loudness == "lufs" else rms(samples)


def room_tone(length: int, level_db: float, *, seed: int = 1770) -> Samples:
    """Quiet, steady noise (`level_db` RMS): ACX asks for room tone, not digital silence."""
    import numpy as np

    generator = np.random.default_rng(seed)
    return (generator.standard_normal(length) * 10 ** (level_db / 20)).astype(np.float32)


def with_room_tone(samples: Samples, profile: Profile) -> Samples:
    """`samples` with the profile's room-tone noise added (unchanged for digital-silence profiles)."""
    if profile.room_tone is None:
        return samples
    return (samples + room_tone(len(samples), profile.room_tone)).astype(samples.dtype)


def encode_mp3(samples: Samples, *, bitrate: int, rate: int = SAMPLE_RATE) -> bytes:
    """Constant-bit-rate mono MP3 of `samples` (lameenc; no VBR header frame)."""
    import lameenc
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(5)  # LAME's "good quality, fast": no audible loss for speech, twice as fast as 2
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())
