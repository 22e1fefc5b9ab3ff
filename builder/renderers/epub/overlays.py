"""EPUB 3 media overlays: each spoken sentence found in the book's pages, and the SMIL that plays it.

The transcript's cues (one per spoken sentence, with its exact start and end in
the MP3, tied to its utterance by `builder.speech.timing`) are placed in the
pages in reading order: each cue's words are looked for after the previous
cue's, in the page its chapter is in, and wrapped in a `<span>` with an id
(`sentence_<n>`); a sentence that is not printed as it is said (a table row said
with its column headings, a picture said by its description) points at its
element (the row, the picture) instead. A cue
whose place would come before the previous one in the page (the review stamp,
printed on the title page and said at the end) is left out of the overlay: the
text stays in reading order, which EPUBCheck and reading systems expect.

One SMIL document per page that has something said: a `<par>` per sentence
(its text and its clip), table rows in a `<seq epub:type="table">` and notes in
a `<seq epub:type="footnote">`, which reading systems let the reader escape or
skip.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from builder.speech.timing import TimedCue

SMIL_MEDIA_TYPE: Final = "application/smil+xml"
ACTIVE_CLASS: Final = "-epub-media-overlay-active"
"""The class a reading system puts on the sentence being read (`media:active-class`)."""

_TOKEN: Final = re.compile(r"<[^>]*>|[^<]+")
_CHAR: Final = re.compile(r"&#?[A-Za-z0-9]+;|.", re.DOTALL)
_NAME: Final = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_ID: Final = re.compile(r'\sid="([^"]*)"')


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split(" "))


PHRASING: Final = _names("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp") | _names(
    "small span strong sub sup time u var"
)
"""Elements a sentence's `<span>` may contain."""
TEXT_BLOCKS: Final = _names("p li dt dd h1 h2 h3 h4 h5 h6 td th figcaption blockquote pre aside")
HOLDS_PHRASING: Final = PHRASING | TEXT_BLOCKS | _names("section caption")
"""Elements a `<span>` may be put in."""
BLOCKS: Final = TEXT_BLOCKS | _names("tr figure table ul ol dl")
"""Elements a sentence that is not printed as it is said may point at."""
MAX_PREFIX_WORDS: Final = 3
"""Words said before the printed ones ('Note:', 'Picture:', 'First,'): looked for without them."""


@dataclass(frozen=True, slots=True)
class Element:
    name: str
    open_start: int
    open_end: int
    close_start: int
    close_end: int
    parent: int
    """Index of the enclosing element, -1 at the top of the page."""


@dataclass(frozen=True, slots=True)
class Clip:
    """One `<par>`: the element it highlights, its span of the audio in milliseconds, its group."""

    target: str
    begin: int
    end: int
    group: tuple[str, str] | None = None
    """('table', id) or ('footnote', id): the escapable or skippable structure it is in."""


