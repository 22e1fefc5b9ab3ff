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
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from builder import document as d
from builder.config import Project, Settings
from builder.errors import Finding, Location
from builder.source import SourceFile, read_text, remove_forbidden_characters, split

if TYPE_CHECKING:
    from textstat.textstat import textstatistics


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


def _finding(
    path: Path, line: int, rule: str, message: str, sentence: str = "", *, at_build: bool = False
) -> CheckFinding:
    return CheckFinding(Location(path, line), message, rule=rule, sentence=sentence, at_build=at_build)


def quote(sentence: str, *, words: int = 12) -> str:
    """The start of a sentence, short enough for one line of a warning."""
    parts = sentence.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


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


def _root(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def readability(text: str, *, lang: str) -> Scores:
    """The reading scores of some prose in its language, by textstat."""
    stats = _textstat(lang)
    words = stats.lexicon_count(text)
    sentences = stats.sentence_count(text) if words else 0
    if not words:
        return Scores(words=0, sentences=0)
    root = _root(lang)
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
    named = _GRADE_NAMES[_root(lang)].format(
        fk=scores.flesch_kincaid_grade or 0, smog=scores.smog_index or 0, grade=scores.grade
    )
    message = (
        f"the article needs a reading grade of {scores.grade:.1f} ({named}); aim for grade "
        f"{settings.max_reading_grade:g} or below: shorter sentences and everyday words bring it down"
    )
    line = where.line or 1
    hardest = hardest_section(passages, lang=lang)
    if hardest is not None:
        section, grade = hardest
        title = " ".join(d.plain_text(section.title).split())
        formula = "Flesch-Kincaid" if _root(lang) == "en" else "grade"
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


# --- passive voice --------------------------------------------------------------------

_IRREGULAR_PARTICIPLES: Final = (
    "arisen awoken been born beaten become begun bent bet bid bitten bled blown broken bred brought built "
    "burnt burst bought cast caught chosen clung come cost crept cut dealt dug done drawn dreamt driven "
    "drunk eaten fallen fed felt fought found fled flung flown forbidden forgotten forgiven frozen gotten "
    "given gone ground grown hung heard hidden hit held hurt kept knelt known laid led leapt learnt left "
    "lent let lain lost made meant met mistaken overcome overtaken paid proven put quit read rid ridden "
    "rung risen run said seen sought sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk "
    "sat slept slid slung slit sown spoken sped spent spilt spun spit split spread sprung stood stolen "
    "stuck stung struck strung sworn swept swollen swum swung taken taught torn told thought thrown "
    "thrust understood upheld upset woken worn woven wept wound won withheld written"
)


@cache
def _passive_pattern() -> re.Pattern[str]:
    """Compiled on first use: builds import this module and never need it."""
    return re.compile(
        r"\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)\s+(?:\w+ly\s+)?"
        r"(?:\w+ed|" + "|".join(_IRREGULAR_PARTICIPLES.split()) + r")\b",
        re.IGNORECASE,
    )


def is_passive(sentence: str) -> bool:
    """Whether an English sentence looks passive: a form of 'be' before a past participle ('is treated').

    A pattern, not a parser (as in write-good and Hemingway): 'is tired' counts too.
    """
    return bool(_passive_pattern().search(sentence))


def passive_findings(
    sentences: Sequence[Sentence], *, lang: str, settings: Settings, path: Path
) -> tuple[list[CheckFinding], float | None]:
    if _root(lang) != "en" or not sentences:
        return [], None
    passive = [s for s in sentences if is_passive(s.text)]
    share = 100 * len(passive) / len(sentences)
    if share <= settings.max_passive_percent:
        return [], share
    first = passive[0]
    message = (
        f"{len(passive)} of {len(sentences)} sentences ({share:.0f} %) are passive, such as this one "
        f'("{quote(first.text)}"): say who does what '
        "('your nurse checks the tube', not 'the tube is checked'); "
        f"aim for {settings.max_passive_percent:g} % or fewer"
    )
    return [_finding(path, first.line, "passive", message, first.text)], share


# --- rare words -------------------------------------------------------------------------

_TOKEN: Final = re.compile("[^\\W\\d_]+(?:['\u2019][^\\W\\d_]+)*")


def explained_words(doc: d.Document, settings: Settings, *, extra: Collection[str] = ()) -> frozenset[str]:
    """Words explained to the reader: glossary, pronunciations, also_called, known_words, the lexicon."""
    meta = doc.metadata
    phrases = [
        *(entry.term for entry in meta.glossary),
        *(written for written, _ in meta.pronunciations),
        *meta.also_called,
        *settings.known_words,
        *extra,
    ]
    return frozenset(word.casefold() for phrase in phrases for word in _TOKEN.findall(phrase))


_EXPLAINED_IN_TEXT: Final = re.compile(r"([^\W\d_]+)\s*\(|\(\s*([^\W\d_]+)\s*\)")


def rare_word_findings(
    sentences: Sequence[Sentence], *, lang: str, settings: Settings, path: Path, explained: Collection[str]
) -> list[CheckFinding]:
    """The first use of each rare word nobody explains.

    Rare: rarer than `rare_word_zipf` in wordfreq's list for the language.
    Explained: in `explained`, or followed by words in brackets ('motor neurons
    (nerve cells)'), or itself in brackets after its long form ('(ALS)').
    Names are left alone: a capitalised word met in the middle of a sentence.
    """
    frequency = _zipf(_root(lang))
    if frequency is None:
        return []
    known = {w.casefold() for w in explained}
    names: set[str] = set()
    for s in sentences:
        for match in _EXPLAINED_IN_TEXT.finditer(s.text):
            known.add((match.group(1) or match.group(2)).casefold())
        for match in _TOKEN.finditer(s.text):
            word = match.group(0)
            if match.start() > 0 and word[0].isupper() and not word.isupper():
                names.add(_base(word).casefold())
    found: list[CheckFinding] = []
    said: set[str] = set()
    for s in sentences:
        for match in _TOKEN.finditer(s.text):
            word = _base(match.group(0))
            key = word.casefold()
            if len(word) < 3 or key in said or key in known or key in names or _ROMAN.fullmatch(word):
                continue
            if frequency(word) >= settings.rare_word_zipf:
                continue
            said.add(key)
            message = (
                f"'{word}' may be new to a patient (\"{quote(s.text)}\"): say it in everyday words, "
                "explain it in brackets, or add it to the glossary"
            )
            found.append(_finding(path, s.line, "rare-word", message, s.text))
    return found


_ROMAN: Final = re.compile(r"[IVX]+[A-D]?")
"""Stages and grades ('IIIA'), which the text around them explains."""


def _base(word: str) -> str:
    """'Gehrig\'s' -> 'Gehrig' (straight or curly apostrophe)."""
    return re.sub("['\u2019]s$", "", word)


def _zipf(lang: str) -> Callable[[str], float] | None:
    """How common a word is in `lang` (wordfreq's Zipf scale), or None when wordfreq has no list for it.

    For English the commonest of the word and its plain forms counts, so
    'couches' is as common as 'couch' and 'gloved' as 'glove'.
    """
    import wordfreq

    if lang not in wordfreq.available_languages():
        return None
    if lang != "en":
        return lambda word: float(wordfreq.zipf_frequency(word, lang))
    return lambda word: max(float(wordfreq.zipf_frequency(form, lang)) for form in english_forms(word))


_SUFFIXES: Final = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def english_forms(word: str) -> list[str]:
    """The word and the plain forms it may be inflected from: 'sews' -> ['sews', 'sew']."""
    lower = word.casefold()
    forms = [lower]
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            forms.append(lower[: -len(suffix)] + replacement)
    return forms


# --- numbers ------------------------------------------------------------------------------

_PERCENT: Final = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_FRACTION_OF: Final = re.compile(r"(?<![\w/.])(\d+)/(\d+)\s+of\b|([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])\s+of\b")
_UNICODE_FRACTIONS: Final = {
    "½": Fraction(1, 2),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅕": Fraction(1, 5),
    "⅖": Fraction(2, 5),
    "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5),
    "⅙": Fraction(1, 6),
    "⅚": Fraction(5, 6),
    "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8),
    "⅝": Fraction(5, 8),
    "⅞": Fraction(7, 8),
}


def in_words(share: Fraction) -> str:
    """A share as 'N in M', the way patients understand risk best: 0.2 -> '1 in 5', 0.87 -> 'about 9 in 10'.

    Shares of a fifth or more become the nearest half, third, quarter, fifth
    or tenth; smaller ones '1 in M' when that is near a whole number up to 20
    (5 % -> '1 in 20'), else 'N in 100' (2.9 % -> 'about 3 in 100'), and
    below 1 % '1 in M' rounded to two figures (0.9 % -> 'about 1 in 110').
    '' for none, nearly all (over 95 %) or all.
    """
    if share <= 0 or share > Fraction(95, 100):
        return ""
    if share >= Fraction(1, 5):
        candidates = [Fraction(n, m) for m in (2, 3, 4, 5, 10) for n in range(1, m)]
        near = min(candidates, key=lambda c: (abs(c - share), c.denominator))
    elif round(1 / share) <= 20 and abs(round(1 / share) * share - 1) <= Fraction(1, 20):
        near = Fraction(1, round(1 / share))
    elif share >= Fraction(1, 100):
        near = Fraction(round(share * 100), 100)
        if near.numerator != 1:
            about = "" if near == share else "about "
            return f"{about}{round(share * 100)} in 100"
    else:
        whole = round(1 / share)
        figures = max(len(str(whole)) - 2, 0)
        near = Fraction(1, round(whole, -figures))
    about = "" if near == share else "about "
    return f"{about}{near.numerator} in {near.denominator:,}"


_STRENGTH_WORDS: Final = frozenset(
    {
        "lotion",
        "shampoo",
        "cream",
        "gel",
        "solution",
        "suspension",
        "spray",
        "ointment",
        "rinse",
        "foam",
        "drops",
        "wash",
        "strength",
        "concentration",
        "alcohol",
    }
)
"""Words before a percentage that make it a strength ('permethrin lotion 1%'), not a share of people."""


def _is_strength(before: str) -> bool:
    words = re.findall(r"[^\W\d_]+", before.casefold())[-2:]
    return any(word in _STRENGTH_WORDS for word in words)


def number_findings(sentences: Sequence[Sentence], *, path: Path) -> list[CheckFinding]:
    """Percentages and fractions of people, with the 'N in M' that reads easier."""
    found = []
    for s in sentences:
        for match in _PERCENT.finditer(s.text):
            words = in_words(Fraction(match.group(1)) / 100)
            if words and not _is_strength(s.text[: match.start()]):
                message = (
                    f"'{match.group(0)}' is easier to picture as '{words}' (\"{quote(s.text)}\"): "
                    f"write '{words} people' or the like"
                )
                found.append(_finding(path, s.line, "number", message, s.text))
        for match in _FRACTION_OF.finditer(s.text):
            share = (
                Fraction(int(match.group(1)), int(match.group(2)))
                if match.group(1) and int(match.group(2))
                else _UNICODE_FRACTIONS.get(match.group(3) or "", Fraction(0))
            )
            words = in_words(share)
            if words:
                written = match.group(0).removesuffix("of").strip()
                message = (
                    f"'{written}' is easier to picture as '{words}' (\"{quote(s.text)}\"): "
                    f"write '{words}' instead"
                )
                found.append(_finding(path, s.line, "number", message, s.text))
    return found


# --- headings, front matter, pictures, links, review date ---------------------------------

_VAGUE_HEADINGS: Final = {
    "en": {
        "introduction",
        "intro",
        "overview",
        "background",
        "other",
        "others",
        "other information",
        "miscellaneous",
        "misc",
        "general",
        "general information",
        "information",
        "details",
        "more",
        "notes",
        "extra",
        "additional information",
        "untitled",
    },
    "es": {
        "introducción",
        "otros",
        "otras",
        "otro",
        "información general",
        "general",
        "varios",
        "información",
        "más",
    },
    "fr": {
        "introduction",
        "autres",
        "autre",
        "divers",
        "généralités",
        "informations",
        "informations générales",
        "plus",
    },
    "de": {"einleitung", "einführung", "sonstiges", "allgemeines", "andere", "weiteres", "informationen"},
}
_NUMBERED_HEADING: Final = re.compile(
    r"(?:section|part|chapter|sección|parte|capítulo|partie|chapitre)\s+\d+", re.IGNORECASE
)


def heading_findings(doc: d.Document, *, path: Path) -> list[CheckFinding]:
    """Headings that say nothing about what follows ('Introduction', 'Other', 'Part 2')."""
    vague = _VAGUE_HEADINGS.get(_root(doc.metadata.lang), _VAGUE_HEADINGS["en"])
    found = []
    for section in doc.walk_sections():
        title = " ".join(d.plain_text(section.title).split())
        bare = title.rstrip(":.").casefold()
        if bare in vague or _NUMBERED_HEADING.fullmatch(bare):
            message = (
                f"the heading '{title}' does not say what the section is about: "
                "name it by what the reader learns or does there, such as 'How to clean the tube'"
            )
            found.append(_finding(path, section.line, "vague-heading", message, title))
    return found


def front_matter_findings(doc: d.Document, source: SourceFile) -> list[CheckFinding]:
    """A missing summary, call to action or review date."""
    meta = doc.metadata
    line = source.line_of(("title",))
    found = []
    if not meta.summary:
        found.append(
            _finding(
                source.path,
                line,
                "summary",
                "the article has no summary: add 'summary:' with one or two sentences "
                "on what the reader will learn",
            )
        )
    if not meta.call_to_action:
        found.append(
            _finding(
                source.path,
                line,
                "call-to-action",
                "the article does not say what to do next: add 'call_to_action:' with one clear step, "
                "such as 'Call us if your skin bleeds'",
            )
        )
    if meta.reviewed is None:
        found.append(
            _finding(
                source.path,
                line,
                "reviewed",
                "the article has no review date: add 'reviewed: YYYY-MM-DD' when a clinician has checked it",
            )
        )
    return found


_FILE_NAME: Final = re.compile(r"\S+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)", re.IGNORECASE)
_PLACEHOLDERS: Final = frozenset(
    {"image", "picture", "photo", "photograph", "img", "graphic", "figure", "icon", "logo"}
)


def picture_findings(doc: d.Document) -> list[CheckFinding]:
    """Pictures described by a file name or a placeholder word (those with no description at all are found
    by the conversion)."""
    found = []
    for image in doc.images():
        alt = image.alt.strip()
        if image.decorative or not alt:
            continue
        if _FILE_NAME.fullmatch(alt) or alt.casefold() in _PLACEHOLDERS or alt == Path(image.src).name:
            message = (
                f"the picture '{image.src}' is described as '{alt}', which tells a listener nothing: "
                "write what it shows between the [ ], such as 'A nurse cleaning the skin around a tube'"
            )
            found.append(_finding(doc.source_path, image.line, "picture", message, alt, at_build=True))
    return found


_BARE_URL: Final = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def link_findings(doc: d.Document) -> list[CheckFinding]:
    """Links whose words are a bare web address: a screen reader spells it out, and it says nothing."""
    found = []
    for line, link in _links(doc):
        words = " ".join(d.plain_text(link.children).split())
        if _BARE_URL.fullmatch(words):
            message = (
                f"the link's words are a web address ('{words}'): write what the reader finds there, "
                f"such as [Treatment of head lice]({quote(link.href, words=1)})"
            )
            found.append(_finding(doc.source_path, line, "link-text", message, words))
    return found


def _links(doc: d.Document) -> Iterator[tuple[int, d.Link]]:
    def walk(inlines: tuple[d.Inline, ...], line: int) -> Iterator[tuple[int, d.Link]]:
        for node in inlines:
            match node:
                case d.Link(_, children):
                    yield line, node
                    yield from walk(children, line)
                case d.Emphasis(children) | d.Strong(children) | d.Strikethrough(children):
                    yield from walk(children, line)

    blocks: list[d.Block] = [*doc.blocks]
    for section in doc.walk_sections():
        blocks.extend(section.blocks)
    for note in doc.footnotes:
        blocks.extend(note.blocks)
    for block in d.iter_blocks(tuple(blocks)):
        match block:
            case d.Paragraph(children, line):
                yield from walk(children, line)
            case d.Table(header, rows, line):
                for cell in (*header, *(c for row in rows for c in row)):
                    yield from walk(cell.children, line)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (2024-03-12 to 2026-03-11 is 23)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def review_date_findings(
    doc: d.Document, source: SourceFile, settings: Settings, today: dt.date
) -> list[CheckFinding]:
    """A `reviewed` date older than the clinic's review interval."""
    reviewed = doc.metadata.reviewed
    if reviewed is None:
        return []
    interval = settings.review_interval_months
    age = months_between(reviewed, today)
    if age < interval:
        return []
    message = (
        f"the article was last reviewed on {reviewed.isoformat()}, {age} months ago; the clinic reviews "
        f"every {interval} months: have a clinician check it, then update 'reviewed'"
    )
    return [_finding(source.path, source.line_of(("reviewed",)), "reviewed", message, at_build=True)]


# --- one file, as `handout check` sees it ---------------------------------------------


def review_file(path: Path, *, project: Project, settings: Settings, today: dt.date) -> Review:
    """Load an article as a build does and review it: its build warnings, then the advice.

    SourceError (a file that cannot be read or a broken lexicon) names the file and line.
    """
    from builder.pipeline import load_article  # the pipeline imports this module for its warnings
    from builder.speech.lexicon import LEXICON_FILE, read_lexicon_file

    article = load_article(path, project=project, settings=settings)
    shown = project.relative(path)
    text, _ = remove_forbidden_characters(read_text(path, shown=shown), shown)
    source = split(text, shown)
    lexicon_path = project.assets_dir / LEXICON_FILE
    lexicon = (
        read_lexicon_file(lexicon_path, project.relative(lexicon_path)) if lexicon_path.is_file() else None
    )
    explained = [written for written, _ in lexicon.entries] if lexicon else []
    doc = article.document
    scores, findings = review(doc, source=source, settings=article.settings, today=today, explained=explained)
    advice = [f for f in findings if not f.at_build]
    merged = sorted((*article.findings, *advice), key=lambda f: f.location.line or 0)
    return Review(shown, doc.metadata.title, doc.metadata.lang, scores, tuple(merged))
