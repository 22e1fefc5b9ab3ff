"""The article's prose as sentences with their source lines, and the reading grade."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder import document as d
from builder.config import Settings
from builder.errors import Location
from builder.source import SourceFile

if TYPE_CHECKING:
    from textstat.textstat import textstatistics


from builder.checks.findings import CheckFinding, Passage, Scores, Sentence, _finding, quote

# --- prose: paragraphs as sentences with their lines ---------------------------


def article_passages(doc: d.Document, source: SourceFile) -> tuple[Passage, ...]:
    """The summary and every paragraph (in lists, quotes and notes too), in reading order.

    Headings, tables and code are not prose and are left out.
    """
    from builder.speech.normalize import split_sentences  # sentences end where the audio ends them

    lines = source.body.split("\n")
    lang = doc.metadata.lang
    passages: list[Passage] = []
    if doc.metadata.summary:
        line = source.line_of(("summary",))
        passages.append(
            Passage(tuple(Sentence(s, line) for s in split_sentences(doc.metadata.summary, lang=lang)), line)
        )
    for paragraph, section in _paragraphs(doc):
        text = prose_text(paragraph.children)
        sentences = split_sentences(text, lang=lang)
        if not sentences:
            continue
        found = sentence_lines(sentences, first=paragraph.line, lines=lines, body_line=source.body_line)
        sentence_tuple = tuple(Sentence(s, n) for s, n in zip(sentences, found, strict=True))
        passages.append(Passage(sentence_tuple, paragraph.line, section))
    return tuple(passages)


def _paragraphs(doc: d.Document) -> Iterator[tuple[d.Paragraph, d.Section | None]]:
    """Every paragraph with the top-level section it is in."""
    parts: list[tuple[tuple[d.Block, ...], d.Section | None]] = [(doc.blocks, None)]
    for top in doc.sections:
        parts.extend((section.blocks, top) for section in top.walk())
    parts.extend((note.blocks, None) for note in doc.footnotes)
    for blocks, section in parts:
        for block in d.iter_blocks(blocks):
            if isinstance(block, d.Paragraph):
                yield block, section


def prose_text(inlines: tuple[d.Inline, ...]) -> str:
    """The words a reader reads: a line break starts a new line; pictures and note calls drop out."""
    parts: list[str] = []
    for node in inlines:
        match node:
            case d.Text(text) | d.Code(text):
                parts.append(text)
            case d.Emphasis(children) | d.Strong(children) | d.Strikethrough(children) | d.Link(_, children):
                parts.append(prose_text(children))
            case d.LineBreak():
                parts.append("\n")
            case d.Image() | d.FootnoteRef():
                pass
    return "".join(parts)


_WORD: Final = re.compile(r"\w+")


def sentence_lines(
    sentences: Sequence[str], *, first: int, lines: Sequence[str], body_line: int
) -> list[int]:
    """The file line each sentence of a paragraph starts on.

    The paragraph's words are found in order in its Markdown (from its first
    line to the next blank line), so markup between them does not matter; a
    sentence whose words cannot be found gets the line of the one before it.
    """
    stream: list[tuple[str, int]] = []
    index = first - body_line
    while 0 <= index < len(lines) and (lines[index].strip() or not stream):
        stream.extend((word, index + body_line) for word in _WORD.findall(lines[index]))
        index += 1
    found: list[int] = []
    cursor = 0
    for sentence in sentences:
        line = found[-1] if found else first
        position = cursor
        for number, word in enumerate(_WORD.findall(sentence)):
            hit = next((i for i in range(position, len(stream)) if stream[i][0] == word), None)
            if hit is None:
                if number == 0:
                    break
                continue
            if number == 0:
                line = stream[hit][1]
            position = hit + 1
        cursor = max(cursor, position)
        found.append(line)
    return found


# --- reading grade -----------------------------------------------------------------


def scoring_text(passages: Sequence[Passage]) -> str:
    """The article's prose as textstat reads it: every sentence ending in a full stop or the like."""
    return " ".join(
        s.text
        if s.text.rstrip("\"\u201d\u2019')]").endswith((".", "!", "?", "…", ":", ";"))
        else s.text + "."
        for p in passages
        for s in p.sentences
    )


