"""What the renderers of one article may use, read once by the pipeline: renderers read no files.

`gather` reads, for one article, the stylesheets and other assets its formats
declare (`Renderer.uses`), the typeface, every picture it names (through the
one image gate, `picture`), the clinic's logo, the pronunciation lexicon, the
voice file and the article's timestamp. Every refusal becomes one warning, the
same for every format, and a renderer writes only into the folder it is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from builder.compose import Handout
from builder.config import Project, Settings
from builder.coverage import Coverage, cover
from builder.document import Document
from builder.errors import Finding, Location, RenderError, SourceError
from builder.fonts import Font, load_fonts
from builder.resources import Resources
from builder.speech.engines import voice_for
from builder.speech.engines.piper import VOICES_FOLDER, voice_in_project
from builder.speech.lexicon import LEXICON_FILE, Lexicon, parse_lexicon

logger = logging.getLogger(__name__)

MAX_PIXELS: Final = 40_000_000
"""The largest picture Handout opens (about 8000 x 5000): a larger one is refused, never decoded,
so a decompression bomb cannot exhaust memory."""

SHOWN_AS_IS: Final = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}
"""Kinds every format shows as they are; any other picture Pillow can read becomes a PNG."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture that passed the gate: its bytes in a kind every format can show, and its size."""

    reference: str
    """As the source names it."""
    data: bytes
    media_type: str
    suffix: str
    width: int
    height: int
    converted: str = ""
    """The kind it was before it became a PNG ('BMP', 'GIF'...), or '' if unchanged."""
    stilled: bool = False
    """True when a moving picture was replaced by its first frame."""


@dataclass(frozen=True, slots=True)
class BuiltFile:
    """A file another format of the same article wrote in this build or an earlier one."""

    format: str
    name: str
    """Its name inside the article's output folder ('als.mp3')."""
    size: int
    text: str = ""
    """Its text, for the timed transcript (`.vtt`) only; '' for every other file."""
    data: bytes = b""
    """Its bytes, for the suffixes the following format reads (`Renderer.reads`); b'' otherwise."""


TEXT_READ: Final = (".vtt",)
"""Built files whose text a following format is given (the transcript's sentence timings)."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read from disk for one article's renderers."""

    modified: dt.datetime
    """When the article last changed: every timestamp inside an output comes from here."""
    assets: Mapping[str, str] = field(default_factory=dict)
    """Text files of assets/ the formats declared, by name ('print.css')."""
    unreadable: Mapping[str, str] = field(default_factory=dict)
    """Declared assets that could not be read -> the line that says so (only their formats fail)."""
    fonts: tuple[Font, ...] = ()
    pictures: Mapping[str, Picture] = field(default_factory=dict)
    """Every picture the article names that can be shown, by its reference."""
    refused: Mapping[str, str] = field(default_factory=dict)
    """Reference -> why it is left out (already one warning in `findings`)."""
    logo: Picture | None = None
    lexicon: Lexicon = field(default_factory=Lexicon)
    voice: str = ""
    """The voice the settings name for the article's language: a voice's name, or the absolute path
    of a voice file inside the project; '' for the engine's default."""
    voice_refused: str = ""
    """Why the voice file the settings name cannot be used, if it cannot (only the audio fails)."""
    coverage: Coverage = field(default_factory=Coverage)
    """The typefaces that print the article, in order (Atkinson Hyperlegible, then its fallbacks)."""
    uncovered: str = ""
    """The line that says which character no installed font prints and what to install, if one does
    not: every format that draws glyphs (PDF, Word, e-book, web page) fails with it."""
    findings: tuple[Finding, ...] = ()
    built: tuple[BuiltFile, ...] = ()
    """The files of the formats a renderer follows (`Renderer.after`), gathered once they are built."""

    def require_glyphs(self) -> None:
        """RenderError if a character of the article has no glyph in any installed font."""
        if self.uncovered:
            raise RenderError(self.uncovered)

    def asset(self, name: str) -> str:
        """The text of an asset a format declared in `uses`; RenderError if it could not be read."""
        if name in self.unreadable:
            raise RenderError(self.unreadable[name])
        if name not in self.assets:
            raise RenderError(f"assets/{name} was not read: the format must name it in its `uses`")
        return self.assets[name]


