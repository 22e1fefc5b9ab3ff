"""Read one source file: bytes -> checked text -> front matter + Markdown body.

This is the only module that opens sources. It guarantees that what it returns
is valid UTF-8 text with a front-matter mapping of plain values (YAML is loaded
safely: no tag is ever constructed, no alias is expanded) and records the line
of every front-matter value so later checks can point at it.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from builder.errors import Finding, Location, SourceError

MAX_SOURCE_BYTES: Final = 512 * 1024
"""Largest article accepted: 512 KiB, five times the longest real article we know of.

It bounds the work a hostile or broken file can cause: the slowest Markdown
we have found at this size still converts in seconds.
"""

FENCE: Final = "---"

Key = tuple[str | int, ...]
"""Where a value sits in the front matter: ('references', 0, 'title')."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source split into its parts, before any validation of what they mean."""

    path: Path
    front_matter: Mapping[str, Any]
    lines: Mapping[Key, int]
    """File line (1-based) of every front-matter key and list item."""
    body: str
    body_line: int
    """File line of the body's first line."""

    def line_of(self, key: Key) -> int:
        """The line of `key`, or of the nearest enclosing key, or of the opening fence."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    def where(self, key: Key = ()) -> Location:
        return Location(self.path, self.line_of(key))


def read_text(path: Path, *, shown: Path | None = None, max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """The text of a UTF-8 file, or a SourceError that says which encoding it looks like.

    `shown` is the path as messages print it (relative to the project).
    """
    shown = shown or path
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                Location(shown),
                f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes: split the article "
                "into shorter ones",
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(Location(shown), f"cannot read the file ({error.strerror})") from error
    return decode(data, shown)


def decode(data: bytes, path: Path) -> str:
    """Strict UTF-8 decoding with a message that helps whoever saved the file."""
    fix = "open it in your editor and save it as UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        raise SourceError(Location(path), f"the file looks like UTF-16, not UTF-8: {fix}")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        guess = " (it looks like Windows-1252)" if _looks_cp1252(data) else ""
        raise SourceError(
            Location(path, line),
            f"byte 0x{byte:02X} at offset {error.start} is not UTF-8{guess}: {fix}",
        ) from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(Location(path, line), "the file contains a NUL byte: is it really a text file?")
    return text


_XML_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Every character XML 1.0 forbids (a NUL never gets this far: files and values holding one are refused)."""


