"""Pronunciations: how the voice should say abbreviations, names and medical terms.

Two sources are merged: the project's shared lexicon (`assets/lexicon.yaml`)
and the article's own `pronunciations` front matter; the article wins. The
lexicon changes only what is said, never what is printed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from builder.config import Project
from builder.document import Document
from builder.errors import Location, SourceError
from builder.source import load_yaml_mapping, read_text

LEXICON_FILE: Final = "lexicon.yaml"
"""The shared lexicon's name in the project's `assets/` folder."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Written form -> spoken form, as an ordered, hashable tuple of pairs.

    A written form in capitals (ALS, MRI) matches only in capitals, so the
    English word 'als' or 'Aids' is left alone; any other form (mesenchymal)
    matches whatever its case. Whole words only; longer forms win.
    """

    entries: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        """A lexicon from (written, spoken) pairs; a later pair for the same word wins."""
        merged: dict[str, tuple[str, str]] = {}
        for written, spoken in pairs:
            written, spoken = " ".join(written.split()), " ".join(spoken.split())
            if written and spoken:
                merged.pop(_key(written), None)
                merged[_key(written)] = (written, spoken)
        return cls(tuple(merged.values()))

    def merged(self, overrides: Iterable[tuple[str, str]]) -> Lexicon:
        """This lexicon with `overrides` added; an override replaces the entry for the same word."""
        return Lexicon.from_pairs((*self.entries, *overrides))

    def as_dict(self) -> dict[str, str]:
        return dict(self.entries)

    def apply(self, text: str) -> str:
        """`text` with every listed word replaced by how it is said."""
        if not self.entries:
            return text
        pattern, spoken = _compiled(self.entries)

        def replace(match: re.Match[str]) -> str:
            word = " ".join(match.group(0).split())
            said = spoken.get(word) or spoken[_key(word)]
            # "... with ALS." -> "... with A. L. S." rather than "A. L. S.."
            end = match.end()
            if (
                said.endswith(".")
                and match.string[end : end + 1] == "."
                and match.string[end : end + 2] != ".."
            ):
                said = said[:-1]
            return said

        return pattern.sub(replace, text)


def _key(written: str) -> str:
    """How a written form is looked up: capitals exactly, anything else by its lower case."""
    return written if _is_capitals(written) else written.casefold()


def _is_capitals(written: str) -> bool:
    letters = [c for c in written if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=64)
def _compiled(entries: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], Mapping[str, str]]:
    """One regular expression for all the entries, longest first, and the lookup table."""
    spoken: dict[str, str] = {}
    exact: list[str] = []
    folded: list[str] = []
    for written, said in entries:
        spoken[_key(written)] = said
        (exact if _is_capitals(written) else folded).append(written)

    def alternation(words: list[str]) -> str:
        ordered = sorted(words, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)

    parts = []
    if exact:
        parts.append(f"(?-i:{alternation(exact)})")
    if folded:
        parts.append(f"(?i:{alternation(folded)})")
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")
    return pattern, spoken


def read_lexicon_file(path: Path, shown: Path) -> Lexicon:
    """The lexicon in a YAML file of `written: spoken` lines; SourceError names the bad line."""
    text = read_text(path)
    try:
        data, lines = load_yaml_mapping(text, shown, first_line=1)
    except SourceError as error:
        message = error.message.replace("the front matter", "the pronunciation lexicon")
        raise SourceError(error.location, message) from error
    pairs: list[tuple[str, str]] = []
    for written, spoken in data.items():
        if not isinstance(spoken, str | int | float) or isinstance(spoken, bool) or not str(spoken).strip():
            raise SourceError(
                Location(shown, lines.get((written,))),
                f"'{written}' needs a spoken form, such as '{written}: how it is said'",
            )
        pairs.append((written, str(spoken)))
    return Lexicon.from_pairs(pairs)


def load_lexicon(project: Project, doc: Document) -> Lexicon:
    """The project's shared lexicon (if any) with the article's `pronunciations` on top."""
    path = project.asset(LEXICON_FILE)
    shared = read_lexicon_file(path, project.relative(path)) if path.is_file() else Lexicon()
    return shared.merged(doc.metadata.pronunciations)
