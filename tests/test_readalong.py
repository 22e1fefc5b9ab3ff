"""The read-along e-book: open the book that was built, parse every SMIL and check it against the pages,
the decoded MP3 and the transcript, as a reading system and EPUBCheck would."""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from conftest import ROOT, SEED

from builder import Project, Registry, build
from builder.pipeline import BuildReport
from builder.renderers.epub.overlays import ACTIVE_CLASS, MarkedPage, clock
from builder.speech.engines.espeak import EspeakEngine
from builder.speech.timing import TimedCue

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "x": "http://www.w3.org/1999/xhtml",
    "smil": "http://www.w3.org/ns/SMIL",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
TEXTREF = "{http://www.idpf.org/2007/ops}textref"
RATE = 44100

ARTICLE = """\
---
title: Eating well with ALS
lang: en-US
summary: Simple ways to keep your weight up. Ask your team for help.
reviewed: 2024-05-02
glossary:
  Dietitian: A health worker who helps you plan what you eat.
references:
  - title: A study of eating and ALS
    year: 2021
    doi: 10.1000/eat
---

Eat small meals often. **Soft foods are easier. Drink** water too.

## Meals

Plan three meals a day.[^plan] Add a snack if you can.

![A plate with soft food](assets/plate.png)

1. Breakfast with eggs.
2. Lunch with soup.

- Keep snacks near.
- Ask for help with cooking.

## Drinks

| Drink | How often |
|---|---|
| Water | Every hour |
| Milk | Twice a day |

Thicken drinks if you cough when you swallow.

[^plan]: A dietitian can make a plan with you.
"""


@dataclass(frozen=True)
class Par:
    smil: str
    file: str
    target: str
    begin: float
    end: float
    group: str


@dataclass
class Book:
    path: Path
    names: list[str]
    opf: ET.Element
    folder: PurePosixPath
    zip: zipfile.ZipFile

    def read(self, href: str) -> bytes:
        return self.zip.read(str(self.folder / href))

    def xml(self, href: str) -> ET.Element:
        return ET.fromstring(self.read(href))

    def metas(self, prop: str) -> list[ET.Element]:
        return [m for m in self.opf.iterfind(".//opf:metadata/opf:meta", NS) if m.get("property") == prop]

    def items(self) -> dict[str, ET.Element]:
        return {i.get("id", ""): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}

    def overlays(self) -> dict[str, list[Par]]:
        """Every SMIL document's pars, in document order, by its manifest id."""
        found: dict[str, list[Par]] = {}
        for ident, item in self.items().items():
            if item.get("media-type") != "application/smil+xml":
                continue
            root = self.xml(item.get("href", ""))
            pars: list[Par] = []

            def walk(node: ET.Element, group: str, pars: list[Par] = pars, ident: str = ident) -> None:
                for child in node:
                    if child.tag == f"{{{NS['smil']}}}seq":
                        walk(child, child.get(EPUB_TYPE) or group)
                    elif child.tag == f"{{{NS['smil']}}}par":
                        text = child.find("smil:text", NS)
                        clip = child.find("smil:audio", NS)
                        assert text is not None and clip is not None
                        file, _, target = text.get("src", "").partition("#")
                        pars.append(
                            Par(
                                ident,
                                file,
                                target,
                                seconds(clip.get("clipBegin", "")),
                                seconds(clip.get("clipEnd", "")),
                                child.get(EPUB_TYPE) or group,
                            )
                        )

            body = root.find("smil:body", NS)
            assert body is not None
            walk(body, "")
            found[ident] = pars
        return found


def seconds(stamp: str) -> float:
    total = 0.0
    for part in stamp.removesuffix("s").split(":"):
        total = total * 60 + float(part)
    return total


def open_book(path: Path) -> Book:
    archive = zipfile.ZipFile(path)
    container = ET.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//container:rootfile", NS)
    assert rootfile is not None
    opf_path = PurePosixPath(rootfile.get("full-path", ""))
    return Book(
        path, archive.namelist(), ET.fromstring(archive.read(str(opf_path))), opf_path.parent, archive
    )


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    cues = []
    for start, end, words in re.findall(r"^(\S+) --> (\S+)\n(.+)$", text, flags=re.MULTILINE):
        cues.append((seconds(start), seconds(end), words))
    return cues


def decode(data: bytes) -> np.ndarray:
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype="<f4")


