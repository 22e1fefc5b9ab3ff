"""Benchmark of the mp3 format on the seed article, against raw Piper on the same text.

Prints the audio length, the synthesis and encoding times, the real-time
factor (seconds of work per second of audio) of the whole renderer with an
empty sentence cache, the factor of raw Piper synthesising the same sentences
in the same run, their ratio (target: at most 1.5), and the time of a rebuild
with the cache full. Run from the repository root:

    .venv/bin/python bench/bench_audio.py [--threads N] [--article source/NAME.md]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from project import ROOT, copy_project

TARGET_RATIO = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", default="source/mesenchymal-stem-cells-als.md")
    parser.add_argument(
        "--threads", type=int, default=0, help="onnxruntime threads (default: as the renderer)"
    )
    args = parser.parse_args(argv)

    import numpy as np
    from piper import PiperVoice

    from builder import Project, load_article, load_settings
    from builder.renderers import RenderOptions
    from builder.renderers.audio import AudioRenderer, default_threads
    from builder.speech.engines.piper import installed_voices
    from builder.speech.script import make_script

    threads = args.threads or default_threads()
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as folder:
        root = copy_project(Path(folder), [ROOT / args.article])
        source = root / "source" / Path(args.article).name
        project = Project.at(root)
        article = load_article(source, project=project, settings=load_settings(project))
        doc = article.document
        options = RenderOptions.prepare(
            doc, settings=article.settings, project=project, uses=AudioRenderer.uses
        )
        script = make_script(options.handout, lexicon=options.inputs.lexicon)
        sentences = [u.spoken for u in script.utterances if u.spoken.strip()]

        # Raw Piper: the same sentences, one synthesize() call each, through piper's own API.
        raw_started = time.perf_counter()
        model, _ = installed_voices()["en_US-joe-medium"]
        voice = PiperVoice.load(model)
        load_seconds = time.perf_counter() - raw_started
        raw_samples = 0
        for sentence in sentences:
            for chunk in voice.synthesize(sentence):
                raw_samples += len(np.asarray(chunk.audio_float_array))
        raw_seconds = time.perf_counter() - raw_started
        raw_audio = raw_samples / voice.config.sample_rate
        del voice

        # The whole renderer, empty cache: script, model load, synthesis, levels, MP3, tags, transcript.
        renderer = AudioRenderer(cache_dir=root / "cache", threads=threads)
        out = root / "out"
        out.mkdir()
        started = time.perf_counter()
        result = renderer.render(doc, options=options, out_dir=out)
        render_seconds = time.perf_counter() - started
        stats = renderer.last_stats
        assert stats is not None

        # A rebuild with nothing changed: every sentence from the cache.
        again = AudioRenderer(cache_dir=root / "cache", threads=threads)
        rebuild_out = root / "again"
        rebuild_out.mkdir()
        started = time.perf_counter()
        again.render(doc, options=options, out_dir=rebuild_out)
        rebuild_seconds = time.perf_counter() - started
        assert again.last_stats is not None

        mp3 = next(p for p in result.files if p.suffix == ".mp3")
        renderer_factor = render_seconds / stats.audio_seconds
        raw_factor = raw_seconds / raw_audio
        ratio = render_seconds / raw_seconds
        print(f"article               {args.article} ({len(sentences)} utterances, {threads} engine threads)")
        print(f"audio length          {stats.audio_seconds:7.1f} s  (speech alone {raw_audio:.1f} s)")
        print(f"synthesis time        {stats.synthesis_seconds:7.1f} s  ({stats.synthesised} utterances)")
        print(f"encoding time         {stats.encoding_seconds:7.1f} s  (levels, MP3, tags, transcript)")
        print(f"renderer, whole       {render_seconds:7.1f} s  real-time factor {renderer_factor:.3f}")
        print(
            f"raw Piper, same text  {raw_seconds:7.1f} s  real-time factor {raw_factor:.3f}"
            f"  (model load {load_seconds:.1f} s included)"
        )
        print(f"renderer / raw Piper  {ratio:7.2f}    (target <= {TARGET_RATIO})")
        print(f"rebuild, cache full   {rebuild_seconds:7.1f} s  ({again.last_stats.synthesised} synthesised)")
        print(f"MP3                   {mp3.stat().st_size / 1e6:7.2f} MB")
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
