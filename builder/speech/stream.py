"""Long recordings processed block by block, so memory stays flat in the article's length.

A `Signal` is mono float samples read a block at a time: from memory, from a
raw float32 file on disk, or put together from parts (silences and pieces of
other signals). Levels are measured in blocks (libebur128 keeps the BS.1770
filters' state and gating blocks from block to block), set in blocks (the
look-ahead true-peak limiter of audio.py, each block read with the context its
filters need), resampled in blocks, and MP3 frames are encoded as the blocks are made. A 100-minute
article therefore needs the memory of a few blocks, not of its recording;
every figure equals the in-memory functions of audio.py to within rounding.
Given two threads (`threads`), a pass reads its blocks in a second thread a
block or two ahead of the one measuring or encoding them (`ahead`): numpy,
libebur128 and LAME let go of Python's lock while they work, so both cores do.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from math import gcd
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final, Protocol, TypeVar

from builder.speech import audio

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from builder.speech.audio import Samples

T = TypeVar("T")

BLOCK: Final = 1 << 18
"""Samples per block: six seconds at 44.1 kHz, about 1 MB of float32."""
_DTYPE: Final = "<f4"


class Signal(Protocol):
    """Mono samples in -1..1 at `rate`, `length` of them, read a block at a time."""

    @property
    def rate(self) -> int: ...

    @property
    def length(self) -> int: ...

    def read(self, start: int, stop: int) -> Samples:
        """Samples start..stop, clipped to the signal (float32, possibly a view: do not write to it)."""
        ...


def seconds(signal: Signal) -> float:
    return signal.length / signal.rate


def blocks(length: int, size: int = BLOCK) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive blocks covering 0..length."""
    for start in range(0, length, size):
        yield start, min(length, start + size)


def ahead(items: Iterable[T], *, threads: int, depth: int = 2) -> Iterator[T]:
    """`items` in order, made in a second thread up to `depth` ahead of their use (as they are if
    `threads` < 2); an error making them is raised here, and stopping early stops the making."""
    if threads < 2:
        yield from items
        return
    made: queue.Queue[tuple[T | None, BaseException | None, bool]] = queue.Queue(depth)
    stopping = threading.Event()

    def put(entry: tuple[T | None, BaseException | None, bool]) -> bool:
        while not stopping.is_set():
            try:
                made.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not put((item, None, False)):
                    return
        except BaseException as error:  # noqa: BLE001  # raised again in the thread that uses the items
            put((None, error, True))
            return
        put((None, None, True))

    maker = threading.Thread(target=make, name="blocks-ahead", daemon=True)
    maker.start()
    try:
        while True:
            item, error, last = made.get()
            if error is not None:
                raise error
            if last:
                return
            yield item  # type: ignore[misc]  # never None before the last entry
    finally:
        stopping.set()
        maker.join()


@dataclass(frozen=True, slots=True)
class ArraySignal:
    """A signal held in memory (short recordings, tests)."""

    samples: Samples
    rate: int

    @property
    def length(self) -> int:
        return len(self.samples)

    def read(self, start: int, stop: int) -> Samples:
        return self.samples[max(0, start) : max(0, stop)]


@dataclass(frozen=True, slots=True)
class FileSignal:
    """A signal in a raw little-endian float32 file (written by `SignalWriter`)."""

    path: Path
    rate: int
    length: int

    def read(self, start: int, stop: int) -> Samples:
        import numpy as np

        start, stop = max(0, start), min(self.length, stop)
        if stop <= start:
            return np.zeros(0, dtype=np.float32)
        samples: Samples = np.fromfile(self.path, dtype=_DTYPE, count=stop - start, offset=4 * start)
        return samples


@dataclass(frozen=True, slots=True)
class Part:
    """`length` samples of `signal` from `start`, or `length` samples of silence if `signal` is None."""

    signal: Signal | None
    start: int
    length: int


