"""The lexicon benchmark measures what a build says: the same sentences, several syntheses, each heard alone."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from builder import Project, load_article, load_settings
from builder.compose import compose
from builder.errors import Location
from builder.inputs import load_lexicon
from builder.speech.lexicon import Lexicon
from builder.speech.script import make_script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from listening_entries import Said, Tally, heard_over_draws, scripts_of, utterances_using  # noqa: E402

ARTICLE = """\
---
title: Head lice
lang: en-US
---

Use **permethrin** lotion ([Nix](https://example.org/nix)) once. Permethrin kills live lice.

Ask us first.
"""


def build_script(project: Project, path: Path) -> list[Any]:
    """The utterances a build says: the lexicon as the build reads it from assets/lexicon.yaml."""
    settings = load_settings(project)
    article = load_article(path, project=project, settings=settings)
    lexicon = load_lexicon(project).merged(article.document.metadata.pronunciations)
    handout = compose(article.document, article.settings, settings_file=Location(Path("source/handout.yaml")))
    return list(make_script(handout, lexicon=lexicon).utterances)


def test_a_candidate_is_said_as_a_build_says_the_same_entry_in_the_lexicon_file(project: Project) -> None:
    path = project.source_dir / "head-lice.md"
    path.write_text(ARTICLE, encoding="utf-8")
    shipped = Lexicon(tuple(e for e in load_lexicon(project).entries if e[0] != "permethrin"))
    candidate = Lexicon.from_pairs((*shipped.entries, ("permethrin", "per meth rin")))
    measured = scripts_of(project.root, [path], candidate)[0]
    without = scripts_of(project.root, [path], shipped)[0]

    lexicon_file = project.assets_dir / "lexicon.yaml"
    lines = [f"{written}: {spoken}" for written, spoken in shipped.entries]
    lexicon_file.write_text("\n".join([*lines, "permethrin: per meth rin"]) + "\n", encoding="utf-8")
    built = build_script(project, path)

    assert [u.spoken for u in measured] == [u.spoken for u in built]
    said = utterances_using("permethrin", measured, without, limit=4, seen=set())
    assert said == [
        Said(
            "Use permethrin lotion (Nix) once.",
            "Use per meth rin lotion (Nix) once.",
            "Use permethrin lotion (Nix) once.",
        ),
        Said("Permethrin kills live lice.", "per meth rin kills live lice.", "Permethrin kills live lice."),
    ]


@dataclass
class FakeSpeech:
    samples: Any
    sample_rate: int = 16000


def test_each_draw_is_a_new_synthesis_transcribed_alone(tmp_path: Path) -> None:
    synthesised: list[str] = []
    recordings: list[tuple[Path, str]] = []

    def synthesize(text: str) -> FakeSpeech:
        synthesised.append(text)
        return FakeSpeech(np.zeros(1600, dtype=np.float32))

    def transcribe(wav: Path, reference: Path) -> dict[str, Any]:
        recordings.append((wav, reference.read_text(encoding="utf-8")))
        # the second synthesis of every sentence is misheard
        missed = len(recordings) % 2 == 0
        rows = [{"word": "permethrin", "occurrences": 1, "errors": 1, "heard_as": {"permithrin": 1}}]
        return {"top_misrecognized": rows if missed else []}

    said = [("Use permethrin once.", "Use per meth rin once."), ("Permethrin works.", "per meth rin works.")]
    tally = heard_over_draws(
        said, ["permethrin"], draws=2, synthesize=synthesize, transcribe=transcribe, folder=tmp_path
    )
    assert synthesised == ["Use per meth rin once."] * 2 + ["per meth rin works."] * 2
    assert [text for _, text in recordings] == ["Use permethrin once.\n"] * 2 + ["Permethrin works.\n"] * 2
    assert len({wav for wav, _ in recordings}) == 4  # one recording per synthesis
    assert tally == Tally(2, 4, (("permithrin", 2),))
    assert str(tally) == "2/4 (permithrin×2)"
