"""Check front matter and settings against the JSON schemas in `schemas/`, in words for clinic staff.

jsonschema does the checking; this module only turns its first finding into
one line that names the file, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from builder.config import SETTINGS_FILE
from builder.errors import Finding, SourceError
from builder.source import Key, SourceFile

if TYPE_CHECKING:  # imported when an article is checked: a no-op rebuild never needs them
    import jsonschema


ALIASES: Final = {
    "author": "authors",
    "tags": "topics",
    "categories": "topics",
    "keywords": "topics",
    "description": "summary",
}
"""Front-matter keys other tools write (Jekyll, Hugo, MkDocs, Pandoc), read as Handout's own."""

_LISTS: Final = frozenset({"authors", "topics"})
_DATETIME: Final = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{2}:[0-9]{2}")

_TYPE_WORDS: Final = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list (one '- item' per line)",
    "object": "a list of 'key: value' lines",
    "boolean": "yes or no",
}

_LANG_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema from `builder/schemas/`, by file name without `.schema.json`."""
    text = resources.files("builder.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def front_matter_schema() -> dict[str, Any]:
    """The article schema with every settings key allowed as an override."""
    article = load_schema("front-matter")
    settings = load_schema("settings")
    properties = {**settings["properties"], **article["properties"]}
    properties.pop("extra_keys")  # clinic-wide only
    return {**article, "properties": properties, "additionalProperties": False}


def settings_schema() -> dict[str, Any]:
    return load_schema("settings")


def check_front_matter(
    source: SourceFile, *, extra_keys: Collection[str] = ()
) -> tuple[SourceFile, tuple[Finding, ...]]:
    """An article's front matter as Handout reads it, and the warnings about it.

    Keys other tools write are read as Handout's own (`ALIASES`; `date: 2024-03-12 10:00`
    keeps its day), a key with no value counts as not given, and an unknown key is left
    out with a warning (a did-you-mean where one is close) instead of failing the
    article, so articles imported from a website build. SourceError for anything the
    schema refuses. An article without a `reviewed` date gets a warning at every build.
    """
    findings: list[Finding] = []
    data = {name: value for name, value in source.front_matter.items() if value is not None}
    lines = dict(source.lines)
    known = front_matter_schema()["properties"]
    for name in list(data):
        if name in known or name in ALIASES:
            continue
        del data[name]
        if name not in extra_keys:
            findings.append(Finding(source.where((name,)), _left_out_message(name, known)))
    for alias, canonical in ALIASES.items():
        if alias in data:
            findings.extend(_read_alias(source, data, lines, alias, canonical))
    for name in ("date", "reviewed"):
        value = data.get(name)
        if isinstance(value, str) and (day := _DATETIME.match(value)):
            data[name] = day.group(1)
    checked = replace(source, front_matter=data, lines=lines)
    check(checked, front_matter_schema())
    reviewed = data.get("reviewed")
    if isinstance(reviewed, str) and _is_after_today(reviewed):
        findings.append(
            Finding(
                checked.where(("reviewed",)),
                f"'reviewed' is {reviewed}, a day still to come: write the day the review happened",
            )
        )
    if "reviewed" not in data:
        findings.append(
            Finding(
                checked.where(("reviewed",)),
                "no 'reviewed' date: the handout is a draft until a clinician has reviewed the article; "
                "then write the day as 'reviewed: YYYY-MM-DD'",
            )
        )
    return checked, tuple(findings)


def _is_after_today(day: str) -> bool:
    try:
        return dt.date.fromisoformat(day) > dt.date.today()
    except ValueError:
        return False  # not a real date: convert.py says so, with the line


def _read_alias(
    source: SourceFile, data: dict[str, Any], lines: dict[Key, int], alias: str, canonical: str
) -> list[Finding]:
    """Move `data[alias]` to `data[canonical]` (lists are joined), with its lines; a warning if both exist."""
    value = data.pop(alias)
    if canonical in _LISTS:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list):
            value = [value]
        before = data.get(canonical, [])
        if not isinstance(before, list):
            return []  # the schema names what is wrong with the canonical key
        merged = list(before)
        for index, item in enumerate(value):
            if item not in merged:
                lines[(canonical, len(merged))] = source.line_of((alias, index))
                merged.append(item)
        lines.setdefault((canonical,), source.line_of((alias,)))
        data[canonical] = merged
        return []
    if canonical in data:
        return [
            Finding(
                source.where((alias,)),
                f"'{alias}' was left out because '{canonical}' is given too: keep one of them",
            )
        ]
    data[canonical] = value
    lines[(canonical,)] = source.line_of((alias,))
    return []


def check(source: SourceFile, schema: Mapping[str, Any], *, extra_keys: Collection[str] = ()) -> None:
    """Raise SourceError for the first thing in `source.front_matter` the schema refuses."""
    data = dict(source.front_matter)
    known = schema["properties"]
    for name in list(data):
        if name in known:
            continue
        if name in extra_keys:
            del data[name]
            continue
        raise SourceError(
            source.where((name,)),
            _unknown_key_message(name, known, settings=source.path.name == SETTINGS_FILE),
        )
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: source.line_of(tuple(e.absolute_path)))
    if errors:
        error = errors[0]
        key: Key = tuple(error.absolute_path)
        raise SourceError(source.where(key), _message(error, key))
    lang = data.get("lang")
    if isinstance(lang, str) and not is_language_tag(lang):
        raise SourceError(
            source.where(("lang",)),
            f"'lang' must be a language tag such as en-US, es or fr-CA, not '{lang}'",
        )


def is_language_tag(tag: str) -> bool:
    """A well-formed BCP 47 tag whose language is a real one (en-US, es, zh-Hant-TW)."""
    import langcodes

    return bool(_LANG_TAG.match(tag)) and langcodes.tag_is_valid(tag)


def _left_out_message(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, [*known, *ALIASES], n=1)
    if close:
        return f"unknown key '{name}' was left out: did you mean '{close[0]}'?"
    return (
        f"unknown key '{name}' was left out of the handout: fix its spelling, or list it under "
        f"'extra_keys' in source/{SETTINGS_FILE} if it belongs to another system"
    )


def _unknown_key_message(name: str, known: Collection[str], *, settings: bool) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"unknown key '{name}': did you mean '{close[0]}'?"
    if settings:
        return f"unknown setting '{name}': the settings are {', '.join(sorted(known))}"
    return (
        f"unknown key '{name}': remove it, fix its spelling, or list it under 'extra_keys' in "
        f"source/{SETTINGS_FILE} to keep it out of the handout"
    )


def _describe(key: Key) -> str:
    """('references', 1, 'title') -> "'title' of item 2 of 'references'"."""
    if not key:
        return "the front matter"
    words = [f"item {part + 1}" if isinstance(part, int) else f"'{part}'" for part in reversed(key)]
    return " of ".join(words)


def _message(error: jsonschema.ValidationError, key: Key) -> str:
    what = _describe(key)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    match error.validator:
        case "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else "a value"
            inside = f" to {what}" if key else ""
            example = " such as 'title: Living with ALS'" if name == "title" else ""
            return f"'{name}' is missing: add it{inside}{example}"
        case "type":
            expected = error.validator_value
            names = [expected] if isinstance(expected, str) else list(expected)
            words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
            return f"{what} must be {words}"
        case "enum":
            choices = ", ".join(str(c) for c in error.validator_value)
            return f"{what} must be one of: {choices}"
        case "minLength" | "minItems":
            return f"{what} must not be empty"
        case "minimum":
            return f"{what} must be {hint}" if hint else f"{what} must be at least {error.validator_value}"
        case "maximum":
            return f"{what} must be {hint}" if hint else f"{what} must be at most {error.validator_value}"
        case "pattern" if not hint:
            return f"{what} may use only lower-case letters, digits, '-' and '_'"
        case "additionalProperties":
            extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
            name = extra[0] if extra else "?"
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            return f"{what} has an unknown key '{name}'; the keys are {', '.join(known)}"
        case _:
            fix = f"must be {hint}" if hint else "is not valid: see the README for what it may be"
            return f"{what} {fix}"
