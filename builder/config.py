"""Settings: the clinic-wide file, then an article's front matter, then command-line flags.

The three are merged once, into a frozen `Settings`, before anything is
rendered. `Project` says where sources, assets and outputs live; nothing is
ever read from outside its root.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from builder.errors import Location, SourceError

PRINT_SIZES: Final = {"large": 18.0, "extra-large": 24.0}
"""Smallest type size in points for each print-size profile (APH and ACB large print)."""

SETTINGS_FILE: Final = "handout.yaml"
"""The clinic-wide settings, in `source/`."""

CACHE_FOLDER: Final = ".cache"
"""Below an output folder: caches that outlive one build (the audio's sentences); safe to delete."""

DEFAULT_FORMATS: Final = ("pdf", "docx", "epub", "mp3", "html", "txt")

SITE_WITH: Final = ("html", "mp3")
"""The formats the listening library (`site`) is built with by default: its pages are made of them."""


def publishes_site(formats: tuple[str, ...]) -> bool:
    """Whether building `formats` makes each article's page in the listening library."""
    return "site" in formats or set(SITE_WITH) <= set(formats)


def default_assets_dir() -> Path:
    """Handout's own stylesheets and lexicon, shipped inside the package (`builder/data/`)."""
    return Path(str(resources.files("builder").joinpath("data")))


@dataclass(frozen=True, slots=True)
class Project:
    """A Handout project folder: `source/`, `assets/` and `output/` below `root`."""

    root: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        return cls(root.resolve())

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def output_dir(self) -> Path:
        """Where outputs go unless the command line names another folder."""
        return self.root / "output"

    @property
    def settings_path(self) -> Path:
        return self.source_dir / SETTINGS_FILE

    def asset(self, name: str) -> Path:
        """The file `name` from the project's `assets/` if it has one, else Handout's default.

        A project overrides a default stylesheet or the lexicon file by file: an
        `assets/print.css` of its own replaces the print stylesheet and nothing else.
        """
        own = self.assets_dir / name
        return own if own.exists() else default_assets_dir() / name

    def read_asset(self, name: str) -> str:
        """The text of `asset(name)`; a SourceError naming the project's file if it cannot be read."""
        path = self.asset(name)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
            if not path.is_relative_to(self.root):
                reason = f"{reason}; Handout's own copy is missing: install Handout again"
                raise SourceError(Location(Path(name)), f"cannot be read ({reason})") from error
            raise SourceError(
                Location(self.relative(path)),
                f"cannot be read ({reason}): fix the file, or delete it to use Handout's default",
            ) from error

    def articles(self) -> list[Path]:
        """Every article in `source/`, in name order (files starting with '_' are drafts)."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p for p in self.source_dir.glob("*.md") if not p.name.startswith("_"))

    def contains(self, path: Path) -> bool:
        """True if `path`, with links followed, lies inside the project."""
        return path.resolve().is_relative_to(self.root)

    def relative(self, path: Path) -> Path:
        """`path` as clinic staff know it: relative to the project when it is inside it."""
        resolved = path.resolve()
        return resolved.relative_to(self.root) if resolved.is_relative_to(self.root) else path


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything about how an article is built, as opposed to what it says."""

    organisation: str = ""
    contact: str = ""
    phone: str = ""
    country: str = ""
    logo: str = ""
    base_url: str = ""
    formats: tuple[str, ...] = DEFAULT_FORMATS
    paper: Literal["A4", "Letter"] = "A4"
    print_size: Literal["large", "extra-large"] = "large"
    speech_engine: str = "piper"
    voice: str = ""
    audio_profile: Literal["speech", "audiobook"] = "speech"
    voices: Mapping[str, str] = dataclasses.field(default_factory=dict)
    speech_fallback: tuple[str, ...] = ()
    audio_sections: bool = False
    extra_keys: tuple[str, ...] = ()
    # The plain-language review (`handout check`, builder/checks.py)
    max_reading_grade: float = 8.0
    max_sentence_words: int = 25
    max_paragraph_sentences: int = 5
    max_passive_percent: float = 10.0
    rare_word_zipf: float = 3.0
    known_words: tuple[str, ...] = ()
    review_interval_months: int = 24

    @property
    def min_font_pt(self) -> float:
        """The smallest type size any printed glyph may have."""
        return PRINT_SIZES[self.print_size]

    def merged(self, overrides: Mapping[str, Any]) -> Settings:
        """A copy with the known keys of `overrides` replacing these values."""
        names = {f.name for f in dataclasses.fields(self)}
        changes = {
            name: _frozen(value) for name, value in overrides.items() if name in names and value is not None
        }
        return dataclasses.replace(self, **changes)


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return dict(value)  # a plain dict: the settings travel to worker processes, and a mappingproxy
        # cannot be pickled
    return value


def load_settings(project: Project) -> Settings:
    """The clinic-wide settings, or the defaults when the project has no settings file."""
    from builder import schema  # imported when read: a rebuild with nothing to do never reads them
    from builder.source import SourceFile, load_yaml_mapping, read_text

    path = project.settings_path
    if not path.exists():
        return Settings()
    shown = project.relative(path)
    text = read_text(path, shown=shown)
    data, lines = load_yaml_mapping(text, shown, first_line=1, what="the settings file")
    source = SourceFile(shown, data, lines, body="", body_line=0)
    schema.check(source, schema.settings_schema())
    settings = Settings().merged(data)
    if settings.logo:
        check_inside_project(project, settings.logo, source.where(("logo",)))
    return settings


def check_inside_project(project: Project, relative: str, where: Location) -> Path:
    """The file `relative` names below the project root, or a SourceError if it is elsewhere."""
    candidate = (project.root / relative).resolve()
    if not candidate.is_relative_to(project.root):
        raise SourceError(where, f"'{relative}' is outside the project: put the file in assets/")
    if not candidate.is_file():
        raise SourceError(where, f"'{relative}' does not exist: put the file in assets/ and name it here")
    return candidate