def make_project(root: Path, *, engine: str = "espeak") -> Project:
    from PIL import Image

    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "source").mkdir()
    settings = (ROOT / "source" / "handout.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"^speech_engine: .*$", f"speech_engine: {engine}", settings, flags=re.MULTILINE)
    (root / "source" / "handout.yaml").write_text(settings, encoding="utf-8")
    shutil.copy(SEED, root / "source" / SEED.name)
    (root / "source" / "eating-well.md").write_text(ARTICLE, encoding="utf-8")
    Image.new("RGB", (40, 30), "navy").save(root / "assets" / "plate.png")
    return Project.at(root)


def run_build(project: Project, formats: tuple[str, ...], **kwargs: object) -> BuildReport:
    return build(
        project.articles(),
        project=project,
        output_dir=project.root / "output",
        registry=Registry.discover(),
        formats=formats,
        **kwargs,  # type: ignore[arg-type]
    )


@dataclass
class Calls:
    texts: list[str]


@pytest.fixture(scope="module")
def calls() -> Calls:
    return Calls([])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, calls: Calls) -> Project:
    """The seed and a short article with every kind of block, in mp3, epub and readalong (eSpeak NG)."""
    project = make_project(tmp_path_factory.mktemp("readalong"))
    original = EspeakEngine.synthesize

    def counted(self: EspeakEngine, text: str) -> object:
        calls.texts.append(text)
        return original(self, text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EspeakEngine, "synthesize", counted)
        report = run_build(project, ("mp3", "epub", "readalong"))  # jobs=0: in this process, counted
    assert report.ok, [r.error for r in report.failed]
    return project


def books(project: Project) -> list[Path]:
    return sorted((project.root / "output").glob("*/*.readalong.epub"))


# --- every overlay against its pages, the audio and the transcript ------------------------------


def test_readalong_is_written_beside_the_other_formats(built: Project) -> None:
    found = books(built)
    assert [p.name for p in found] == ["eating-well.readalong.epub", f"{SEED.stem}.readalong.epub"]
    for path in found:
        assert (path.parent / path.name.replace(".readalong.epub", ".epub")).is_file()


def test_every_text_reference_resolves_in_reading_order(built: Project) -> None:
    for path in books(built):
        book = open_book(path)
        items = book.items()
        spine = [ref.get("idref") for ref in book.opf.iterfind(".//opf:spine/opf:itemref", NS)]
        overlays = book.overlays()
        assert overlays
        seen_files: list[str] = []
        for ident, pars in overlays.items():
            files = {p.file for p in pars}
            assert len(files) == 1, f"{ident} refers to {files}"
            (file,) = files
            page = next(i for i in items.values() if i.get("href") == file)
            assert page.get("media-overlay") == ident
            assert page.get("id") in spine
            seen_files.append(file)
            order = [e.get("id") for e in book.xml(file).iter() if e.get("id")]
            positions = []
            for par in pars:
                assert par.target in order, f"{file}#{par.target} is no element"
                positions.append(order.index(par.target))
            assert positions == sorted(positions), f"{file}: pars out of reading order"
        assert len(set(seen_files)) == len(seen_files)  # one overlay per page


def test_clips_ascend_inside_the_audio_and_match_the_transcript(built: Project) -> None:
    for path in books(built):
        book = open_book(path)
        audio_items = [i for i in book.items().values() if i.get("media-type") == "audio/mpeg"]
        assert len(audio_items) == 1
        audio_href = audio_items[0].get("href", "")
        data = book.read(audio_href)
        mp3 = path.parent / path.name.replace(".readalong.epub", ".mp3")
        assert data == mp3.read_bytes()  # the mp3 format's file, not a second synthesis
        samples = decode(data)
        length = len(samples) / RATE
        cues = vtt_cues(mp3.with_suffix(".vtt").read_text(encoding="utf-8"))
        starts = [c[0] for c in cues]
        pars = [p for ident in sorted_by_spine(book) for p in book.overlays()[ident]]
        begins = {round(p.begin, 3) for p in pars}
        left_out = [words for start, _, words in cues if round(start, 3) not in begins]
        # Only the review stamp and the source line: printed on the title page, said at the end.
        assert len(left_out) <= 2 and all(w.startswith(("Draft:", "Reviewed", "Source:")) for w in left_out)
        for par, following in itertools.pairwise(pars):
            assert par.end <= following.begin + 1e-9, "clips overlap or go back"
        onsets = []
        for par in pars:
            assert 0 <= par.begin < par.end <= length
            index = min(range(len(cues)), key=lambda i: abs(starts[i] - par.begin))
            start, end, _ = cues[index]
            assert abs(par.begin - start) <= 0.010
            assert par.end >= end - 0.010  # the whole sentence...
            if index + 1 < len(cues):
                assert par.end <= cues[index + 1][0] + 0.010  # ...and its pause, never the next one
            # In the decoded audio: silence just before the clip, the voice soon after it begins.
            window = samples[int((par.begin - 0.2) * RATE) : int((par.begin + 0.2) * RATE)]
            loud = np.flatnonzero(np.abs(window) > 0.001)
            assert len(loud), f"no voice at {par.begin}"
            onsets.append(loud[0] / RATE - 0.2)
        assert min(onsets) >= -0.010, "a clip starts after its sentence is already heard"
        assert abs(statistics.median(onsets)) <= 0.010, "clips are not where the decoded voice begins"


