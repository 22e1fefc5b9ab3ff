"""Running a build's tasks: in this process, or in a pool of worker processes bounded in time and memory.

One failing task never stops the others. A worker that dies (killed by the
memory limit, a crash in a library) is replaced and its task retried once,
alone; Ctrl-C stops every worker, leaving unfinished files in their staging
folders, never in place.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from builder.config import Project
from builder.manifest import Manifest
from builder.report import BuildListener, Limits
from builder.tasks import Task, TaskResult, run_task, time_limit

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor  # imported when used: a no-op build starts no pool

__all__ = ["BuildListener", "Limits", "Runner"]

_SAVE_EVERY: Final = 5.0
"""Seconds between manifest saves during a build (and once at the end, however it ends)."""


@dataclass
class Runner:
    """Runs the planned tasks, records each result in the manifest and tells the listener."""

    project: Project
    output_dir: Path
    strict: bool
    limits: Limits
    manifest: Manifest
    results: list[TaskResult]
    listener: BuildListener | None
    last_save: float = field(default_factory=time.monotonic)

    def finished(self, result: TaskResult, task: Task) -> None:
        if result.status == "built":
            self.manifest.record(
                task.key,
                source=str(task.article.document.source_path),
                format_name=task.format,
                inputs=task.inputs,
                files=result.files,
                findings=result.findings,
            )
        self.results.append(result)
        if self.listener:
            self.listener.finished(result)
        if time.monotonic() - self.last_save > _SAVE_EVERY:
            self.manifest.save()
            self.last_save = time.monotonic()

    def serially(self, tasks: list[Task]) -> None:
        """Run every task in this process, one after the other."""
        for task in tasks:
            with time_limit(self.limits.seconds):
                result = run_task(
                    task, project=self.project, output_dir=self.output_dir, strict=self.strict, threads=0
                )
            self.finished(result, task)

    def in_pool(self, tasks: list[Task], jobs: int) -> None:
        """Run tasks in `jobs` worker processes, at most `jobs` at a time, so a dead worker's task is known.

        Each worker is a pool of one process (a slot). Once no task is left to
        start, a slot with nothing to do ends its process, so the memory it kept
        (WeasyPrint's fonts, the libraries it imported) is freed while the others
        finish (the audio, long after the documents). A worker that dies (killed
        by the memory limit, a crash in a library) takes only its own task with
        it: that task is retried once, alone, in a new process; a task that kills
        its worker again fails with a clear message.
        """
        from concurrent.futures.process import BrokenProcessPool

        pending = deque(longest_first(tasks, self.project))
        retried: set[str] = set()
        limits = task_limits(tasks, jobs, self.limits)
        slots: list[ProcessPoolExecutor | None] = [None] * jobs
        inflight: dict[Future[TaskResult], tuple[Task, int]] = {}
        try:
            while pending or inflight:
                while pending and len(inflight) < jobs:
                    if pending[0].key in retried and inflight:
                        break  # a retried task runs alone
                    task = pending.popleft()
                    busy = {slot for _, slot in inflight.values()}
                    slot = next(index for index in range(jobs) if index not in busy)
                    executor = slots[slot] or _new_pool(self.limits)
                    slots[slot] = executor
                    work = (task, self.project, self.output_dir, self.strict, limits)
                    inflight[executor.submit(_work, *work)] = (task, slot)
                    if task.key in retried:
                        break
                if not pending:
                    _end_idle(slots, {slot for _, slot in inflight.values()})
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    task, slot = inflight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = slots[slot]
                        slots[slot] = None
                        if broken is not None:
                            broken.shutdown(wait=True, cancel_futures=True)
                        if task.key in retried:
                            self.finished(_worker_died(task, self.limits), task)
                        else:
                            retried.add(task.key)
                            pending.appendleft(task)
                        continue
                    self.finished(result, task)
        except KeyboardInterrupt:
            _stop_workers([running for running in slots if running is not None])
            raise
        _end_idle(slots, set())


def _end_idle(slots: list[ProcessPoolExecutor | None], busy: set[int]) -> None:
    """End the process of every slot not in `busy` (it is started again if a task needs it)."""
    for index, executor in enumerate(slots):
        if executor is not None and index not in busy:
            executor.shutdown(wait=True)
            slots[index] = None


def longest_first(tasks: list[Task], project: Project) -> list[Task]:
    """The tasks of the longest articles first, each article's in its order (the longest task starting
    last would keep one worker busy alone at the end of a batch)."""

    def size(task: Task) -> int:
        try:
            return (project.root / task.article.document.source_path).stat().st_size
        except OSError:
            return 0

    return sorted(tasks, key=size, reverse=True)


def task_limits(tasks: list[Task], jobs: int, limits: Limits) -> Limits:
    """The limits each task gets: the cores shared among the articles being built.

    In a batch every worker's engine gets `limits.threads` (one); when fewer
    articles than workers are built, each article's tasks may use its share of
    the workers (one article on two cores: its audio speaks two sentences at
    once, while its documents are built beside it and after they are done).
    """
    articles = len({task.article.document.slug for task in tasks})
    return replace(limits, threads=max(limits.threads, jobs // max(1, articles)))


def _new_pool(limits: Limits) -> ProcessPoolExecutor:
    """One worker process (a slot of `Runner.in_pool`)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, initializer=_start_worker, initargs=(limits,))


def _stop_workers(executors: list[ProcessPoolExecutor]) -> None:
    """End every worker now (Ctrl-C): their unfinished files stay in staging folders, never in place.

    Every slot's process is ended before any slot is shut down. A slot's
    process is forked from this one, so it holds the pipes of the slots made
    before it; while it lives, a task still being written to another slot's
    ended process would block that slot's shutdown for ever.
    """
    for executor in executors:
        processes = getattr(executor, "_processes", None) or {}  # no public API before Python 3.14
        for process in list(processes.values()):
            process.terminate()
    for executor in executors:
        executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(limits: Limits) -> None:
    """Set up a worker process: Ctrl-C is the main process's job; bound memory and threads."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limits.memory_mb > 0:
        size = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(limits.threads)


def _work(task: Task, project: Project, output_dir: Path, strict: bool, limits: Limits) -> TaskResult:
    """What a worker process does with one task."""
    with time_limit(limits.seconds):
        return run_task(task, project=project, output_dir=output_dir, strict=strict, threads=limits.threads)


def _worker_died(task: Task, limits: Limits) -> TaskResult:
    doc = task.article.document
    if limits.memory_mb > 0:
        hint = f"it may need more than the {limits.memory_mb} MB memory limit (raise it with --memory-limit)"
    else:
        hint = "the machine may have run out of memory (build fewer at once with --jobs)"
    message = f"{doc.source_path}: {task.format}: the worker building it stopped unexpectedly, twice; {hint}"
    return TaskResult(doc.source_path, task.format, "failed", error=message)
