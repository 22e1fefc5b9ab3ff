"""Plug-ins by name, through entry points: what renderers and speech engines are found with.

The built-in ones are declared in pyproject.toml exactly as a third party
declares its own. Nothing is imported until it is asked for, so a plug-in
whose system library is missing never breaks the others (or `handout --help`).
This module knows no kind of plug-in: `builder.registry` (formats) and
`builder.speech.engines` (voices) each name their own group.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar

from builder.errors import RendererUnavailable, UsageError

if TYPE_CHECKING:
    from typing import Self

RENDERERS_GROUP: Final = "builder.renderers"
ENGINES_GROUP: Final = "builder.speech_engines"

T = TypeVar("T")


class PluginRegistry(Generic[T]):
    """The plug-ins of one entry-point group installed in this Python environment, loaded on demand."""

    group: ClassVar[str]
    kind: ClassVar[str]
    """What one plug-in is, in messages: 'format', 'speech engine'."""
    kinds: ClassVar[str]
    where: ClassVar[str] = ""
    """Where the user names one, added to the 'not a ...' message."""

    def __init__(self, entry_points: dict[str, EntryPoint]) -> None:
        self.entry_points = entry_points
        self._loaded: dict[str, T] = {}

    @classmethod
    def discover(cls) -> Self:
        found = {ep.name: ep for ep in entry_points(group=cls.group)}
        return cls(dict(sorted(found.items())))

    def names(self) -> list[str]:
        return list(self.entry_points)

    def check_names(self, names: Iterable[str]) -> None:
        """Raise UsageError for the first name that is not installed."""
        for name in names:
            if name not in self.entry_points:
                known = ", ".join(self.names())
                raise UsageError(f"'{name}' is not a {self.kind}: the {self.kinds} are {known}{self.where}")

    def load(self, name: str) -> T:
        """The plug-in called `name`; RendererUnavailable if it cannot be imported."""
        self.check_names([name])
        if name not in self._loaded:
            try:
                plugin: Any = self.entry_points[name].load()
            except ImportError as error:
                raise RendererUnavailable(
                    f"the {name} {self.kind} cannot be loaded ({error}): reinstall Handout with 'make setup'"
                ) from error
            self._loaded[name] = plugin
        return self._loaded[name]

    def availability(self, name: str) -> str:
        """'available', or the sentence that says what to install."""
        try:
            plugin: Any = self.load(name)
            plugin.check_available()
        except RendererUnavailable as error:
            return str(error)
        return "available"
