"""Which files an article may pull into its outputs: the only gate for images and logos.

An article may use files in `assets/` and in its own folder, named by a
relative path (`inhaler.png` is looked for next to the article, then in
`assets/`; `assets/inhaler.png` works too). Everything else is refused with a reason clinic staff can act
on: web addresses (a build never reaches the network), `file:` URLs, absolute
paths and `..` escapes (a source never reads outside the project).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import unquote, urlsplit

from builder.config import Project

_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A reference checked against the rules: a `path` when allowed, else the `refusal`."""

    reference: str
    path: Path | None = None
    refusal: str = ""


@dataclass(frozen=True, slots=True)
class Resources:
    """Resolves an article's references to files, safely."""

    project: Project
    article_dir: Path

    @classmethod
    def for_article(cls, project: Project, source_path: Path) -> Resources:
        return cls(project, (project.root / source_path).resolve().parent)

    @property
    def roots(self) -> tuple[Path, ...]:
        return (self.project.assets_dir.resolve(), self.article_dir)

    def resolve(self, reference: str) -> Resolved:
        ref = reference.strip()
        if not ref:
            return Resolved(reference, refusal="the file name is empty")
        if _SCHEME.match(ref) or ref.startswith("//"):
            scheme = urlsplit(ref).scheme.lower() or "web"
            if scheme in ("http", "https", "ftp", "web"):
                return Resolved(
                    reference,
                    refusal=f"'{ref}' is on the web and Handout never downloads anything: save the "
                    "file in assets/ and use its name",
                )
            return Resolved(reference, refusal=f"'{ref}' is not allowed: use a file in assets/ by its name")
        relative = PurePosixPath(unquote(ref.split("#")[0].split("?")[0]))
        if relative.is_absolute() or ".." in relative.parts:
            return Resolved(
                reference, refusal=f"'{ref}' points outside the project's folders: use a file in assets/"
            )
        for base in (self.article_dir, self.project.assets_dir, self.project.root):
            candidate = (base / relative).resolve()
            if any(candidate.is_relative_to(root) for root in self.roots) and candidate.is_file():
                return Resolved(reference, path=candidate)
        return Resolved(reference, refusal=f"'{ref}' was not found in assets/ or next to the article")