def sorted_by_spine(book: Book) -> list[str]:
    items = book.items()
    overlays = book.overlays()
    spine = [ref.get("idref", "") for ref in book.opf.iterfind(".//opf:spine/opf:itemref", NS)]
    return [items[i].get("media-overlay", "") for i in spine if items[i].get("media-overlay") in overlays]


def test_durations_narrator_active_class_and_accessibility(built: Project) -> None:
    for path in books(built):
        book = open_book(path)
        overlays = book.overlays()
        durations = {m.get("refines", ""): seconds(m.text or "") for m in book.metas("media:duration")}
        assert set(durations) == {"", *(f"#{i}" for i in overlays)}
        for ident, pars in overlays.items():
            assert durations[f"#{ident}"] == pytest.approx(sum(p.end - p.begin for p in pars), abs=0.002)
        assert durations[""] == pytest.approx(sum(v for k, v in durations.items() if k), abs=0.0005)
        (narrator,) = book.metas("media:narrator")
        assert narrator.text == "eSpeak NG voice en-us"
        (active,) = book.metas("media:active-class")
        assert active.text == ACTIVE_CLASS
        css = book.read("epub.css").decode("utf-8")
        assert re.search(rf"\.{re.escape(ACTIVE_CLASS)}\s*\{{[^}}]*background-color", css)
        pairs = {(m.get("property"), m.text) for m in book.opf.iterfind(".//opf:metadata/opf:meta", NS)}
        assert ("schema:accessMode", "auditory") in pairs
        assert ("schema:accessModeSufficient", "auditory") in pairs
        assert ("schema:accessibilityFeature", "synchronizedAudioText") in pairs
        (summary,) = [t for p, t in pairs if p == "schema:accessibilitySummary"]
        assert summary and "read aloud" in summary and "no sound" not in summary


def test_every_kind_of_block_has_its_place(built: Project) -> None:
    book = open_book(next(p for p in books(built) if p.name.startswith("eating-well")))
    overlays = book.overlays()
    pars = {p.target: p for pars in overlays.values() for p in pars}

    def element(file: str, ident: str) -> ET.Element:
        found = book.xml(file).find(f".//*[@id='{ident}']")
        assert found is not None
        return found

    def words(file: str, ident: str) -> str:
        return " ".join("".join(element(file, ident).itertext()).split())

    meals = [p for p in overlays["mo_c-meals"]]
    drinks = [p for p in overlays["mo_c-drinks"]]
    assert words("meals.xhtml", meals[0].target) == "Meals"  # the heading
    assert words("meals.xhtml", meals[1].target) == "Plan three meals a day."
    note = [p for p in meals if p.group == "footnote"]
    assert note and words("meals.xhtml", note[0].target) == "A dietitian can make a plan with you."
    picture = [p for p in meals if element("meals.xhtml", p.target).tag == f"{{{NS['x']}}}img"]
    assert len(picture) == 1
    items = [words("meals.xhtml", p.target) for p in meals]
    assert "Breakfast with eggs." in items and "Ask for help with cooking." in items
    rows = [p for p in drinks if p.group == "table"]
    assert [element("drinks.xhtml", p.target).tag for p in rows][-2:] == [f"{{{NS['x']}}}tr"] * 2
    assert [words("drinks.xhtml", p.target) for p in rows][-2:] == ["WaterEvery hour", "MilkTwice a day"]
    # A sentence that ends inside bold text is still one highlight of its own.
    opening = [words("book_title.xhtml", p.target) for p in overlays["mo_book_title"]]
    assert "Eat small meals often." in opening
    assert any(w.startswith("Soft foods are easier.") for w in opening)
    assert len(pars) == sum(len(v) for v in overlays.values())  # one element per sentence


def test_notes_follow_their_paragraph_in_the_readalong_book_only(built: Project) -> None:
    folder = built.root / "output" / "eating-well"
    readalong = open_book(folder / "eating-well.readalong.epub").read("meals.xhtml").decode("utf-8")
    plain = open_book(folder / "eating-well.epub").read("meals.xhtml").decode("utf-8")
    assert readalong.index("Add a snack") < readalong.index('id="note_1"') < readalong.index("Breakfast")
    assert plain.index('id="note_1"') > plain.index("Ask for help with cooking")
    assert "sentence_" not in plain and ACTIVE_CLASS not in open_book(folder / "eating-well.epub").read(
        "epub.css"
    ).decode("utf-8")