def gather(
    doc: Document,
    *,
    settings: Settings,
    project: Project,
    uses: Iterable[str] = (),
    pictures: bool = True,
    handout: Handout | None = None,
) -> Inputs:
    """Read what the article's formats use; SourceError if the lexicon cannot be read.

    With `pictures` false (no format being built shows pictures: plain text, speech) the
    article's pictures and the logo are not read, and nothing is said about them. With the
    composed `handout`, also decide the typefaces that print it and check that every
    character it prints has a glyph in one of them.
    """
    findings: list[Finding] = []
    resources = Resources.for_article(project, doc.source_path)
    names = tuple(dict.fromkeys(uses))
    assets: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for name in names:
        if name == LEXICON_FILE:
            continue
        try:
            assets[name] = project.read_asset(name)
        except SourceError as error:
            unreadable[name] = str(error)
    lexicon = Lexicon()
    if LEXICON_FILE in names:
        lexicon = load_lexicon(project).merged(doc.metadata.pronunciations)

    found: dict[str, Picture] = {}
    refused: dict[str, str] = {}
    for image in doc.images() if pictures else ():
        if image.src in found or image.src in refused:
            continue
        where = Location(doc.source_path, image.line)
        shown = picture(image.src, resources)
        if isinstance(shown, str):
            refused[image.src] = shown
            findings.append(Finding(where, f"image left out: {shown}"))
            continue
        found[image.src] = shown
        if shown.stilled:
            findings.append(
                Finding(
                    where,
                    f"'{image.src}' moves: every format shows its first picture only, because moving "
                    "pictures can distract or harm some readers",
                )
            )

    logo = None
    if settings.logo and pictures:
        shown = picture(settings.logo, Resources(project, project.assets_dir.resolve()))
        if isinstance(shown, str):
            settings_file = Location(project.relative(project.settings_path))
            findings.append(Finding(settings_file, f"logo left out: {shown}"))
        else:
            logo = shown

    voice, voice_refused = voice_for(doc.metadata.lang, voice=settings.voice, voices=settings.voices), ""
    if settings.speech_engine == "piper":  # a Piper voice the clinic put in assets/voices/
        voice = voice_in_project(project.assets_dir / VOICES_FOLDER, lang=doc.metadata.lang, configured=voice)
    if voice.endswith(".onnx") or "/" in voice:
        path = (project.root / voice).resolve()
        if path.is_relative_to(project.root):
            voice = str(path)
        else:
            voice, voice_refused = "", f"the voice file {voice} is outside the project: put it in assets/"

    coverage, uncovered = Coverage(), ""
    if handout is not None and pictures:  # only formats that print glyphs need them checked
        coverage = cover(printed_characters(handout), lang=handout.lang)
        uncovered = uncovered_line(coverage, handout=handout, project=project)

    return Inputs(
        modified=last_changed(doc, project),
        assets=assets,
        unreadable=unreadable,
        fonts=load_fonts(),
        pictures=found,
        refused=refused,
        logo=logo,
        lexicon=lexicon,
        voice=voice,
        voice_refused=voice_refused,
        coverage=coverage,
        uncovered=uncovered,
        findings=tuple(findings),
    )


_NOT_PRINTED: Final = frozenset({"src", "href", "id", "uri", "logo"})
"""Fields of the parts that are addresses or file names, never printed as words."""


