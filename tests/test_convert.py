"""markdown-it tokens -> Document: structure, ids, lines, and what happens to raw HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder import document as d
from builder.convert import MAX_INLINE_NESTING, slugify, to_document
from builder.errors import SourceError
from builder.source import split

PATH = Path("source/a.md")


def convert(body: str, front: str = "title: Living with ALS\n") -> tuple[d.Document, list[str]]:
    source = split(f"---\n{front}---\n{body}", PATH)
    doc, findings = to_document(source, slug="a")
    return doc, [str(f) for f in findings]


def test_to_document_builds_section_tree_with_depth_from_nesting():
    doc, findings = convert("Intro.\n\n## One\n\nA.\n\n#### Deep\n\nB.\n\n## Two\n\n### Two.1\n\nC.\n")
    assert findings == []
    assert isinstance(doc.blocks[0], d.Paragraph)
    assert [(s.id, s.depth) for s in doc.walk_sections()] == [
        ("one", 1),
        ("deep", 2),
        ("two", 1),
        ("two-1", 2),
    ]


def test_to_document_drops_first_h1_repeating_title():
    doc, _ = convert("# Living  with ALS\n\n## Part\n\nText.\n")
    assert [s.id for s in doc.sections] == ["part"]


def test_to_document_keeps_h1_that_differs_from_title():
    doc, _ = convert("# Something else\n\nText.\n")
    assert [d.plain_text(s.title) for s in doc.sections] == ["Something else"]


def test_to_document_gives_unique_ids_to_repeated_headings():
    doc, _ = convert("## Key Points\n\nA\n\n## Key Points\n\nB\n\n## 2024 plan\n\nC\n\n## ¿Qué?\n\nD\n")
    assert [s.id for s in doc.sections] == ["key-points", "key-points-2", "s-2024-plan", "que"]


def test_to_document_records_file_lines():
    doc, _ = convert("\nFirst.\n\n## Head\n\n- item\n")
    assert doc.blocks[0].line == 5
    assert doc.sections[0].line == 7
    assert doc.sections[0].blocks[0].line == 9


def test_to_document_converts_inlines():
    doc, _ = convert('A *b* **c** ~~d~~ `e` [f](https://x.org "t") line  \nbreak &amp; <https://y.org>\n')
    para = doc.blocks[0]
    assert para.children == (
        d.Text("A "),
        d.Emphasis((d.Text("b"),)),
        d.Text(" "),
        d.Strong((d.Text("c"),)),
        d.Text(" "),
        d.Strikethrough((d.Text("d"),)),
        d.Text(" "),
        d.Code("e"),
        d.Text(" "),
        d.Link("https://x.org", (d.Text("f"),), "t"),
        d.Text(" line"),
        d.LineBreak(),
        d.Text("break & "),
        d.Link("https://y.org", (d.Text("https://y.org"),)),
    )


def test_to_document_keeps_trademark_asterisks_as_text():
    doc, _ = convert("Use Rid*, Nix* or A-200*.\n")
    assert d.plain_text(doc.blocks[0].children) == "Use Rid*, Nix* or A-200*."


def test_to_document_converts_lists_tables_quotes_code():
    body = (
        "1. one\n2. two\n   - nested\n\n"
        "| A | B |\n|:--|--:|\n| 1<br>2 | x |\n\n"
        "> quoted\n\n```python\ncode\n```\n\n---\n"
    )
    doc, findings = convert(body)
    assert findings == []
    ordered, table, quote, code, rule = doc.blocks
    assert isinstance(ordered, d.OrderedList) and len(ordered.items) == 2
    assert isinstance(ordered.items[1].blocks[1], d.BulletList)
    assert isinstance(table, d.Table)
    assert [c.align for c in table.header] == ["left", "right"]
    assert table.rows[0][0].children == (d.Text("1"), d.LineBreak(), d.Text("2"))
    assert isinstance(quote, d.BlockQuote)
    assert code == d.CodeBlock("code", line=14, language="python")
    assert isinstance(rule, d.ThematicBreak)


def test_to_document_numbers_footnotes_in_order_of_reference():
    doc, _ = convert("B[^b] then A[^a] and B again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n")
    refs = [n for n in doc.blocks[0].children if isinstance(n, d.FootnoteRef)]
    assert [(r.id, r.number) for r in refs] == [("fn-1", 1), ("fn-2", 2), ("fn-1", 1)]
    assert [(n.id, d.plain_text(n.blocks[0].children)) for n in doc.footnotes] == [
        ("fn-1", "Note B."),
        ("fn-2", "Note A."),
    ]


def test_to_document_never_passes_raw_html_through():
    doc, findings = convert(
        'Hi <b onclick="x()">there</b><!-- note -->\n\n<script>alert(1)</script>\n\n<div>Block <i>text</i></div>\n'
    )
    text = [d.plain_text(b.children) for b in doc.blocks]
    assert text == ["Hi there", "Block text"]
    assert findings == [
        "source/a.md:4: HTML tags are not used in handouts; '<b onclick=\"x()\">' was left out: "
        "use Markdown instead",
        "source/a.md:4: HTML tags are not used in handouts; '</b>' was left out: use Markdown instead",
        "source/a.md:6: HTML is not used in handouts; it was turned into plain text: write it in Markdown",
        "source/a.md:8: HTML is not used in handouts; it was turned into plain text: write it in Markdown",
    ]


def test_to_document_keeps_literal_angle_text():
    doc, findings = convert("Enter the date as <MM/DD/YYYY> please.\n")
    assert findings == []
    assert d.plain_text(doc.blocks[0].children) == "Enter the date as <MM/DD/YYYY> please."


def test_to_document_requires_image_descriptions():
    doc, findings = convert('![A nurse](nurse.png)\n\n![](border.png "decorative")\n\n![](photo.jpg)\n')
    images = [b.children[0] for b in doc.blocks]
    assert images[0] == d.Image("nurse.png", "A nurse", line=4)
    assert images[1].decorative and images[1].alt == ""
    assert images[2].decorative
    assert findings == [
        "source/a.md:8: the image 'photo.jpg' has no description: write what it shows between the [ ], "
        'or mark it ![](photo.jpg "decorative") if it is only decoration'
    ]


def test_to_document_survives_deep_nesting_as_text():
    doc, _ = convert("> " * 200 + "deep\n\n" + "".join("  " * i + "- x\n" for i in range(100)))
    assert doc.blocks  # converted, no RecursionError; the parser caps nesting


def test_to_document_reads_metadata():
    front = (
        "title: T\nlang: es\ndate: 2024-02-29\nversion: 2\ntopics: [a]\nglossary: {x: y}\n"
        "pronunciations: {ALS: A L S}\nreferences:\n  - title: R\n    authors: [P]\n    year: 2016\n"
        "    volume: 73\n    doi: 10.1/x\n"
    )
    doc, _ = convert("Text\n", front)
    meta = doc.metadata
    assert meta.lang == "es"
    assert meta.date == dt.date(2024, 2, 29)
    assert meta.version == "2"
    assert meta.glossary == (d.GlossaryEntry("x", "y"),)
    assert meta.pronunciations == (("ALS", "A L S"),)
    assert meta.references[0] == d.Reference(
        title="R", authors=("P",), year=2016, volume="73", doi="10.1/x", line=10
    )
    assert meta.references[0].link == "https://doi.org/10.1/x"


def test_to_document_refuses_impossible_date():
    with pytest.raises(SourceError) as caught:
        convert("Text\n", "title: T\nreviewed: 2023-02-29\n")
    assert (
        str(caught.value)
        == "source/a.md:3: 'reviewed' is not a real date ('2023-02-29'): write it as YYYY-MM-DD"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("What is ALS?", "what-is-als"),
        ("Ünïcode — dash", "unicode-dash"),
        ("???", "section"),
        ("1st", "s-1st"),
        ("Что такое давление?", "chto-takoe-davlenie"),
        ("怎样洗手", "zen-yang-xi-shou"),
        ("Tại sao cần tiêm chủng?", "tai-sao-can-tiem-chung"),
        ("ما هو مرض السكري؟", "m-hw-mrd-lskry"),
        ("A daily routine ☀️🌙", "a-daily-routine"),
        ("☀️🌙", "section"),
    ],
)
def test_slugify_makes_readable_ids(text, slug):
    assert slugify(text) == slug


def test_to_document_never_makes_script_links():
    doc, _ = convert("[x](javascript:alert(1)) and [y](VBScript:msgbox)\n")
    assert not any(isinstance(n, d.Link) for n in doc.blocks[0].children)


def test_to_document_warns_about_links_to_missing_anchors():
    _, findings = convert("## Part\n\nSee [part](#part), [note](#fn-1) and [r1](#r1).[^n]\n\n[^n]: N.\n")
    assert findings == [
        "source/a.md:6: the link to '#r1' goes nowhere in this article; it is shown as plain text"
    ]


def test_to_document_handles_one_huge_line():
    doc, _ = convert("word " * 80_000 + "\n")
    assert len(d.plain_text(doc.blocks[0].children).split()) == 80_000


def _inline_depth(nodes: tuple[d.Inline, ...]) -> int:
    """How deep emphasis, strikethrough and links nest in `nodes`."""
    deepest, stack = 0, [(node, 1) for node in nodes]
    while stack:
        node, depth = stack.pop()
        children = getattr(node, "children", ())
        if children:
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in children)
    return deepest


@pytest.mark.parametrize(
    "body",
    [
        "**a *a " * 5000,
        "**a *a **a *a" * 3000,
        "*a **a " * 3000 + "a** a* " * 3000,
        "~~a " * 3000 + "a~~ " * 3000,
        "_a " * 3000 + " a_" * 3000,
        "[" + "*a " * 3000 + "a* " * 3000 + "](x.md)",
    ],
    ids=["issue-14", "issue-14-joined", "balanced", "strikethrough", "underscores", "inside-a-link"],
)
def test_to_document_keeps_deeply_nested_emphasis_as_text(body):
    doc, _ = convert(body + "\n")
    (paragraph,) = doc.blocks
    assert isinstance(paragraph, d.Paragraph)
    assert _inline_depth(paragraph.children) <= MAX_INLINE_NESTING + 1
    words = d.plain_text(paragraph.children).split()
    assert words.count("a") + sum(w.count("a") for w in words if w != "a") == body.count("a")


def test_to_document_keeps_shallow_emphasis_as_emphasis():
    doc, _ = convert("**a *b ~~c~~ b* a**\n")
    (paragraph,) = doc.blocks
    assert isinstance(paragraph, d.Paragraph)
    assert _inline_depth(paragraph.children) == 3
    assert d.plain_text(paragraph.children) == "a b c b a"
