"""The listening library in a real browser: Debian's Chromium, driven by Python playwright.

One build (the seed and a short Spanish article, the audio by eSpeak NG, which is fast) is opened
from file:// and from a server on 127.0.0.1 that the tests start. The chapter links, the read-along,
the speeds, resuming and the index's filters are operated as a patient would, by keyboard too;
axe-core (every rule, 0 violations) and the Nu HTML checker (0 errors) check every page; and the
pages are photographed at 360 px and 1280 px wide. Any request to another host fails the test.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright import sync_api as playwright_api
from RangeHTTPServer import RangeRequestHandler

from builder import Project, Registry, build

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "mesenchymal-stem-cells-als.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = Path(__file__).parent / "browser" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEED_SLUG = SEED.stem
ARABIC = ROOT / "tests" / "languages" / "ar-diabetes.md"  # right to left, with a Latin drug name
RTL_SLUG = ARABIC.stem

SPANISH = """---
title: Cómo descansar mejor
lang: es
summary: Ideas sencillas para dormir y descansar durante el día.
topics: [Sueño, Cuidados]
reviewed: 2025-06-01
---

## Antes de dormir

Apague las pantallas una hora antes. Tome una bebida tibia sin cafeína.

## Durante el día

Descanse un rato después de comer. Pida ayuda a su familia cuando la necesite.
"""


ENGLISH = """---
title: Eating well with ALS
topics: [ALS, Food]
---

## Small meals

