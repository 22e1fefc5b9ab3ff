"""The review as a web page for a reviewer: scores and findings per article, in large print.

One standalone HTML file in the handouts' own style (`assets/handout.css`,
Atkinson Hyperlegible embedded), so the person who signs a handout off reads
the review the way patients read the handout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Final

from builder.checks import CheckFinding, Review, quote
from builder.errors import Finding
from builder.fonts import font_face_css, load_fonts
from builder.renderers.html import font_data_url

RULE_NAMES: Final = {
    "reading-grade": "Reading grade",
    "long-sentence": "Long sentence",
    "long-paragraph": "Long paragraph",
    "passive": "Passive voice",
    "rare-word": "Word to explain",
    "number": "Number",
    "vague-heading": "Heading",
    "summary": "Summary",
    "call-to-action": "Call to action",
    "reviewed": "Review date",
    "picture": "Picture",
    "link-text": "Link",
}

_REPORT_CSS: Final = """
.scores { width: auto; margin-bottom: 1.5rem; }
.scores th { background: #fff; }
.finding { border-left: 0.4rem solid #000; padding: 0.25rem 0 0.25rem 1rem; margin: 0 0 1.25rem;
  overflow-wrap: anywhere; }
.finding.warning { border-left-color: #a00000; }
.finding p { margin: 0.25em 0; }
.finding .where { font-weight: bold; }
.finding blockquote { margin: 0.5em 0; }
.clean { font-weight: bold; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.25em; }
.contents { margin-bottom: 2rem; }
.contents th { background: #fff; }
.contents thead th { background: #f0f0f0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""


def report_html(
    reviews: Sequence[Review], *, css: str, errors: Sequence[str] = (), strict: bool = False, today: dt.date
) -> str:
    """The whole report page. `css` is the project's handout stylesheet."""
    body: list[str] = [
        "<header class='masthead'>",
        "<h1>Plain-language review</h1>",
        f"<p>{len(reviews)} article{'s' if len(reviews) != 1 else ''}, checked on {today.isoformat()}.</p>",
        "</header>",
        "<main>",
    ]
    for error in errors:
        body.append(f"<p class='finding warning'><strong>Could not be checked:</strong> {escape(error)}</p>")
    if len(reviews) > 1:
        body.extend(_contents(reviews))
    for review in reviews:
        body.extend(_article(review, strict=strict))
    body.append("</main>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Plain-language review</title>",
            f"<style>\n{_font_faces()}\n:root {{ font-size: 150%; }}\n{css}\n{_REPORT_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _contents(reviews: Sequence[Review]) -> list[str]:
    """One row per article: its grade and how many findings, linking to its section."""
    rows = []
    for review in reviews:
        s = review.scores
        grade = f"{s.grade:.1f}" if s.grade is not None else "-"
        rows.append(
            f"<tr><th scope='row'><a href='#{_id(review)}'>{escape(review.title)}</a></th>"
            f"<td>{grade}</td><td>{s.words}</td><td>{len(review.findings)}</td></tr>"
        )
    return [
        "<table class='contents'><caption>Articles</caption>",
        "<thead><tr><th scope='col'>Article</th><th scope='col'>Grade</th>"
        "<th scope='col'>Words</th><th scope='col'>Findings</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _article(review: Review, *, strict: bool) -> list[str]:
    s = review.scores
    rows: list[tuple[str, str]] = [("Words", str(s.words)), ("Sentences", str(s.sentences))]
    if s.flesch_kincaid_grade is not None:
        rows.append(("Flesch-Kincaid grade", f"{s.flesch_kincaid_grade:.1f}"))
    if s.smog_index is not None:
        rows.append(("SMOG grade", f"{s.smog_index:.1f}"))
    if s.flesch_reading_ease is not None:
        rows.append(("Flesch reading ease (higher is easier)", f"{s.flesch_reading_ease:.0f}"))
    rows.extend((name.replace("_", " ").title(), f"{value:.1f}") for name, value in s.language_scores)
    rows.append(("Long sentences", str(s.long_sentences)))
    rows.append(("Long paragraphs", str(s.long_paragraphs)))
    if s.passive_percent is not None:
        rows.append(("Passive sentences", f"{s.passive_percent:.0f} %"))
    rows.append(("Words to explain", str(s.rare_words)))
    lines = [
        f"<section aria-labelledby='{_id(review)}'>",
        f"<h2 id='{_id(review)}'>{escape(review.title)}</h2>",
        f"<p>{escape(str(review.path))}, language {escape(review.lang)}</p>",
        "<table class='scores'><caption class='visually-hidden'>Scores</caption><tbody>",
        *(f"<tr><th scope='row'>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows),
        "</tbody></table>",
    ]
    if not review.findings:
        lines.append("<p class='clean'>Nothing to change.</p>")
    else:
        count = len(review.findings)
        lines.append(f"<h3>{count} thing{'s' if count != 1 else ''} to look at</h3>")
        lines.extend(_finding(finding, strict=strict) for finding in review.findings)
    lines.append("</section>")
    return lines


def _finding(finding: Finding, *, strict: bool) -> str:
    rule = finding.rule if isinstance(finding, CheckFinding) else ""
    warning = strict or not isinstance(finding, CheckFinding) or finding.at_build
    kind = "Must fix" if strict else "Warning" if warning else "Advice"
    name = RULE_NAMES.get(rule, "Source")
    sentence = finding.sentence if isinstance(finding, CheckFinding) else ""
    parts = [
        f"<div class='finding{' warning' if warning else ''}'>",
        f"<p class='where'>{escape(kind)}: {escape(name)}, line {finding.location.line or 1}</p>",
    ]
    message = finding.message
    if sentence and rule not in ("picture", "link-text", "vague-heading"):
        parts.append(f"<blockquote><p>{escape(sentence)}</p></blockquote>")
        message = message.replace(f' ("{quote(sentence)}")', "")  # the sentence is shown above in full
    message = message[:1].upper() + message[1:]
    parts.append(f"<p>{escape(message)}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _id(review: Review) -> str:
    return "article-" + "".join(c if c.isalnum() else "-" for c in review.path.stem.lower())


def _font_faces() -> str:
    return font_face_css(load_fonts(), font_data_url)
