"""Renderers by name: the built-in ones and plug-ins alike, through entry points.

Nothing is imported until a format is asked for, so a renderer whose system
library is missing never breaks the others (or `handout --help`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Final

from builder.errors import RendererUnavailable, UsageError
from builder.renderers import Renderer

RENDERERS_GROUP: Final = "builder.renderers"


@dataclass(frozen=True)
class Registry:
    """The renderers installed in this Python environment, loaded on demand."""

    entry_points: dict[str, EntryPoint]
    _loaded: dict[str, type[Renderer]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def discover(cls, group: str = RENDERERS_GROUP) -> Registry:
        found = {ep.name: ep for ep in entry_points(group=group)}
        return cls(dict(sorted(found.items())))

    def names(self) -> list[str]:
        return list(self.entry_points)

    def check_names(self, names: Iterable[str]) -> None:
        """Raise UsageError for the first name that is not a format."""
        for name in names:
            if name not in self.entry_points:
                raise UsageError(f"'{name}' is not a format: the formats are {', '.join(self.names())}")

    def load(self, name: str) -> type[Renderer]:
        """The renderer class for `name`; RendererUnavailable if it cannot be imported."""
        self.check_names([name])
        if name not in self._loaded:
            entry_point = self.entry_points[name]
            try:
                renderer = entry_point.load()
            except ImportError as error:
                raise RendererUnavailable(
                    f"the {name} format cannot be loaded ({error}): reinstall Handout with 'make setup'"
                ) from error
            self._loaded[name] = renderer
        return self._loaded[name]

    def availability(self, name: str) -> str:
        """'available', or the sentence that says what to install."""
        try:
            self.load(name).check_available()
        except RendererUnavailable as error:
            return str(error)
        return "available"