def root_language(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def readability(text: str, *, lang: str) -> Scores:
    """The reading scores of some prose in its language, by textstat."""
    stats = _textstat(lang)
    words = stats.lexicon_count(text)
    sentences = stats.sentence_count(text) if words else 0
    if not words:
        return Scores(words=0, sentences=0)
    root = root_language(lang)
    ease = float(stats.flesch_reading_ease(text)) if root in _EASE_LANGUAGES else None
    own: list[tuple[str, float]] = []
    grade: float | None = None
    fk = smog = None
    if root == "en":
        fk, smog = float(stats.flesch_kincaid_grade(text)), float(stats.smog_index(text))
        grade = max(fk, smog)
    elif root == "es":
        own = [
            ("fernandez_huerta", float(stats.fernandez_huerta(text))),
            ("szigriszt_pazos", float(stats.szigriszt_pazos(text))),
            ("crawford", float(stats.crawford(text))),
        ]
        grade = own[2][1]
    elif root == "de":
        own = [("wiener_sachtextformel", float(stats.wiener_sachtextformel(text, 1)))]
        grade = own[0][1]
    elif root == "it":
        own = [("gulpease_index", float(stats.gulpease_index(text)))]
    return Scores(
        words=words,
        sentences=sentences,
        flesch_kincaid_grade=fk,
        smog_index=smog,
        flesch_reading_ease=ease,
        language_scores=tuple(own),
        grade=grade,
    )


_EASE_LANGUAGES: Final = frozenset({"en", "de", "es", "fr", "it", "nl", "ru"})
"""Languages whose Flesch Reading Ease constants textstat knows (Amstad, Fernández Huerta, ...)."""

_GRADE_NAMES: Final = {
    "en": "Flesch-Kincaid {fk:.1f}, SMOG {smog:.1f}",
    "es": "Crawford {grade:.1f}",
    "de": "Wiener Sachtextformel {grade:.1f}",
}


@cache
def _textstat(lang: str) -> textstatistics:
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang.replace("-", "_"))
    return stats


def reading_grade(
    passages: Sequence[Passage], *, lang: str, settings: Settings, where: Location
) -> tuple[list[CheckFinding], Scores]:
    scores = readability(scoring_text(passages), lang=lang)
    if scores.grade is None or scores.grade <= settings.max_reading_grade:
        return [], scores
    named = _GRADE_NAMES[root_language(lang)].format(
        fk=scores.flesch_kincaid_grade or 0, smog=scores.smog_index or 0, grade=scores.grade
    )
    message = (
        f"the article reads at grade {scores.grade:.1f} ({named}); aim for grade "
        f"{settings.max_reading_grade:g} or below: shorter sentences and everyday words bring it down"
    )
    line = where.line or 1
    hardest = hardest_section(passages, lang=lang)
    if hardest is not None:
        section, grade = hardest
        title = " ".join(d.plain_text(section.title).split())
        formula = "Flesch-Kincaid" if root_language(lang) == "en" else "grade"
        message += f"; start with the hardest section, '{title}' ({formula} {grade:.1f})"
        line = section.line
    return [_finding(where.path, line, "reading-grade", message)], scores


def hardest_section(passages: Sequence[Passage], *, lang: str) -> tuple[d.Section, float] | None:
    """The top-level section with the highest grade, of those with 3 sentences or more.

    Sections are graded by Flesch-Kincaid in English (SMOG needs 30
    sentences), else by the language's grade formula; None when the article
    has fewer than two such sections or its language no grade formula.
    """
    groups: dict[str, tuple[d.Section, list[Passage]]] = {}
    for passage in passages:
        if passage.section is not None:
            groups.setdefault(passage.section.id, (passage.section, []))[1].append(passage)
    graded: list[tuple[float, d.Section]] = []
    for section, group in groups.values():
        if sum(len(p.sentences) for p in group) < 3:
            continue
        scores = readability(scoring_text(group), lang=lang)
        grade = scores.flesch_kincaid_grade if scores.flesch_kincaid_grade is not None else scores.grade
        if grade is not None:
            graded.append((grade, section))
    if len(graded) < 2:
        return None
    grade, section = max(graded, key=lambda pair: pair[0])
    return section, grade


# --- sentences and paragraphs ---------------------------------------------------------


def word_count(sentence: str) -> int:
    """Words as a reader counts them: runs of letters or digits ('life-threatening' is one)."""
    return len(re.findall("\\w+(?:[-'\u2019]\\w+)*", sentence))


def long_sentence_findings(
    sentences: Sequence[Sentence], *, settings: Settings, path: Path
) -> list[CheckFinding]:
    limit = settings.max_sentence_words
    found = []
    for s in sentences:
        count = word_count(s.text)
        if count > limit:
            message = (
                f'this sentence has {count} words ("{quote(s.text)}"): '
                f"split it into sentences of {limit} words or fewer"
            )
            found.append(_finding(path, s.line, "long-sentence", message, s.text))
    return found


def long_paragraph_findings(
    passages: Sequence[Passage], *, settings: Settings, path: Path
) -> list[CheckFinding]:
    limit = settings.max_paragraph_sentences
    found = []
    for p in passages:
        if len(p.sentences) > limit:
            first = p.sentences[0].text
            message = (
                f'this paragraph has {len(p.sentences)} sentences ("{quote(first)}"): '
                f"break it into paragraphs of {limit} sentences or fewer"
            )
            found.append(_finding(path, p.line, "long-paragraph", message, first))
    return found
