"""`handout build --cluster`: the same tasks on a real Dask scheduler and two worker processes on
127.0.0.1; the files come back to the building process, which writes them and the manifest."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import Registry, build
from builder.cli import main
from builder.manifest import MANIFEST_NAME

PLUGINS = Path(__file__).parent / "plugins"
FORMATS = "html,txt,docx,epub"
SLUG = "mesenchymal-stem-cells-als"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME and ".cache" not in p.parts
    }


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler and two single-threaded worker processes on 127.0.0.1; its address."""
    from distributed import LocalCluster

    # Worker processes start with this process's sys.path (multiprocessing's spawn), so they find the
    # test plug-ins as an installed plug-in would be found on a real worker.
    sys.path.insert(0, str(PLUGINS))
    for name in ("distributed", "distributed.nanny", "distributed.worker", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        with LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            yield cluster.scheduler_address
    finally:
        sys.path.remove(str(PLUGINS))


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)


def statuses(result) -> dict[str, str]:
    report = json.loads(result.output[result.output.index("{\n") :])
    return {r["format"]: r["status"] for r in report["results"] if r["format"]}


@pytest.mark.slow
def test_a_cluster_build_gives_the_same_bytes_as_a_local_build(scheduler, project):
    local_dir, remote_dir = str(project.root / "local"), str(project.root / "remote")
    local = run(project, "build", "-f", FORMATS, "-o", local_dir, "--json")
    assert local.exit_code == 0, local.output
    remote = run(project, "build", "-f", FORMATS, "-o", remote_dir, "--cluster", scheduler, "--json")
    assert remote.exit_code == 0, remote.output
    assert statuses(remote) == {name: "built" for name in FORMATS.split(",")}
    here, there = files_of(project.root / "local"), files_of(project.root / "remote")
    assert sorted(there) == sorted(here) and len(there) == 4
    assert there == here
    # The manifest was written here, and a rebuild (on the cluster or not) builds nothing.
    manifest = json.loads((project.root / "remote" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["artifacts"]) == sorted(f"{SLUG}/{name}" for name in FORMATS.split(","))
    again = run(project, "build", "-f", FORMATS, "-o", remote_dir, "--cluster", scheduler, "--json")
    assert set(statuses(again).values()) == {"unchanged"}
    # No staging folder is left behind.
    assert not [p for p in (project.root / "remote").rglob(".*-*") if p.is_dir()]


@pytest.mark.slow
def test_a_worker_killed_mid_task_is_retried_elsewhere(scheduler, plugin_on_path, project, write_article):
    from distributed import Client
    from handout_testkit import END

    for n in range(6):
        write_article(f"article-{n}.md", f"---\ntitle: Article {n}\n---\nText {n}.\n")
    outcome = {}

    def building() -> None:
        outcome["report"] = build(
            project.articles(),
            project=project,
            output_dir=project.root / "output",
            registry=Registry.discover(),
            formats=("slow",),
            cluster=scheduler,
        )

    with Client(scheduler, set_as_default=False) as client:
        pids = client.run(os.getpid)
        thread = threading.Thread(target=building)
        thread.start()
        deadline = time.monotonic() + 120
        busy: list[str] = []
        while not busy and time.monotonic() < deadline:  # a worker is in the middle of a task
            busy = [worker for worker, keys in client.processing().items() if keys]
            time.sleep(0.05)
        assert busy, "no task started on the cluster"
        time.sleep(0.3)
        os.kill(pids[busy[0]], signal.SIGKILL)
        thread.join(timeout=300)
    assert not thread.is_alive()
    report = outcome["report"]
    assert report.ok, [r.error for r in report.failed]
    built = [r for r in report.results if r.format == "slow"]
    assert len(built) == 7 and {r.status for r in built} == {"built"}
    outputs = sorted((project.root / "output").glob("*/*.slow.txt"))
    assert len(outputs) == 7
    for path in outputs:
        assert path.read_bytes().endswith(END), f"{path} is truncated"


def test_an_unreachable_scheduler_is_one_line_and_exit_2(project):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "--project",
            str(project.root),
            "build",
            "-f",
            "txt",
            "--cluster",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: cannot reach the cluster's scheduler at tcp://127.0.0.1:9 (Connection refused): start one "
        "with 'dask scheduler' and give its address, such as --cluster tcp://127.0.0.1:8786"
    ]
    assert not (project.root / "output").exists()


def test_a_local_build_never_imports_dask(project):
    probe = (
        "import sys\n"
        "from builder.cli import main\n"
        "try:\n"
        f"    main(['--project', {str(project.root)!r}, 'build', '-f', 'txt', '-j', '2'])\n"
        "except SystemExit as end:\n"
        "    print('EXIT', end.code, sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert "EXIT 0 []" in result.stdout, result.stdout + result.stderr
    assert (project.root / "output" / SLUG / f"{SLUG}.txt").is_file()


def test_a_renderer_that_asks_renders_in_a_child_process_of_its_worker(scheduler, plugin_on_path, project):
    from distributed import Client

    with Client(scheduler, set_as_default=False) as client:
        workers = set(client.run(os.getpid).values())
    report = build(
        project.articles(),
        project=project,
        output_dir=project.root / "output",
        registry=Registry.discover(),
        formats=("apart", "txt"),
        cluster=scheduler,
    )
    assert report.ok, [r.error for r in report.failed]
    pid, parent, threads = (project.root / "output" / SLUG / f"{SLUG}.apart.txt").read_text().split()
    assert int(parent) in workers and int(pid) not in workers
    assert threads == "2"  # the only article: its tasks share both workers (`workers.task_limits`)
    assert (project.root / "output" / SLUG / f"{SLUG}.txt").is_file()


@pytest.mark.slow
def test_the_audio_spoken_on_a_cluster_is_the_same_bytes_as_a_local_build(scheduler, project, write_article):
    # eSpeak NG speaks the same samples every time (Piper's voices draw random noise: no two builds
    # that synthesise are the same); the audio renders in a child process of the worker all the same.
    (project.source_dir / f"{SLUG}.md").unlink()
    front = "title: Short\nlang: en-US\nspeech_engine: espeak"
    write_article("short.md", f"---\n{front}\n---\nWash your hands. Then dry them.\n")
    local_dir, remote_dir = str(project.root / "local"), str(project.root / "remote")
    local = run(project, "build", "-f", "mp3", "-o", local_dir, "--json")
    assert local.exit_code == 0, local.output
    remote = run(project, "build", "-f", "mp3", "-o", remote_dir, "--cluster", scheduler, "--json")
    assert remote.exit_code == 0, remote.output
    here, there = files_of(project.root / "local"), files_of(project.root / "remote")
    assert sorted(there) == ["short/short.mp3", "short/short.vtt"]
    assert there == here
