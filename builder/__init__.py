"""Handout: one Markdown source per article, built into every accessible form a patient can use.

The root package is the API: load an article into a `Document`, or `build` a
set of articles with the installed renderers.
"""

from builder.config import Project, Settings, load_settings
from builder.document import Document
from builder.errors import HandoutError, RenderError, RendererUnavailable, SourceError, UsageError
from builder.pipeline import BuildReport, build, load_article
from builder.registry import Registry
from builder.renderers import Renderer, RenderOptions, RenderResult

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
