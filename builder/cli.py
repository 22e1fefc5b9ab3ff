"""The `handout` command: the only module that prints, prompts or exits.

Exit codes: 0 everything asked for was built, 1 an article (or a format of
one) failed, 2 the command was used wrongly (unknown format, missing file).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import click

from builder.config import Project
from builder.errors import UsageError
from builder.pipeline import BuildReport, build
from builder.registry import Registry

EXIT_FAILED = 1
EXIT_USAGE = 2

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
@click.pass_obj
def build_command(
    project: Project,
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    paper: str | None,
    print_size: str | None,
    strict: bool,
) -> None:
    """Build articles (default: every article in source/) into output/<article>/."""
    registry = Registry.discover()
    articles = [project.root / p if not p.is_absolute() else p for p in paths] or project.articles()
    missing = [p for p in articles if not p.is_file()]
    if missing:
        _usage(f"{missing[0]}: no such article: give the path of a .md file, such as source/my-article.md")
    if not articles:
        _usage(f"{project.source_dir} has no articles: write one with 'handout new my-article'")
    overrides = {"paper": paper, "print_size": print_size}
    try:
        report = build(
            articles,
            project=project,
            output_dir=output or project.root / "output",
            registry=registry,
            formats=_formats(formats),
            overrides={k: v for k, v in overrides.items() if v},
            strict=strict,
        )
    except UsageError as error:
        _usage(str(error))
    _print_report(report, project)
    if not report.ok:
        sys.exit(EXIT_FAILED)


def _print_report(report: BuildReport, project: Project) -> None:
    for finding in report.findings:
        logger.warning("warning: %s", finding)
    for result in report.results:
        if result.status == "failed":
            logger.error("error: %s", result.error)
        elif result.format:
            for path in result.files:
                logger.debug("built %s", project.relative(path))
    built = [r for r in report.results if r.format and r.status == "built"]
    files = sum(len(r.files) for r in built)
    failed = len(report.failed)
    summary = f"built {files} file{'s' if files != 1 else ''}"
    if failed:
        summary += f"; {failed} failed"
    if report.findings:
        count = len(report.findings)
        summary += f"; {count} warning{'s' if count != 1 else ''}"
    logger.info(summary)


@main.command("formats")
def formats_command() -> None:
    """List the formats and whether each can be built on this machine."""
    registry = Registry.discover()
    for name in registry.names():
        state = registry.availability(name)
        try:
            description = registry.load(name).description
        except Exception:  # noqa: BLE001 - a broken plug-in is reported by availability()
            description = ""
        click.echo(
            f"{name:<8} {state}" + (f" - {description}" if description and state == "available" else "")
        )


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


def _usage(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)
