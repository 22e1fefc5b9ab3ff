"""The installed renderers, one per output format, found through the `builder.renderers` entry points."""

from __future__ import annotations

from builder.plugins import RENDERERS_GROUP, PluginRegistry
from builder.renderers import Renderer


class Registry(PluginRegistry[type[Renderer]]):
    """The installed renderers: one per output format."""

    group = RENDERERS_GROUP
    kind = "format"
    kinds = "formats"
