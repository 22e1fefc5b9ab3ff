"""The e-book's package: Dublin Core and EPUB Accessibility 1.1 metadata, XHTML documents, the archive.

ebooklib writes the package; the package document then gets its `xml:lang`
(ebooklib writes none) and the archive is rewritten with fixed timestamps, so
the same article always gives the same book.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from html import escape
from typing import Any, Final

from builder import archive
from builder import compose as c
from builder import document as d
from builder.errors import RenderError
from builder.renderers.epub.chapters import BookBuilder
from builder.source import xml_safe

CONFORMS_TO: Final = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
IDENTIFIER_NAMESPACE: Final = uuid.UUID("5b1c6a52-4f5e-4d7e-9a43-6f1d2f0e8a11")
"""Namespace of the book identifiers: UUID5 of organisation and slug, the same on every build."""
STYLESHEET: Final = "epub.css"
_PACKAGE_TAG: Final = re.compile(rb"<package\b[^>]*>")


def identifier(builder: BookBuilder) -> str:
    organisation = builder.options.settings.organisation
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'{organisation}/{builder.doc.slug}')}"


def accessibility(builder: BookBuilder) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 discovery metadata, from what this book really contains."""
    narrated = bool(builder.narration)
    pairs = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        *([("schema:accessMode", "auditory")] if narrated else []),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessModeSufficient", "textual,visual"),
        # The narration says every word of the text and describes every picture.
        *([("schema:accessModeSufficient", "auditory")] if narrated else []),
    ]
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
        *(["synchronizedAudioText"] if narrated else []),
    ]
    pairs += [("schema:accessibilityFeature", f) for f in features]
    pairs.append(("schema:accessibilityHazard", "none"))
    pairs.append(("schema:accessibilitySummary", summary(builder)))
    pairs.append(("dcterms:conformsTo", CONFORMS_TO))
    return pairs


def summary(builder: BookBuilder) -> str:
    """A plain-language accessibility summary of this book."""
    doc, writer = builder.doc, builder.writer
    tables = sum(1 for node in doc.walk() if isinstance(node, d.Table))
    pictures = writer.shown
    sentences = [
        "This e-book meets the EPUB Accessibility 1.1 and WCAG 2.1 Level AA guidelines.",
        "It has a table of contents, a heading for every section and one reading order.",
        "You can change the text size, font, spacing and colours in your reading app.",
    ]
    if pictures:
        noun = "picture" if pictures == 1 else f"{pictures} pictures"
        sentences.append(f"The cover and the {noun} in the text have text descriptions.")
    else:
        sentences.append("The only picture is the cover, and it has a text description.")
    if writer.left_out:
        many = writer.left_out > 1
        sentences.append(
            f"{writer.left_out} {'pictures' if many else 'picture'} could not be included; "
            f"{'their descriptions are' if many else 'its description is'} shown as text."
        )
    if tables:
        sentences.append(
            "The table has column headings." if tables == 1 else f"The {tables} tables have column headings."
        )
    if doc.footnotes:
        sentences.append("Notes link to the text and back.")
    words = builder.handout.part(c.WordsToKnow)
    if words is not None:
        sentences.append(f"A list of '{words.heading}' explains medical words.")
    if builder.narration:
        sentences.append(
            f"Every part of the text is also read aloud, by a synthetic voice ({builder.narration}), "
            "and in reading apps that play EPUB 3 media overlays each sentence is highlighted as it is read."
        )
        sentences.append("There is no video or flashing content.")
    else:
        sentences.append("There is no sound, video or flashing content.")
    return " ".join(sentences)


def describe(book: Any, builder: BookBuilder) -> None:
    """The package metadata: Dublin Core, then EPUB Accessibility 1.1 discovery metadata."""
    meta, settings = builder.doc.metadata, builder.options.settings

    def dc(name: str, value: str) -> None:
        book.add_metadata("DC", name, xml_safe(value))

    book.set_identifier(identifier(builder))
    book.set_title(xml_safe(meta.title))
    book.set_language(meta.lang)
    if builder.writer.handout.rtl:
        book.set_direction("rtl")  # the spine's page-progression-direction: pages turn to the left
    creators = meta.authors or tuple(filter(None, [meta.publisher or settings.organisation]))
    for number, creator in enumerate(creators, start=1):
        book.add_author(xml_safe(creator), uid=f"creator{number}")
    publisher = settings.organisation or meta.publisher
    if publisher:
        dc("publisher", publisher)
    day = meta.date or meta.reviewed
    if day is not None:
        dc("date", day.isoformat())
    if meta.summary:
        dc("description", meta.summary)
    for topic in meta.topics:
        dc("subject", topic)
    if meta.source_url:
        dc("source", meta.source_url)
    if meta.license:
        dc("rights", meta.license)
    english = meta.lang.split("-")[0].lower() == "en"
    for prop, value in accessibility(builder):
        attrs: dict[str, str] = {"property": prop}
        if prop == "schema:accessibilitySummary" and not english:
            attrs["{http://www.w3.org/XML/1998/namespace}lang"] = "en"  # the summary is written in English
        book.add_metadata(None, "meta", xml_safe(value), attrs)
    if settings.organisation:
        # EPUB Accessibility 1.1: a publisher that checks its own books names itself as certifier.
        book.add_metadata(None, "meta", settings.organisation, {"property": "a11y:certifiedBy"})


def xhtml(*, lang: str, title: str, body: str, body_type: str = "", direction: str = "ltr") -> bytes:
    """A complete XHTML content document with the book's stylesheet, in the book's direction."""
    lang = escape(lang)
    kind = f' epub:type="{body_type}"' if body_type in ("frontmatter", "bodymatter", "backmatter") else ""
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}" dir="{escape(direction)}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}"/>\n</head>\n'
        f"<body{kind}>\n{body}\n</body>\n</html>\n"
    )
    return xml_safe(page).encode("utf-8")


def add_package_lang(opf: bytes, lang: str) -> bytes:
    """The package document with `xml:lang` on `<package>` (ebooklib 0.20 writes none)."""
    match = _PACKAGE_TAG.search(opf)
    if match is None:
        raise RenderError("the e-book's package document has no <package> element")
    tag = match.group(0)
    if b"xml:lang=" in tag:
        return opf
    new_tag = (
        tag[:-1].rstrip(b"/")
        + f' xml:lang="{escape(lang)}"'.encode()
        + (b"/>" if tag.endswith(b"/>") else b">")
    )
    return opf[: match.start()] + new_tag + opf[match.end() :]


def repack(data: bytes, *, lang: str, stamp: dt.datetime) -> bytes:
    """The book rewritten deterministically: mimetype first and stored, fixed times, package xml:lang.

    Audio (already compressed) is stored as it is."""

    def package_lang(name: str, content: bytes) -> bytes:
        return add_package_lang(content, lang) if name.endswith("content.opf") else content

    return archive.repack(data, stamp=stamp, first="mimetype", transform=package_lang, store=(".mp3",))
