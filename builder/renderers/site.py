"""The listening library: each article's page with its player and downloads, and the clinic's index.

The page a patient lands on from the QR code: the large-print article (the HTML
renderer's page), and above it a player built on the browser's own
`<audio controls>`: chapters (the section ids, as in the MP3), captions from the
transcript as a `<track>`, the sentence being spoken highlighted (read-along),
four speeds, and resuming where the patient stopped. Then a download link for
every format built, with its size and what it is for, and the page's QR code.

The site follows the other formats (`after`): the pipeline builds it once they
are done and gives it their files (`options.inputs.built`), so it reads none
itself. Timings come from the transcript the audio renderer wrote
(`<slug>.vtt`, one cue per spoken sentence); each cue is tied to the page by the
speech script, which says which source line every sentence comes from, and the
page's blocks carry that line (`data-line`). The index (`output/index.html`) is
written once per build, after every article, by `library`.

Everything is in the page or beside it: no web font, script or request from
another host, so the pages work from `file://` as well as from `base_url`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from babel import Locale

from builder import compose as c
from builder import document as d
from builder.config import SITE_WITH
from builder.direction import text_direction
from builder.fonts import Font, font_face_css
from builder.inputs import BuiltFile
from builder.labels import Labels, format_number, labels_for, number_locale
from builder.renderers import LibraryEntry, RenderOptions, RenderResult
from builder.renderers.html import STYLESHEET, HtmlWriter, data_url, font_data_url, screen_css
from builder.speech.lexicon import LEXICON_FILE
from builder.speech.timing import TimedCue, timed_cues

SITE_CSS: Final = "site.css"
SITE_JS: Final = "site.js"
PAGE: Final = "index.html"
"""Each article's page is `<slug>/index.html`, so its address is the folder's: `<base_url>/<slug>/`."""
SPEEDS: Final = (0.75, 1.0, 1.25, 1.5)

_TAG: Final = re.compile(r"^<([a-z][a-z0-9]*)")


@dataclass(frozen=True, slots=True)
class Download:
    name: str
    purpose: str
    kind: str
    size: int


def with_line(markup: str, line: int) -> str:
    """The markup with `data-line` on its first element, so the read-along finds it."""
    if not markup or line <= 0:
        return markup
    return _TAG.sub(lambda m: f'<{m.group(1)} data-line="{line}"', markup, count=1)


def file_size(size: int, lang: str) -> str:
    """'840 KB', '2.4 MB', in the article's way of writing numbers."""
    if size < 1_000_000:
        return f"{format_number(max(1, round(size / 1000)), lang)}\u00a0KB"
    return f"{format_number(round(size / 1_000_000, 1), lang)}\u00a0MB"


def _locale(lang: str) -> Locale:
    return number_locale(lang)


def language_name(lang: str, *, in_lang: str) -> str:
    """'English (United States)', 'español': the name of a language, in another one."""
    name = _locale(lang).get_display_name(_locale(in_lang)) or lang
    return name[:1].upper() + name[1:]


def downloads(built: Sequence[BuiltFile], labels: Labels) -> tuple[Download, ...]:
    """What a patient can take away, in the order of the table in the README, with what each is for."""
    purposes = {
        ".pdf": (labels.print_this, "PDF"),
        ".docx": (labels.open_in_word, "Word"),
        ".epub": (labels.for_e_readers, "EPUB"),
        ".readalong.epub": (labels.read_and_listen, "EPUB"),
        ".mp3": (labels.listen_offline, "MP3"),
        ".txt": (labels.plain_text, "TXT"),
    }
    found = []
    for suffix, (purpose, kind) in purposes.items():
        for file in built:
            if file.name.endswith(suffix) and file.name.count(".") == suffix.count("."):
                found.append(Download(file.name, purpose, kind, file.size))
    return tuple(found)


