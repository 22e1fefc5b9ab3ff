"""Benchmark of the mp3 format on the seed article, against raw Piper on the same text.

Prints the audio length, the synthesis and encoding times, the wall-clock and
CPU time of the whole renderer with an empty sentence cache, the same for raw
Piper synthesising the same sentences in the same run (through piper's own API,
once with onnxruntime's default threads and once with one thread), their
ratios (target: the renderer's CPU time at most 1.2 times raw Piper's), and
the time of a rebuild with the cache full. Run from the repository root:

    .venv/bin/python bench/bench_audio.py [--threads N] [--article source/NAME.md]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from project import ROOT, copy_project

TARGET_RATIO = 1.2
"""The renderer's CPU time over raw Piper's (one thread), on the same sentences."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", default="source/mesenchymal-stem-cells-als.md")
    parser.add_argument(
        "--threads", type=int, default=0, help="sentences spoken at once (default: as the renderer)"
    )
    args = parser.parse_args(argv)

    import numpy as np
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    from builder import Project, load_article, load_settings
    from builder.renderers import RenderOptions
    from builder.renderers.audio import AudioRenderer, default_threads
    from builder.speech.engines.piper import installed_voices, synthesis_config
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
        model, _ = installed_voices()["en_US-joe-medium"]

        def raw(voice: PiperVoice) -> tuple[float, float, int]:
            started, started_cpu = time.perf_counter(), time.process_time()
            count = 0
            for sentence in sentences:
                for chunk in voice.synthesize(sentence, synthesis_config()):  # the same pace
                    count += len(np.asarray(chunk.audio_float_array))
            return time.perf_counter() - started, time.process_time() - started_cpu, count

        voice = PiperVoice.load(model)
        raw_seconds, raw_cpu, raw_samples = raw(voice)
        raw_audio = raw_samples / voice.config.sample_rate
        del voice
        one = onnxruntime.SessionOptions()
        one.intra_op_num_threads = one.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model), sess_options=one, providers=["CPUExecutionProvider"]
        )
        config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))
        single_seconds, single_cpu, _ = raw(PiperVoice(config=config, session=session))
        del session

        # The whole renderer, empty cache: script, model load, synthesis, levels, MP3, tags, transcript.
        renderer = AudioRenderer(cache_dir=root / "cache", threads=threads)
        out = root / "out"
        out.mkdir()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = renderer.render(doc, options=options, out_dir=out)
        render_seconds, render_cpu = time.perf_counter() - started, time.process_time() - started_cpu
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
        ratio = render_cpu / single_cpu
        print(
            f"article                {args.article} ({len(sentences)} utterances, {threads} engine threads)"
        )
        print(f"audio length           {stats.audio_seconds:7.1f} s  (speech alone {raw_audio:.1f} s)")
        print(
            f"synthesis time         {stats.synthesis_seconds:7.1f} s  ({stats.synthesised} sentences or parts, summed over threads)"
        )
        print(f"encoding time          {stats.encoding_seconds:7.1f} s  (levels, MP3, tags, transcript)")
        print(f"{'':23}{'wall':>9}{'CPU':>10}")
        print(f"renderer, whole        {render_seconds:7.1f} s {render_cpu:7.1f} s")
        print(
            f"raw Piper, default     {raw_seconds:7.1f} s {raw_cpu:7.1f} s  (onnxruntime's own thread count)"
        )
        print(f"raw Piper, one thread  {single_seconds:7.1f} s {single_cpu:7.1f} s")
        print(
            f"renderer / raw Piper   wall {render_seconds / raw_seconds:.2f} (default), "
            f"{render_seconds / single_seconds:.2f} (one thread); "
            f"CPU {render_cpu / raw_cpu:.2f} (default), {ratio:.2f} (one thread; target <= {TARGET_RATIO})"
        )
        print(
            f"rebuild, cache full    {rebuild_seconds:7.1f} s  ({again.last_stats.synthesised} synthesised)"
        )
        print(f"MP3                    {mp3.stat().st_size / 1e6:7.2f} MB")
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