@dataclass
class MarkedPage:
    """One page's body with the sentences it holds marked, and its clips in reading order."""

    file_name: str
    body: str
    clips: list[Clip] = field(default_factory=list)
    left_out: int = 0
    """Cues of this page not in its overlay (their place would break the reading order)."""
    _edits: list[tuple[int, int, str]] = field(default_factory=list)
    _ids: dict[int, str] = field(default_factory=dict)
    _cursor: int = 0
    """Index into the page's letters after which the next sentence is looked for."""
    _after: int = 0
    """Where in the body the previous sentence's place ended (or its element's opening tag)."""
    _last_start: int = -1
    _last_end: int = -1
    _last_target: str = ""

    def __post_init__(self) -> None:
        self.elements: list[Element] = []
        letters: list[str] = []
        where: list[tuple[int, int]] = []
        stack: list[tuple[str, int, int, int]] = []
        opened: list[tuple[str, int, int, int]] = []
        for token in _TOKEN.finditer(self.body):
            text = token.group(0)
            if text.startswith("<"):
                if text.startswith(("<!", "<?")):
                    continue
                match = _NAME.match(text)
                if match is None:
                    continue
                name = match.group(1).lower()
                if text.startswith("</"):
                    while stack:
                        top = stack.pop()
                        self._close(top, token.start(), token.end())
                        if top[0] == name:
                            break
                elif text.endswith("/>"):
                    parent = stack[-1][3] if stack else -1
                    self.elements.append(
                        Element(name, token.start(), token.end(), token.end(), token.end(), parent)
                    )
                else:
                    parent = stack[-1][3] if stack else -1
                    index = len(self.elements)
                    self.elements.append(Element(name, token.start(), token.end(), -1, -1, parent))
                    stack.append((name, token.start(), token.end(), index))
                    opened.append(stack[-1])
                continue
            for char in _CHAR.finditer(text):
                shown = html.unescape(char.group(0))
                for letter in shown.casefold():
                    if letter.isalnum():
                        letters.append(letter)
                        where.append((token.start() + char.start(), token.start() + char.end()))
        while stack:
            self._close(stack.pop(), len(self.body), len(self.body))
        self.letters = "".join(letters)
        self.where = where
        self.starts = [start for start, _ in where]

    def _close(self, top: tuple[str, int, int, int], start: int, end: int) -> None:
        name, open_start, open_end, index = top
        parent = self.elements[index].parent
        self.elements[index] = Element(name, open_start, open_end, start, end, parent)

    # --- finding a sentence --------------------------------------------------------------

    def place(self, cue: TimedCue, *, begin: int, end: int, number: int) -> bool:
        """Mark where `cue` is on this page and add its clip; False if it has no place here (in order)."""
        cursor, after = self._cursor, self._after
        found = self._find_words(cue)
        target: str | None = None
        if found is not None and found[0] >= self._last_start:
            start, stop = found
            position = start
            target = self._mark_range(start, stop, number)
        elif found is None and (element := self._find_element(cue)) is not None:
            position = self.elements[element].open_start
            target = self._mark(element, f"sentence_{number}")
        if target is None:
            self._cursor, self._after = cursor, after
            return False
        self._last_start = max(self._last_start, position)
        self.clips.append(Clip(target, begin, end, self._group(position)))
        return True

    def _find_words(self, cue: TimedCue) -> tuple[int, int] | None:
        """The source span of the cue's printed words after the cursor, with up to three words said before."""
        if cue.kind == "table-row":
            return None  # said with its column headings: the row is its place
        words = cue.text.split()
        for drop in range(min(MAX_PREFIX_WORDS, len(words) - 1) + 1):
            key = "".join(ch for ch in " ".join(words[drop:]).casefold() if ch.isalnum())
            if len(key) < (1 if drop == 0 else 4):
                continue
            at = self.letters.find(key, self._cursor)
            if at >= 0:
                self._cursor = at + len(key)
                self._after = self._punctuation_after(self.where[at + len(key) - 1][1])
                return self.where[at][0], self._after
        return None

    def _punctuation_after(self, position: int) -> int:
        """The end of the sentence's last word with the punctuation right after it ('.', '?', '")')."""
        body = self.body
        while position < len(body) and body[position] not in " \t\n<" and not body[position].isalnum():
            if body[position] == "&":
                end = body.find(";", position)
                if end < 0 or html.unescape(body[position : end + 1]).isalnum():
                    break
                position = end + 1
            else:
                position += 1
        return position

    def _find_element(self, cue: TimedCue) -> int | None:
        """The element a sentence not printed as it is said points at: the next row, picture or block."""
        after = max(self._after, self._last_start + 1)
        wanted = {"table-row": ("tr",), "image": ("img",)}.get(cue.kind, tuple(BLOCKS))
        for index, element in enumerate(self.elements):
            if element.open_start < after or element.name not in wanted:
                continue
            if element.name == "tr" and self._inside(index, "thead"):
                continue
            # The words after it are looked for from inside it (a list's items, a table's rows).
            self._cursor = bisect.bisect_left(self.starts, element.open_end)
            self._after = element.open_end
            return index
        return None

    def _inside(self, index: int, name: str) -> int | None:
        parent = self.elements[index].parent
        while parent >= 0:
            if self.elements[parent].name == name:
                return parent
            parent = self.elements[parent].parent
        return None

    def _group(self, position: int) -> tuple[str, str] | None:
        container = self._innermost(position, position)
        if container is None:
            return None
        for kind, name in (("footnote", "aside"), ("table", "table")):
            index = container if self.elements[container].name == name else self._inside(container, name)
            if index is not None:
                return (kind, self._mark(index, f"{name}_{index}"))
        return None

    # --- marking it ---------------------------------------------------------------------

    def _innermost(self, start: int, stop: int) -> int | None:
        """The innermost element whose content holds the source span [start, stop)."""
        best = None
        for index, element in enumerate(self.elements):
            if element.open_end <= start and stop <= element.close_start:
                best = index  # elements come in document order, so a later hit is nested deeper
        return best

    def _mark_range(self, start: int, stop: int, number: int) -> str | None:
        """Wrap [start, stop) in a span (widened to whole elements), or the element it fills; its id."""
        last_letter, first_start = stop - 1, start
        changed = True
        while changed:
            changed = False
            for element in self.elements:
                if element.open_start == element.close_start:
                    continue  # an empty element (<br/>, <img/>) crosses nothing
                if element.open_start < start < element.close_end <= stop or (
                    element.open_start < start < element.close_start < stop
                ):
                    start, changed = element.open_start, True
                elif start <= element.open_start < stop < element.close_end:
                    stop, changed = element.close_end, True
        container = self._innermost(start, stop)
        inside = [
            e
            for e in self.elements
            if start <= e.open_start and e.close_end <= stop and e.open_start != e.close_end
        ]
        if container is not None and self._fills(container, start, stop):
            return self._mark(container, f"sentence_{number}")
        wrappable = (container is None or self.elements[container].name in HOLDS_PHRASING) and all(
            e.name in PHRASING for e in inside
        )
        if not wrappable or container is None:
            # Across blocks (a glossary's term and definition): the block that holds most of it, its end.
            block = self._block_at(last_letter)
            return None if block is None else self._mark(block, f"sentence_{number}")
        if start < self._last_end:
            # It begins inside an element the previous sentence's span holds ("**Easier. Drink** water"):
            # its words inside that element are its highlight.
            inner = self._innermost(first_start, first_start)
            if inner is None or first_start < self._last_end:
                return self._last_target or None
            start, stop = first_start, min(stop, self.elements[inner].close_start)
            if self.elements[inner].name not in HOLDS_PHRASING or not self._balanced(start, stop):
                return self._last_target or None
        ident = f"sentence_{number}"
        self._edits.append((start, 1, f'<span id="{ident}">'))
        self._edits.append((stop, 0, "</span>"))
        self._last_end, self._last_target = stop, ident
        return ident

    def _balanced(self, start: int, stop: int) -> bool:
        """True when no element has one of its tags inside [start, stop) and the other outside."""
        return all(
            (start <= e.open_start < stop) == (start < e.close_end <= stop)
            for e in self.elements
            if e.open_start != e.close_start
        )

    def _fills(self, index: int, start: int, stop: int) -> bool:
        """True when [start, stop) holds every letter of element `index`."""
        element = self.elements[index]
        first = bisect.bisect_left(self.starts, element.open_end)
        last = bisect.bisect_left(self.starts, element.close_start) - 1
        return first <= last and self.where[first][0] >= start and self.where[last][1] <= stop

    def _block_at(self, position: int) -> int | None:
        index = self._innermost(position, position)
        while index is not None and index >= 0 and self.elements[index].name not in BLOCKS:
            index = self.elements[index].parent
        return index if index is not None and index >= 0 else None

    def _mark(self, index: int, ident: str) -> str:
        """The id of element `index`: its own, or `ident` given to it."""
        if index in self._ids:
            return self._ids[index]
        element = self.elements[index]
        tag = self.body[element.open_start : element.open_end]
        found = _ID.search(tag)
        if found:
            self._ids[index] = html.unescape(found.group(1))
            return self._ids[index]
        at = element.open_end - (2 if tag.endswith("/>") else 1)
        self._edits.append((at, 2, f' id="{ident}"'))
        self._ids[index] = ident
        return ident

    def marked_body(self) -> str:
        """The body with the spans and ids added."""
        out, last = [], 0
        for position, _, text in sorted(self._edits, key=lambda edit: (edit[0], edit[1])):
            out.append(self.body[last:position])
            out.append(text)
            last = position
        out.append(self.body[last:])
        return "".join(out)


