"""What the review finds and scores: the types every rule returns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder import document as d
from builder.errors import Finding, Location

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class CheckFinding(Finding):
    """A finding of the review: which rule, the sentence it is about, and whether builds show it."""

    rule: str = ""
    sentence: str = ""
    at_build: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph (or the summary) as sentences, each with its source line."""

    sentences: tuple[Sentence, ...]
    line: int
    section: d.Section | None = None
    """The top-level section it is in; None before the first heading and in notes."""


@dataclass(frozen=True, slots=True)
class Scores:
    """The article's reading scores; None where the language has no such formula."""

    words: int
    sentences: int
    flesch_kincaid_grade: float | None = None
    smog_index: float | None = None
    flesch_reading_ease: float | None = None
    language_scores: tuple[tuple[str, float], ...] = ()
    """The language's own formulas, such as ('fernandez_huerta', 72.1) for Spanish."""
    grade: float | None = None
    """The grade compared with `max_reading_grade`: the highest grade formula of the language."""
    long_sentences: int = 0
    long_paragraphs: int = 0
    passive_percent: float | None = None
    rare_words: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["language_scores"] = dict(self.language_scores)
        for key, value in data.items():
            if isinstance(value, float):
                data[key] = round(value, 1)
        return data


@dataclass(frozen=True, slots=True)
class Review:
    """What `handout check` says about one article."""

    path: Path
    title: str
    lang: str
    scores: Scores
    findings: tuple[Finding, ...]


def _finding(
    path: Path, line: int, rule: str, message: str, sentence: str = "", *, at_build: bool = False
) -> CheckFinding:
    return CheckFinding(Location(path, line), message, rule=rule, sentence=sentence, at_build=at_build)


def quote(sentence: str, *, words: int = 12) -> str:
    """The start of a sentence, short enough for one line of a warning."""
    parts = sentence.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"
