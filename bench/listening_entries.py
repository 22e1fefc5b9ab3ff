"""Each lexicon entry measured: its word heard with the entry and without it, as a build says it.

The sentences are the articles' own utterances, taken from the speech script a build makes (so a
sentence is said exactly as the MP3 says it: the same lexicon, the same normalisation, the same
final full stop), once with the lexicon holding the entry and once without it. Each utterance is
synthesised anew `draws` times and each synthesis is transcribed on its own, because:

- Piper draws random noise inside the voice model, so two syntheses of one sentence differ (in
  length too), and a word can be heard in one and missed in the next;
- the recogniser carries what it wrote into the next sentence of the same recording, so several
  sentences in one recording are not independent: once it has written a word one way it tends to
  keep that spelling. Four sentences in one recording were heard 0/4, 4/4 and 0/4 in three runs of
  the same respelling.

A build says each sentence once (and its sentence cache keeps that one synthesis), so an entry's
figures are a rate over draws, not a promise for one build.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from project import SEED, copy_project

Synthesize = Callable[[str], Any]
"""Text -> a Speech (samples, sample_rate)."""
Transcribe = Callable[[Path, Path], dict[str, Any]]
"""(audio, reference) -> the recogniser's JSON report."""


@dataclass(frozen=True)
class Said:
    """One utterance as printed, and as the audio says it with the entry and without it."""

    shown: str
    with_entry: str
    without: str


@dataclass(frozen=True)
class Tally:
    hits: int = 0
    occurrences: int = 0
    heard_as: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: Tally) -> Tally:
        merged: dict[str, int] = dict(self.heard_as)
        for word, count in other.heard_as:
            merged[word] = merged.get(word, 0) + count
        return Tally(self.hits + other.hits, self.occurrences + other.occurrences, tuple(merged.items()))

    def __str__(self) -> str:
        heard_as = ", ".join(f"{w}×{c}" for w, c in sorted(self.heard_as, key=lambda x: -x[1]))
        return f"{self.hits}/{self.occurrences}" + (f" ({heard_as})" if heard_as else "")


def pattern_for(written: str) -> re.Pattern[str]:
    """How `written` is found in printed text: capitals exactly, any other form in any case."""
    flags = 0 if written.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(written)}(?!\w)", flags)


def utterances_using(
    written: str, with_entry: Sequence[Any], without: Sequence[Any], *, limit: int, seen: set[str]
) -> list[Said]:
    """Up to `limit` utterances (of 4 to 40 words) that print `written`, said both ways.

    `with_entry` and `without` are one script's utterances made with the two lexicons: the lexicon
    changes only what is said, so they pair one to one. `seen` holds the printed sentences already
    taken (from other articles), so a sentence printed twice is measured once.
    """
    pattern = pattern_for(written)
    found: list[Said] = []
    for one, other in zip(with_entry, without, strict=True):
        assert one.shown == other.shown, "the lexicon changed what is printed"
        if len(found) == limit:
            break
        if one.shown in seen or not pattern.search(one.shown) or not 4 <= len(one.shown.split()) <= 40:
            continue
        seen.add(one.shown)
        found.append(Said(one.shown, one.spoken, other.spoken))
    return found


def heard_over_draws(
    said: Sequence[tuple[str, str]],
    targets: Sequence[str],
    *,
    draws: int,
    synthesize: Synthesize,
    transcribe: Transcribe,
    folder: Path,
) -> Tally:
    """How often the `targets` words of each (shown, spoken) utterance were heard, over `draws` syntheses.

    Every draw is a new synthesis, written to its own recording and transcribed on its own.
    """
    from bench_listening import heard_in, write_wav

    total = Tally()
    for index, (shown, spoken) in enumerate(said):
        reference = folder / f"reference-{index}.txt"
        reference.write_text(shown + "\n", encoding="utf-8")
        for draw in range(draws):
            speech = synthesize(spoken)
            wav = folder / f"utterance-{index}-{draw}.wav"
            write_wav(wav, [speech.samples], speech.sample_rate)
            report = transcribe(wav, reference)
            for target in targets:
                h = heard_in(report, target, shown)
                total += Tally(h.hits, h.occurrences, tuple(h.heard_as.items()))
    return total


