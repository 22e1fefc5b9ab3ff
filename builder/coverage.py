"""Which typefaces print an article: Atkinson Hyperlegible first, then the Noto fonts its script needs.

Atkinson Hyperlegible covers Latin only. Every other character of an article
(Greek, Cyrillic, Arabic, Hebrew, Devanagari, Thai, Chinese, Japanese,
Korean, emoji...) needs a fallback typeface, and a character no typeface has
is printed as an empty box (the .notdef glyph) that no reader can read.
`cover` decides, once per article, the chain of families every printed
format names (Atkinson Hyperlegible, then only the fallbacks the article
needs, in a fixed order of preference), and which characters no installed
font covers, with the Debian package that does. Fallback fonts are found
through fontconfig (`fc-list`, the same fonts WeasyPrint and LibreOffice use)
and their character maps are read with fontTools, each file once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from builder.fonts import FAMILY, font_files

EMOJI_FAMILY: Final = "Noto Color Emoji"
LATIN_FALLBACK: Final = "Noto Sans"
GENERIC: Final = "sans-serif"

CJK_PACKAGE: Final = "fonts-noto-cjk"
EMOJI_PACKAGE: Final = "fonts-noto-color-emoji"
CORE_PACKAGE: Final = "fonts-noto-core"

_CJK_SCRIPTS: Final = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
_NO_GLYPH_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
"""Controls, format characters (joiners, variation selectors, direction marks) and spaces: the
layout engine uses them without drawing a glyph."""
_CJK_ORDER: Final = ("SC", "TC", "JP", "KR", "HK")
_DIGITS: Final = frozenset(range(0x30, 0x3A))


@dataclass(frozen=True, slots=True)
class Missing:
    """A character no installed font has, and the Debian package whose fonts do."""

    char: str
    package: str
    """'' for a private-use or unassigned character, which no font anywhere prints for everyone."""

    @property
    def described(self) -> str:
        """'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)."""
        name = unicodedata.name(self.char, "")
        return f"'{self.char}' (U+{ord(self.char):04X}{' ' + name if name else ''})"


@dataclass(frozen=True, slots=True)
class Coverage:
    """The typefaces an article is printed in, in order, and what none of them can print."""

    families: tuple[str, ...] = (FAMILY,)
    missing: tuple[Missing, ...] = ()
    used: Mapping[str, int] = field(default_factory=dict)
    """How many different characters each family prints."""
    complex_script: str = ""
    """For Word: a family with the article's complex-script letters and the digits 0-9, when its
    Noto font has no digits (Noto Sans Hebrew). Word and LibreOffice print digits in right-to-left
    text in the complex-script font, and LibreOffice's own fallback for them may be the emoji font,
    whose digits print blank."""

    @property
    def css_stack(self) -> str:
        """The families as a CSS `font-family` value, ending with the generic sans-serif.

        The emoji font is checked but not named: named, Pango takes it for digits too (they are
        emoji characters as well), printing '555-0100' as emoji digits; unnamed, Pango's
        fontconfig fallback still prints each emoji in it.
        """
        named = (family for family in self.families if family != EMOJI_FAMILY)
        return ", ".join([*(f'"{family}"' for family in named), GENERIC])

    def fallback(self, *, east_asian: bool) -> str:
        """The fallback family that prints most of the article's East Asian (CJK) or other non-Latin
        letters, '' if none is needed: what Word names for those scripts."""
        candidates = [
            family
            for family in self.families
            if ("CJK" in family) == east_asian and family not in (FAMILY, EMOJI_FAMILY, LATIN_FALLBACK)
        ]
        best = max(candidates, key=lambda family: self.used.get(family, 0), default="")
        return best

    def word_font(self, *, east_asian: bool) -> str:
        """The family Word names for East Asian or complex-script text ('' for the body font)."""
        if not east_asian and self.complex_script:
            return self.complex_script
        return self.fallback(east_asian=east_asian)


@dataclass(frozen=True, slots=True)
class _Face:
    family: str
    path: str
    index: int


