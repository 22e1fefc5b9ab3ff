"""The installed renderers, one per output format, found through the `builder.renderers` entry points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.plugins import RENDERERS_GROUP, PluginRegistry

if TYPE_CHECKING:  # the contract imports the composer: a build with nothing to do never needs it
    from builder.renderers import Renderer

    _Plugins = PluginRegistry[type[Renderer]]
else:
    _Plugins = PluginRegistry


class Registry(_Plugins):
    """The installed renderers: one per output format."""

    group = RENDERERS_GROUP
    kind = "format"
    kinds = "formats"
