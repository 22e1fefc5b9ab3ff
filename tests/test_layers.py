"""The shape of the house: data flows one way, source -> document -> composition -> renderers -> files.

Each module belongs to a layer and may import only from its own layer or lower ones, so a newcomer can
read the package bottom-up and a renderer can never reach back into the pipeline that runs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

BUILDER = Path(__file__).resolve().parents[1] / "builder"

LAYERS: list[tuple[str, ...]] = [
    ("builder.errors", "builder.document", "builder.archive", "builder.fonts", "builder.plugins", "builder.report"),
    (
        "builder.source",
        "builder.schema",
        "builder.config",
        "builder.labels",
        "builder.resources",
        "builder.coverage",
        "builder.direction",
    ),
    ("builder.convert", "builder.manifest", "builder.speech.lexicon", "builder.speech.normalize", "builder.quick"),
    (
        "builder.compose",
        "builder.cover",
        "builder.speech.engines",
        "builder.speech.transcript",
        "builder.checks",
    ),
    ("builder.inputs",),
    ("builder.renderers",),  # RenderOptions, the contract
    ("builder.speech",),  # the speech script, recording, levels, tags
    ("builder.renderers.",),  # the formats
    ("builder.registry", "builder.tasks", "builder.workers", "builder.cluster", "builder.pipeline"),
    ("builder.cli", "builder.display", "builder.__main__", "builder", "builder.check_report"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(BUILDER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The layer of a module: the most specific prefix that names it."""
    best, length = -1, -1
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            hit = module == prefix or (module.startswith(prefix) and prefix.endswith("."))
            hit = hit or (not prefix.endswith(".") and module.startswith(prefix + "."))
            if hit and len(prefix) > length:
                best, length = number, len(prefix)
    assert best >= 0, f"{module} is in no layer: add it to LAYERS"
    return best


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "builder":  # from builder import document
            found.update(f"builder.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("builder."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("builder"))
    return found


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = []
    for path in sorted(BUILDER.rglob("*.py")):
        module = module_name(path)
        for imported in imports_of(path):
            if layer_of(imported) > layer_of(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_layers_rank_the_flow() -> None:
    ranks = [
        layer_of(m)
        for m in (
            "builder.document",
            "builder.config",
            "builder.compose",
            "builder.inputs",
            "builder.renderers",
            "builder.speech.script",
            "builder.renderers.pdf",
            "builder.pipeline",
            "builder.cli",
        )
    ]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