def scripts_of(root: Path, articles: Iterable[Path], lexicon: Any) -> list[list[Any]]:
    """The utterances of each English article's speech script, made with `lexicon` and the article's own."""
    from builder import Project, load_article, load_settings
    from builder.compose import compose
    from builder.errors import Location
    from builder.speech.script import make_script

    project = Project.at(root)
    settings = load_settings(project)
    scripts = []
    for path in articles:
        article = load_article(root / "source" / path.name, project=project, settings=settings)
        doc = article.document
        if not doc.metadata.lang.startswith("en"):
            continue
        handout = compose(doc, article.settings, settings_file=Location(Path("source/handout.yaml")))
        said_with = lexicon.merged(doc.metadata.pronunciations)
        scripts.append(list(make_script(handout, lexicon=said_with).utterances))
    return scripts


def measure_entries(
    *,
    articles: Sequence[Path],
    extra_keys: str,
    per_word: int,
    draws: int,
    candidates: Sequence[str] = (),
) -> int:
    """Each English entry (or each candidate): its word heard with the entry and without it."""
    from bench_listening import ASR, transcribe, words_of

    from builder import Project, load_article, load_settings
    from builder.inputs import load_lexicon
    from builder.speech.engines import EngineOptions
    from builder.speech.engines.piper import PiperEngine
    from builder.speech.lexicon import Lexicon
    from builder.speech.normalize import normalize_for_speech

    if not ASR.is_file():
        raise SystemExit(f"the recogniser {ASR} is missing: run ../shared/asr/setup.sh")
    with tempfile.TemporaryDirectory(prefix="bench-entries-") as folder:
        root = copy_project(Path(folder) / "p", articles, extra_keys=extra_keys)
        project = Project.at(root)
        seed = load_article(root / "source" / SEED.name, project=project, settings=load_settings(project))
        lexicon = load_lexicon(project).merged(seed.document.metadata.pronunciations)
        engine = PiperEngine.load(EngineOptions(lang="en-US", threads=1))
        tried = [tuple(c.split("=", 1)) for c in candidates]
        work = Path(folder) / "w"
        work.mkdir()
        for written, spoken in tried or lexicon.entries:
            rest = tuple(e for e in lexicon.entries if e[0] != written)
            scripts_with = scripts_of(root, articles, Lexicon.from_pairs((*rest, (written, spoken))))
            scripts_without = scripts_of(root, articles, Lexicon(rest))
            seen: set[str] = set()
            said: list[Said] = []
            for one, other in zip(scripts_with, scripts_without, strict=True):
                said += utterances_using(written, one, other, limit=per_word - len(said), seen=seen)
            if not said:  # no article uses it: one plain sentence
                line = f"Please ask us about {written} when you visit the clinic."
                said = [
                    Said(
                        line,
                        normalize_for_speech(
                            line, lang="en-US", lexicon=Lexicon.from_pairs((*rest, (written, spoken)))
                        ),
                        normalize_for_speech(line, lang="en-US", lexicon=Lexicon(rest)),
                    )
                ]
            targets = words_of(written)
            tallies = {}
            for name in ("with", "without"):
                pairs = [(s.shown, s.with_entry if name == "with" else s.without) for s in said]
                tallies[name] = heard_over_draws(
                    pairs,
                    targets,
                    draws=draws,
                    synthesize=engine.synthesize,
                    transcribe=lambda wav, ref: transcribe(wav, ref, lang="en"),
                    folder=work,
                )
            verdict = "keep" if tallies["with"].hits > tallies["without"].hits else "drop"
            print(
                f"{written:<14} -> {spoken:<20} with: {tallies['with']} | without: {tallies['without']}"
                f" -> {verdict}  [{len(said)} sentences x {draws} syntheses, each transcribed alone]",
                flush=True,
            )
    return 0
