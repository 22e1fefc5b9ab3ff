"""The `handout` command: with `builder/display.py`, the only code that prints, prompts or exits.

Exit codes: 0 everything asked for was built, 1 an article (or a format of
one) failed, 2 the command was used wrongly (unknown format, missing file),
130 the build was interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from builder import quick
from builder.config import Project
from builder.display import Display, report_json
from builder.errors import Finding, SourceError, UsageError
from builder.registry import Registry
from builder.report import Limits

if TYPE_CHECKING:

    from builder import checks

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

logger = logging.getLogger("builder")


def _formats(value: tuple[str, ...]) -> tuple[str, ...]:
    """'-f pdf,docx -f epub' -> ('pdf', 'docx', 'epub')."""
    names = [part.strip() for item in value for part in item.split(",")]
    return tuple(dict.fromkeys(name for name in names if name))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("handout"), prog_name="handout")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also say what is being done, and show details of failures."
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder, holding source/, assets/ and output/.",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool, project: Path) -> None:
    """Handout: build accessible handouts (large-print PDF, Word, EPUB, audio and more)
    from one Markdown source per article."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    ctx.obj = Project.at(project)


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    help="Formats to build, such as -f pdf,docx (default: the settings' formats).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/).",
)
@click.option("--paper", type=click.Choice(["A4", "Letter"]), help="Paper size, overriding the settings.")
@click.option(
    "--print-size", type=click.Choice(["large", "extra-large"]), help="large (18 pt) or extra-large (24 pt)."
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings as errors: an article with a warning is not built."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="How many articles and formats to build at once.",
)
@click.option("--force", is_flag=True, help="Build everything again, even what is up to date.")
@click.option("--clean", is_flag=True, help="Remove the outputs of articles that are no longer in source/.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON on standard output.")
@click.option(
    "--task-timeout",
    type=click.IntRange(min=0),
    default=Limits().seconds,
    show_default=True,
    help="Seconds one article may take in one format (0: no limit).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    default=Limits().memory_mb,
    show_default=True,
    help="Megabytes of memory each worker may use (0: no limit).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Build on the workers of a Dask cluster, such as --cluster tcp://10.0.0.5:8786 (see README).",
)
@click.pass_obj
def build_command(
    project: Project,
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    paper: str | None,
    print_size: str | None,
    strict: bool,
    jobs: int,
    force: bool,
    clean: bool,
    as_json: bool,
    task_timeout: int,
    memory_limit: int,
    cluster: str | None,
) -> None:
    """Build articles (default: every article in source/) into output/<article>/."""
    registry = Registry.discover()
    articles = [project.root / p if not p.is_absolute() else p for p in paths] or project.articles()
    missing = [typed for typed, p in zip(paths, articles, strict=False) if not p.is_file()]
    if missing:
        _usage(f"{missing[0]}: no such article: give the path of a .md file, such as source/my-article.md")
    if not articles:
        _usage(
            f"{project.relative(project.source_dir)}/ has no articles: write one with "
            "'handout new my-article' (or start a project with 'handout init')"
        )
    overrides = {"paper": paper, "print_size": print_size}
    display = Display(project, live=sys.stderr.isatty() and logger.level <= logging.INFO)
    output_dir = output.resolve() if output else project.output_dir  # as typed, from here
    asked = {k: v for k, v in overrides.items() if v}
    try:
        registry.check_names(_formats(formats))
        # Nothing changed since the last complete build: answered without reading an article.
        report = (
            None
            if force
            else quick.up_to_date(
                project,
                articles,
                output_dir=output_dir,
                entry_points=registry.entry_points,
                formats=_formats(formats),
                overrides=asked,
                strict=strict,
                clean=clean,
                listener=display,
            )
        )
        if report is None:
            from builder.pipeline import build

            with display:
                report = build(
                    articles,
                    project=project,
                    output_dir=output_dir,
                    registry=registry,
                    formats=_formats(formats),
                    overrides=asked,
                    strict=strict,
                    force=force,
                    clean=clean,
                    jobs=jobs,
                    limits=Limits(seconds=task_timeout, memory_mb=memory_limit),
                    listener=display,
                    fast=False,
                    cluster=cluster,
                )
    except UsageError as error:
        _usage(str(error))
    display.summary(report)
    if as_json:
        click.echo(json.dumps(report_json(report, project), indent=2))
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if not report.ok:
        sys.exit(EXIT_FAILED)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat every finding as an error (exit code 1 if there is one).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores and findings as JSON on standard output."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the review as a large-print web page, such as --report review.html.",
)
@click.pass_obj
def check_command(
    project: Project, paths: tuple[Path, ...], strict: bool, as_json: bool, report: Path | None
) -> None:
    """Review articles (default: every article in source/) for plain language, before printing."""
    from builder import check_report
    from builder.config import load_settings
    from builder.pipeline import review_file

    articles = _articles(project, paths)
    today = dt.date.today()
    reviews: list[checks.Review] = []
    errors: list[str] = []
    try:
        settings = load_settings(project)
    except SourceError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    for path in articles:
        try:
            reviews.append(review_file(path, project=project, settings=settings, today=today))
        except SourceError as problem:
            errors.append(str(problem))
    if as_json:
        click.echo(json.dumps(_check_json(reviews, errors, strict=strict), indent=2, ensure_ascii=False))
    else:
        for message in errors:
            click.echo(f"error: {message}", err=True)
        for review in reviews:
            click.echo(_scores_line(review))
            for finding in review.findings:
                click.echo(f"  {_severity(finding, strict=strict)}: {finding}")
    if report:
        try:
            css = project.read_asset("handout.css")  # the project's own, else Handout's
        except SourceError as error:
            click.echo(f"warning: {error}; the report uses its own plain style", err=True)
            css = ""
        html = check_report.report_html(reviews, css=css, errors=errors, strict=strict, today=today)
        report.write_text(html, encoding="utf-8")
        logger.info("wrote %s", report)
    if errors or (strict and any(r.findings for r in reviews)):
        sys.exit(EXIT_FAILED)


