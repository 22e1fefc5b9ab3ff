"""Handout as a clinic gets it: a wheel installed into a fresh virtualenv, used in an empty folder.

The wheel is built from a copy of this repository and installed without the network;
the new virtualenv borrows the libraries already installed for the tests (through a
`.pth` file), but never this checkout: `builder` must come from the wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLUG = "getting-ready-for-your-visit"
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "output", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=1200, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built offline from a copy of this repository."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "handout"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(folder), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = folder.glob("handout-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A new virtualenv with the wheel in it, and the environment to run its commands in."""
    folder = tmp_path_factory.mktemp("venv")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    # The test virtualenv's libraries, without Handout itself (nor its editable-install hooks).
    libraries = folder / "libraries"
    libraries.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if entry.name == "builder" or entry.suffix == ".pth" or entry.name.startswith(("handout", "__editable__")):
            continue
        (libraries / entry.name).symlink_to(entry)
    (site / "test-libraries.pth").write_text(f"{libraries}\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-deps", str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
    }
    return venv, env


@pytest.mark.slow
def test_wheel_metadata_states_the_licences(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode("utf-8"))
        notice = archive.read(next(n for n in names if n.endswith("licenses/NOTICE"))).decode("utf-8")
    assert metadata["License-Expression"] == "MIT"
    assert sorted(metadata.get_all("License-File") or []) == ["LICENSE", "NOTICE"]
    assert re.search(r"ebooklib\s+AGPL-3\.0", notice) and re.search(r"piper-tts\s+GPL-3\.0", notice)
    for name in ("handout.css", "print.css", "epub.css", "lexicon.yaml"):
        assert f"builder/data/{name}" in names
    for name in ("article.md", "example.md", "handout.yaml", "assets-README.txt"):
        assert f"builder/templates/{name}" in names
    # Handout's own words in every language it has a catalogue for, and the template they come from.
    assert "builder/locale/handout.pot" in names
    for catalogue in ("es", "fr", "pt", "ru", "ar", "he", "hi", "zh_Hans", "zh_Hant", "vi", "ko", "ht", "tl"):
        assert f"builder/locale/{catalogue}/LC_MESSAGES/handout.po" in names


@pytest.mark.slow
def test_wheel_in_a_new_virtualenv_inits_and_builds_every_format_in_an_empty_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    where = _run(["python", "-c", "import builder; print(builder.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    assert not Path(where.stdout.strip()).is_relative_to(ROOT)

    init = _run(["handout", "init", "clinic"], cwd=tmp_path, env=env)
    assert init.returncode == 0, init.stderr
    clinic = tmp_path / "clinic"
    build = _run(["handout", "build"], cwd=clinic, env=env)
    assert build.returncode == 0, build.stderr
    warnings = [line for line in build.stderr.splitlines() if line.startswith(("warning", "error"))]
    assert len(warnings) == 1 and "no 'reviewed' date" in warnings[0], build.stderr
    script = _run(["handout", "build", "-f", "script"], cwd=clinic, env=env)
    assert script.returncode == 0, script.stderr

    out = clinic / "output" / SLUG
    magic = {
        ".pdf": b"%PDF-",
        ".docx": b"PK\x03\x04",
        ".epub": b"PK\x03\x04",
        ".mp3": b"ID3",
        ".html": b"<!DOCTYPE html>",
        ".txt": b"Getting ready for your clinic visit",
        ".script.txt": b"Speech script: Getting ready for your clinic visit",
    }
    for suffix, start in magic.items():
        data = (out / f"{SLUG}{suffix}").read_bytes()
        assert data.startswith(start), (suffix, data[:40])
    with zipfile.ZipFile(out / f"{SLUG}.epub") as book:
        assert book.read("mimetype") == b"application/epub+zip"
    html = (out / f"{SLUG}.html").read_text(encoding="utf-8")
    shipped = (ROOT / "builder" / "data" / "handout.css").read_text(encoding="utf-8")
    rule = next(line for line in shipped.splitlines() if line.strip().endswith("{"))
    assert rule in html  # the stylesheet shipped in the wheel
    assert "data:font/ttf;base64," in html  # Atkinson Hyperlegible, from its package
    assert {p.name for p in out.iterdir()} >= {f"{SLUG}{suffix}" for suffix in magic}


def test_notice_names_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8").lower()
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()
        assert re.search(rf"(^|\s){re.escape(name)}\s", notice), f"{name} is not in NOTICE"
    assert project["license"] == "MIT" and set(project["license-files"]) == {"LICENSE", "NOTICE"}
