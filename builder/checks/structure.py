"""The article's shape: headings that say nothing, the front matter, pictures, links, the review date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder import document as d
from builder.config import Settings
from builder.source import SourceFile

if TYPE_CHECKING:
    pass


from builder.checks.findings import CheckFinding, _finding, quote
from builder.checks.prose import root_language

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
    vague = _VAGUE_HEADINGS.get(root_language(doc.metadata.lang), _VAGUE_HEADINGS["en"])
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
    # A missing `reviewed` date is not advice: every build warns that the handout is a draft.
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