Eat small meals often. Soft food is easier to swallow.
"""


@dataclass(frozen=True)
class Site:
    output: Path
    http: str
    shots: Path

    def file_url(self, relative: str) -> str:
        return (self.output / relative).as_uri()

    def urls(self, relative: str) -> list[str]:
        return [self.file_url(relative), f"{self.http}/{relative}"]


class _Quiet(RangeRequestHandler):  # type: ignore[misc]
    """Serves output/ with byte ranges, as every web server does: a browser seeks in audio with them."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The seed, a Spanish and an Arabic article built in their settings' formats (html, mp3, txt: so
    the site too)."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "source").mkdir()
    settings = (ROOT / "source" / "handout.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^formats:.*$", "formats: [html, mp3, txt]", settings)
    settings = re.sub(r"(?m)^speech_engine:.*$", "speech_engine: espeak", settings)
    settings += "base_url: https://clinic.example/handouts/\n"
    (root / "source" / "handout.yaml").write_text(settings, encoding="utf-8")
    shutil.copy(SEED, root / "source" / SEED.name)
    (root / "source" / "descanso.md").write_text(SPANISH, encoding="utf-8")
    (root / "source" / "eating.md").write_text(ENGLISH, encoding="utf-8")
    shutil.copy(ARABIC, root / "source" / ARABIC.name)
    project = Project.at(root)
    report = build(
        project.articles(), project=project, output_dir=root / "output", registry=Registry.discover()
    )
    assert report.ok, [r.error for r in report.failed]
    assert {r.format for r in report.results if r.format} == {"html", "mp3", "txt", "site"}
    handler = functools.partial(_Quiet, directory=str(root / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    shots = root / "screenshots"
    shots.mkdir()
    try:
        yield Site(root / "output", f"http://127.0.0.1:{server.server_address[1]}", shots)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open a URL in a new context (its own storage), failing on any request to another host."""
    contexts: list[Any] = []
    elsewhere: list[str] = []
    errors: list[str] = []

    def opener(url: str, *, width: int = 1280, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript, reduced_motion="reduce"
        )
        contexts.append(context)

        def route(request: Any) -> None:
            if re.match(r"(file:|data:|http://127\.0\.0\.1:)", request.request.url):
                request.continue_()
            else:
                elsewhere.append(request.request.url)
                request.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert elsewhere == [], "the pages asked another host for something"
    assert errors == [], "the script failed"


def cues_of(page: Any) -> list[dict[str, Any]]:
    return json.loads(page.locator("#cues").text_content())


def wait_for_audio(page: Any) -> None:
    page.wait_for_function("document.querySelector('audio').readyState >= 1")


def seek(page: Any, seconds: float) -> None:
    page.evaluate(
        """t => new Promise(done => {
            const audio = document.querySelector('audio');
            audio.addEventListener('seeked', () => setTimeout(done, 50), {once: true});
            audio.currentTime = t;
        })""",
        seconds,
    )


def audio_state(page: Any) -> dict[str, Any]:
    return page.evaluate(
        "() => { const a = document.querySelector('audio');"
        " return {time: a.currentTime, rate: a.playbackRate, paused: a.paused}; }"
    )


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("where", ["file", "http"])
def test_site_chapter_links_play_their_section(site: Site, open_page: Any, where: str) -> None:
    url = dict(zip(("file", "http"), site.urls(f"{SEED_SLUG}/index.html"), strict=True))[where]
    page = open_page(url)
    wait_for_audio(page)
    links = page.locator("a.chapter")
    assert links.count() >= 4
    starts = [float(s) for s in links.evaluate_all("links => links.map(a => a.dataset.start)")]
    assert starts == sorted(starts) and starts[0] > 0
    for number in (links.count() - 1, 1):
        links.nth(number).click()
        page.evaluate("document.querySelector('audio').pause()")
        state = audio_state(page)
        assert starts[number] <= state["time"] < starts[number] + 1.0
        # The chapter's heading is the sentence being read, and the chapter is marked as current.
        heading = page.locator(links.nth(number).get_attribute("href"))
        assert "speaking" in heading.get_attribute("class")
        assert links.nth(number).get_attribute("aria-current") == "true"


@pytest.mark.parametrize(("slug", "sentences"), [(SEED_SLUG, 25), (RTL_SLUG, 8)])
def test_site_highlights_every_sentence_as_it_is_spoken(
    site: Site, open_page: Any, slug: str, sentences: int
) -> None:
    page = open_page(site.file_url(f"{slug}/index.html"), width=360)
    wait_for_audio(page)
    cues = cues_of(page)
    placed = [cue for cue in cues if cue["target"]]
    assert len(placed) > sentences
    for cue in placed:
        seek(page, cue["start"] + 0.05)
        shown = page.evaluate(
            """target => {
                const h = CSS.highlights.get('readalong');
                const range = h && [...h][0];
                const speaking = document.querySelectorAll('.speaking');
                const box = (range || speaking[0]).getBoundingClientRect();
                return {text: range ? range.toString() : '', top: box.top, bottom: box.bottom,
                        height: innerHeight, elements: speaking.length,
                        marked: speaking.length === 1 && speaking[0] === document.querySelector(target)};
            }""",
            cue["target"],
        )
        if cue.get("whole"):
            # A table row ("Time: before breakfast; Level: 80 to 130") or the voice's own words (the
            # "First" of a numbered item that starts with a quote): that element is marked, no words are.
            assert shown["text"] == "" and shown["marked"], cue
        else:
            assert words(shown["text"]) == cue["text"]
            assert shown["elements"] == 1
        # Kept in view: the sentence itself is on the screen (or fills it).
        assert (shown["top"] >= 0 and shown["bottom"] <= shown["height"]) or shown["bottom"] - shown[
            "top"
        ] > shown["height"]
    if slug == RTL_SLUG:  # its list, numbered list and table
        assert {cue["target"] for cue in placed if cue.get("whole")} >= {
            '[data-line="25"] tbody tr:nth-of-type(1)',
            '[data-line="25"] tbody tr:nth-of-type(2)',
        }


def test_site_is_operated_by_keyboard_alone(site: Site, open_page: Any) -> None:
    page = open_page(f"{site.http}/{SEED_SLUG}/index.html")
    wait_for_audio(page)
    seen: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.tagName.toLowerCase() + ':' + (e.dataset.rate || e.getAttribute('href') || ''); }"
            )
        )
    assert "audio:" in seen
    assert [s for s in seen if s.startswith("button:")][:4] == [
        "button:0.75",
        "button:1.0",
        "button:1.25",
        "button:1.5",
    ]
    chapters = page.locator("a.chapter").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(f"a:{href}" in seen for href in chapters)
    assert all(f"a:{SEED_SLUG}.{suffix}" in seen for suffix in ("mp3", "txt"))

    def tab_to(target: str) -> None:
        page.reload()  # the same start as the walk above
        wait_for_audio(page)
        for _ in range(seen.index(target) + 1):
            page.keyboard.press("Tab")

    tab_to("button:1.5")
    page.keyboard.press("Space")
    assert audio_state(page)["rate"] == 1.5
    assert page.locator('button[data-rate="1.5"]').get_attribute("aria-pressed") == "true"
    assert page.locator('button[data-rate="1.0"]').get_attribute("aria-pressed") == "false"
    tab_to(f"a:{chapters[2]}")
    page.keyboard.press("Enter")
    page.evaluate("document.querySelector('audio').pause()")
    start = float(page.locator("a.chapter").nth(2).get_attribute("data-start"))
    assert start <= audio_state(page)["time"] < start + 1.0


def test_site_resumes_where_the_patient_stopped(site: Site, browser: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{site.http}/{SEED_SLUG}/index.html")
        wait_for_audio(page)
        seek(page, 42.0)
        page.reload()
        wait_for_audio(page)
        page.wait_for_function("document.querySelector('audio').currentTime > 0")
        assert audio_state(page)["time"] == pytest.approx(42.0, abs=0.1)
    finally:
        context.close()


def test_site_library_filters_and_searches_without_a_server(site: Site, open_page: Any) -> None:
    page = open_page(site.file_url("index.html"), width=360)
    entries = page.locator(".entry")
    assert entries.count() == 4
    visible = "els => els.filter(e => !e.hidden).map(e => e.querySelector('a').textContent)"
    page.fill("#search", "como DESCANSAR")  # neither accents nor capitals matter
    assert entries.evaluate_all(visible) == ["Cómo descansar mejor"]
    page.fill("#search", "stem cells")
    assert entries.evaluate_all(visible) == ["Mesenchymal Stem Cells in the Treatment of ALS"]
    assert words(page.locator(".count").text_content()) == "1 of 4 handouts shown"
    page.fill("#search", "")
    page.select_option("#language", "es")
    assert entries.evaluate_all(visible) == ["Cómo descansar mejor"]
    page.select_option("#language", "")
    page.select_option("#topic", "ALS")
    assert entries.evaluate_all(visible) == [
        "Eating well with ALS",
        "Mesenchymal Stem Cells in the Treatment of ALS",
    ]
    page.locator(".entry:not([hidden]) a").first.click()
    assert page.url.endswith("/eating/index.html")


def test_site_library_is_a_plain_list_without_javascript(site: Site, open_page: Any) -> None:
    page = open_page(f"{site.http}/index.html", javascript=False)
    assert page.locator("form.filters").is_hidden()
    assert page.locator(".entry").evaluate_all("els => els.filter(e => e.offsetHeight > 0).length") == 4
    article = open_page(f"{site.http}/{SEED_SLUG}/index.html", javascript=False)
    assert article.locator(".speeds").is_hidden()  # speeds need the script; the audio's own controls remain
    assert article.locator("audio[controls]").is_visible()


PAGES = ("index.html", f"{SEED_SLUG}/index.html", "descanso/index.html", f"{RTL_SLUG}/index.html")


@pytest.mark.parametrize("relative", PAGES)
def test_site_pages_pass_axe_core(site: Site, open_page: Any, relative: str) -> None:
    for width in (360, 1280):
        page = open_page(site.file_url(relative), width=width)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}`)"
        )
        assert violations == [], f"{relative} at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "no sideways scrolling"
        path = site.shots / f"{relative.replace('/', '-')}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        with Image.open(path) as shot:
            assert shot.width == width and shot.height > 900


def test_site_pages_pass_the_nu_html_checker(site: Site) -> None:
    java = shutil.which("java")
    assert java, "default-jdk-headless is in the Makefile's APT_PACKAGES"
    pages = [str(site.output / relative) for relative in PAGES]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []
    assert result.returncode == 0


def test_site_pages_speak_the_article_language(site: Site, open_page: Any) -> None:
    page = open_page(site.file_url("descanso/index.html"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#player-heading").text_content() == "Escuchar"
    assert page.locator("#downloads-heading").text_content() == "Lléveselo"
    assert page.locator(".nav-home, nav.home a").first.text_content() == "Todos los folletos"
    labels = page.locator(".speeds button").all_text_contents()
    assert labels == ["0,75×", "1×", "1,25×", "1,5×"]


@pytest.mark.parametrize("width", [360, 1280])
def test_site_right_to_left_page_reads_from_the_right(site: Site, open_page: Any, width: int) -> None:
    """An Arabic page as the browser lays it out: every line starts at the right, lists are indented
    from the right, the player's controls run right to left, and the Latin drug name keeps its order."""
    page = open_page(site.file_url(f"{RTL_SLUG}/index.html"), width=width)
    assert page.locator("html").get_attribute("dir") == "rtl"
    blocks = page.evaluate(
        """() => [...document.querySelectorAll('main h1, main h2, main p, main li, main td')].map(e => {
            const range = document.createRange();
            range.selectNodeContents(e);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            const top = Math.min(...rects.map(r => r.top));
            const line = rects.filter(r => r.top < top + 4);  // the first line, in its bidi runs
            const box = e.getBoundingClientRect(), style = getComputedStyle(e);
            const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
            return {text: e.textContent.trim().slice(0, 30), direction: style.direction,
                    gap: line.length ? right - Math.max(...line.map(r => r.right)) : 0, tag: e.tagName};
        })"""
    )
    assert len(blocks) > 10
    for block in blocks:
        assert block["direction"] == "rtl", block
        # The first line of text starts at the block's right edge (cells by their own alignment).
        assert block["gap"] < 2 or (block["tag"] == "TD" and block["gap"] >= 0), block
    lists = page.evaluate(
        """() => [...document.querySelectorAll('main li[data-line]')].map(li => {
            const list = li.parentElement.getBoundingClientRect(), item = li.getBoundingClientRect();
            return {right: list.right - item.right, left: item.left - list.left};
        })"""
    )
    assert lists and all(item["right"] > 10 and item["left"] < 2 for item in lists)  # markers on the right
    speeds = page.locator(".speeds button").evaluate_all(
        "bs => bs.map(b => { const r = b.getBoundingClientRect(); return [Math.round(r.top), -r.right]; })"
    )
    assert len(speeds) == 4 and speeds == sorted(speeds)  # 0.75 first, at the right; rows top down
    latin = page.locator("main bdi", has_text="Metformin")
    assert latin.count() >= 1 and latin.first.get_attribute("dir") in ("ltr", None)
    page.screenshot(path=str(site.shots / f"{RTL_SLUG}-rtl-{width}.png"), full_page=True)
