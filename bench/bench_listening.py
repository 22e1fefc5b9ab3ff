"""Listening benchmark: is the audio heard as the article's words?

Builds the seed article and every article in ../shared/corpus/real/ (mp3 and
txt) in a throw-away copy of the project, transcribes each MP3 with the offline
recogniser in ../shared/asr/ (Whisper base; an external command, never imported
and never given the reference as a prompt), and prints for each article the word
error rate (WER) against its text, the most misheard words, and, for every
lexicon and `pronunciations` entry whose word the article uses, how often it was
heard right.

The reference is the txt output less what the audio deliberately does not say:
the organisation's name on the first line, the "Listen to this handout" line (a
listener is listening), web addresses and DOIs (the audio says a site's name,
never a whole address), the licence after the source, and the citation numbers
of links that are only a number ("[2](#r2)", printed, not said). A reference (citation)
is scored against the words the audio says for it: the authors' surnames ("and
colleagues" for "et al."), the year, the title as printed and "In the journal
..."; its printed number, initials, volume, issue and pages are not said. Both
follow the composed handout's order, so nothing else moves.

    .venv/bin/python bench/bench_listening.py                    # seed + corpus
    .venv/bin/python bench/bench_listening.py --article source/NAME.md --json
    .venv/bin/python bench/bench_listening.py --seed-only --plain  # and plain Piper on the same text
    .venv/bin/python bench/bench_listening.py --entries          # each lexicon entry, with and without
    .venv/bin/python bench/bench_listening.py --entries --article ../shared/corpus/real/NAME.md --candidate W=S

`--plain` also synthesises the reference text itself with Piper, with no
processing at all, transcribes it alike, and prints its WER beside Handout's and
the words Handout made harder to hear than the plain engine.

`--entries` measures every entry of the lexicon and of the seed's
`pronunciations` (`--candidate WORD=SPOKEN` one not yet in it): the articles'
own sentences that use the word, said as a build says them (their speech
script, made with the entry and without it), are each synthesised `--draws`
times by the project's Piper engine and each synthesis is transcribed on its
own; the word's hits with and without are compared (listening_entries.py says
why one recording of several sentences is not enough). An entry earns its place
only when the word is heard better with it.

Targets (printed, not timed): seed WER at most 4 % with ALS, amyotrophic,
mesenchymal, neurotrophic and Petrou heard right; every English corpus article
at most 6 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from listening_score import rescored, said_as_words
from project import ROOT, SEED, copy_project

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
ASR = Path(os.environ.get("HANDOUT_ASR", ROOT.parent / "shared" / "asr" / "asr"))
CORPUS_EXTRA_KEYS = (
    "[current_url, license_note, retrieved_via, text_date, conversion_note, corpus_kind, source_repo,"
    " example_count]"
)
SEED_TARGET = 0.04
CORPUS_TARGET = 0.06
SEED_WORDS = ("als", "amyotrophic", "mesenchymal", "neurotrophic", "petrou")

_CITED = re.compile(r"\s*[(\[]\s*\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*\s*[)\]]")
"""Citation numbers as the txt prints them: "(1, 3)", "[2]", "(4-6)"."""
_CITATION_LINK = re.compile(r"\[\s*[(\[]?\s*\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*\s*[)\]]?\s*\]\(")
"""A Markdown link whose words are only a citation number ("[2](#r2)"): the speech script leaves it unsaid."""
_URL = re.compile(r"\b(?:https?://|www\.|doi:\s?)\S+", re.IGNORECASE)


# --- the reference ---------------------------------------------------------


def reference_text(
    txt: str,
    *,
    left_out: Iterable[str],
    license: str = "",
    citations: Iterable[tuple[str, str]] = (),
    cited: bool = False,
) -> str:
    """The txt output as the audio says it: less `left_out` lines, web addresses and the licence.

    `citations` are (printed, said) pairs: the txt line that prints a reference is replaced by
    the words the audio says for it. As the audio does not say them, the citation numbers in the
    text ("(1, 3)", "[2]") are left out when the article has references, or when it is `cited`:
    its citations are links whose words are only numbers ("[2](#r2)"), which are printed, not said
    (a bracketed number of such an article that is no link, "step (1)", is then left out too).
    """
    skip = {line.strip() for line in left_out if line.strip()}
    said = [(printed, spoken) for printed, spoken in citations if printed.strip()]
    lines = []
    for line in txt.splitlines():
        if line.strip() in skip:
            continue
        for printed, spoken in said:
            if printed in line:
                line = spoken
                break
        else:
            if said or cited:
                line = _CITED.sub("", line)
        lines.append(line)
    if license:
        lines = [line.replace(f" ({license})", "") for line in lines]
    return "\n".join(_URL.sub(" ", line) for line in lines) + "\n"


def words_of(text: str) -> list[str]:
    """Lower-case words, roughly as the recogniser's normaliser cuts them (enough to count a word)."""
    text = re.sub(r"\b([^\W\d_])\.(?=[^\W\d_]\.)", r"\1", text)  # U.S. -> US
    return re.findall(r"[^\W_]+", text.lower())