@dataclass(frozen=True, slots=True)
class Parts:
    """A signal made of parts laid end to end (a section file: silence, a piece, silence)."""

    parts: tuple[Part, ...]
    rate: int

    @property
    def length(self) -> int:
        return sum(part.length for part in self.parts)

    def read(self, start: int, stop: int) -> Samples:
        import numpy as np

        start, stop = max(0, start), min(self.length, stop)
        out = np.zeros(max(0, stop - start), dtype=np.float32)
        offset = 0
        for part in self.parts:
            begin, end = max(start, offset), min(stop, offset + part.length)
            if begin < end and part.signal is not None:
                from_ = part.start + begin - offset
                out[begin - start : end - start] = part.signal.read(from_, from_ + end - begin)
            offset += part.length
        return out


@dataclass
class SignalWriter:
    """Appends samples to a raw float32 file in `folder`, or keeps them in memory if `folder` is None."""

    folder: Path | None
    name: str
    rate: int
    length: int = 0
    _file: BinaryIO | None = None
    _pieces: list[Samples] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.folder is not None:
            self._file = (self.folder / f"{self.name}.f32").open("wb")

    def append(self, samples: Samples) -> None:
        if len(samples) == 0:
            return
        if self._file is not None:
            self._file.write(samples.astype(_DTYPE, copy=False).tobytes())
        else:
            self._pieces.append(samples.astype("float32", copy=True))
        self.length += len(samples)

    def close(self) -> Signal:
        """The finished signal (the file is closed; the writer takes no more samples)."""
        import numpy as np

        if self._file is not None:
            self._file.close()
            assert self.folder is not None
            return FileSignal(self.folder / f"{self.name}.f32", self.rate, self.length)
        joined = np.concatenate(self._pieces) if self._pieces else np.zeros(0, dtype=np.float32)
        return ArraySignal(joined.astype(np.float32, copy=False), self.rate)


def window(signal: Signal, start: int, stop: int, margin: int, *, zeros: bool) -> tuple[Samples, int]:
    """Samples start-margin..stop+margin and where `start` is in them.

    With `zeros`, samples outside the signal are silence (as resample_poly
    sees them); otherwise the window stops at the signal's ends (as filters in
    "nearest" mode expect).
    """
    import numpy as np

    begin, end = max(0, start - margin), min(signal.length, stop + margin)
    samples = signal.read(begin, end)
    if not zeros:
        return samples, start - begin
    before, after = begin - (start - margin), (stop + margin) - end
    if before or after:
        samples = np.concatenate(
            [np.zeros(before, dtype=np.float32), samples, np.zeros(after, dtype=np.float32)]
        )
    return samples, margin


# --- levels -----------------------------------------------------------------------------------


class LoudnessMeter:
    """BS.1770 integrated loudness of samples fed in order, block by block: libebur128 keeps the
    K-weighting filters' state and the gating blocks' energies from one block to the next, so the
    result is `audio.integrated_loudness` of the whole signal."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.count = 0
        self._meter = audio.loudness_meter(rate)
        self._start: list[Samples] = []
        """The first samples while there are fewer than half a second of them (see `integrated`)."""

    def add(self, samples: Samples) -> None:
        """Feed the next samples."""
        import numpy as np

        if len(samples) == 0:
            return
        samples = np.ascontiguousarray(samples, dtype=np.float32)
        if self.count < self.rate // 2:
            self._start.append(samples[: self.rate // 2 - self.count].copy())
        self._meter.add_frames(samples, len(samples))
        self.count += len(samples)

    def integrated(self) -> float:
        """Integrated loudness (LUFS) of all fed so far; short signals padded to 0.5 s, as in audio.py."""
        import numpy as np

        if self.count < self.rate // 2:
            start = np.concatenate(self._start) if self._start else np.zeros(0, dtype=np.float32)
            return audio.integrated_loudness(start, self.rate)  # silence, and so -inf, when nothing was fed
        return audio.loudness(self._meter)


def level(signal: Signal, profile: audio.Profile, *, threads: int = 1) -> float:
    """The signal's level as the profile measures it: integrated loudness (LUFS) or RMS (dB)."""
    import numpy as np

    read = ahead((signal.read(start, stop) for start, stop in blocks(signal.length)), threads=threads)
    if profile.loudness == "lufs":
        meter = LoudnessMeter(signal.rate)
        for samples in read:
            meter.add(samples)
        return meter.integrated()
    total = 0.0
    for samples in read:
        total += float(np.sum(np.square(samples, dtype=np.float64)))
    return audio.db(math.sqrt(total / signal.length)) if signal.length else -math.inf