def printed_characters(handout: Handout) -> set[str]:
    """Every character the printed formats may draw: the parts' words and Handout's own words."""
    found: set[str] = set()

    def visit(value: object) -> None:
        if isinstance(value, str):
            found.update(value)
        elif isinstance(value, tuple):
            for item in value:
                visit(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                if item.name not in _NOT_PRINTED:
                    visit(getattr(value, item.name))
            for name in ("text", "contact_line"):
                if isinstance(getattr(type(value), name, None), property):
                    visit(getattr(value, name))

    visit(handout.parts)
    visit(handout.labels)
    return found


def uncovered_line(coverage: Coverage, *, handout: Handout, project: Project) -> str:
    """One line naming the first character no font prints, its line and what to install; '' if none."""
    if not coverage.missing:
        return ""
    first = coverage.missing[0]
    doc = handout.document
    try:
        text = (project.root / doc.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    where = Location(doc.source_path)
    index = text.find(first.char)
    if index >= 0:
        where = Location(doc.source_path, text.count("\n", 0, index) + 1)
    elif first.char in "".join((handout.settings.organisation, handout.settings.contact)):
        where = Location(project.relative(project.settings_path))
    others = len(coverage.missing) - 1
    more = f" (and {others} other character{'s' if others > 1 else ''})" if others else ""
    if first.package:
        what = f"install the package {first.package} (apt-get install {first.package}), which has it"
    else:
        what = "it is a private or unassigned character no font prints for everyone: replace it"
    return f"{where}: {first.described}{more} has no glyph in any installed font: {what}"


def built_files(
    formats: Mapping[str, Iterable[Path]], *, folder: Path, reads: Iterable[str] = ()
) -> tuple[BuiltFile, ...]:
    """What the formats of one article wrote into `folder`: names and sizes, the transcript's text,
    and the bytes of files whose suffix is in `reads`."""
    reads = tuple(reads)
    found: list[BuiltFile] = []
    for name, paths in formats.items():
        for path in paths:
            if path.parent != folder or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8") if path.suffix in TEXT_READ else ""
            data = path.read_bytes() if path.suffix in reads else b""
            found.append(BuiltFile(name, path.name, path.stat().st_size, text, data))
    return tuple(found)


def load_lexicon(project: Project) -> Lexicon:
    """The shared pronunciation lexicon: the project's `assets/lexicon.yaml`, else Handout's own."""
    path = project.asset(LEXICON_FILE)
    if not path.is_file():
        return Lexicon()
    shown = project.relative(path) if path.is_relative_to(project.root) else Path(LEXICON_FILE)
    return parse_lexicon(project.read_asset(LEXICON_FILE), shown)


def last_changed(doc: Document, project: Project) -> dt.datetime:
    """When the article last changed: its review or publication date, else its file's time.

    Every timestamp inside an output comes from here, so an unchanged article
    gives the same bytes however often it is built.
    """
    day = doc.metadata.reviewed or doc.metadata.date
    if day is not None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int((project.root / doc.source_path).stat().st_mtime), tz=dt.UTC)
    except OSError:
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


# --- the image gate --------------------------------------------------------------------


def picture(reference: str, resources: Resources) -> Picture | str:
    """The picture a reference names, in a kind every format shows; or why it is left out.

    The file must pass the project's rules (`Resources`: assets/ or the article's
    folder, never the web). Its real kind is read from its bytes, not its name;
    PNG and JPEG are kept as they are, anything else Pillow reads (BMP, GIF,
    TIFF, WebP...) becomes a PNG, a moving picture its first frame; a picture
    larger than `MAX_PIXELS` is refused before it is decoded.
    """
    from PIL import Image, UnidentifiedImageError

    resolved = resources.resolve(reference)
    if resolved.path is None:
        return resolved.refusal
    cannot = f"'{reference}' is not a picture every format can show: save it as PNG or JPEG"
    try:
        data = resolved.path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return f"'{reference}' is too large ({width} x {height} pixels): save a smaller copy"
                kind = image.format or ""
                animated = bool(getattr(image, "is_animated", False))
                if kind in SHOWN_AS_IS and not animated:
                    image.verify()
                    media_type, suffix = SHOWN_AS_IS[kind]
                    return Picture(reference, data, media_type, suffix, width, height)
                image.seek(0)
                image.load()
                still = image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
                out = io.BytesIO()
                still.save(out, format="PNG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"'{reference}' is too large to open safely: save a smaller copy"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        logger.debug("cannot read %s as a picture", resolved.path, exc_info=True)
        return cannot
    if not width or not height:
        return cannot
    return Picture(
        reference, out.getvalue(), "image/png", ".png", width, height, converted=kind, stilled=animated
    )
