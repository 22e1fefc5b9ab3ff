"""Large-print, tagged PDF (PDF/UA-1) that clinic staff print and hand to a patient.

WeasyPrint lays out the HTML renderer's markup with the print stylesheet
`assets/print.css`. Every resource goes through `SafeFetcher`, which serves
only the Atkinson Hyperlegible files, `assets/` and the article's own folder:
images are checked against the project's rules (`Resources`) before the markup
is even written, so a hostile reference never reaches WeasyPrint at all.
The same source and settings give the same bytes: the only dates are the
article's own and the file identifier is a hash of the markup.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import quote, unquote, urlsplit

from builder import compose as c
from builder import document as d
from builder.config import Settings
from builder.coverage import font_family_css
from builder.errors import Finding, Location, RenderError, RendererUnavailable
from builder.fonts import Font, css_string, font_face_css
from builder.labels import CSS_COUNTER_STYLES, numbering_system
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.html import HtmlWriter, direction_css

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

STYLESHEET: Final = "print.css"
PAGE_SIZES: Final = {"A4": "A4", "Letter": "letter"}
PAGE_NUMBERS: Final = re.compile(r"\{(page|pages)\}")
_INSTALL_HINT: Final = (
    "the PDF needs WeasyPrint and the Pango library: run `pip install weasyprint` and "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b`"
)


def page_css(
    settings: Settings, *, stamp: str, page_of: str, rtl: bool = False, counter_style: str = "decimal"
) -> str:
    """The rules that depend on the settings and the article: paper, type size, running footer.

    `page_of` is the article's words for "Page {page} of {pages}", its numbers in either order
    ("{pages}쪽 중 {page}쪽"), written in `counter_style` (arabic-indic where CLDR's digits are those).
    A right-to-left page is mirrored: the stamp sits at the right, where a reader starts, and the
    page number at the left, each box laid out right to left.
    """
    size = f"{settings.min_font_pt:g}pt"
    style = "" if counter_style == "decimal" else f", {counter_style}"
    counter = " ".join(
        (f"counter({piece}{style})" if index % 2 else css_string(piece))
        for index, piece in enumerate(PAGE_NUMBERS.split(page_of))
        if piece
    )
    start, end = ("bottom-right", "bottom-left") if rtl else ("bottom-left", "bottom-right")
    mirrored = " direction: rtl;" if rtl else ""
    stamp_box = f"@{start} {{ content: {css_string(stamp)};{mirrored} }}" if stamp else ""
    counter_box = f"@{end} {{ content: {counter};{mirrored} }}"
    if rtl:  # the widths and alignments of print.css, mirrored
        stamp_box += " @bottom-right { width: 62%; text-align: right; font-weight: normal; }"
        counter_box += " @bottom-left { width: 38%; text-align: left; font-weight: bold; }"
    return (
        f":root {{ font-size: {size}; }}\n"
        f"@page {{ size: {PAGE_SIZES[settings.paper]} portrait; {stamp_box} {counter_box} }}"
    )


SCHEME: Final = "handout"
"""The page's URL for the typeface: handout://fonts/<file>, served from memory by the safe fetcher.
Pictures are embedded as data: URLs; nothing else can be fetched."""


def font_url(font: Font) -> str:
    return f"{SCHEME}://fonts/{quote(font.file_name)}"


def file_identifier(html: str) -> str:
    """The PDF's /ID: a hash of the page, so it changes as soon as a word does, and only then."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]


@dataclass
class SafeFetcherLog:
    """What WeasyPrint asked for: every URL, and the ones refused with the reason."""

    asked: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def make_fetcher(fonts: Mapping[str, bytes], log: SafeFetcherLog) -> Any:
    """A WeasyPrint URL fetcher that serves only the typeface (from memory) and data: pictures.

    Anything else (the web, `file:` URLs, other files) is refused before a
    byte is read, and noted in `log`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            log.asked.append(url)
            if url[:11].lower() == "data:image/":
                return super().fetch(url, headers)
            data = self.font(url)
            if data is not None:
                return URLFetcherResponse(url, data)
            reason = f"'{url[:80]}' is not a picture of the article nor the typeface"
            log.refused.append((url, reason))
            raise ValueError(reason)

        def font(self, url: str) -> bytes | None:
            parts = urlsplit(url)
            if parts.scheme != SCHEME or parts.netloc != "fonts" or parts.query or parts.fragment:
                return None
            return fonts.get(PurePosixPath(unquote(parts.path)).name)

    return SafeFetcher(allowed_protocols=(SCHEME, "data"), allow_redirects=False, timeout=1)


@dataclass
class PrintWriter(HtmlWriter):
    """The HTML writer with the printed handout's furniture: logo, "Listen" QR block, print pictures."""

    def part(self, part: c.Part) -> str:
        if isinstance(part, c.ReviewStamp):
            return ""  # printed in every page's running footer instead (see page_css)
        return super().part(part)

    def masthead(self, part: c.Masthead) -> str:
        name = f'<p class="organisation">{escape(part.organisation)}</p>'
        logo = self.options.inputs.logo
        if logo is None:
            return name
        # The logo is decoration beside the printed name (a background, so an artifact in the
        # PDF): a screen reader reads the organisation once, by its name.
        style = f"background-image: url({css_string(self.picture_src(logo))})"
        return f'<div class="with-logo" style="{escape(style)}">\n{name}\n</div>'

    def listen_link(self, part: c.ListenLink) -> str:
        """The QR code of where the article is heard (its page, or its MP3), the printed address and
        'Listen to this handout'."""
        import segno

        qr = segno.make(part.url, error="m", micro=False)
        svg = qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        label = escape(part.label)
        alt = escape(f"QR code: {part.label}, {part.printed}")
        return (
            f'<div class="listen">\n<img src="data:image/svg+xml;base64,{data}" alt="{alt}"/>\n'
            f'<p><span class="listen-label">{label}</span><br/>'
            f'<a class="listen-url" href="{escape(part.url)}">{escape(part.printed)}</a></p>\n</div>'
        )

    def item(self, item: d.ListItem) -> str:
        return f"<li>{self.item_body(item.blocks)}</li>"

    def item_body(self, blocks: tuple[d.Block, ...]) -> str:
        """A list item's content with no block element directly inside the `li`.

        WeasyPrint tags a block child of a list item as a sibling of the item's
        body, which PDF/UA forbids (7.2-20): paragraphs are kept inline and
        separated by a blank line, nested lists stay as they are (WeasyPrint
        tags them right), anything else is wrapped in an inline block.
        """
        pieces: list[str] = []
        after_text = False
        for block in blocks:
            match block:
                case d.Paragraph(children) if not (len(children) == 1 and isinstance(children[0], d.Image)):
                    pieces.append(("<br/><br/>" if after_text else "") + self.inlines(children))
                    after_text = True
                case d.BulletList() | d.OrderedList():
                    pieces.append(self.block(block))
                    after_text = False
                case _:
                    pieces.append(f'<span class="item-block">{self.block(block)}</span>')
                    after_text = False
        return "\n".join(pieces)

    def notes(self, part: c.Notes) -> str:
        # On paper a "back to the text" link cannot be followed: the note number is enough.
        items = "\n".join(f'<li id="{n.id}">{self.item_body(n.blocks)}</li>' for n in part.notes)
        return self.furniture("notes", part.heading, f"<ol>\n{items}\n</ol>", role="doc-endnotes")

    def inline(self, node: d.Inline) -> str:
        if not isinstance(node, d.Link):
            return super().inline(node)
        # WeasyPrint gives markup inside a link a second, untagged link annotation (PDF/UA 7.18.5),
        # so a link prints its words only, bold outside when the source made them bold.
        # A picture inside a link is printed without the link: paper cannot follow it.
        inside = list(d.walk(node.children))
        if any(isinstance(inner, d.Image) for inner in inside):
            return self.inlines(node.children)
        link = self.link_html(node.href, escape(d.plain_text(node.children)))
        if any(isinstance(inner, d.Strong | d.Emphasis) for inner in inside):
            return f"<strong>{link}</strong>"
        return link

    def image(self, image: d.Image) -> str:
        if not image.decorative:
            return super().image(image)
        picture = self.picture(image)
        if picture is None:
            return ""
        # A decorative picture is drawn as a background: an artifact, so no Figure without Alt.
        ratio = f"{100 * picture.height / picture.width:.4f}%"
        src = self.picture_src(picture)
        return (
            f'<span class="decorative-image" style="max-width: {picture.width}px">'
            f'<span style="{escape(f"padding-bottom: {ratio}; background-image: url({css_string(src)})")}">'
            "</span></span>"
        )


@contextmanager
def _weasyprint_messages() -> Iterator[list[logging.LogRecord]]:
    """Collect what WeasyPrint logs at warning level or above while rendering."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(logging.WARNING)
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(handler)
    try:
        yield records
    finally:
        weasy_logger.removeHandler(handler)


class PdfRenderer:
    """Large-print, tagged PDF (PDF/UA-1) of one document, for printing."""

    name: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "large-print PDF to print, tagged for screen readers (PDF/UA-1)"
    uses: ClassVar[tuple[str, ...]] = (STYLESHEET,)

    @classmethod
    def check_available(cls) -> None:
        """Raise RendererUnavailable if WeasyPrint or its Pango libraries cannot be loaded."""
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as error:
            raise RendererUnavailable(f"{_INSTALL_HINT} ({error})") from error

    def page_html(self, options: RenderOptions) -> str:
        """The print page's markup, with its stylesheet."""
        handout = options.handout
        stamp = handout.part(c.ReviewStamp)
        css = "\n".join(
            (
                font_face_css(options.inputs.fonts, font_url),
                page_css(
                    options.settings,
                    stamp=stamp.text if stamp else "",
                    page_of=handout.labels.page_of,
                    rtl=handout.rtl,
                    counter_style=CSS_COUNTER_STYLES.get(numbering_system(handout.lang), "decimal"),
                ),
                options.inputs.asset(STYLESHEET),
                font_family_css(options.inputs.coverage, page_margins=True),
                direction_css(options),
            )
        )
        meta = handout.document.metadata
        head_extra = ""
        if meta.date or meta.reviewed:
            head_extra = f'<meta name="dcterms.created" content="{meta.date or meta.reviewed}"/>'
        return PrintWriter(options).page(css=css, head_extra=head_extra)

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        import weasyprint

        options.inputs.require_glyphs()
        findings: list[Finding] = []
        html = self.page_html(options)
        log = SafeFetcherLog()
        fetcher = make_fetcher({font.file_name: font.data for font in options.inputs.fonts}, log)
        identifier = file_identifier(html)
        path = out_dir / f"{doc.slug}{self.suffix}"
        try:
            with _weasyprint_messages() as messages:
                weasyprint.HTML(string=html, base_url=f"{SCHEME}://fonts/", url_fetcher=fetcher).write_pdf(
                    path, pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode("ascii")
                )
        except (OSError, ValueError) as error:
            raise RenderError(
                f"WeasyPrint could not lay out the PDF ({error}); the other formats are not affected"
            ) from error
        where = Location(doc.source_path)
        for url, reason in log.refused:
            logger.debug("refused %s for %s", url, doc.source_path)
            findings.append(Finding(where, f"a file was not used in the PDF: {reason}"))
        for record in messages:
            message = record.getMessage()
            if any(url in message for url, _ in log.refused):
                continue  # already reported above, in words clinic staff can act on
            findings.append(Finding(where, f"PDF layout: {message}"))
        return RenderResult((path,), tuple(findings))