def needs_glyph(char: str) -> bool:
    """Whether a character is drawn (not a space, control, joiner or variation selector)."""
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def cover(chars: Iterable[str], *, lang: str) -> Coverage:
    """The font chain for these characters in an article of language `lang`, and what it lacks.

    Atkinson Hyperlegible comes first, unless it lacks a letter of a Latin-script
    word of the article (Vietnamese tones, say): then Noto Sans, which has them all,
    comes first, so that no word is set in two typefaces.
    """
    drawn = sorted({c for c in chars if needs_glyph(c)})
    atkinson = _atkinson_cmap()
    chain: list[str] = [FAMILY] if atkinson else []
    covered: list[frozenset[int]] = [atkinson] if atkinson else []
    if atkinson and any(_is_latin_letter(c) and ord(c) not in atkinson for c in drawn):
        noto = _face_of(LATIN_FALLBACK)
        if noto is not None:
            chain.insert(0, LATIN_FALLBACK)
            covered.insert(0, _cmap(noto.path, noto.index))
    missing: list[Missing] = []
    used: dict[str, int] = {}
    printed: dict[str, set[int]] = {}
    for char in sorted(
        drawn, key=lambda c: (not c.isalpha(), c)
    ):  # letters first: they pick the script's font
        code = ord(char)
        holder = next((family for family, cmap in zip(chain, covered, strict=True) if code in cmap), None)
        if holder is None:
            face = _best_face(_faces_with(code), lang=lang, char=char)
            if face is None:
                missing.append(Missing(char, package_for(char)))
                continue
            chain.append(face.family)
            covered.append(_cmap(face.path, face.index))
            holder = face.family
        used[holder] = used.get(holder, 0) + 1
        printed.setdefault(holder, set()).add(code)
    ordered = _ordered(chain, lang=lang)
    coverage = Coverage(families=ordered, missing=tuple(sorted(missing, key=lambda m: m.char)), used=used)
    script = coverage.fallback(east_asian=False)
    if script and not dict(zip(chain, covered, strict=True))[script].issuperset(_DIGITS):
        faces = _fc_list(":charset=" + " ".join(f"{code:x}" for code in sorted(printed[script] | _DIGITS)))
        best = _best_face(faces, lang=lang, char=chr(min(printed[script])))
        if best is not None:
            coverage = dataclasses.replace(coverage, complex_script=best.family)
    return coverage


def package_for(char: str) -> str:
    """The Debian package whose fonts print a character (Noto covers nearly all of Unicode)."""
    from fontTools import unicodedata as fontdata

    if unicodedata.category(char) in ("Co", "Cn"):
        return ""
    if _is_emoji(char):
        return EMOJI_PACKAGE
    if fontdata.script(char) in _CJK_SCRIPTS or "CJK" in unicodedata.name(char, ""):
        return CJK_PACKAGE
    return CORE_PACKAGE


def _is_latin_letter(char: str) -> bool:
    from fontTools import unicodedata as fontdata

    return char.isalpha() and fontdata.script(char) == "Latn"


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code in (0x20E3, 0xFE0F)


def _ordered(chain: list[str], *, lang: str) -> tuple[str, ...]:
    """The chain with Atkinson (or Noto Sans) first and the fallbacks in their order of preference."""
    head = [family for family in chain[:2] if family in (FAMILY, LATIN_FALLBACK)]
    rest = sorted(set(chain) - set(head), key=lambda family: _rank(family, lang=lang))
    return tuple(dict.fromkeys([*head, *rest]))


def _cjk_preference(lang: str) -> str:
    """The CJK variant whose glyph shapes a reader of `lang` expects: SC, TC, HK, JP or KR."""
    parts = lang.replace("_", "-").split("-")
    primary = parts[0].lower()
    rest = {part.upper() for part in parts[1:]} | {part.title() for part in parts[1:]}
    if primary == "ja":
        return "JP"
    if primary == "ko":
        return "KR"
    if primary in ("zh", "yue"):
        if "HK" in rest or "MO" in rest:
            return "HK"
        if "Hant" in rest or "TW" in rest or primary == "yue":
            return "TC"
    return "SC"


def _rank(family: str, *, lang: str) -> tuple[int, int, str]:
    """Which family to prefer for a character several fonts have: lower first."""
    preferred = f"Noto Sans CJK {_cjk_preference(lang)}"
    if family == LATIN_FALLBACK:
        return (0, 0, family)
    if family == preferred:
        return (1, 0, family)
    if family.startswith("Noto Sans CJK "):
        variant = family.rsplit(" ", 1)[-1]
        return (3, _CJK_ORDER.index(variant) if variant in _CJK_ORDER else 9, family)
    if family == EMOJI_FAMILY:
        return (4, 0, family)
    special = ("Symbols", "Math", "Mono", " UI", "Display", "Siyaq")
    if family.startswith("Noto Sans ") and not any(word in family for word in special):
        return (2, len(family), family)
    if family.startswith("Noto Sans "):
        return (5, len(family), family)
    if family.startswith("Noto "):
        return (6, len(family), family)
    if family == "DejaVu Sans":
        return (7, 0, family)
    return (8, len(family), family)


