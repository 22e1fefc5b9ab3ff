"""Fuzz the reader, the converter and every renderer for a while, and keep what breaks them.

    .venv/bin/python bench/fuzz.py --minutes 10             # every format (mp3 through eSpeak NG)
    .venv/bin/python bench/fuzz.py --minutes 1 -f html,txt  # some formats

It runs the property of tests/test_fuzz.py (every article builds in each format or fails
with one clear line for clinic staff) on articles Hypothesis writes, batch after batch
with fresh random seeds, until the time is up. Each input that breaks the property is
shrunk by Hypothesis and saved as tests/fuzz-corpus/found-<hash>.md; the tests then run
every file there as a regression test. At the end it prints how many articles it tried,
how many loaded, and how many built or failed cleanly in each format.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_fuzz  # noqa: E402  (the property and its strategies live with the tests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("-f", "--formats", default=",".join(test_fuzz.ALL_FORMATS))
    parser.add_argument("--batch", type=int, default=200, help="examples per Hypothesis run")
    args = parser.parse_args()
    formats = tuple(name for name in args.formats.split(",") if name)
    counts: Counter[str] = Counter()
    found: list[Path] = []
    started = time.monotonic()
    end = started + args.minutes * 60
    batches = 0
    while time.monotonic() < end:
        batches += 1
        failing: list[bytes] = []
        batch = _batch(failing, counts, formats, args.batch)
        try:
            batch()
        except Exception as error:  # noqa: BLE001  (the property failed: keep the shrunk input, go on)
            data = failing[-1]
            path = test_fuzz.CORPUS / f"found-{hashlib.sha256(data).hexdigest()[:12]}.md"
            path.write_bytes(data)
            found.append(path)
            first = (str(error).splitlines() or [type(error).__name__])[0]
            print(f"found {path.relative_to(ROOT)}: {type(error).__name__}: {first[:200]}", flush=True)
        minutes = (time.monotonic() - started) / 60
        print(f"{minutes:5.1f} min: {counts['articles']} articles, {len(found)} found", flush=True)
    print(
        f"\nfuzzed for {(time.monotonic() - started) / 60:.1f} minutes in {batches} batches, formats {', '.join(formats)}"
    )
    for key, value in sorted(counts.items()):
        print(f"  {key:<36} {value}")
    print(f"  {'inputs that broke the property':<36} {len(found)}")
    for path in found:
        print(f"    {path.relative_to(ROOT)}")
    return 1 if found else 0


def _batch(
    failing: list[bytes], counts: Counter[str], formats: tuple[str, ...], examples: int
) -> Callable[[], None]:
    """One Hypothesis run of the property; inputs that break it are appended to `failing`."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(test_fuzz.articles())
    def batch(data: bytes) -> None:
        counts["articles"] += 1
        try:
            outcome = test_fuzz.check_article(data, formats=formats)
        except BaseException:
            failing.append(data)
            raise
        if "load" in outcome.errors:
            counts["refused by the reader"] += 1
            reason = outcome.errors["load"].split(": ", 1)[-1]
            counts["  " + re.sub(r"'[^']*'|[0-9,]+", "…", reason)[:60]] += 1
        else:
            counts["loaded"] += 1
        for name in outcome.built:
            counts[f"{name} built"] += 1
        for name in outcome.errors:
            if name != "load":
                counts[f"{name} failed with a clear line"] += 1

    return batch


if __name__ == "__main__":
    sys.exit(main())
