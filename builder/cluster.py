"""A build's tasks on a Dask cluster (`handout build --cluster ADDRESS`): the same tasks, other machines.

Each task travels whole to a worker: the composed handout and everything read
for it (the source's words, the stylesheets, the fonts' and pictures' bytes,
the lexicon; see `tasks.Task`), so a worker needs Handout installed, not the
project. The worker renders into a folder of its own and sends back the files'
bytes with the result; this process, which started the build, writes them into
`output/` through a staging folder and renames them into place, exactly as a
local build does, and keeps the manifest. `output/` needs no shared file system.

A renderer that asks for it (`apart = True`: the audio, whose speech engine
runs several threads) renders in a plain child process of the worker: beside a
Dask worker's own threads (its event loop, its profiler), Piper's threads
switched about thirty times as often and took a fifth more CPU time.

Dask retries a task whose worker died (up to the scheduler's
`distributed.scheduler.allowed-failures`, 3 by default) on another worker; a
task that kills its workers every time fails with one line. Imported only when
`--cluster` is given: a local build never imports Dask.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.config import Project
from builder.errors import Finding, UsageError
from builder.report import Limits, Status, TaskResult
from builder.tasks import Task, commit, os_error_message, run_task

if TYPE_CHECKING:
    from distributed import Client

    from builder.workers import Runner

logger = logging.getLogger(__name__)

CONNECT_SECONDS = 10
WORKER_CACHE = "handout-cache"
"""Below a worker's temporary folder: its own sentence cache, kept from one task to the next."""


def connect(address: str) -> Client:
    """A client of the scheduler at `address`; UsageError (one line) if it cannot be reached."""
    try:
        from distributed import Client
    except ImportError as error:  # pragma: no cover - distributed is a dependency
        raise UsageError(
            f"--cluster needs Dask's 'distributed' package ({error}): run 'make setup'"
        ) from error
    try:
        _reachable(address)
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        if isinstance(error, OSError) and error.strerror:
            reason = error.strerror
        else:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(
            f"cannot reach the cluster's scheduler at {address} ({reason}): start one with 'dask scheduler' "
            "and give its address, such as --cluster tcp://127.0.0.1:8786"
        ) from error
    return client


def _reachable(address: str) -> None:
    """For a TCP address, OSError at once if nothing listens there (Dask itself retries until its
    time-out); other protocols are left to Dask."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("an address is tcp://HOST:PORT")
    socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()


@dataclass(frozen=True, slots=True)
class Shipped:
    """What a worker sends back: the result, and each file it wrote as (path below the article's
    output folder, bytes). A folder a renderer wrote comes as its files, under its name."""

    status: Status
    error: str
    seconds: float
    findings: tuple[Finding, ...]
    tops: tuple[str, ...]
    """The paths the renderer said it wrote, below the article's folder, in its order."""
    files: tuple[tuple[str, bytes], ...]


def render_on_worker(task: Task, project: Project, strict: bool, limits: Limits) -> Shipped:
    """What a worker does with one task: render it into a folder of its own and send the files back."""
    cache = Path(tempfile.gettempdir()) / WORKER_CACHE
    with tempfile.TemporaryDirectory(prefix="handout-task-") as folder:
        output = Path(folder)
        work = (task, project, output, strict, limits.threads, cache)
        result = in_child_process(*work) if renders_apart(task) else _render(*work)
        target = output / task.article.document.slug
        tops: list[str] = []
        files: list[tuple[str, bytes]] = []
        for path in result.files:
            tops.append(path.relative_to(target).as_posix())
            inside = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            files += [(p.relative_to(target).as_posix(), p.read_bytes()) for p in inside]
    return Shipped(result.status, result.error, result.seconds, result.findings, tuple(tops), tuple(files))


def renders_apart(task: Task) -> bool:
    """Whether the task's renderer asks to render in a process of its own on a worker (`apart`)."""
    from builder.renderers import renders_apart as declared

    try:
        return declared(task.entry_point.load())
    except Exception:  # noqa: BLE001 - a renderer that cannot be loaded fails in run_task, with its message
        return False


def _render(
    task: Task, project: Project, output: Path, strict: bool, threads: int, cache: Path
) -> TaskResult:
    return run_task(task, project=project, output_dir=output, strict=strict, threads=threads, cache_dir=cache)


CHILD = "from builder.cluster import child; child()"
"""What the child process runs: `child` reads the work from standard input."""


