"""Sound processing for spoken handouts: resampling, levels, true-peak limiting and MP3.

Pure functions on mono float samples in -1..1. Loudness is measured by
ITU-R BS.1770 (libebur128, the EBU R 128 reference library, through
pyebur128); true peak by 4x oversampling, as BS.1770 annex 2 describes.
Resampling and oversampling are polyphase filtering in numpy: the filters
and the samples of scipy's resample_poly, without importing scipy (up to two
seconds of CPU and 80 MB in every build). Two profiles set the levels (see
../shared/ACCESSIBILITY.md): "speech" for phones (-16 LUFS, true peak at most -1 dBTP) and "audiobook"
(ACX: RMS -23..-18 dB, peak at most -3 dBFS, room tone at head and tail).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from math import gcd
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

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
    common = gcd(rate, to_rate)
    up, down = to_rate // common, rate // common
    return polyphase(samples, up, down, _lowpass(up, down, 10))


@cache
def _lowpass(up: int, down: int, taps_per_phase: int) -> Samples:
    """The anti-aliasing filter scipy's resample_poly designs (firwin: a sinc at the lower Nyquist,
    Kaiser window of beta 5, unit gain at 0 Hz), designed once per ratio."""
    import numpy as np

    factor = max(up, down)
    half = taps_per_phase * factor
    cutoff = 1.0 / factor  # of the Nyquist frequency
    taps = cutoff * np.sinc(cutoff * np.arange(-half, half + 1)) * np.kaiser(2 * half + 1, 5.0)
    lowpass: Samples = (taps / taps.sum()).astype(np.float32)
    return lowpass


_ROWS: Final = 1 << 15
"""Output frames (of `up` samples) computed at once by `polyphase`: bounds its temporary arrays."""


def polyphase(samples: Samples, up: int, down: int, taps: Samples) -> Samples:
    """`samples` up by `up` and down by `down` through the FIR filter `taps`: the samples scipy's
    resample_poly(samples, up, down, window=taps) gives (to float32 rounding), aligned on the
    filter's centre, with silence outside the signal.

    Output sample k is the sum over i of h[i] times the input stretched by zeros
    (x[n] at n * up) at k * down - i, with h the taps times `up`. Frames of `up`
    outputs repeat the same pattern of phases and input offsets, so each frame is
    one row of input (advancing by `down`) times a fixed matrix: one matrix
    product per `_ROWS` frames.
    """
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    x = np.asarray(samples, dtype=np.float32)
    count = -(-len(x) * up // down)
    if len(x) == 0:
        return np.zeros(0, dtype=np.float32)
    h = np.asarray(taps, dtype=np.float32) * np.float32(up)
    half = (len(h) - 1) // 2
    pad = down - half % down  # resample_poly's own padding, which puts output 0 at `first`
    h = np.concatenate([np.zeros(pad, dtype=np.float32), h])
    first = (half + pad) // down
    per_phase = -(-len(h) // up)
    flat = np.zeros(per_phase * up, dtype=np.float32)
    flat[: len(h)] = h
    phases = flat.reshape(per_phase, up).T  # phases[r, j] = h[r + j * up]
    shifts = np.arange(up) * down
    offsets, phase_of = shifts // up, shifts % up  # output s of a frame: its input offset and phase
    reach = int(offsets[-1])
    kernel = np.zeros((up, per_phase + reach), dtype=np.float32)
    for s in range(up):
        kernel[s, offsets[s] : offsets[s] + per_phase] = phases[phase_of[s], ::-1]
    begin, end = first // up, (first + count - 1) // up + 1  # the frames holding outputs first..
    after = max(0, (end - 1) * down + reach + 1 - len(x))
    padded = np.concatenate(
        [np.zeros(per_phase - 1, dtype=np.float32), x, np.zeros(after, dtype=np.float32)]
    )
    rows = sliding_window_view(padded, per_phase + reach)
    out = np.empty((end - begin) * up, dtype=np.float32)
    with one_blas_thread():
        for frame in range(begin, end, _ROWS):
            stop = min(end, frame + _ROWS)
            chunk = rows[frame * down : (stop - 1) * down + 1 : down] @ kernel.T
            out[(frame - begin) * up : (stop - begin) * up] = chunk.ravel()
    skip = first - begin * up
    resampled: Samples = out[skip : skip + count]
    return resampled


def one_blas_thread() -> AbstractContextManager[object]:
    """numpy's matrix products on one thread, while in this context (threadpoolctl).

    The products `polyphase` makes are small. Spread over OpenBLAS's threads,
    they are no faster, and between them the threads spin, waiting for more:
    while LAME encoded the blocks they were made for, that spinning took as
    much CPU time as the encoding itself, from the core the next task needs.
    """
    from threadpoolctl import threadpool_limits

    limits: AbstractContextManager[object] = threadpool_limits(limits=1, user_api="blas")
    return limits


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


def loudness_meter(rate: int) -> Any:
    """A BS.1770 integrated-loudness meter (libebur128's, gated): feed it samples in order with
    `add_frames(samples, len(samples))`, read it with `loudness(meter)`."""
    import pyebur128

    return pyebur128.R128State(1, rate, pyebur128.MeasurementMode.MODE_I)


def loudness(meter: Any) -> float:
    """The integrated loudness in LUFS of all fed to `meter` (-inf for silence or under 400 ms)."""
    import pyebur128

    return float(pyebur128.get_loudness_global(meter))


def integrated_loudness(samples: Samples, rate: int = SAMPLE_RATE) -> float:
    """BS.1770 integrated loudness in LUFS (gated); a signal under half a second is measured with
    silence after it to make half a second (one gating block would miss a one-word sentence)."""
    import numpy as np

    if len(samples) < rate // 2:
        samples = np.concatenate([samples, np.zeros(rate // 2 - len(samples), dtype=np.float32)])
    meter = loudness_meter(rate)
    meter.add_frames(np.ascontiguousarray(samples, dtype=np.float32), len(samples))
    return loudness(meter)


def _oversample(samples: Samples, taps_per_phase: int = 10) -> Samples:
    return polyphase(samples, OVERSAMPLING, 1, _lowpass(OVERSAMPLING, 1, taps_per_phase))


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

    ceiling = 10 ** (ceiling_db / 20)
    if len(peaks) == 0 or float(peaks.max()) <= ceiling:
        return None
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12)).astype(np.float32)
    size = 2 * max(1, int(window * rate)) + 1
    gain: Samples = running_mean(running_min(needed, size), size)
    return gain


def running_min(values: Samples, size: int) -> Samples:
    """The minimum of each odd `size` of values centred on each one, the first and last values
    repeated beyond the ends (van Herk and Gil-Werman: two cumulative minima per `size` values)."""
    import numpy as np

    half, count = size // 2, len(values)
    extra = (-(count + 2 * half)) % size
    runs = np.pad(values, (half, half + extra), mode="edge").reshape(-1, size)
    forward = np.minimum.accumulate(runs, axis=1).ravel()
    backward = np.minimum.accumulate(runs[:, ::-1], axis=1)[:, ::-1].ravel()
    least: Samples = np.minimum(backward[:count], forward[size - 1 : size - 1 + count])
    return least


def running_mean(values: Samples, size: int) -> Samples:
    """The mean of each odd `size` of values centred on each one, the ends repeated (sums in float64)."""
    import numpy as np

    sums = np.concatenate([[0.0], np.cumsum(np.pad(values, size // 2, mode="edge"), dtype=np.float64)])
    mean: Samples = ((sums[size:] - sums[:-size]) / size).astype(values.dtype)
    return mean


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