def _peak_margin() -> int:
    return len(audio._lowpass(audio.OVERSAMPLING, 1, audio._DETECTION_TAPS)) // audio.OVERSAMPLING + 2


def true_peaks(signal: Signal, writer: SignalWriter) -> tuple[Signal, float, float]:
    """Each sample's true peak (as audio.sample_true_peaks), the highest of them and the highest |sample|."""
    import numpy as np

    margin = _peak_margin()
    highest = loudest = 0.0
    for start, stop in blocks(signal.length):
        samples, at = window(signal, start, stop, margin, zeros=True)
        peaks = audio.sample_true_peaks(samples)[at : at + stop - start]
        writer.append(peaks)
        highest = max(highest, float(peaks.max()))
        loudest = max(loudest, float(np.max(np.abs(samples))))
    return writer.close(), highest, loudest


@dataclass(frozen=True, slots=True)
class Limited:
    """`source` times `scale`, through the look-ahead true-peak limiter of audio.limiter_gain."""

    source: Signal
    peaks: Signal
    scale: float
    ceiling: float
    limiting: bool
    """False when no true peak reaches the ceiling: plain gain."""

    @property
    def rate(self) -> int:
        return self.source.rate

    @property
    def length(self) -> int:
        return self.source.length

    def read(self, start: int, stop: int) -> Samples:
        import numpy as np

        start, stop = max(0, start), min(self.length, stop)
        if not self.limiting:
            plain: Samples = (self.source.read(start, stop) * self.scale).astype(np.float32)
            return plain
        margin = 2 * max(1, int(0.005 * self.rate))  # the limiter's minimum and mean filters, each side
        samples, at = window(self.source, start, stop, margin, zeros=False)
        peaks, _ = window(self.peaks, start, stop, margin, zeros=False)
        envelope = audio.limiter_gain(peaks * self.scale, self.ceiling, self.rate)
        if envelope is None:
            out: Samples = (samples[at : at + stop - start] * self.scale).astype(np.float32)
            return out
        gained: Samples = (samples * (self.scale * envelope)).astype(np.float32)
        return gained[at : at + stop - start]


def normalised(
    signal: Signal, profile: audio.Profile, *, scratch: Path | None, name: str = "peaks", threads: int = 1
) -> Signal:
    """`signal` at the profile's level with true peaks under its ceiling: audio.normalise, in blocks.

    The same search as audio.normalise (audio.search_gain: secant steps on the gain, the level
    measured again only when the limiter works); each measurement is one pass
    over the signal, and the true peaks are kept in `scratch` (in memory if None).
    With two `threads`, the true peaks and the first level are found side by side.
    """
    if signal.length == 0:
        return signal
    if threads >= 2:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1, thread_name_prefix="level") as beside:
            measured = beside.submit(level, signal, profile)
            peaks, highest, loudest = true_peaks(signal, SignalWriter(scratch, name, signal.rate))
            start = measured.result()
    else:
        peaks, highest, loudest = true_peaks(signal, SignalWriter(scratch, name, signal.rate))
        start = level(signal, profile) if loudest else -math.inf
    if loudest == 0.0 or not math.isfinite(start):
        return signal
    ceiling = 10 ** (profile.ceiling / 20)

    def gained(gain_db: float) -> tuple[Signal, float]:
        scale = 10 ** (gain_db / 20)
        limiting = highest * scale > ceiling
        out = Limited(signal, peaks, scale, profile.ceiling, limiting)
        return out, level(out, profile, threads=threads) if limiting else start + gain_db

    return audio.search_gain(start, profile.target + profile.encoder_loss, gained)