def in_child_process(
    task: Task, project: Project, output: Path, strict: bool, threads: int, cache: Path
) -> TaskResult:
    """`run_task` in a plain child process of this worker (the files go to `output` all the same)."""
    # The worker's sys.path first, so the work's classes (a plug-in's) are found when it is read.
    work = pickle.dumps(sys.path) + pickle.dumps((task, project, output, strict, threads, cache))
    process = subprocess.run([sys.executable, "-c", CHILD], input=work, stdout=subprocess.PIPE, check=False)
    if process.returncode == 0:
        result = pickle.loads(process.stdout)
        assert isinstance(result, TaskResult)
        return result
    doc = task.article.document
    message = (
        f"{doc.source_path}: {task.format}: the process building it on the cluster's worker stopped "
        f"unexpectedly (exit code {process.returncode}); it may need more memory than the worker has"
    )
    return TaskResult(doc.source_path, task.format, "failed", error=message)


def child() -> None:
    """The child process: the work from standard input, its TaskResult to standard output.

    It ends if the worker that started it dies (a killed worker's task is retried elsewhere).
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    result_file = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to the worker's log, not into the result
    sys.path[:] = list(dict.fromkeys([*pickle.load(sys.stdin.buffer), *sys.path]))
    result = _render(*pickle.load(sys.stdin.buffer))
    with result_file:
        result_file.write(pickle.dumps(result))


def place(shipped: Shipped, task: Task, *, project: Project, output_dir: Path) -> TaskResult:
    """Write what a worker sent into `output_dir/<slug>/`: a staging folder, then renamed into place."""
    doc = task.article.document
    if shipped.status != "built":
        return TaskResult(
            doc.source_path, task.format, shipped.status, error=shipped.error, seconds=shipped.seconds
        )
    target = output_dir / doc.slug
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{task.format}-", dir=target) as folder:
            staging = Path(folder)
            for relative, data in shipped.files:
                path = staging / relative
                if not path.resolve().is_relative_to(staging.resolve()):
                    raise OSError(f"a worker sent a file outside its folder: {relative}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            placed = tuple(commit(staging, staging / top, target) for top in shipped.tops)
    except OSError as error:
        message = (
            f"{doc.source_path}: {task.format}: {os_error_message(error, project=project, target=target)}"
        )
        return TaskResult(doc.source_path, task.format, "failed", error=message, seconds=shipped.seconds)
    return TaskResult(
        doc.source_path,
        task.format,
        "built",
        files=placed,
        seconds=shipped.seconds,
        findings=shipped.findings,
    )


def run_on_cluster(runner: Runner, tasks: list[Task], client: Client) -> None:
    """Run `tasks` on the cluster's workers, the longest articles first; place each result as it comes."""
    from distributed import as_completed

    from builder.workers import longest_first, task_limits

    cores = sum(client.nthreads().values()) or 1
    limits = task_limits(tasks, cores, runner.limits)
    futures: dict[Any, Task] = {}
    for task in longest_first(tasks, runner.project):
        key = f"handout-{task.key}-{uuid.uuid4().hex}"
        future = client.submit(
            render_on_worker, task, runner.project, runner.strict, limits, key=key, pure=False
        )
        futures[future] = task
    try:
        for future in as_completed(list(futures), loop=client.loop):
            task = futures[future]
            try:
                shipped = future.result()
            except Exception as error:  # a worker died too often, or the task could not travel
                logger.debug("the cluster lost %s", task.key, exc_info=True)
                runner.finished(_lost(task, error), task)
                continue
            finally:
                future.release()
            runner.finished(place(shipped, task, project=runner.project, output_dir=runner.output_dir), task)
    except KeyboardInterrupt:
        with contextlib.suppress(Exception):
            client.cancel(list(futures))
        raise


def _lost(task: Task, error: BaseException) -> TaskResult:
    doc = task.article.document
    if type(error).__name__ == "KilledWorker":
        why = (
            "the workers building it stopped unexpectedly, each time it was tried; it may need more memory "
            "than a worker has (see dask worker --memory-limit)"
        )
    else:
        first = str(error).splitlines()[0] if str(error) else ""
        why = f"the cluster could not run it ({type(error).__name__}: {first})"
    return TaskResult(
        doc.source_path,
        task.format,
        "failed",
        error=f"{doc.source_path}: {task.format}: {why}",
    )


def close(client: Client) -> None:
    with contextlib.suppress(Exception):
        client.close(timeout=5)
