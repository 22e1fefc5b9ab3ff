"""The plain-language review of one article: where it falls short of health-literacy guidance.

NIH and AMA advise patient material at a 6th to 8th grade reading level;
AHRQ's PEMAT and CDC's Clear Communication Index ask for short sentences,
explained terms, easy numbers, headings that say something and a clear
action. Each rule here reads the Document (and the front matter's lines) and
returns findings; nothing is raised or printed.

Two kinds of finding:

- warnings (`at_build`): wrong whatever the reader, shown by every build and
  refused by `build --strict`: a picture described by its file name, a
  `reviewed` date past the interval;
- advice: the reading level and the writing (long sentences and paragraphs,
  passive voice, rare words, percentages, empty headings, a missing summary
  or call to action, links whose words are a bare web address), shown by
  `handout check` only, because nearly every real article has some and
  `build --strict` would refuse them all. (A bare address is right in a
  citation, "Available at: https://...", as the NCI's PDQ summaries print.)

The scores come from textstat (Flesch-Kincaid and SMOG for English, the
language's own formula where textstat has one) and "rare" from wordfreq.
Both are imported only when the advice is asked for, so builds stay fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

from builder import document as d
from builder.checks.findings import CheckFinding, Passage, Review, Scores, Sentence, quote
from builder.checks.prose import (
    article_passages,
    long_paragraph_findings,
    long_sentence_findings,
    reading_grade,
    sentence_lines,
)
from builder.checks.structure import (
    front_matter_findings,
    heading_findings,
    link_findings,
    months_between,
    picture_findings,
    review_date_findings,
)
from builder.checks.words import (
    explained_words,
    in_words,
    is_passive,
    number_findings,
    passive_findings,
    rare_word_findings,
)
from builder.config import Settings
from builder.errors import Location
from builder.source import SourceFile

__all__ = [
    "CheckFinding",
    "Passage",
    "Review",
    "Scores",
    "Sentence",
    "build_findings",
    "in_words",
    "is_passive",
    "months_between",
    "quote",
    "review",
    "sentence_lines",
]


# --- the review ---------------------------------------------------------------


def build_findings(
    doc: d.Document, *, source: SourceFile, settings: Settings, today: dt.date
) -> tuple[CheckFinding, ...]:
    """The warnings every build shows: cheap, and wrong whatever the reader."""
    return (*picture_findings(doc), *review_date_findings(doc, source, settings, today))


def review(
    doc: d.Document,
    *,
    source: SourceFile,
    settings: Settings,
    today: dt.date,
    explained: Collection[str] = (),
) -> tuple[Scores, tuple[CheckFinding, ...]]:
    """The scores and every finding (warnings and advice) of one article.

    `explained` are words a patient is told about elsewhere (the shared
    pronunciation lexicon); the glossary, `pronunciations`, `also_called` and
    `known_words` count as explained too.
    """
    passages = article_passages(doc, source)
    sentences = [s for p in passages for s in p.sentences]
    lang = doc.metadata.lang
    findings: list[CheckFinding] = [*build_findings(doc, source=source, settings=settings, today=today)]
    grade_findings, scores = reading_grade(
        passages, lang=lang, settings=settings, where=Location(source.path, source.body_line)
    )
    findings += grade_findings
    findings += link_findings(doc)
    long = long_sentence_findings(sentences, settings=settings, path=source.path)
    paragraphs = long_paragraph_findings(passages, settings=settings, path=source.path)
    passive, share = passive_findings(sentences, lang=lang, settings=settings, path=source.path)
    words = rare_word_findings(
        sentences,
        lang=lang,
        settings=settings,
        path=source.path,
        explained=explained_words(doc, settings, extra=explained),
    )
    findings += [*long, *paragraphs, *passive, *words]
    findings += number_findings(sentences, path=source.path)
    findings += heading_findings(doc, path=source.path)
    findings += front_matter_findings(doc, source)
    scores = dataclasses.replace(
        scores,
        long_sentences=len(long),
        long_paragraphs=len(paragraphs),
        passive_percent=share,
        rare_words=len(words),
    )
    return scores, tuple(sorted(findings, key=lambda f: f.location.line or 0))