def _best_face(faces: Iterable[_Face], *, lang: str, char: str) -> _Face | None:
    """The face to print `char` in: one named after its script (Noto Sans Arabic for Arabic), else
    the best ranked."""
    from fontTools import unicodedata as fontdata

    scripts = [fontdata.script_name(code, default="") for code in fontdata.script_extension(char)]
    names = [name.replace("_", " ") for name in scripts if name and name not in ("Common", "Inherited")]

    def key(face: _Face) -> tuple[bool, tuple[int, int, str]]:
        return (not any(name in face.family for name in names), _rank(face.family, lang=lang))

    candidates = sorted(faces, key=key)
    return candidates[0] if candidates else None


@functools.cache
def _faces_with(code: int) -> tuple[_Face, ...]:
    """The regular faces of installed fonts that have the character `code` (fontconfig's answer)."""
    return tuple(face for face in _fc_list(f":charset={code:x}") if face.family)


@functools.cache
def _face_of(family: str) -> _Face | None:
    faces = _fc_list(family.replace('-', chr(92) + '-'))
    exact = [face for face in faces if face.family == family]
    return exact[0] if exact else None


def _fc_list(pattern: str) -> tuple[_Face, ...]:
    """Regular-style faces fontconfig lists for a pattern; () when fontconfig is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        listed = subprocess.run(
            [fc_list, "--format=%{family[0]}\t%{style[0]}\t%{file}\t%{index}\n", pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ()
    faces = []
    for line in listed.splitlines():
        family, style, path, index = [*line.split("\t"), "", "", "", "0"][:4]
        if style in ("Regular", "Book") and path:
            faces.append(_Face(family, path, int(index) if index.isdigit() else 0))
    return tuple(sorted(set(faces), key=lambda face: (face.family, face.path, face.index)))


@functools.cache
def _cmap(path: str, index: int) -> frozenset[int]:
    """The characters a font file (or one font of a collection) has glyphs for."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, AssertionError):
        return frozenset()


@functools.cache
def _atkinson_cmap() -> frozenset[int]:
    files = font_files()
    regular = files.get("regular")
    return _cmap(str(regular), 0) if regular is not None else frozenset()


def font_family_css(coverage: Coverage, *, page_margins: bool = False) -> str:
    """CSS that sets the article's font chain on the page (and on the PDF's running header and footer).

    It follows the format's stylesheet, so it replaces the stylesheet's own family list; the
    fallbacks are named only when the article needs them.
    """
    stack = coverage.css_stack
    rule = f"html {{ font-family: {stack}; }}"
    if page_margins:
        boxes = " ".join(f"@{box} {{ font-family: {stack}; }}" for box in _MARGIN_BOXES)
        rule += f"\n@page {{ {boxes} }}"
    return rule


_MARGIN_BOXES: Final = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True, slots=True)
class FallbackFace:
    """An installed font file (or one font of a collection) that prints what Atkinson Hyperlegible
    cannot, and the characters it has: for what draws text itself (the covers, by Pillow)."""

    family: str
    path: str
    index: int
    characters: frozenset[int]


def fallback_faces(chars: Iterable[str], *, lang: str) -> tuple[FallbackFace, ...]:
    """The fonts after Atkinson Hyperlegible that print `chars`, in the order the article's chain
    names them (the emoji font left out: it is a bitmap font, drawn only at its one size)."""
    faces = []
    for family in cover(chars, lang=lang).families:
        if family in (FAMILY, EMOJI_FAMILY):
            continue
        face = _face_of(family)
        if face is not None:
            faces.append(FallbackFace(face.family, face.path, face.index, _cmap(face.path, face.index)))
    return tuple(faces)


def atkinson_characters() -> frozenset[int]:
    """The characters Atkinson Hyperlegible has glyphs for (none when its package is missing)."""
    return _atkinson_cmap()


def atkinson_spells(chars: Iterable[str]) -> bool:
    """Whether Atkinson Hyperlegible has every Latin letter of `chars` (not Vietnamese's, say): if not,
    the article's Latin text is set in Noto Sans, so that no word mixes two typefaces."""
    atkinson = _atkinson_cmap()
    return bool(atkinson) and not any(_is_latin_letter(c) and ord(c) not in atkinson for c in chars)