# --- the recogniser --------------------------------------------------------


def transcribe(audio: Path, reference: Path, *, lang: str, keep: Path | None = None) -> dict[str, Any]:
    """Run the recogniser on `audio`, scored against `reference`; its JSON report.

    English is scored as listening_score.py says: symbols the audio says in words are read alike on
    both sides, and regions that are only spellings of the same sounds are not counted (the raw WER
    is kept beside the scored one).
    """
    if not ASR.is_file():
        raise SystemExit(f"the recogniser {ASR} is missing: run ../shared/asr/setup.sh")
    english = lang == "en"
    scored_reference = reference.with_name(f"{reference.stem}.scored.txt")
    text = reference.read_text(encoding="utf-8")
    scored_reference.write_text(said_as_words(text) if english else text, encoding="utf-8")
    heard = (keep or reference.parent) / f"{audio.stem}.heard.txt"
    heard.parent.mkdir(parents=True, exist_ok=True)
    if keep is not None:
        shutil.copy(reference, keep / reference.name)
    command = [str(ASR), str(audio), str(scored_reference), "--json", "--top", "1000", "--lang", lang]
    report = _run([*command, "--save-hyp", str(heard)], audio)
    if english:
        transcript = heard.read_text(encoding="utf-8")
        if said_as_words(transcript) != transcript:
            scored_heard = heard.with_name(f"{audio.stem}.heard.scored.txt")
            scored_heard.write_text(said_as_words(transcript), encoding="utf-8")
            report = _run([*command, "--hyp", str(scored_heard)], audio)
        report = rescored(report)
    return report


