"""One exception tree for everything a user can get wrong or lack.

Every message is written for clinic staff: it names the file (and line) and
says what to do. `str(error)` is the whole line the command prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_LINE_BREAKING = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with what would break or hide a message line (line breaks, control characters) made visible.

    Messages quote what the article says, and an article may say anything.
    """
    escapes = {"\n": "\\n", "\r": "\\r"}
    return _LINE_BREAKING.sub(lambda m: escapes.get(m.group(0), f"U+{ord(m.group(0)):04X}"), text)


class HandoutError(Exception):
    """Base of every error Handout reports to its user: `str()` is always one line."""

    def __str__(self) -> str:
        return one_line(super().__str__())


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
        message = one_line(message)
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
        return f"{self.location}: {one_line(self.message)}"