class SiteWriter(HtmlWriter):
    """The HTML page with the player and downloads after the title, and source lines on the blocks."""

    cues: tuple[TimedCue, ...] = ()

    def title_block(self, part: c.TitleBlock) -> str:
        title = f'<div class="title-block">\n{super().title_block(part)}\n</div>'
        return "\n".join(filter(None, (title, self.player(), self.downloads())))

    def block(self, block: d.Block) -> str:
        return with_line(super().block(block), block.line)

    def item(self, item: d.ListItem) -> str:
        return with_line(super().item(item), item.line)

    def section(self, section: d.Section) -> str:
        markup = super().section(section)
        level = min(section.depth + 1, 6)
        return markup.replace(f'<h{level} id="', f'<h{level} data-line="{section.line}" id="', 1)

    # --- the player ------------------------------------------------------------

    @property
    def built(self) -> tuple[BuiltFile, ...]:
        return self.options.inputs.built

    def audio_file(self) -> BuiltFile | None:
        return next((f for f in self.built if f.format == "mp3" and f.name == f"{self.doc.slug}.mp3"), None)

    def player(self) -> str:
        audio = self.audio_file()
        if audio is None:
            return ""
        labels, lang = self.labels, escape(self.doc.metadata.lang)
        track = ""
        transcript = next((f for f in self.built if f.name == f"{self.doc.slug}.vtt"), None)
        if transcript is not None:
            # In the page itself: a browser refuses a caption file beside a page opened from file://.
            src = data_url("text/vtt", transcript.text.encode("utf-8"))
            track = (
                f'<track kind="captions" src="{src}" srclang="{lang}" '
                f'label="{escape(labels.captions)}" default=""/>'
            )
        chapters = self.chapters()
        speeds = "\n".join(
            f'<button type="button" data-rate="{rate}" aria-pressed="{"true" if rate == 1 else "false"}">'
            f"{escape(format_number(rate, self.doc.metadata.lang))}\u00d7</button>"
            for rate in SPEEDS
        )
        cues = json.dumps(
            [
                {"start": round(q.start, 3), "end": round(q.end, 3), "text": q.text, "target": q.target}
                | ({"whole": True} if q.whole else {})
                for q in self.cues
            ],
            ensure_ascii=False,
        ).replace("</", "<\\/")
        return "\n".join(
            [
                '<section class="player" aria-labelledby="player-heading">',
                f'<h2 id="player-heading">{escape(labels.listen_here)}</h2>',
                # No fallback text inside (it has no style to measure); "Listen offline" is a download.
                f'<audio controls preload="metadata" src="{escape(audio.name)}">{track}</audio>',
                f'<div class="speeds" role="group" aria-labelledby="speed-label" hidden="">'
                f'<span id="speed-label">{escape(labels.speed)}</span>\n{speeds}\n</div>',
                '<p class="now-reading" aria-live="off" hidden=""></p>',
                chapters,
                f'<script type="application/json" id="cues">{cues}</script>',
                "</section>",
            ]
        )

    def chapters(self) -> str:
        """The chapter list: one link per top-level section that is spoken, with where it starts."""
        starts: dict[str, float] = {}
        for cue in self.cues:
            if cue.chapter:
                starts.setdefault(cue.chapter, cue.start)
        items = []
        for section in self.doc.sections:
            if section.id not in starts:
                continue
            items.append(
                f'<li><a class="chapter" href="#{escape(section.id)}" data-start="{starts[section.id]:.3f}">'
                f"{self.inlines(section.title)}</a></li>"
            )
        if not items:
            return ""
        return (
            f'<nav class="chapters" aria-labelledby="chapters-heading">\n'
            f'<h3 id="chapters-heading">{escape(self.labels.chapters)}</h3>\n'
            f"<ol>\n" + "\n".join(items) + "\n</ol>\n</nav>"
        )

    def downloads(self) -> str:
        lang = self.doc.metadata.lang
        items = [
            f'<li><a href="{escape(item.name)}" download="">{escape(item.purpose)}</a> '
            f'<span class="file">{escape(item.kind)}, {escape(file_size(item.size, lang))}</span></li>'
            for item in downloads(self.built, self.labels)
        ]
        qr = self.qr_code()
        if not items and not qr:
            return ""
        return "\n".join(
            [
                '<section class="downloads" aria-labelledby="downloads-heading">',
                f'<h2 id="downloads-heading">{escape(self.labels.downloads)}</h2>',
                '<ul class="files">' + "\n".join(items) + "</ul>" if items else "",
                qr,
                "</section>",
            ]
        )

    def qr_code(self) -> str:
        """The page's own address as a QR code, for a carer's phone (only with `base_url`)."""
        import segno

        if not self.options.settings.base_url.strip():
            return ""
        url = c.page_url(self.options.settings, self.doc.slug)
        svg = segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=False)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(self.labels.qr_code)}" ', 1)
        return (
            f'<figure class="qr">{svg}<figcaption>{escape(self.labels.qr_code)}: '
            f'<a href="{escape(url)}">{escape(c.short_url(url))}</a></figcaption></figure>'
        )


def escape(text: str) -> str:
    return html.escape(text, quote=True)


class SiteRenderer:
    """The listening library: the article's page with its player and downloads, and the index of all."""

    name: ClassVar[str] = "site"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html"
    description: ClassVar[str] = (
        "listening library: a page per article with player and downloads, and an index"
    )
    uses: ClassVar[tuple[str, ...]] = (STYLESHEET, SITE_CSS, SITE_JS, LEXICON_FILE)
    after: ClassVar[tuple[str, ...]] = ("pdf", "docx", "epub", "readalong", "mp3", "html", "txt")
    default_with: ClassVar[tuple[str, ...]] = SITE_WITH

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        transcript = next((f.text for f in options.inputs.built if f.name == f"{doc.slug}.vtt"), "")
        writer = SiteWriter(options)
        writer.cues = timed_cues(transcript, options) if transcript else ()
        css = "\n".join(
            [
                font_face_css(options.inputs.fonts, font_data_url),
                screen_css(options),
                options.inputs.asset(SITE_CSS),
            ]
        )
        markup = writer.page(css=css)
        back = f'<nav class="home"><a href="../{PAGE}">{escape(writer.labels.all_handouts)}</a></nav>'
        markup = markup.replace('<main id="content">', f'{back}\n<main id="content">', 1)
        script = f"<script>\n{options.inputs.asset(SITE_JS)}\n</script>\n"
        markup = markup.replace("</body>", f"{script}</body>", 1)
        path = out_dir / PAGE
        path.write_text(markup, encoding="utf-8")
        return RenderResult((path,))

    @classmethod
    def library(
        cls,
        entries: Sequence[LibraryEntry],
        *,
        assets: Mapping[str, str],
        fonts: tuple[Font, ...],
        out_dir: Path,
    ) -> tuple[Path, ...]:
        """`index.html`: every article built in this format, filterable, with a search box."""
        path = out_dir / PAGE
        path.write_text(library_page(entries, assets=assets, fonts=fonts), encoding="utf-8")
        return (path,)