def _run(command: list[str], audio: Path) -> dict[str, Any]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the recogniser failed on {audio.name}: {done.stderr.strip()[-400:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@dataclass(frozen=True)
class Heard:
    word: str
    occurrences: int
    errors: int
    heard_as: dict[str, int]

    @property
    def hits(self) -> int:
        return self.occurrences - self.errors


def heard(report: dict[str, Any], word: str) -> Heard:
    """How often `word` (one normalised word) was in the reference and how often it was misheard."""
    for entry in report["top_misrecognized"]:
        if entry["word"] == word:
            return Heard(word, entry["occurrences"], entry["errors"], dict(entry["heard_as"]))
    return Heard(word, 0, 0, {})  # never misheard: heard_in counts it in the reference


def heard_in(report: dict[str, Any], word: str, reference: str) -> Heard:
    """`heard` with the occurrences counted in `reference` when the word was never misheard."""
    found = heard(report, word)
    if found.occurrences:
        return found
    return Heard(word, words_of(reference).count(word), 0, {})


# --- building --------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    slug: str
    lang: str
    mp3: Path
    reference: Path
    entries: tuple[tuple[str, str], ...]


def build(root: Path, source: Path, *, jobs: int) -> Built:
    """Build mp3 and txt for one article of root/source; its reference beside them."""
    command = [sys.executable, "-m", "builder", "-q", "--project", str(root), "build", str(source)]
    # Not timed, and the longest corpus article runs past the default half hour on a busy machine.
    command += ["-f", "mp3,txt", "-j", str(jobs), "--task-timeout", "0"]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"the build of {source.name} failed")

    from builder import Project, load_article, load_settings
    from builder import compose as c
    from builder.renderers import RenderOptions
    from builder.renderers.audio import AudioRenderer

    project = Project.at(root)
    article = load_article(source, project=project, settings=load_settings(project))
    doc = article.document
    options = RenderOptions.prepare(
        doc, settings=article.settings, project=project, uses=AudioRenderer.uses, pictures=False
    )
    out = root / "output" / source.stem
    txt = (out / f"{source.stem}.txt").read_text(encoding="utf-8")
    listen = options.handout.part(c.ListenLink)
    left_out = [options.settings.organisation, f"{listen.label}: {listen.url}" if listen else ""]
    reference = out / f"{source.stem}.reference.txt"
    references = options.handout.part(c.References)
    citations = [(ct.text, " ".join(ct.spoken)) for ct in references.citations] if references else []
    cited = bool(_CITATION_LINK.search(source.read_text(encoding="utf-8")))
    text = reference_text(
        txt, left_out=left_out, license=doc.metadata.license or "", citations=citations, cited=cited
    )
    reference.write_text(text, encoding="utf-8")
    entries = options.inputs.lexicon.entries
    return Built(source.stem, doc.metadata.lang, out / f"{source.stem}.mp3", reference, entries)


def entry_words(written: str) -> list[str]:
    return words_of(written)


def report_article(item: Built, report: dict[str, Any], *, top: int) -> dict[str, Any]:
    reference = item.reference.read_text(encoding="utf-8")
    ref_words = set(words_of(reference))
    entries = []
    for written, spoken in item.entries:
        for word in entry_words(written):
            if word in ref_words:
                h = heard_in(report, word, reference)
                entries.append(
                    {
                        "entry": written,
                        "spoken": spoken,
                        "word": word,
                        "occurrences": h.occurrences,
                        "heard": h.hits,
                        "heard_as": h.heard_as,
                    }
                )
    watched = []
    for word in SEED_WORDS:
        if word in ref_words:
            h = heard_in(report, word, reference)
            watched.append(
                {"word": word, "occurrences": h.occurrences, "heard": h.hits, "heard_as": h.heard_as}
            )
    return {
        "article": item.slug,
        "lang": item.lang,
        "wer": report["wer"],
        "raw_wer": report.get("raw_wer", report["wer"]),
        "spellings": report.get("spellings", []),
        "substitutions": report["substitutions"],
        "deletions": report["deletions"],
        "insertions": report["insertions"],
        "inserted": report["top_inserted"],
        "reference_words": report["ref_words"],
        "audio_seconds": report["audio_duration_s"],
        "misheard": report["top_misrecognized"][:top],
        "entries": entries,
        "watched": watched,
    }


def print_article(result: dict[str, Any]) -> None:
    print(
        f"\n{result['article']} ({result['lang']}, {result['audio_seconds']:.0f} s of audio,"
        f" {result['reference_words']} words)"
    )
    print(
        f"  WER {result['wer'] * 100:5.1f} % (raw, every spelling difference an error: {result['raw_wer'] * 100:.1f} %)"
    )
    if result["spellings"]:
        spelled = ", ".join(f"{s['ref']!r} as {s['heard']!r}×{s['times']}" for s in result["spellings"])
        print(f"  the same words spelled otherwise, not counted: {spelled}")
    if result["misheard"]:
        print("  most misheard (errors/occurrences -> heard as):")
        for m in result["misheard"]:
            heard_as = ", ".join(f"{w}×{c}" for w, c in m["heard_as"].items())
            print(f"    {m['word']:<18} {m['errors']}/{m['occurrences']} -> {heard_as}")
    for title, rows in (
        ("lexicon and pronunciation entries", result["entries"]),
        ("watched words", result["watched"]),
    ):
        if rows:
            print(f"  {title} (heard/occurrences):")
            for row in rows:
                label = (
                    f"{row.get('entry', row['word'])} -> {row['spoken']}" if "entry" in row else row["word"]
                )
                heard_as = ", ".join(f"{w}×{c}" for w, c in row["heard_as"].items())
                mark = "heard" if row["heard"] == row["occurrences"] else "MISHEARD"
                print(f"    {label:<40} {row['heard']}/{row['occurrences']} {mark} {heard_as}")


def plain_engine(reference: Path, folder: Path, *, lang: str) -> dict[str, Any]:
    """The baseline: Piper reading the reference text itself, with no processing, transcribed alike.

    Each paragraph in one call, at the voice's own pace (Handout speaks a tenth slower).
    """
    import numpy as np
    from piper import PiperVoice

    from builder.speech.engines import EngineOptions
    from builder.speech.engines.piper import PiperEngine

    model, _ = PiperEngine._model_for(EngineOptions(lang=lang, threads=1))
    voice = PiperVoice.load(model)
    lines = [
        line for line in reference.read_text(encoding="utf-8").splitlines() if any(c.isalnum() for c in line)
    ]
    speech = [
        np.concatenate([chunk.audio_float_array for chunk in voice.synthesize(line)])
        for line in lines
        if set(line.strip()) - {"=", "-"}
    ]
    wav = folder / f"{reference.stem}.plain.wav"
    write_wav(wav, speech, voice.config.sample_rate)
    return transcribe(wav, reference, lang=lang.split("-")[0])


def made_worse(ours: dict[str, Any], plain: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    """Words the plain engine got right more often than Handout: (word, occurrences, our errors, its errors)."""
    theirs = {m["word"]: m["errors"] for m in plain["top_misrecognized"]}
    return [
        (m["word"], m["occurrences"], m["errors"], theirs.get(m["word"], 0))
        for m in ours["top_misrecognized"]
        if m["errors"] > theirs.get(m["word"], 0)
    ]


def listen(
    articles: Sequence[Path],
    *,
    jobs: int,
    top: int,
    as_json: bool,
    keep: Path | None = None,
    plain: bool = False,
) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-listening-") as folder:
        root = copy_project(Path(folder), articles, extra_keys=CORPUS_EXTRA_KEYS)
        for article in articles:  # one at a time, so each result is printed as soon as it is known
            item = build(root, root / "source" / article.name, jobs=jobs)
            report = transcribe(item.mp3, item.reference, lang=item.lang.split("-")[0], keep=keep)
            result = report_article(item, report, top=top)
            if plain:
                baseline = plain_engine(item.reference, Path(folder), lang=item.lang)
                result["plain_wer"] = baseline["wer"]
                result["made_worse"] = made_worse(report, baseline)
            results.append(result)
            if not as_json:
                print_article(result)
                if plain:
                    print(f"  plain Piper reading the same text: WER {result['plain_wer'] * 100:5.1f} %")
                    print(
                        "  words Handout made harder to hear than plain Piper (word: occurrences, errors ours/plain):"
                    )
                    for word, count, mine, theirs in result["made_worse"][:top]:
                        print(f"    {word:<18} {count}: {mine}/{theirs}")
                sys.stdout.flush()
    failed = []
    for result in results:
        target = SEED_TARGET if result["article"] == SEED.stem else CORPUS_TARGET
        result["target"] = target
        if result["lang"].startswith("en") and result["wer"] > target:
            failed.append(result["article"])
        if result["article"] == SEED.stem and any(w["heard"] < w["occurrences"] for w in result["watched"]):
            failed.append(f"{result['article']} (watched words)")
    if as_json:
        print(json.dumps({"articles": results, "over_target": failed}, ensure_ascii=False, indent=2))
    else:
        print("\nsummary (WER, target)")
        for result in results:
            print(
                f"  {result['article']:<48} {result['wer'] * 100:5.1f} %  (<= {result['target'] * 100:.0f} %)"
            )
        print(f"over target: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


# --- recordings ------------------------------------------------------------


def write_wav(path: Path, pieces: Sequence[Any], rate: int) -> None:
    import numpy as np

    gap = np.zeros(int(rate * 0.8), dtype=np.float32)
    samples = np.concatenate([part for piece in pieces for part in (piece, gap)])
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", action="append", type=Path, help="only these articles (repeatable)")
    parser.add_argument("--seed-only", action="store_true", help="only the seed article")
    parser.add_argument("--jobs", type=int, default=1, help="build this many artifacts at once (default 1)")
    parser.add_argument("--top", type=int, default=12, help="how many misheard words to print per article")
    parser.add_argument("--json", action="store_true", help="print one JSON report")
    parser.add_argument("--corpus-only", action="store_true", help="only the corpus articles")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="also transcribe plain Piper reading each reference, as a baseline",
    )
    parser.add_argument("--keep", type=Path, help="keep each reference and transcript in this folder")
    parser.add_argument("--entries", action="store_true", help="measure each lexicon entry with and without")
    parser.add_argument("--per-word", type=int, default=4, help="--entries: sentences per word (default 4)")
    parser.add_argument(
        "--draws",
        type=int,
        default=3,
        help="--entries: synthesise each sentence this many times, each transcribed alone (default 3)",
    )
    parser.add_argument(
        "--candidate", action="append", metavar="WORD=SPOKEN", help="--entries: try this respelling instead"
    )
    args = parser.parse_args(argv)
    if args.entries:
        from listening_entries import measure_entries

        chosen = [p.resolve() for p in args.article] if args.article else sorted(CORPUS.glob("*.md"))
        return measure_entries(
            articles=[SEED, *(p for p in chosen if p != SEED)],
            extra_keys=CORPUS_EXTRA_KEYS,
            per_word=args.per_word,
            draws=args.draws,
            candidates=args.candidate or (),
        )
    if args.article:
        articles = [p.resolve() for p in args.article]
    elif args.seed_only:
        articles = [SEED]
    elif args.corpus_only:
        articles = sorted(CORPUS.glob("*.md"), key=lambda p: p.stat().st_size)
    else:
        articles = [SEED, *sorted(CORPUS.glob("*.md"), key=lambda p: p.stat().st_size)]
    return listen(articles, jobs=args.jobs, top=args.top, as_json=args.json, keep=args.keep, plain=args.plain)


if __name__ == "__main__":
    sys.exit(main())