def test_the_audio_is_synthesised_once(built: Project, calls: Calls) -> None:
    from builder import load_article, load_settings
    from builder.renderers import RenderOptions
    from builder.speech.script import make_script

    expected: set[str] = set()
    for path in built.articles():
        article = load_article(path, project=built, settings=load_settings(built))
        options = RenderOptions.prepare(article.document, settings=article.settings, project=built)
        script = make_script(options.handout, lexicon=options.inputs.lexicon)
        expected |= {u.spoken for u in script.utterances}
    # Every sentence once, for the mp3 (the sentence cache has what both articles say); none for the book.
    # (The engine is given them with its own pronunciations, so they are counted, not compared.)
    assert len(calls.texts) == len(expected)
    assert len(set(calls.texts)) == len(calls.texts)


def test_same_inputs_give_the_same_bytes(built: Project, calls: Calls) -> None:
    before = {p: p.read_bytes() for p in books(built)}
    count = len(calls.texts)
    report = run_build(built, ("mp3", "readalong"), force=True)
    assert report.ok, [r.error for r in report.failed]
    assert {p: p.read_bytes() for p in books(built)} == before
    assert len(calls.texts) == count  # the sentence cache: nothing spoken again


def test_readalong_alone_says_to_build_the_audio(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    report = run_build(project, ("readalong",))
    assert not report.ok
    messages = [r.error for r in report.failed]
    assert messages and all("handout build -f mp3,readalong" in m for m in messages)
    assert all(m.startswith("source/") and "Traceback" not in m and str(tmp_path) not in m for m in messages)


def test_site_offers_the_readalong_book(built: Project) -> None:
    report = run_build(built, ("html", "mp3", "readalong", "site"))
    assert report.ok, [r.error for r in report.failed]
    page = (built.root / "output" / "eating-well" / "index.html").read_text(encoding="utf-8")
    assert 'href="eating-well.readalong.epub"' in page
    assert "Read and listen, on an e-reader" in page


# --- the marking itself, without audio ------------------------------------------------------------


def cue(text: str, kind: str = "sentence") -> TimedCue:
    return TimedCue(0.0, 1.0, text, "", "c", kind, 1)


def test_marking_wraps_sentences_across_inline_markup() -> None:
    page = MarkedPage("c.xhtml", "<p>One <em>two.</em> Three <a href='#x'>four. Five</a> six.</p>")
    for number, text in enumerate(["One two.", "Three four.", "Five six."], start=1):
        assert page.place(cue(text), begin=number, end=number + 1, number=number)
    body = page.marked_body()
    ET.fromstring(body)  # still well-formed
    assert body.startswith('<p><span id="sentence_1">One <em>two.</em></span>')
    assert [c.target for c in page.clips] == ["sentence_1", "sentence_2", "sentence_2"]


def test_marking_keeps_reading_order_and_ids() -> None:
    page = MarkedPage("c.xhtml", '<h1 id="top">Title</h1>\n<p>Later words.</p>')
    assert page.place(cue("Later words."), begin=1, end=2, number=1)
    assert not page.place(cue("Title"), begin=2, end=3, number=2)  # before the previous place: left out
    assert page.place(cue("A list of 2 items."), begin=3, end=4, number=3) is False
    assert clock(3_723_456) == "1:02:03.456"


# --- EPUBCheck and Ace ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_epubcheck_passes_the_readalong_books(built: Project, tmp_path: Path) -> None:
    from test_epub import epubcheck

    found = books(built)
    broken = tmp_path / "broken.readalong.epub"
    with zipfile.ZipFile(found[0]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".smil"):
                data = data.replace(b"#sentence_", b"#nothing_", 1)
            target.writestr(info, data)
    results = epubcheck([*found, broken], tmp_path)
    for path in found:
        problems, messages = results[path]
        assert problems == 0, f"{path.name}:\n{messages}"
    assert results[broken][0] > 0  # EPUBCheck does follow the overlays' references


@pytest.mark.slow
def test_seed_read_by_piper_passes_epubcheck(tmp_path: Path) -> None:
    from test_epub import epubcheck

    project = make_project(tmp_path, engine="piper")
    (project.source_dir / "eating-well.md").unlink()
    report = run_build(project, ("mp3", "readalong"))
    assert report.ok, [r.error for r in report.failed]
    (path,) = books(project)
    (narrator,) = open_book(path).metas("media:narrator")
    assert narrator.text == "Piper voice en_US-joe-medium"
    problems, messages = epubcheck([path], tmp_path)[path]
    assert problems == 0, messages


@pytest.mark.parametrize(
    ("identity", "named"),
    [
        ("piper 1.8.0 en_US-joe-medium length 1.1", "Piper voice en_US-joe-medium"),
        ("espeak-ng 1.51 es", "eSpeak NG voice es"),
        ("", ""),
    ],
)
def test_the_narrator_is_the_voice_that_spoke(identity: str, named: str) -> None:
    from builder.renderers.epub.readalong import narrator

    assert narrator(identity) == named
