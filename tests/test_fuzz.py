"""Every article under the size limit builds, or fails with one clear line: never a traceback.

Hypothesis writes articles from the pieces Markdown and YAML are made of (emphasis,
links, lists, tables, footnotes, raw HTML, other scripts, control characters, odd
front matter) and runs them through the reader, the converter and every renderer.
The quick runs here take seconds; `bench/fuzz.py --minutes 10` runs the same
property for as long as asked and saves what it finds in `tests/fuzz-corpus/`,
whose files are then regression tests below.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import HandoutError, Project, Registry, load_article, load_settings
from builder.errors import Finding
from builder.inputs import BuiltFile
from builder.renderers import RenderOptions, after_of, uses_of

CORPUS: Final = Path(__file__).parent / "fuzz-corpus"

FAST_FORMATS: Final = ("html", "txt", "script", "docx", "epub")
ALL_FORMATS: Final = (*FAST_FORMATS, "pdf", "mp3", "readalong")

FRAGMENTS: Final = (
    "*", "**", "***", "_", "__", "~~", "~", "`", "``", "[", "]", "(", ")", "![", "](", "]: ",
    "<", ">", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "\\", "#", "# ", "## ", "###### ", "####### ",
    "- ", "* ", "+ ", "1. ", "2) ", "99999999999. ", "> ", "    ", "\t", "\n", "\n\n", "---", "***",
    "===", "|", "| a | b |\n|---|:-:|\n", "| --- |", ":-:", "[^1]", "[^1]: ", "[^x]", "[^1]:\n    ",
    "<br>", "<br/>", "<b>", "</b>", "<!--", "-->", "<script>alert(1)</script>", "<div>", "<img src=x>",
    "```", "```python\n", "~~~", "http://x.org", "<https://a.example/b>", "mailto:a@b.c", "tel:555",
    "javascript:alert(1)", "file:///etc/passwd", "../../x.png", "#what", "#fn-1", "a.png", "missing.png",
    '"decorative"', " \"t\"", "x.md", " ", "a", "word", "Word.", "ALS", "87%", "1/2", "337-44",
    "e.g.", "Dr.", "5 mg", "2024-03-12", "\u2014", "\u2013", "\u2026", "\u201c", "\u00e9", "\u00df",
    "\u0130", "\ufb01", "\u200b", "\u202e", "\u00ad", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u65e5\u672c\u8a9e", "\U0001f469\U0001f3fd\u200d\u2695\ufe0f", "\ufeff", "\r", "\r\n", "\x0c",
    "\x07", "\ufffe", "\U0010ffff",
)  # fmt: skip
"""Pieces of Markdown (and of what goes wrong in real files) that articles are made of."""

FRONT_MATTER_KEYS: Final = (
    "title", "lang", "summary", "topics", "date", "reviewed", "version", "authors", "references",
    "call_to_action", "glossary", "pronunciations", "also_called", "publisher", "source_url", "license",
    "author", "tags", "categories", "keywords", "description", "dir", "paper", "print_size", "formats",
    "logo", "base_url", "voice", "voices", "audio_sections", "extra_keys", "layout", "titel", "",
)  # fmt: skip

_SHORT_TEXT = st.text(max_size=12)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    _SHORT_TEXT,
    st.sampled_from(
        ["en-US", "es", "fr-CA", "he", "ar", "zh-Hant-TW", "xx", "2024-03-12", "2023-02-30", "A4", "large",
         "rtl", "https://clinic.example/", "assets/logo.png", "10.1001/x", "../secret", "piper", "espeak"]
    ),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(_SHORT_TEXT, st.sampled_from(["title", "doi", "year"])), inner, max_size=4),
    ),
    max_leaves=12,
)
_REFERENCE = st.fixed_dictionaries(
    {"title": _SHORT_TEXT},
    optional={"authors": st.lists(_SHORT_TEXT, max_size=3), "year": st.integers(1400, 3100),
              "doi": st.sampled_from(["10.1001/jamaneurol.2015.4321", "doi:x"]), "pages": _VALUES,
              "url": st.sampled_from(["https://x.org/a", "ftp://x"]), "journal": _SHORT_TEXT},
)  # fmt: skip


_WORDS = st.one_of(
    st.sampled_from(["ALS", "Breathing", "BiPAP", "Dr. Lee", "5 mg", "\u05e9\u05dc\u05d5\u05dd"]),
    st.text(min_size=1, max_size=10),
)
_PLAUSIBLE: Final = {
    "lang": st.sampled_from(["en-US", "en", "es", "fr-CA", "de", "he", "ar", "zh-Hant-TW", "ja"]),
    "summary": _WORDS,
    "description": _WORDS,
    "call_to_action": _WORDS,
    "publisher": _WORDS,
    "license": _WORDS,
    "topics": st.lists(_WORDS, max_size=3),
    "tags": st.one_of(_WORDS, st.lists(_WORDS, max_size=3)),
    "authors": st.lists(_WORDS, max_size=3),
    "author": _WORDS,
    "also_called": st.lists(_WORDS, max_size=2),
    "date": st.dates().map(str),
    "reviewed": st.one_of(st.dates().map(str), st.none()),
    "version": st.one_of(_WORDS, st.floats(0, 100)),
    "references": st.lists(_REFERENCE, max_size=2),
    "glossary": st.dictionaries(_WORDS, _WORDS, max_size=3),
    "pronunciations": st.dictionaries(_WORDS, _WORDS, max_size=3),
    "paper": st.sampled_from(["A4", "Letter"]),
    "print_size": st.sampled_from(["large", "extra-large"]),
    "dir": st.sampled_from(["ltr", "rtl", "auto"]),
    "source_url": st.sampled_from(["https://x.org/a", "http://127.0.0.1:9/"]),
    "audio_sections": st.booleans(),
    "base_url": st.sampled_from(["https://clinic.example/handouts/", "http://x.org"]),
    "formats": st.lists(st.sampled_from(["pdf", "html", "txt"]), min_size=1, max_size=2),
    "voice": st.sampled_from(["", "en-us"]),
    "voices": st.dictionaries(st.sampled_from(["en", "es"]), st.sampled_from(["en-us", "es"]), max_size=1),
    "title": _WORDS,
}


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """YAML front matter: mostly well-formed and plausible, sometimes not at all."""
    if draw(st.integers(0, 29)) == 0:
        return draw(st.text(max_size=40))  # anything at all between the fences
    data: dict[str, Any] = {}
    if draw(st.integers(0, 29)) > 0:
        data["title"] = draw(
            st.one_of(st.sampled_from(["Living with ALS", "A"]), st.text(min_size=1, max_size=30))
        )
    for key in draw(st.lists(st.sampled_from(FRONT_MATTER_KEYS), max_size=6, unique=True)):
        plausible = _PLAUSIBLE.get(key)
        if plausible is not None and draw(st.integers(0, 19)) > 0:
            data[key] = draw(plausible)
        elif key in ("glossary", "pronunciations"):
            data[key] = draw(st.dictionaries(_SHORT_TEXT, st.one_of(_SHORT_TEXT, _VALUES), max_size=3))
        else:
            data[key] = draw(_VALUES)
    try:
        return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    except yaml.YAMLError:
        return "title: A\n"


@st.composite
def markdown(draw: st.DrawFn) -> str:
    pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
    body = "".join(draw(st.lists(pieces, min_size=1, max_size=60)))
    if draw(st.integers(0, 19)) == 0:  # something deep: repeated openers, with or without closers
        unit = draw(
            st.sampled_from(
                ["*a **a ", "**a *a ", "~~a ", "_a ", "[", "![", "> ", "- ", "1. ", "<b>", "[^1]"]
            )
        )
        count = draw(st.integers(50, 1500))
        closers = {"*a **a ": "a** a* ", "~~a ": "a~~ ", "_a ": " a_", "[": "](x)", "![": "](a.png)"}
        body += unit * count + (closers.get(unit, "") * count if draw(st.booleans()) else "")
    return body


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    """The bytes of a source file."""
    text = f"---\n{draw(front_matter())}---\n{draw(markdown())}\n"
    if draw(st.integers(0, 29)) == 0:
        text = draw(st.sampled_from(["", "---\n", "no front matter\n", text.replace("---\n", "", 1)]))
    encoding = draw(st.sampled_from(["utf-8"] * 37 + ["utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 39)) == 0:  # a byte that is not UTF-8, somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\xe9", b"\x00"])) + data[at:]
    return data


# --- the property -----------------------------------------------------------------------------

_NOT_FOR_CLINIC_STAFF: Final = re.compile(
    r"Traceback|handout://|please report|object at 0x|<class |<builder\.|\w+Error\(|\bNone\b|"
    r"/tmp/|/home/|/root/|site-packages"
)


def unclear(message: str, root: Path) -> str | None:
    """Why `message` is not one clear line for clinic staff, or None if it is."""
    if "\n" in message or "\r" in message:
        return "more than one line"
    if str(root) in message or str(root.resolve()) in message:
        return "an absolute path"
    found = _NOT_FOR_CLINIC_STAFF.search(message)
    return f"contains {found.group(0)!r}" if found else None


@dataclass
class Outcome:
    """What one article did: per format 'built' or the error line; the warnings."""

    errors: dict[str, str] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def build_every_format(data: bytes, *, formats: Iterable[str], root: Path) -> Outcome:
    """Load `data` as source/article.md in a project at `root` and render it in each format.

    HandoutError is the one way to fail; anything else propagates, as a bug.
    """
    (root / "source").mkdir(parents=True, exist_ok=True)
    path = root / "source" / "article.md"
    path.write_bytes(data)
    project = Project.at(root)
    outcome = Outcome()
    try:
        # eSpeak NG: the audio renderer's whole path, at a speed a fuzz run can afford.
        article = load_article(
            path, project=project, settings=load_settings(project), overrides={"speech_engine": "espeak"}
        )
    except HandoutError as error:
        outcome.errors["load"] = str(error)
        return outcome
    outcome.findings.extend(article.findings)
    registry = Registry.discover()
    built: list[BuiltFile] = []  # what each format wrote, for the formats that follow it (readalong: mp3)
    for name in formats:
        out_dir = root / "out" / name
        out_dir.mkdir(parents=True)
        renderer = registry.load(name)
        options = RenderOptions.prepare(
            article.document, settings=article.settings, project=project, uses=uses_of(renderer)
        )
        follows = [f for f in built if f.format in after_of(renderer)]
        if follows:
            inputs = dataclasses.replace(options.inputs, built=tuple(follows))
            options = dataclasses.replace(options, inputs=inputs)
        try:
            result = renderer().render(article.document, options=options, out_dir=out_dir)
        except HandoutError as error:
            outcome.errors[name] = str(error)
            continue
        assert result.files, f"{name} wrote nothing and said nothing"
        assert all(p.is_file() and p.is_relative_to(out_dir) for p in result.files)
        outcome.findings.extend(result.findings)
        outcome.built.append(name)
        for path in result.files:
            text = path.read_text(encoding="utf-8") if path.suffix == ".vtt" else ""
            data = path.read_bytes() if path.suffix == ".mp3" else b""
            built.append(BuiltFile(name, path.name, path.stat().st_size, text, data))
    return outcome


def check_article(data: bytes, *, formats: Iterable[str] = FAST_FORMATS) -> Outcome:
    """The property: the article builds in each format or fails with one clear line."""
    with tempfile.TemporaryDirectory(prefix="handout-fuzz-") as folder:
        root = Path(folder)
        outcome = build_every_format(data, formats=formats, root=root)
        for where, message in outcome.errors.items():
            problem = unclear(message, root)
            assert problem is None, f"{where} error: {problem}: {message}"
        for finding in outcome.findings:
            problem = unclear(str(finding), root)
            assert problem is None, f"warning: {problem}: {finding}"
    return outcome


_QUICK = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_QUICK
@given(articles())
def test_fuzz_reader_and_converter(data: bytes) -> None:
    check_article(data, formats=())


@pytest.mark.slow
@settings(_QUICK, max_examples=25)
@given(articles())
def test_fuzz_every_renderer(data: bytes) -> None:
    check_article(data, formats=ALL_FORMATS)


# --- what fuzzing found ----------------------------------------------------------------------


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem)
def test_fuzz_corpus_builds_or_fails_clearly_in_the_fast_formats(path: Path) -> None:
    check_article(path.read_bytes(), formats=FAST_FORMATS)


@pytest.mark.slow
@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem)
def test_fuzz_corpus_builds_or_fails_clearly_in_print_and_audio(path: Path) -> None:
    check_article(path.read_bytes(), formats=("pdf", "mp3"))


def test_fuzz_corpus_is_not_empty() -> None:
    assert len(_corpus()) >= 3