# --- SMIL ---------------------------------------------------------------------------------


def clock(millis: int) -> str:
    """A SMIL full clock value, h:mm:ss.fff."""
    hours, rest = divmod(max(0, millis), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"


def duration(clips: Iterable[Clip]) -> int:
    """Milliseconds of audio an overlay plays."""
    return sum(clip.end - clip.begin for clip in clips)


def smil(file_name: str, clips: Sequence[Clip], *, audio: str) -> bytes:
    """The SMIL document of one page: its sentences in order, tables and notes as structures."""
    text = html.escape(file_name)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">',
        "<body>",
        f'<seq id="seq_main" epub:textref="{text}">',
    ]
    group: tuple[str, str] | None = None
    for number, clip in enumerate(clips, start=1):
        if clip.group != group:
            if group is not None:
                lines.append("</seq>")
            if clip.group is not None:
                kind, ident = clip.group
                lines.append(f'<seq epub:type="{kind}" epub:textref="{text}#{html.escape(ident)}">')
            group = clip.group
        lines.append(
            f'<par id="par_{number}"><text src="{text}#{html.escape(clip.target)}"/>'
            f'<audio src="{html.escape(audio)}" clipBegin="{clock(clip.begin)}" '
            f'clipEnd="{clock(clip.end)}"/></par>'
        )
    if group is not None:
        lines.append("</seq>")
    lines += ["</seq>", "</body>", "</smil>", ""]
    return "\n".join(lines).encode("utf-8")
