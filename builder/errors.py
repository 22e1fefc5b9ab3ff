"""One exception tree for everything a user can get wrong or lack.

Every message is written for clinic staff: it names the file (and line) and
says what to do. `str(error)` is the whole line the command prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class HandoutError(Exception):
    """Base of every error Handout reports to its user."""


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: what error lines and warnings start with."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class SourceError(HandoutError):
    """An article or the settings file cannot be read as written."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


class UsageError(HandoutError):
    """The command was asked for something that does not exist (exit code 2)."""


class RendererUnavailable(HandoutError):
    """A format cannot be built on this machine; the message says what to install."""


class RenderError(HandoutError):
    """A renderer failed on one article; the message says why and, where known, where."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning about an article: it still builds, but someone should look."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