# --- resampling and encoding ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resampled:
    """`source` at `rate`, by the polyphase filter of audio.resample (the same samples, block by block)."""

    source: Signal
    rate: int

    @property
    def _ratio(self) -> tuple[int, int]:
        common = gcd(self.source.rate, self.rate)
        return self.rate // common, self.source.rate // common

    @property
    def length(self) -> int:
        up, down = self._ratio
        return -(-self.source.length * up // down)

    def read(self, start: int, stop: int) -> Samples:
        import numpy as np

        up, down = self._ratio
        start, stop = max(0, start), min(self.length, stop)
        if up == down:
            return self.source.read(start, stop).astype(np.float32, copy=False)
        if stop <= start:
            return np.zeros(0, dtype=np.float32)
        # Output sample k * up is input sample k * down: cut the input there, so the filter's phases line up.
        first = start // up
        last = -(-stop // up)
        taps = audio._lowpass(up, down, 10)
        margin = (len(taps) // up // down + 2) * down
        samples, _ = window(self.source, first * down, last * down, margin, zeros=True)
        resampled = audio.polyphase(samples, up, down, taps)
        skip = margin * up // down + start - first * up
        out: Samples = resampled[skip : skip + stop - start]
        return out


ENCODER_DELAY: Final = 1105
"""Samples of silence a decoder puts before the first sound of lameenc's MP3 (LAME's 576-sample encoder
delay and the 529-sample decoder delay, measured on ffmpeg's decoding at 44.1 kHz: 25 ms). The files
have no Xing/LAME header frame to tell players to drop them, so the transcript's times add them."""


def encode_mp3(
    signal: Signal,
    path: Path,
    *,
    bitrate: int,
    room_tone: float | None = None,
    copy: SignalWriter | None = None,
    threads: int = 1,
) -> None:
    """Write `signal` as constant-bit-rate mono MP3 to `path`, frames encoded as each block is made.

    With `room_tone` (dBFS RMS), the noise of audio.room_tone is added; `copy`
    receives the samples before the noise (for the section files). With two
    `threads`, the blocks are made in one while LAME encodes in the other.
    """
    import lameenc
    import numpy as np

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(signal.rate)
    encoder.set_out_sample_rate(signal.rate)
    encoder.set_channels(1)
    encoder.set_quality(5)  # LAME's "good quality, fast": no audible loss for speech, twice as fast as 2
    noise = np.random.default_rng(1770) if room_tone is not None else None

    def made() -> Iterator[bytes]:
        for start, stop in blocks(signal.length):
            samples = signal.read(start, stop)
            if copy is not None:
                copy.append(samples)
            if noise is not None and room_tone is not None:
                tone = (noise.standard_normal(len(samples)) * 10 ** (room_tone / 20)).astype(np.float32)
                samples = (samples + tone).astype(np.float32)
            yield pcm16(samples)

    with path.open("wb") as out:
        for pcm in ahead(made(), threads=threads):
            out.write(bytes(encoder.encode(pcm)))
        out.write(bytes(encoder.flush()))


def pcm16(samples: Samples) -> bytes:
    import numpy as np

    pcm: npt.NDArray[np.int16] = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    return pcm.tobytes()


def trimmed(signal: Signal, start: int, stop: int, *, margin: float = 0.02) -> tuple[int, int]:
    """The bounds of start..stop left by audio.trim_silence (10 ms windows counted from `start`)."""
    import numpy as np

    rate = signal.rate
    size = max(1, int(0.01 * rate))
    frames = (stop - start) // size
    if frames == 0:
        return start, stop
    first = last = -1
    quiet = 10 ** (audio._SILENT_DB / 20)
    per_block = max(1, BLOCK // size)
    for frame in range(0, frames, per_block):
        count = min(per_block, frames - frame)
        samples = signal.read(start + frame * size, start + (frame + count) * size).astype(np.float64)
        energy = np.sqrt(np.mean(samples.reshape(count, size) ** 2, axis=1))
        loud = np.flatnonzero(energy > quiet)
        if len(loud):
            first = frame + int(loud[0]) if first < 0 else first
            last = frame + int(loud[-1])
    if first < 0:
        return start, start
    keep = int(margin * rate)
    return max(start, start + first * size - keep), min(stop, start + (last + 1) * size + keep)
