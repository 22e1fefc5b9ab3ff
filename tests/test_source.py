"""Reading sources: encodings, front matter, safe YAML; every error names the file and line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from builder.errors import SourceError
from builder.source import (
    MAX_SOURCE_BYTES,
    decode,
    load_yaml_mapping,
    read_text,
    remove_forbidden_characters,
    split,
)

PATH = Path("source/a.md")


def error_of(text: str) -> str:
    with pytest.raises(SourceError) as caught:
        split(text, PATH)
    return str(caught.value)


def test_split_returns_front_matter_body_and_lines():
    source = split("---\ntitle: A\nlang: es\n---\n\nHola.\n", PATH)
    assert source.front_matter == {"title": "A", "lang": "es"}
    assert source.lines[("title",)] == 2
    assert source.lines[("lang",)] == 3
    assert source.body_line == 5
    assert source.body == "\nHola.\n"


def test_split_keeps_dates_as_text():
    source = split("---\ntitle: A\ndate: 2024-02-30\n---\nText\n", PATH)
    assert source.front_matter["date"] == "2024-02-30"


def test_split_records_lines_of_nested_values():
    source = split("---\ntitle: A\nreferences:\n  - title: B\n    year: 2016\n---\nText\n", PATH)
    assert source.line_of(("references", 0, "year")) == 5
    assert source.line_of(("references", 0, "missing")) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just text\n", "source/a.md:1: the article has no front matter"),
        ("", "source/a.md:1: the article has no front matter"),
        ("---\ntitle: A\nText\n", "source/a.md:1: the front matter that starts here is never closed"),
        ("---\ntitle: A\n---\n", "source/a.md:3: the article has no text after its front matter"),
        ("---\ntitle: A\n---\n  \n\n", "source/a.md:3: the article has no text after its front matter"),
        ("---\ntitle: [A\n---\nText\n", "source/a.md:3: the front matter is not valid YAML"),
        ("---\ntitle: A\n  lang: b: c\n---\nText\n", "source/a.md:3: the front matter is not valid YAML"),
        (
            "---\n- a\n- b\n---\nText\n",
            "source/a.md:2: the front matter must be a list of 'key: value' lines",
        ),
        (
            "---\njust words\n---\nText\n",
            "source/a.md:2: the front matter must be a list of 'key: value' lines",
        ),
        ("---\ntitle: A\ntitle: B\n---\nText\n", "source/a.md:3: 'title' is given twice"),
    ],
)
def test_split_rejects_malformed_front_matter(text, expected):
    assert error_of(text).startswith(expected)


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom thing",
        "!!timestamp 2024-01-01",
    ],
)
def test_split_refuses_yaml_tags_without_constructing_them(value, capfd):
    message = error_of(f"---\ntitle: {value}\n---\nText\n")
    assert message.startswith("source/a.md:2: YAML tags such as")
    assert "are not allowed" in message
    assert "hacked" not in capfd.readouterr().out


def test_split_refuses_anchors_and_aliases():
    text = "---\ntitle: &t A\nsummary: *t\n---\nText\n"
    assert error_of(text).startswith("source/a.md:3: YAML anchors and aliases")


def test_split_refuses_alias_bomb_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    text = "---\n" + "\n".join(lines) + "\n---\nText\n"
    assert "anchors and aliases" in error_of(text)


def test_split_ignores_fence_lookalikes_inside_yaml_text():
    source = split("---\ntitle: 'A --- B'\n---\nText\n", PATH)
    assert source.front_matter["title"] == "A --- B"


def test_load_yaml_mapping_allows_empty_document():
    assert load_yaml_mapping("", PATH, first_line=2) == ({}, {})


def test_decode_accepts_utf8_with_byte_order_mark():
    assert decode(codecs.BOM_UTF8 + "é".encode(), PATH) == "é"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_names_utf16(encoding):
    with pytest.raises(
        SourceError, match=r"^source/a.md: the file looks like UTF-16, not UTF-8: .*save it as UTF-8"
    ):
        decode("---\ntitle: A\n---\nText\n".encode(encoding), PATH)


def test_decode_names_windows_1252_with_line_and_offset():
    data = "---\ntitle: A\n---\nIt’s here.\n".encode("cp1252")
    with pytest.raises(SourceError) as caught:
        decode(data, PATH)
    assert str(caught.value) == (
        "source/a.md:4: byte 0x92 at offset 19 is not UTF-8 (it looks like Windows-1252): "
        "open it in your editor and save it as UTF-8"
    )


def test_decode_names_invalid_utf8_offset():
    data = b"---\ntitle: A\n---\nbad \x81\xff here\n"
    with pytest.raises(SourceError, match=r"^source/a.md:4: byte 0x81 at offset 21 is not UTF-8"):
        decode(data, PATH)


def test_decode_refuses_nul_bytes():
    with pytest.raises(SourceError, match="NUL byte"):
        decode(b"---\ntitle: A\n---\nx\x00y\n", PATH)


def test_read_text_refuses_oversized_file(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(SourceError, match=r"the limit is 524,288 bytes: split the article"):
        read_text(path)


def test_remove_forbidden_characters_reports_each_line():
    text, findings = remove_forbidden_characters("a\x0bb\nok\n\x1fc\x0c", PATH)
    assert text == "ab\nok\nc"
    assert [str(f) for f in findings] == [
        "source/a.md:1: invisible control character U+000B removed: retype the line if it looks wrong",
        "source/a.md:3: invisible control character U+000C, U+001F removed: retype the line if it looks wrong",
    ]


def test_remove_forbidden_characters_keeps_clean_text_untouched():
    text = "Tabs\tand newlines\r\nand ünïcödé — fine\n"
    assert remove_forbidden_characters(text, PATH) == (text, ())


def test_split_refuses_a_nul_character_written_as_an_escape():
    with pytest.raises(SourceError) as caught:
        split('---\ntitle: A\nsummary: "x\\0y"\n---\nText\n', Path("source/a.md"))
    assert str(caught.value) == "source/a.md:3: a value contains a NUL character (written '\\0'): remove it"
    bell = split('---\ntitle: A\nsummary: "x\\ay"\n---\nText\n', Path("source/a.md"))
    assert bell.front_matter["summary"] == "x\ay"  # passes: the EPUB removes it, with a warning
