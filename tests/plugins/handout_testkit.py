"""Renderers that misbehave on purpose, to test what a batch build does when a format is slow or greedy."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from builder import Document, RenderOptions, RenderResult

END = b"-- complete --\n"


class _TestRenderer:
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "for tests only"

    @classmethod
    def check_available(cls) -> None:
        pass


class SlowRenderer(_TestRenderer):
    """Writes its file in twenty steps over about a second: a build killed meanwhile is caught mid-write."""

    name: ClassVar[str] = "slow"
    suffix: ClassVar[str] = ".slow.txt"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        path = out_dir / f"{doc.slug}{self.suffix}"
        with path.open("wb") as file:
            for _ in range(20):
                file.write(doc.metadata.title.encode() * 1000)
                file.flush()
                time.sleep(0.05)
            file.write(END)
        return RenderResult((path,))


class SleepyRenderer(_TestRenderer):
    """Never finishes on its own."""

    name: ClassVar[str] = "sleepy"
    suffix: ClassVar[str] = ".sleepy.txt"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        time.sleep(60)
        raise AssertionError("the time limit should have stopped this")


class GreedyRenderer(_TestRenderer):
    """Asks for far more memory than a worker is allowed."""

    name: ClassVar[str] = "greedy"
    suffix: ClassVar[str] = ".greedy.txt"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        hoard = bytearray(3 * 1024 * 1024 * 1024)
        raise AssertionError(f"the memory limit should have stopped this ({len(hoard)})")


class ThreadsRenderer(_TestRenderer):
    """Writes how many threads the build gave it and when it started, for the scheduling tests."""

    name: ClassVar[str] = "threads"
    suffix: ClassVar[str] = ".threads.txt"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(f"{options.threads} {time.monotonic_ns()}\n", encoding="utf-8")
        return RenderResult((path,))


class AloneRenderer(_TestRenderer):
    """Waits until no other worker of the build is alive and writes how many there are.

    Built beside a quick format: a worker with nothing left to do ends its process, so this reads 0.
    The wait ends when the others have gone, however slow the machine; its bound of a minute is
    there only so a build that keeps them alive fails rather than hanging the tests.
    """

    name: ClassVar[str] = "alone"
    suffix: ClassVar[str] = ".alone.txt"

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        import os

        def others() -> int:
            count = 0
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit() or int(entry.name) == os.getpid():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == os.getppid():
                    count += 1
            return count

        deadline = time.monotonic() + 60
        while others() and time.monotonic() < deadline:
            time.sleep(0.05)
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(f"{others()}\n", encoding="utf-8")
        return RenderResult((path,))


class ApartRenderer(_TestRenderer):
    """Asks for a process of its own on a cluster's worker, and writes which process rendered it."""

    name: ClassVar[str] = "apart"
    suffix: ClassVar[str] = ".apart.txt"
    apart: ClassVar[bool] = True

    def render(self, doc: Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        import os

        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(f"{os.getpid()} {os.getppid()} {options.threads}\n", encoding="utf-8")
        return RenderResult((path,))