def library_lang(entries: Sequence[LibraryEntry]) -> str:
    """The index's own language: the one most of its articles are in (the first's, on a tie)."""
    langs = [entry.document.metadata.lang for entry in entries] or ["en-US"]
    return max(dict.fromkeys(langs), key=langs.count)


def library_page(
    entries: Sequence[LibraryEntry], *, assets: Mapping[str, str], fonts: tuple[Font, ...]
) -> str:
    """The clinic's library as one page: a plain list that a small script makes filterable."""
    lang = library_lang(entries)
    labels = labels_for(lang)
    ordered = sorted(entries, key=lambda e: e.document.metadata.title.casefold())
    organisation = next((e.settings.organisation for e in ordered if e.settings.organisation), "")
    topics = sorted({t for e in ordered for t in e.document.metadata.topics}, key=str.casefold)
    langs = sorted({e.document.metadata.lang for e in ordered})
    items = []
    for entry in ordered:
        meta = entry.document.metadata
        slug = entry.document.slug
        article_lang = escape(meta.lang)
        details = [
            f"<dt>{escape(labels.language)}</dt>\n<dd>{escape(language_name(meta.lang, in_lang=lang))}</dd>"
        ]
        if meta.topics:
            details.append(f"<dt>{escape(labels.topics)}</dt>\n<dd>{escape(', '.join(meta.topics))}</dd>")
        reviewed = labels.reviewed_on(meta.reviewed) if meta.reviewed else labels.draft
        details.append(f"<dt>{escape(labels.review)}</dt>\n<dd>{escape(reviewed)}</dd>")
        summary = f'<p lang="{article_lang}">{escape(meta.summary)}</p>' if meta.summary else ""
        direction = text_direction(meta.lang, override=meta.dir)
        items.append(
            f'<li class="entry" data-topics="{escape(json.dumps(list(meta.topics), ensure_ascii=False))}" '
            f'data-lang="{article_lang}">\n'
            f'<h2><a href="{escape(slug)}/{PAGE}" lang="{article_lang}" dir="{direction}">'
            f"{escape(meta.title)}</a></h2>\n{summary}\n<dl>\n{chr(10).join(details)}\n</dl>\n</li>"
        )
    topic_options = "".join(f'<option value="{escape(t)}">{escape(t)}</option>' for t in topics)
    lang_options = "".join(
        f'<option value="{escape(x)}">{escape(language_name(x, in_lang=lang))}</option>' for x in langs
    )
    css = "\n".join(
        [
            font_face_css(fonts, font_data_url),
            ":root { font-size: 150%; }",
            assets.get(STYLESHEET, ""),
            assets.get(SITE_CSS, ""),
        ]
    )
    title = f"{labels.library}: {organisation}" if organisation else labels.library
    filters = (
        f'<form class="filters" role="search" hidden="">\n'
        f'<p><label for="search">{escape(labels.search)}</label>\n'
        f'<input type="search" id="search" name="q" autocomplete="off"/></p>\n'
        f'<p><label for="topic">{escape(labels.topic)}</label>\n'
        f'<select id="topic" name="topic"><option value="">{escape(labels.all)}</option>'
        f"{topic_options}</select></p>\n"
        f'<p><label for="language">{escape(labels.language)}</label>\n'
        f'<select id="language" name="language"><option value="">{escape(labels.all)}</option>'
        f"{lang_options}</select></p>\n"
        "</form>\n"
        f'<p class="count" role="status" data-template="{escape(labels.shown_of(len(entries)))}"></p>'
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(lang)}" dir="{text_direction(lang)}">',
            "<head>",
            '<meta charset="utf-8"/>',
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
            f"<title>{escape(title)}</title>",
            f"<style>\n{css}\n</style>",
            "</head>",
            '<body class="library">',
            f'<header class="masthead"><p class="organisation">{escape(organisation)}</p></header>'
            if organisation
            else "",
            '<main id="content">',
            f"<h1>{escape(labels.library)}</h1>",
            filters,
            '<ul class="entries">',
            *items,
            "</ul>",
            "</main>",
            f"<script>\n{assets.get(SITE_JS, '')}\n</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
