"""A throw-away copy of this repository's project for the benchmarks to build in."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "mesenchymal-stem-cells-als.md"


def copy_project(folder: Path, articles: Iterable[Path] = (SEED,), *, extra_keys: str = "") -> Path:
    """`folder` with this repository's assets and settings, and `articles` in its source/."""
    shutil.copytree(ROOT / "assets", folder / "assets")
    (folder / "source").mkdir()
    settings = (ROOT / "source" / "handout.yaml").read_text(encoding="utf-8")
    if extra_keys:
        settings += f"extra_keys: {extra_keys}\n"
    (folder / "source" / "handout.yaml").write_text(settings, encoding="utf-8")
    for article in articles:
        shutil.copy(article, folder / "source" / article.name)
    return folder
