"""Handout: one Markdown source per article, built into every accessible form a patient can use.

The root package is the API: load an article into a `Document`, or `build` a
set of articles with the installed renderers. Each name is imported when it is
first used, so `handout build` with nothing to do imports none of the renderers'
libraries (see `builder.quick`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from builder.config import Project, Settings, load_settings
    from builder.document import Document
    from builder.errors import HandoutError, RenderError, RendererUnavailable, SourceError, UsageError
    from builder.pipeline import BuildReport, build, load_article
    from builder.registry import Registry
    from builder.renderers import Renderer, RenderOptions, RenderResult

_WHERE = {
    "BuildReport": "builder.report",
    "Document": "builder.document",
    "HandoutError": "builder.errors",
    "Project": "builder.config",
    "Registry": "builder.registry",
    "RenderError": "builder.errors",
    "RenderOptions": "builder.renderers",
    "RenderResult": "builder.renderers",
    "Renderer": "builder.renderers",
    "RendererUnavailable": "builder.errors",
    "Settings": "builder.config",
    "SourceError": "builder.errors",
    "UsageError": "builder.errors",
    "build": "builder.pipeline",
    "load_article": "builder.pipeline",
    "load_settings": "builder.config",
}

__all__ = [
    "BuildReport",
    "Document",
    "HandoutError",
    "Project",
    "Registry",
    "RenderError",
    "RenderOptions",
    "RenderResult",
    "Renderer",
    "RendererUnavailable",
    "Settings",
    "SourceError",
    "UsageError",
    "build",
    "load_article",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'builder' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
