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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import quote, unquote, urlsplit

from builder import document as d
from builder.config import Settings
from builder.errors import Finding, Location, RenderError, RendererUnavailable
from builder.fonts import FAMILY, font_files
from builder.labels import review_stamp
from builder.renderers import RenderOptions, RenderResult
from builder.renderers.html import HtmlWriter, read_asset

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

STYLESHEET: Final = "print.css"
PAGE_SIZES: Final = {"A4": "A4", "Letter": "letter"}
AUDIO_SUFFIX: Final = ".mp3"
_INSTALL_HINT: Final = (
    "the PDF needs WeasyPrint and the Pango library: run `pip install weasyprint` and "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b`"
)


def audio_url(settings: Settings, slug: str) -> str:
    """Where the article's audio is published: `<base_url>/<slug>/<slug>.mp3`, or '' without a base URL.

    This is the layout of `output/` (one folder per article), so publishing
    `output/` at `base_url` makes the printed QR code work.
    """
    if not settings.base_url.strip():
        return ""
    return f"{settings.base_url.strip().rstrip('/')}/{slug}/{slug}{AUDIO_SUFFIX}"


def short_url(url: str) -> str:
    """An address as printed for people to type: without `https://` and a trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") if parts.netloc else url


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe in any stylesheet."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def page_css(settings: Settings, *, stamp: str, page_of: str) -> str:
    """The rules that depend on the settings and the article: paper, type size, running footer."""
    size = f"{settings.min_font_pt:g}pt"
    before, _, rest = page_of.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    counter = " ".join(
        part
        for part in (
            css_string(before) if before else "",
            "counter(page)",
            css_string(middle) if middle else "",
            "counter(pages)",
            css_string(after) if after else "",
        )
        if part
    )
    footer_left = f"@bottom-left {{ content: {css_string(stamp)}; }}" if stamp else ""
    return (
        f":root {{ font-size: {size}; }}\n"
        f"@page {{ size: {PAGE_SIZES[settings.paper]} portrait; "
        f"{footer_left} @bottom-right {{ content: {counter}; }} }}"
    )


SCHEME: Final = "handout"
"""URLs the page uses for local files: handout://fonts/<file>, handout://assets/<path>, handout://article/<path>.

They name files by their place in the project, never by an absolute path, so
the file (image names, identifier) does not depend on where the project is.
"""


def local_url(kind: str, relative: PurePosixPath | str) -> str:
    """The page's URL for a file of `kind` ('fonts', 'assets' or 'article')."""
    return f"{SCHEME}://{kind}/{quote(str(relative))}"


def font_face_rules() -> str:
    """@font-face rules for Atkinson Hyperlegible, regular and bold, served by the safe fetcher."""
    rules = []
    for style, weight in (("regular", "normal"), ("bold", "bold")):
        path = font_files().get(style)
        if path is not None:
            rules.append(
                f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; font-style: normal; "
                f"src: url({css_string(local_url('fonts', path.name))}) format('truetype'); }}"
            )
    return "\n".join(rules)


def file_identifier(html: str) -> str:
    """The PDF's /ID: a hash of the page, so it changes as soon as a word does, and only then."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]


@dataclass
class SafeFetcherLog:
    """What WeasyPrint asked for: every URL, and the ones refused with the reason."""

    asked: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def make_fetcher(fonts: dict[str, Path], roots: dict[str, Path], log: SafeFetcherLog) -> Any:
    """A WeasyPrint URL fetcher that serves only the typeface, files below `roots` and data: images.

    `fonts` maps file names to the font files; `roots` maps 'assets' and
    'article' to their folders. Anything else (the web, `file:` URLs, `..`
    escapes, links that lead outside a root) is refused before a byte is
    read, and noted in `log`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            log.asked.append(url)
            if url[:11].lower() == "data:image/":
                return super().fetch(url, headers)
            path = self.local_path(url)
            if path is not None:
                return URLFetcherResponse(url, path.read_bytes())
            reason = f"'{url}' is not the typeface nor a file in assets/ or the article's folder"
            log.refused.append((url, reason))
            raise ValueError(reason)

        def local_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != SCHEME or parts.query or parts.fragment:
                return None
            relative = PurePosixPath(unquote(parts.path).lstrip("/"))
            if not relative.parts or ".." in relative.parts:
                return None
            if parts.netloc == "fonts":
                return fonts.get(str(relative))
            root = roots.get(parts.netloc)
            if root is None:
                return None
            path = (root / relative).resolve()
            return path if path.is_relative_to(root.resolve()) and path.is_file() else None

    return SafeFetcher(allowed_protocols=(SCHEME, "data"), allow_redirects=False, timeout=1)


@dataclass
class PrintWriter(HtmlWriter):
    """The HTML writer with the printed handout's furniture: logo, "Listen" QR block, print images."""

    logo_url: str = ""
    listen_url: str = ""
    local_files: dict[str, Path] = field(default_factory=dict)
    """The local file behind each handout:// URL the page uses (to size decorative pictures)."""

    def masthead(self) -> str:
        if not self.settings.organisation:
            return ""
        name = escape(self.settings.organisation)
        if self.logo_url:
            # The logo is decoration beside the printed name (a background, so an artifact in the
            # PDF): a screen reader reads the organisation once, by its name.
            style = f"background-image: url({css_string(self.logo_url)})"
            return (
                f'<header class="masthead with-logo" style="{escape(style)}">\n'
                f'<p class="organisation">{name}</p>\n</header>'
            )
        return f'<header class="masthead">\n<p class="organisation">{name}</p>\n</header>'

    def listen_block(self) -> str:
        """The QR code for the article's audio, the printed address and 'Listen to this handout'."""
        if not self.listen_url:
            return ""
        import segno

        qr = segno.make(self.listen_url, error="m", micro=False)
        svg = qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        printed = short_url(self.listen_url)
        label = escape(self.labels.listen)
        alt = escape(f"QR code: {self.labels.listen}, {printed}")
        return (
            f'<div class="listen">\n<img src="data:image/svg+xml;base64,{data}" alt="{alt}"/>\n'
            f'<p><span class="listen-label">{label}</span><br/>'
            f'<a class="listen-url" href="{escape(self.listen_url)}">{escape(printed)}</a></p>\n</div>'
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

    def notes(self) -> str:
        if not self.doc.footnotes:
            return ""
        # On paper a "back to the text" link cannot be followed: the note number is enough.
        items = "\n".join(f'<li id="{n.id}">{self.item_body(n.blocks)}</li>' for n in self.doc.footnotes)
        return self.furniture("notes", self.labels.notes, f"<ol>\n{items}\n</ol>", role="doc-endnotes")

    def inline(self, node: d.Inline) -> str:
        if not isinstance(node, d.Link):
            return super().inline(node)
        # WeasyPrint gives markup inside a link a second, untagged link annotation (PDF/UA 7.18.5),
        # so a link prints its words only, bold outside when the source made them bold.
        # A picture inside a link is printed without the link: paper cannot follow it.
        if any(isinstance(inner, d.Image) for inner in _walk_inlines(node.children)):
            return self.inlines(node.children)
        link = self.link_html(node.href, escape(d.plain_text(node.children)))
        if any(isinstance(inner, d.Strong | d.Emphasis) for inner in _walk_inlines(node.children)):
            return f"<strong>{link}</strong>"
        return link

    def image(self, image: d.Image) -> str:
        if not image.decorative:
            return super().image(image)
        src = self.image_source(image)
        if src is None:
            return ""
        # A decorative picture is drawn as a background: an artifact, so no Figure without Alt.
        size = _image_size(self.local_files.get(src))
        if size is None:
            return ""
        width, height = size
        ratio = f"{100 * height / width:.4f}%"
        return (
            f'<span class="decorative-image" style="max-width: {width}px">'
            f'<span style="{escape(f"padding-bottom: {ratio}; background-image: url({css_string(src)})")}">'
            "</span></span>"
        )

    def footer_lines(self) -> list[str]:
        """As on screen, less the review stamp: the running footer prints it on every page."""
        return [line for line in super().footer_lines() if 'class="review"' not in line]


def _walk_inlines(nodes: tuple[d.Inline, ...]) -> Iterator[d.Inline]:
    """Every inline in `nodes`, descending into emphasis, strikethrough and links."""
    for node in nodes:
        yield node
        if isinstance(node, d.Emphasis | d.Strong | d.Strikethrough | d.Link):
            yield from _walk_inlines(node.children)


def _image_size(path: Path | None) -> tuple[int, int] | None:
    """Pixel size of a local image file, or None if it cannot be read as an image."""
    from PIL import Image, UnidentifiedImageError

    if path is None:
        return None
    try:
        with Image.open(path) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError):
        return None
    return (width, height) if width and height else None


def roots(options: RenderOptions) -> dict[str, Path]:
    """The folders the page may use files from, by their name in handout:// URLs."""
    return {"article": options.resources.article_dir, "assets": options.project.assets_dir.resolve()}


def page_url(path: Path, folders: dict[str, Path]) -> str | None:
    """The handout:// URL of a file inside one of `folders`, or None if it is in none of them."""
    for kind, folder in folders.items():
        if path.is_relative_to(folder):
            return local_url(kind, path.relative_to(folder).as_posix())
    return None


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

    @classmethod
    def check_available(cls) -> None:
        """Raise RendererUnavailable if WeasyPrint or its Pango libraries cannot be loaded."""
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as error:
            raise RendererUnavailable(f"{_INSTALL_HINT} ({error})") from error

    def page_html(self, doc: d.Document, *, options: RenderOptions, findings: list[Finding]) -> str:
        """The print page's markup, with its stylesheet; refused images are reported in `findings`."""
        settings = options.settings
        try:
            stylesheet = read_asset(options, STYLESHEET)
        except OSError as error:
            raise RenderError(
                f"the print stylesheet assets/{STYLESHEET} cannot be read ({error.strerror}): "
                "copy it from a new Handout project"
            ) from error

        local_files: dict[str, Path] = {}

        def url_for(reference: str, where: Location, what: str) -> str | None:
            resolved = options.resources.resolve(reference)
            url = None if resolved.path is None else page_url(resolved.path, roots(options))
            if resolved.path is None or url is None:
                refusal = resolved.refusal or f"'{reference}' is outside assets/ and the article's folder"
                findings.append(Finding(where, f"{what} left out: {refusal}"))
                return None
            local_files[url] = resolved.path
            return url

        def image_source(image: d.Image) -> str | None:
            return url_for(image.src, Location(doc.source_path, image.line), "image")

        logo_url = ""
        if settings.logo:
            settings_file = Location(options.project.relative(options.project.settings_path))
            logo_url = url_for(settings.logo, settings_file, "logo") or ""
        writer = PrintWriter(
            doc,
            settings,
            image_source,
            findings,
            logo_url=logo_url,
            listen_url=audio_url(settings, doc.slug),
            local_files=local_files,
        )
        css = "\n".join(
            (
                font_face_rules(),
                page_css(settings, stamp=review_stamp(doc.metadata), page_of=writer.labels.page_of),
                stylesheet,
            )
        )
        meta = doc.metadata
        head_extra = ""
        if meta.date or meta.reviewed:
            head_extra = f'<meta name="dcterms.created" content="{meta.date or meta.reviewed}"/>'
        return writer.page(css=css, head_extra=head_extra, after_title=writer.listen_block())

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        import weasyprint

        findings: list[Finding] = []
        html = self.page_html(doc, options=options, findings=findings)
        log = SafeFetcherLog()
        fonts = {path.name: path for path in font_files().values()}
        fetcher = make_fetcher(fonts, roots(options), log)
        identifier = file_identifier(html)
        path = out_dir / f"{doc.slug}{self.suffix}"
        base_url = f"{SCHEME}://article/"
        try:
            with _weasyprint_messages() as messages:
                weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
                    path, pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode("ascii")
                )
        except (OSError, ValueError) as error:
            raise RenderError(
                f"WeasyPrint could not make the PDF ({type(error).__name__}: {error}); "
                "the other formats are not affected: please report this"
            ) from error
        where = Location(doc.source_path)
        for url, reason in log.refused:
            logger.debug("refused %s for %s", url, doc.source_path)
            findings.append(Finding(where, f"a file was not used in the PDF: {reason} ({url})"))
        for record in messages:
            message = record.getMessage()
            if any(url in message for url, _ in log.refused):
                continue  # already reported above, in words clinic staff can act on
            findings.append(Finding(where, f"PDF layout: {message}"))
        return RenderResult((path,), tuple(findings))