def forbidden_characters(text: str) -> list[str]:
    """The characters XML 1.0 forbids in `text`, as 'U+0007', each once, in order."""
    return sorted({f"U+{ord(c):04X}" for c in _XML_FORBIDDEN.findall(text)})


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (they break DOCX and EPUB files)."""
    return _XML_FORBIDDEN.sub("", text)


def remove_forbidden_characters(text: str, path: Path) -> tuple[str, tuple[Finding, ...]]:
    """Remove the control characters XML 1.0 forbids (they break DOCX and EPUB files), and say where."""
    findings = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        found = forbidden_characters(line)
        if found:
            findings.append(
                Finding(
                    Location(path, line_number),
                    f"invisible control character {', '.join(found)} removed: "
                    "retype the line if it looks wrong",
                )
            )
    return (xml_safe(text), tuple(findings)) if findings else (text, ())


def clean_front_matter(source: SourceFile) -> tuple[SourceFile, tuple[Finding, ...]]:
    """The front matter without control characters XML forbids that YAML escapes put in values
    ("\\a" in a quoted string), with one warning for each value, at its line."""
    findings: list[Finding] = []

    def clean(value: Any, key: Key) -> Any:
        if isinstance(value, str):
            found = forbidden_characters(value)
            if not found:
                return value
            name = ".".join(str(part) for part in key)
            findings.append(
                Finding(
                    source.where(key),
                    f"invisible control character {', '.join(found)} removed from '{name}': retype it",
                )
            )
            return xml_safe(value)
        if isinstance(value, Mapping):
            return {k: clean(v, (*key, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, (*key, n)) for n, v in enumerate(value)]
        return value

    cleaned = clean(source.front_matter, ())
    if not findings:
        return source, ()
    return dataclasses.replace(source, front_matter=cleaned), tuple(findings)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


def _looks_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def split(text: str, path: Path) -> SourceFile:
    """Separate the YAML front matter from the Markdown body and load it safely."""
    lines = text.splitlines(keepends=True)
    example = "start the file with a line '---', then 'title: ...', then a line '---'"
    if not lines or lines[0].rstrip() != FENCE:
        raise SourceError(Location(path, 1), f"the article has no front matter: {example}")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            close = index
            break
    else:
        raise SourceError(
            Location(path, 1),
            "the front matter that starts here is never closed: add a line '---' after it",
        )
    yaml_text = "".join(lines[1:close])
    front_matter, key_lines = load_yaml_mapping(yaml_text, path, first_line=2)
    body = "".join(lines[close + 1 :])
    if not body.strip():
        raise SourceError(
            Location(path, close + 1),
            "the article has no text after its front matter: write it below the closing '---'",
        )
    return SourceFile(path, front_matter, key_lines, body, close + 2)


# libyaml parses ten times faster where PyYAML was built with it.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as text, so they can be checked with a clear message."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STANDARD_TAG = re.compile(r"tag:yaml\.org,2002:(str|int|float|bool|null|seq|map)$")


def load_yaml_mapping(
    text: str, path: Path, *, first_line: int, what: str = "the front matter"
) -> tuple[dict[str, Any], dict[Key, int]]:
    """Load YAML that must be one mapping; return it and the file line of every key.

    Aliases are refused while parsing, so no alias bomb is ever expanded; the
    node tree is then walked by hand rather than constructed by PyYAML, so tags
    (`!!python/object` and friends) and duplicate keys are refused before
    anything is built.
    """
    loader = _PlainLoader(text)
    try:
        for event in yaml.parse(text, Loader=_PlainLoader):
            if isinstance(event, yaml.AliasEvent):
                raise SourceError(
                    Location(path, first_line + (event.start_mark.line if event.start_mark else 0)),
                    "YAML anchors and aliases ('&' and '*') are not allowed: write the value out",
                )
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        problem = error.problem or "is not valid YAML"
        raise SourceError(
            Location(path, line),
            f"{what} is not valid YAML ({problem}): check the quotes, colons and indentation",
        ) from error
    except yaml.YAMLError as error:
        raise SourceError(Location(path, first_line), f"{what} is not valid YAML ({error})") from error
    finally:
        loader.dispose()
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            Location(path, first_line + node.start_mark.line),
            f"{what} must be a list of 'key: value' lines, such as 'title: Living with ALS'",
        )
    lines: dict[Key, int] = {}
    value = _plain(node, (), lines, path, first_line)
    assert isinstance(value, dict)
    return value, lines


def _plain(node: yaml.Node, key: Key, lines: dict[Key, int], path: Path, first_line: int) -> Any:
    where = Location(path, first_line + node.start_mark.line)
    if not _STANDARD_TAG.match(node.tag or ""):
        raise SourceError(
            where,
            f"YAML tags such as '{node.tag}' are not allowed: write a plain value (put text in quotes)",
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = _plain(key_node, key, lines, path, first_line)
            key_line = first_line + key_node.start_mark.line
            if not isinstance(name, str):
                raise SourceError(
                    Location(path, key_line), f"'{name}' is not a valid key: keys are words such as 'title'"
                )
            if name in result:
                raise SourceError(Location(path, key_line), f"'{name}' is given twice: keep one")
            lines[(*key, name)] = key_line
            result[name] = _plain(value_node, (*key, name), lines, path, first_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*key, index)] = first_line + item.start_mark.line
            items.append(_plain(item, (*key, index), lines, path, first_line))
        return items
    constructor = _PlainLoader("")
    try:
        value = constructor.construct_object(node)
    except (yaml.YAMLError, ValueError) as error:
        raise SourceError(where, f"'{node.value}' cannot be read ({error})") from error
    finally:
        constructor.dispose()
    if isinstance(value, str) and "\x00" in value:
        # Only a quoted escape ("\0") can put it there; no output, program or file name can hold it.
        # Other control characters pass: the renderers that cannot hold them deal with them.
        raise SourceError(where, "a value contains a NUL character (written '\\0'): remove it")
    return value
