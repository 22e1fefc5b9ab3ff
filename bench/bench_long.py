"""Peak memory of the MP3 of a long article: the 100-minute one of ../shared/corpus/real.

Prints, in one run:
  1. `handout build -f mp3` of the article, cold: wall time, audio length and peak memory (the
     largest process, and all processes together); target: under 1 GB;
  2. from the sentence cache that build filled, the levels, resampling and MP3 encoding alone,
     each in a fresh process: the way Handout does it now (in blocks, through files) and the
     way it did before (the whole recording in memory, audio.normalise/resample/encode_mp3),
     with their peak memory; the blocks' figure should not grow with the article.

    .venv/bin/python bench/bench_long.py [--article PATH] [--engine piper|espeak]

With Piper the cold build speaks 100 minutes (a quarter of an hour of CPU); `--engine espeak`
makes the same measurement in a minute or two.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from measure import measure
from project import ROOT, copy_project

LONG = ROOT.parent / "shared" / "corpus" / "real" / "nci-pdq-cardiopulmonary-syndromes-patient.md"
CORPUS_KEYS = "[current_url, license_note, retrieved_via, text_date, conversion_note, corpus_kind]"
TARGET_MB = 1024
USER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def levels_alone(project_root: Path, article: Path, how: str) -> dict[str, float]:
    """In this (fresh) process: the recording from the cache, then its levels and MP3 one way or the other."""
    from builder import Project, load_article, load_settings
    from builder.config import CACHE_FOLDER
    from builder.renderers import RenderOptions
    from builder.renderers.audio import AudioRenderer
    from builder.speech import audio, stream
    from builder.speech.cache import SentenceCache
    from builder.speech.engines import EngineRegistry
    from builder.speech.recording import record
    from builder.speech.script import make_script

    project = Project.at(project_root)
    loaded = load_article(project.source_dir / article.name, project=project, settings=load_settings(project))
    doc, settings = loaded.document, loaded.settings
    options = RenderOptions.prepare(doc, settings=settings, project=project, uses=AudioRenderer.uses)
    script = make_script(options.handout, lexicon=options.inputs.lexicon)
    renderer = AudioRenderer()
    profile = audio.PROFILES[settings.audio_profile]
    engine = renderer._open_engine(
        EngineRegistry.discover(),
        settings.speech_engine,
        script.lang,
        options.inputs.voice,
        threads=1,
    )
    cache = SentenceCache(project.output_dir / CACHE_FOLDER / "speech")
    with tempfile.TemporaryDirectory(prefix="bench-long-") as folder:
        scratch = Path(folder)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        recording = record(
            script,
            engine=engine,
            cache=cache,
            head=profile.head,
            tail=profile.tail,
            scratch=scratch if how == "blocks" else None,
        )
        after_recording = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.process_time()
        out = scratch / "out.mp3"
        if how == "blocks":
            levelled = stream.Resampled(stream.normalised(recording.signal, profile, scratch=scratch), 44100)
            stream.encode_mp3(levelled, out, bitrate=profile.bitrate, room_tone=profile.room_tone)
        else:
            samples = recording.signal.read(0, recording.signal.length)
            levelled_samples = audio.resample(audio.normalise(samples, profile, recording.rate), recording.rate)
            out.write_bytes(audio.encode_mp3(audio.with_room_tone(levelled_samples, profile), bitrate=profile.bitrate))
            del samples, levelled_samples
        seconds = time.process_time() - started
    return {
        "audio_minutes": recording.seconds / 60,
        "missed": float(cache.misses),
        "before_mb": before / 1024,
        "recording_mb": after_recording / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", type=Path, default=LONG)
    parser.add_argument("--engine", default="piper", choices=["piper", "espeak"])
    parser.add_argument("--child", nargs=2, metavar=("HOW", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    article = args.article.resolve()
    if args.child:
        print(json.dumps(levels_alone(Path(args.child[1]), article, args.child[0])))
        return 0
    if not article.is_file():
        print(f"the long article {article} is not here: give one with --article")
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-long-") as folder:
        project = copy_project(Path(folder) / "project", [article], extra_keys=CORPUS_KEYS)
        settings = project / "source" / "handout.yaml"
        settings.write_text(
            settings.read_text(encoding="utf-8").replace("speech_engine: piper", f"speech_engine: {args.engine}"),
            encoding="utf-8",
        )
        build = measure(
            [sys.executable, "-m", "builder", "--project", str(project), "-q", "build", "-f", "mp3"],
            env=USER_ENVIRONMENT,
        )
        if build.returncode != 0:
            raise SystemExit(f"handout build failed:\n{build.stderr}")
        children = {}
        for how in ("blocks", "in-memory"):
            done = measure(
                [sys.executable, __file__, "--article", str(article), "--child", how, str(project)],
                env=USER_ENVIRONMENT,
            )
            if done.returncode != 0:
                raise SystemExit(f"the {how} levelling failed:\n{done.stderr}")
            children[how] = done
        figures = {how: json.loads(done.stdout) for how, done in children.items()}

    minutes = figures["blocks"]["audio_minutes"]
    verdict = "ok" if build.total_mb < TARGET_MB else "OVER TARGET"
    print(f"article {article.name} ({article.stat().st_size // 1024} KB), engine {args.engine}: {minutes:.0f} min of audio")
    print(
        f"handout build -f mp3, cold:  {build.wall:7.1f} s wall {build.cpu:7.1f} s CPU  peak {build.peak_mb:5.0f} MiB"
        f" (largest process), {build.total_mb:5.0f} MiB (all; target < {TARGET_MB} MiB: {verdict})"
    )
    for how, label in (("blocks", "levels + MP3 in blocks"), ("in-memory", "levels + MP3 in memory (before)")):
        figure = figures[how]
        print(
            f"{label:32} {figure['seconds']:6.1f} s CPU  peak {children[how].peak_mb:5.0f} MiB"
            f" (of which the recording and set-up {figure['recording_mb']:.0f} MiB)"
        )
    ratio = children["blocks"].peak_mb / children["in-memory"].peak_mb
    print(f"peak memory, blocks / in memory: {ratio:.2f}")
    return 0 if build.total_mb < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