def _severity(finding: Finding, *, strict: bool) -> str:
    """error under --strict; warning for what builds warn about too; advice for the rest."""
    from builder.checks import CheckFinding

    if strict:
        return "error"
    return "advice" if isinstance(finding, CheckFinding) and not finding.at_build else "warning"


def _scores_line(review: checks.Review) -> str:
    s = review.scores
    parts = [f"{s.words} words", f"{s.sentences} sentences"]
    if s.flesch_kincaid_grade is not None and s.smog_index is not None:
        parts.insert(0, f"grade {s.flesch_kincaid_grade:.1f} (Flesch-Kincaid), {s.smog_index:.1f} (SMOG)")
    parts += [f"{name.replace('_', ' ')} {value:.1f}" for name, value in s.language_scores]
    if s.passive_percent is not None:
        parts.append(f"{s.passive_percent:.0f} % passive")
    count = len(review.findings)
    parts.append(f"{count} finding{'s' if count != 1 else ''}")
    return f"{review.path}: {', '.join(parts)}"


def _check_json(reviews: list[checks.Review], errors: list[str], *, strict: bool) -> dict[str, object]:
    from builder.checks import CheckFinding

    def finding(f: Finding) -> dict[str, object]:
        return {
            "line": f.location.line,
            "rule": f.rule if isinstance(f, CheckFinding) else "source",
            "severity": _severity(f, strict=strict),
            "message": f.message,
            "sentence": (f.sentence if isinstance(f, CheckFinding) else "") or None,
        }

    return {
        "ok": not errors and not (strict and any(r.findings for r in reviews)),
        "articles": [
            {
                "source": str(r.path),
                "title": r.title,
                "lang": r.lang,
                "scores": r.scores.as_dict(),
                "findings": [finding(f) for f in r.findings],
            }
            for r in reviews
        ],
        "errors": errors,
    }


def _articles(project: Project, paths: tuple[Path, ...]) -> list[Path]:
    """The articles named on the command line, or every article in source/; a usage error if none."""
    articles = [project.root / p if not p.is_absolute() else p for p in paths] or project.articles()
    missing = [p for p in articles if not p.is_file()]
    if missing:
        _usage(f"{missing[0]}: no such article: give the path of a .md file, such as source/my-article.md")
    if not articles:
        _usage(f"{project.source_dir} has no articles: write one with 'handout new my-article'")
    return articles


@main.command("formats")
def formats_command() -> None:
    """List the formats and whether each can be built on this machine."""
    registry = Registry.discover()
    width = max((len(name) for name in registry.names()), default=8)
    for name in registry.names():
        state = registry.availability(name)
        if state == "available":
            state += f" - {registry.load(name).description}"
        click.echo(f"{name:<{width}} {state}")


@main.command("new")
@click.argument("slug")
@click.option("--title", help="The article's title (default: made from SLUG).")
@click.pass_obj
def new_command(project: Project, slug: str, title: str | None) -> None:
    """Write a new article, source/SLUG.md, from a template to fill in."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        _usage(
            f"'{slug}' cannot be an article name: use lower-case letters, digits and hyphens, "
            "such as living-with-als"
        )
    path = project.source_dir / f"{slug}.md"
    if path.exists():
        _usage(f"{project.relative(path)} already exists: choose another name or edit that file")
    template = resources.files("builder.templates").joinpath("article.md").read_text("utf-8")
    heading = title or slug.replace("-", " ").capitalize()
    text = template.format(title=heading.replace('"', "'"), today=dt.date.today().isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:
        file.write(text)
    click.echo(
        f"wrote {project.relative(path)}: fill it in, then run 'handout build {project.relative(path)}'"
    )


EXAMPLE_ARTICLE = "getting-ready-for-your-visit.md"

_INIT_FILES: tuple[tuple[str, str], ...] = (
    ("source/handout.yaml", "handout.yaml"),
    (f"source/{EXAMPLE_ARTICLE}", "example.md"),
    ("assets/README", "assets-README.txt"),
)
"""What `handout init` writes: (path in the project, template in builder/templates)."""


@main.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def init_command(project: Project, folder: Path | None) -> None:
    """Start a clinic's project in FOLDER (default: the project folder): settings, an example, assets/.

    Never overwrites a file: what is already there is kept.
    """
    root = folder if folder is not None else project.root
    shown = folder if folder is not None else Path()
    templates = resources.files("builder.templates")
    has_articles = any((root / "source").glob("*.md"))
    for relative, template in _INIT_FILES:
        path = root / relative
        where = (shown / relative).as_posix()
        if relative.endswith(EXAMPLE_ARTICLE) and has_articles:
            click.echo(f"skipped {where}: source/ already has articles")
            continue
        text = templates.joinpath(template).read_text("utf-8")
        if template.endswith(".md"):
            text = text.replace("{today}", dt.date.today().isoformat())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError:
            click.echo(f"kept {where}: it is already there")
            continue
        except OSError as error:
            _usage(f"cannot write {where} ({error.strerror}): choose a folder you can write to")
        click.echo(f"wrote {where}")
    step = f"cd {shown.as_posix()} && handout build" if folder is not None else "handout build"
    click.echo(f"next: fill in source/handout.yaml, then run '{step}'")


def _usage(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)
