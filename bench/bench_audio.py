"""Benchmark of the mp3 format on the seed article, against raw Piper on the same text.

Prints the audio length, the synthesis and encoding times, the wall-clock and
CPU time of the whole renderer with an empty sentence cache, the same for raw
Piper synthesising the same sentences in the same run (through piper's own API,
once with onnxruntime's default threads and, in each of `--runs` runs alternated
with the renderer's, with one thread, the voice's loading counted as the `piper`
command counts it), their ratios (target: the median of the renderer's CPU time
at most 1.2 times raw Piper's), and the time of a rebuild with the cache full.
Run from the repository root:

    .venv/bin/python bench/bench_audio.py [--threads N] [--runs N] [--article source/NAME.md]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from project import ROOT, copy_project

TARGET_RATIO = 1.2
"""The renderer's CPU time over raw Piper's (one thread), on the same sentences, each loading the voice
(as the `piper` command does): the median of alternated runs."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", default="source/mesenchymal-stem-cells-als.md")
    parser.add_argument(
        "--threads", type=int, default=0, help="sentences spoken at once (default: as the renderer)"
    )
    parser.add_argument("--runs", type=int, default=3, help="alternated runs of each (default 3)")
    args = parser.parse_args(argv)

    import numpy as np
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    from builder import Project, load_article, load_settings
    from builder.renderers import RenderOptions, RenderResult
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
        config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))

        def speak(voice: PiperVoice) -> int:
            count = 0
            for sentence in sentences:
                for chunk in voice.synthesize(sentence, synthesis_config()):  # the same pace
                    count += len(np.asarray(chunk.audio_float_array))
            return count

        def raw_default() -> tuple[float, float, int]:
            voice = PiperVoice.load(model)
            started, started_cpu = time.perf_counter(), time.process_time()
            count = speak(voice)
            return time.perf_counter() - started, time.process_time() - started_cpu, count

        def raw_one_thread() -> tuple[float, float]:
            """CPU seconds of loading the voice on one thread, then of speaking every sentence."""
            started_cpu = time.process_time()
            one = onnxruntime.SessionOptions()
            one.intra_op_num_threads = one.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(model), sess_options=one, providers=["CPUExecutionProvider"]
            )
            voice = PiperVoice(config=config, session=session)
            loaded_cpu = time.process_time()
            speak(voice)
            return loaded_cpu - started_cpu, time.process_time() - loaded_cpu

        def renderer_cold(run: int) -> tuple[float, float, AudioRenderer, RenderResult]:
            """The whole renderer, empty cache: script, voice, synthesis, levels, MP3, tags, transcript."""
            renderer = AudioRenderer(cache_dir=root / f"cache-{run}", threads=threads)
            out = root / f"out-{run}"
            out.mkdir()
            started, started_cpu = time.perf_counter(), time.process_time()
            result = renderer.render(doc, options=options, out_dir=out)
            return time.perf_counter() - started, time.process_time() - started_cpu, renderer, result

        raw_seconds, raw_cpu, raw_samples = raw_default()
        raw_audio = raw_samples / config.sample_rate
        loads, speaking, renders, walls = [], [], [], []
        for run in range(args.runs):  # alternated, so a machine slowing down weighs on both sides
            load_cpu, speak_cpu = raw_one_thread()
            render_seconds, render_cpu, renderer, result = renderer_cold(run)
            loads.append(load_cpu)
            speaking.append(speak_cpu)
            renders.append(render_cpu)
            walls.append(render_seconds)
            print(
                f"run {run + 1}: raw Piper one thread {load_cpu:.1f} + {speak_cpu:.1f} s CPU, "
                f"renderer {render_seconds:.1f} s wall {render_cpu:.1f} s CPU: "
                f"{render_cpu / (load_cpu + speak_cpu):.2f}",
                flush=True,
            )
        stats = renderer.last_stats
        assert stats is not None

        # A rebuild with nothing changed: every sentence from the cache.
        again = AudioRenderer(cache_dir=root / f"cache-{args.runs - 1}", threads=threads)
        rebuild_out = root / "again"
        rebuild_out.mkdir()
        started = time.perf_counter()
        again.render(doc, options=options, out_dir=rebuild_out)
        rebuild_seconds = time.perf_counter() - started
        assert again.last_stats is not None

        mp3 = next(p for p in result.files if p.suffix == ".mp3")
        with_load = median([r / (a + b) for r, a, b in zip(renders, loads, speaking, strict=True)])
        speech_only = median([r / b for r, b in zip(renders, speaking, strict=True)])
        print(
            f"article                {args.article} ({len(sentences)} utterances, {threads} engine threads,"
            f" {args.runs} runs, medians)"
        )
        print(f"audio length           {stats.audio_seconds:7.1f} s  (speech alone {raw_audio:.1f} s)")
        print(
            f"synthesis time         {stats.synthesis_seconds:7.1f} s  ({stats.synthesised} sentences or parts, summed over threads)"
        )
        print(f"encoding time          {stats.encoding_seconds:7.1f} s  (levels, MP3, tags, transcript)")
        print(f"{'':23}{'wall':>9}{'CPU':>10}")
        print(f"renderer, whole        {median(walls):7.1f} s {median(renders):7.1f} s")
        print(
            f"raw Piper, default     {raw_seconds:7.1f} s {raw_cpu:7.1f} s  (onnxruntime's own thread count,"
            " voice loaded)"
        )
        print(
            f"raw Piper, one thread  {'':9}{median(loads) + median(speaking):7.1f} s  "
            f"(loading the voice {median(loads):.1f} s, speaking {median(speaking):.1f} s)"
        )
        print(
            f"renderer / raw Piper   CPU {with_load:.2f} (one thread, voice loaded in both; target <= {TARGET_RATIO}),"
            f" {speech_only:.2f} (against raw Piper's speaking alone), {median(renders) / raw_cpu:.2f} (default)"
        )
        print(
            f"rebuild, cache full    {rebuild_seconds:7.1f} s  ({again.last_stats.synthesised} synthesised)"
        )
        print(f"MP3                    {mp3.stat().st_size / 1e6:7.2f} MB")
        return 0 if with_load <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
