"""Batch builds: parallel, incremental, bounded, and safe to kill at any moment."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.manifest import MANIFEST_NAME

FORMATS = "html,txt,docx,epub,script"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)


def json_report(result) -> dict:
    text = result.output
    return json.loads(text[text.index("{\n") :])


@pytest.mark.slow
def test_build_parallel_and_serial_give_identical_outputs(corpus_project):
    serial = run(
        corpus_project, "-q", "build", "-f", FORMATS, "--jobs", "1", "-o", str(corpus_project.root / "one")
    )
    parallel = run(
        corpus_project, "-q", "build", "-f", FORMATS, "--jobs", "2", "-o", str(corpus_project.root / "two")
    )
    assert serial.exit_code == parallel.exit_code == 0, parallel.output
    one, two = files_of(corpus_project.root / "one"), files_of(corpus_project.root / "two")
    assert len(one) == 9 * 5
    assert one == two


def test_build_noop_rebuild_builds_nothing(project):
    first = run(project, "build", "-f", "html,txt,docx", "--json")
    assert first.exit_code == 0
    target = project.root / "output" / "mesenchymal-stem-cells-als"
    times = {p.name: p.stat().st_mtime_ns for p in target.iterdir()}
    again = run(project, "build", "-f", "html,txt,docx", "--json")
    report = json_report(again)
    assert {r["status"] for r in report["results"] if r["format"]} == {"unchanged"}
    assert "built 0 files; 3 up to date" in again.output
    assert {p.name: p.stat().st_mtime_ns for p in target.iterdir()} == times


def test_build_rebuilds_the_script_when_the_way_it_is_made_changes(project, monkeypatch):
    # The speech renderers' versions are in their fingerprint: new spoken words remake the outputs.
    from builder.speech import script

    assert run(project, "build", "-f", "script,txt").exit_code == 0
    monkeypatch.setattr(script, "SCRIPT_VERSION", script.SCRIPT_VERSION + 1)
    # A new version is a change to Handout's code, which the no-op fast path sees (tests/test_quick.py):
    # past it, the full check must find that only the script changed.
    monkeypatch.setattr("builder.quick.code_fingerprint", lambda: "a new version of the speech script")
    report = json_report(run(project, "build", "-f", "script,txt", "--json"))
    status = {r["format"]: r["status"] for r in report["results"] if r["format"]}
    assert status == {"script": "built", "txt": "unchanged"}


def test_audio_fingerprint_names_the_script_and_synthesis_versions():
    from builder.renderers.audio import AudioRenderer
    from builder.speech.recording import SYNTHESIS_VERSION
    from builder.speech.script import SCRIPT_VERSION

    assert AudioRenderer.fingerprint(None) == f"speech script {SCRIPT_VERSION}, synthesis {SYNTHESIS_VERSION}"


def test_build_edit_rebuilds_only_that_article(project, write_article):
    write_article("other.md", "---\ntitle: Other\n---\nFirst paragraph.\n\nSecond paragraph.\n")
    assert run(project, "build", "-f", "html,txt").exit_code == 0
    path = project.source_dir / "other.md"
    path.write_text(path.read_text().replace("Second paragraph.", "Second paragraph, edited."))
    report = json_report(run(project, "build", "-f", "html,txt", "--json"))
    built = {
        (Path(r["source"]).stem, r["format"])
        for r in report["results"]
        if r["status"] == "built" and r["format"]
    }
    assert built == {("other", "html"), ("other", "txt")}
    assert "edited" in (project.root / "output" / "other" / "other.txt").read_text()


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.settings_path.write_text(p.settings_path.read_text().replace("555-0100", "555-0199")),
        lambda p: (p.assets_dir / "handout.css").write_text(p.asset("handout.css").read_text() + "\n"),
        lambda p: (p.assets_dir / "README").write_text("edited\n"),
    ],
    ids=["clinic-settings", "asset-override", "asset-folder"],
)
def test_build_shared_input_change_rebuilds_everything(project, change):
    assert run(project, "build", "-f", "html,txt").exit_code == 0
    change(project)
    report = json_report(run(project, "build", "-f", "html,txt", "--json"))
    assert {r["status"] for r in report["results"] if r["format"]} == {"built"}


def test_build_force_rebuilds_everything(project):
    assert run(project, "build", "-f", "txt").exit_code == 0
    report = json_report(run(project, "build", "-f", "txt", "--force", "--json"))
    assert [r["status"] for r in report["results"] if r["format"]] == ["built"]


def test_build_rebuilds_a_deleted_or_damaged_output(project):
    assert run(project, "build", "-f", "txt").exit_code == 0
    target = project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt"
    target.write_text("truncated")
    assert run(project, "build", "-f", "txt").exit_code == 0
    assert target.read_text().startswith("Example ALS Clinic")
    (project.root / "output" / MANIFEST_NAME).write_text("{ not json")
    again = run(project, "build", "-f", "txt")
    assert "is damaged; everything will be built again" in again.output
    assert "built 1 file" in again.output


def test_build_reports_and_cleans_outputs_of_deleted_articles(project, write_article):
    path = write_article("gone.md", "---\ntitle: Gone\n---\nText.\n")
    assert run(project, "build", "-f", "html,txt").exit_code == 0
    path.unlink()
    kept = run(project, "build", "-f", "html,txt")
    assert (
        "warning: output/gone/gone.html is left from an article no longer in source/: --clean removes it"
        in kept.output
    )
    assert (project.root / "output" / "gone" / "gone.html").exists()
    cleaned = run(project, "build", "-f", "html,txt", "--clean")
    assert "removed output/gone/gone.txt" in cleaned.output
    assert not (project.root / "output" / "gone").exists()
    assert (project.root / "output" / "mesenchymal-stem-cells-als").exists()


def test_build_one_bad_article_among_good_ones(project, write_article):
    for n in range(4):
        write_article(f"good-{n}.md", f"---\ntitle: Good {n}\n---\nText {n}.\n")
    write_article("bad.md", "---\ntitle: [unclosed\n---\nText\n")
    result = run(project, "build", "-f", "html,docx", "--jobs", "2")
    assert result.exit_code == 1
    assert "error: source/bad.md:3: the front matter is not valid YAML" in result.output
    built = sorted(p.name for p in (project.root / "output").glob("*/*.*"))
    assert len(built) == 5 * 2
    assert not (project.root / "output" / "bad").exists()


def test_build_task_time_limit_fails_clearly(plugin_on_path, project):
    result = run(project, "build", "-f", "sleepy,txt", "--task-timeout", "1", "--jobs", "2")
    assert result.exit_code == 1
    assert (
        "error: source/mesenchymal-stem-cells-als.md: sleepy: it took longer than the limit of 1 s "
        "(raise it with --task-timeout)" in result.output
    )
    assert (
        project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt"
    ).exists()


def test_build_memory_limit_fails_clearly(plugin_on_path, project):
    result = run(project, "build", "-f", "greedy,txt", "--memory-limit", "1024", "--jobs", "1")
    assert result.exit_code == 1
    assert "greedy: it ran out of memory (raise the limit with --memory-limit)" in result.output
    assert (
        project.root / "output" / "mesenchymal-stem-cells-als" / "mesenchymal-stem-cells-als.txt"
    ).exists()


def _start_build(project, jobs: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent / "plugins")}
    command = [
        sys.executable,
        "-m",
        "builder",
        "--project",
        str(project.root),
        "build",
        "-f",
        "slow",
        "-j",
        str(jobs),
    ]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def _first_progress_line(process: subprocess.Popen[bytes], timeout: float = 120) -> str:
    """Wait until the build reports its first finished task on standard error; what it printed until then."""
    assert process.stderr is not None
    seen = ""
    while True:  # warnings about the articles come first
        ready, _, _ = select.select([process.stderr], [], [], timeout)
        assert ready, f"the build reported no finished task: {seen}"
        line = process.stderr.readline().decode()
        assert line, f"the build ended before a task finished: {seen}"
        seen += line
        if "built" in line:
            return seen


def _many_articles(project, write_article, count: int = 8) -> None:
    for n in range(count):
        write_article(f"article-{n}.md", f"---\ntitle: Article {n}\n---\nText {n}.\n")


def _assert_complete(project) -> int:
    from handout_testkit import END

    outputs = list((project.root / "output").glob("*/*.slow.txt"))
    for path in outputs:
        assert path.read_bytes().endswith(END), f"{path} is truncated"
    return len(outputs)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.6, 1.3, 2.1])
def test_build_killed_at_any_moment_leaves_no_truncated_file(plugin_on_path, project, write_article, delay):
    _many_articles(project, write_article)
    process = _start_build(project, jobs=2)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    _assert_complete(project)
    again = run(project, "build", "-f", "slow", "--jobs", "2")
    assert again.exit_code == 0, again.output
    assert _assert_complete(project) == 9
    leftovers = [p for p in (project.root / "output").rglob(".slow-*")]
    assert leftovers == []


@pytest.mark.slow
def test_build_ctrl_c_stops_cleanly_with_a_summary(plugin_on_path, project, write_article):
    _many_articles(project, write_article)
    process = _start_build(project, jobs=2)
    first = _first_progress_line(process)  # Ctrl-C while tasks run, however slow the start-up
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    text = first + stderr.decode()
    assert "error: the build was interrupted; finished outputs are complete, the rest were not built" in text
    assert "built " in text.splitlines()[-1]
    _assert_complete(project)


def test_stopping_the_workers_never_waits_on_a_task_still_being_handed_over():
    # The race behind a Ctrl-C that once hung a build: a task larger than a pipe holds is still being
    # written to a slot whose process has not read it yet, while a later slot's process (forked from
    # the build, so holding that pipe too) is alive. Ending the first slot alone left the write, and
    # its shutdown, waiting for ever.
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from builder.workers import _stop_workers

    starting = ProcessPoolExecutor(max_workers=1, initializer=time.sleep, initargs=(120,))
    starting.submit(len, b"x" * (4 * 1024 * 1024))
    busy = ProcessPoolExecutor(max_workers=1)
    busy.submit(time.sleep, 120)
    stopper = threading.Thread(target=_stop_workers, args=([starting, busy],), daemon=True)
    stopper.start()
    stopper.join(timeout=60)
    stuck = stopper.is_alive()
    if stuck:
        for executor in (starting, busy):
            for process in (getattr(executor, "_processes", None) or {}).values():
                process.kill()
    assert not stuck, "stopping the workers waited on a task still being handed over"


def _threads_and_start(project, slug: str) -> tuple[int, int]:
    threads, started = (project.root / "output" / slug / f"{slug}.threads.txt").read_text().split()
    return int(threads), int(started)


def test_build_one_article_shares_the_workers_among_its_tasks(plugin_on_path, project):
    assert run(project, "build", "-f", "threads,txt", "--jobs", "2").exit_code == 0
    assert _threads_and_start(project, "mesenchymal-stem-cells-als")[0] == 2


def test_build_batch_gives_one_thread_per_worker_and_starts_the_longest_article_first(
    plugin_on_path, project, write_article
):
    # In name order the short one comes first and the long one last: the build starts them the other way.
    write_article("a-short.md", "---\ntitle: Short\n---\nText.\n")
    write_article("z-long.md", "---\ntitle: Long\n---\n" + "A sentence of text. " * 2000 + "\n")
    assert run(project, "build", "-f", "threads", "--jobs", "1").exit_code == 0
    slugs = ("a-short", "mesenchymal-stem-cells-als", "z-long")
    seen = {slug: _threads_and_start(project, slug) for slug in slugs}
    assert {threads for threads, _ in seen.values()} == {1}
    assert sorted(slugs, key=lambda slug: seen[slug][1]) == [
        "z-long",
        "mesenchymal-stem-cells-als",
        "a-short",
    ]
    two = run(project, "build", "-f", "threads", "--jobs", "2", "--force")
    assert two.exit_code == 0
    assert {_threads_and_start(project, slug)[0] for slug in slugs} == {1}  # three articles, two workers


def test_build_ends_a_worker_once_nothing_is_left_for_it(plugin_on_path, project):
    # The quick txt task's worker has nothing more to do while the other still runs: its process ends
    # (before, it stayed alive, holding its memory, until the slowest task of the wave was done).
    assert run(project, "build", "-f", "alone,txt", "--jobs", "2").exit_code == 0
    slug = "mesenchymal-stem-cells-als"
    assert (project.root / "output" / slug / f"{slug}.alone.txt").read_text() == "0\n"
    assert (project.root / "output" / slug / f"{slug}.txt").is_file()
