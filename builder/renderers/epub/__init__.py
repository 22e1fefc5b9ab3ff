"""EPUB 3 for e-readers and screen readers: valid, navigable and discoverably accessible.

One XHTML document per top-level section (named by the section's stable id),
a title page, a navigation document and an NCX, a generated large-print cover,
the glossary, references and call to action: `chapters.py` lays the composed
handout out as pages, `package.py` writes the metadata and the archive.
ebooklib packages the book.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from builder import document as d
from builder.cover import BOOK_COVER, cover_png
from builder.coverage import font_family_css
from builder.errors import RenderError, RendererUnavailable
from builder.fonts import font_face_css
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.epub.chapters import COVER_IMAGE, BookBuilder, Chapter, valid_url
from builder.renderers.epub.package import (
    CONFORMS_TO,
    STYLESHEET,
    add_package_lang,
    describe,
    repack,
    xhtml,
)
from builder.renderers.html import direction_css
from builder.source import xml_safe

__all__ = ["CONFORMS_TO", "EpubRenderer", "Page", "add_package_lang", "valid_url"]

XHTML_MEDIA_TYPE = "application/xhtml+xml"


@dataclass(frozen=True, slots=True)
class Page:
    """One content document as packaged: its chapter, its XHTML, and its media overlay's id if it has one."""

    chapter: Chapter
    content: bytes
    nav: bool = False
    overlay: str = ""


class EpubRenderer:
    """An EPUB 3 e-book for e-readers, phones and screen readers; the reader chooses size and font."""

    name: ClassVar[str] = "epub"
    suffix: ClassVar[str] = ".epub"
    media_type: ClassVar[str] = "application/epub+zip"
    description: ClassVar[str] = "EPUB 3 e-book for e-readers and screen readers (EPUB Accessibility 1.1)"
    uses: ClassVar[tuple[str, ...]] = (STYLESHEET,)

    @classmethod
    def check_available(cls) -> None:
        """ebooklib packages the book and Pillow draws the cover."""
        try:
            import ebooklib  # noqa: F401
            import PIL  # noqa: F401
        except ImportError as error:
            raise RendererUnavailable(
                f"the epub format needs the Python package '{error.name}': run `pip install ebooklib pillow`"
            ) from error

    def book_builder(self, options: RenderOptions) -> BookBuilder:
        """What lays the book's pages out (the read-along book's has a narrator)."""
        return BookBuilder(options)

    def extra_css(self, options: RenderOptions) -> str:
        """Rules added after the stylesheet (the read-along book's highlight)."""
        return ""

    def package(self, book: Any, builder: BookBuilder, pages: list[Page]) -> list[Page]:
        """The pages as packaged: a format built on this book adds its own items here."""
        return pages

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        from ebooklib import epub

        options.inputs.require_glyphs()
        builder = self.book_builder(options)
        meta = doc.metadata
        chapters = builder.chapters()
        nav = builder.nav_page(chapters)
        reading_order = [chapters[0], chapters[1], nav, *chapters[2:]]

        book = epub.EpubBook()
        describe(book, builder)
        try:
            cover = cover_png(
                xml_safe(meta.title),
                options.settings.organisation,
                style=BOOK_COVER,
                fonts=options.inputs.fonts,
                lang=options.handout.lang,
                rtl=options.handout.rtl,
            )
        except OSError as error:
            raise RenderError(f"could not draw the e-book cover ({error})") from error
        book.set_cover(COVER_IMAGE, cover, create_page=False)

        for font in options.inputs.fonts:
            name = f"fonts/{font.file_name}"
            book.add_item(epub.EpubItem(f"font_{font.style}", name, "font/ttf", font.data))
        css = font_face_css(options.inputs.fonts, lambda font: f"fonts/{font.file_name}")
        css += "\n" + options.inputs.asset(STYLESHEET) + "\n" + font_family_css(options.inputs.coverage)
        css += "\n" + direction_css(options, as_property=False)
        css += self.extra_css(options)
        book.add_item(epub.EpubItem("book_style", STYLESHEET, "text/css", css.encode("utf-8")))
        for number, (name, picture) in enumerate(builder.writer.pictures.items(), start=1):
            book.add_item(epub.EpubItem(f"image_{number}", name, picture.media_type, picture.data))

        pages = [
            Page(
                chapter,
                xhtml(
                    lang=meta.lang,
                    title=chapter.title,
                    body=chapter.body,
                    body_type=chapter.body_type,
                    direction=options.handout.dir,
                ),
                nav=chapter is nav,
            )
            for chapter in reading_order
        ]
        items = []
        for page in self.package(book, builder, pages):
            item = epub.EpubItem(page.chapter.uid, page.chapter.file_name, XHTML_MEDIA_TYPE, page.content)
            item.properties = ["nav"] if page.nav else []
            if page.overlay:
                item.media_overlay = page.overlay
            book.add_item(item)
            items.append(item)
        book.add_item(epub.EpubNcx())
        book.toc = builder.ncx_toc(epub, chapters)
        book.spine = items

        stamp = options.modified
        packed = io.BytesIO()
        writer_options = {
            "mtime": stamp.replace(tzinfo=None),
            "epub2_guide": False,
            "epub3_landmark": False,
            "epub3_pages": False,
            "raise_exceptions": True,
        }
        try:
            epub.write_epub(packed, book, writer_options)
            data = repack(packed.getvalue(), lang=meta.lang, stamp=stamp)
        except (OSError, ValueError, zipfile.BadZipFile, epub.EpubException) as error:
            raise RenderError(f"could not write the e-book ({error})") from error
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_bytes(data)
        return RenderResult((path,))
