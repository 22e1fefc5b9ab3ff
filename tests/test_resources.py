"""Only files in assets/ and next to the article can reach an output."""

from __future__ import annotations

import pytest

from builder.resources import Resources


@pytest.fixture
def resources(project):
    (project.root / "assets" / "logo.png").write_bytes(b"png")
    (project.source_dir / "photo.jpg").write_bytes(b"jpg")
    (project.root / "secret.txt").write_text("secret")
    return Resources.for_article(project, project.relative(project.source_dir / "a.md"))


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("photo.jpg", "photo.jpg"),
        ("logo.png", "logo.png"),
        ("assets/logo.png", "logo.png"),
        ("./photo.jpg", "photo.jpg"),
    ],
)
def test_resolve_finds_files_in_allowed_folders(resources, reference, name):
    assert resources.resolve(reference).path.name == name


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("https://example.org/x.png", "is on the web and Handout never downloads anything"),
        ("http://127.0.0.1:9/x.png", "is on the web"),
        ("//example.org/x.png", "is on the web"),
        ("file:///etc/passwd", "is not allowed"),
        ("data:image/png;base64,AAAA", "is not allowed"),
        ("/etc/passwd", "points outside the project's folders"),
        ("../secret.txt", "points outside the project's folders"),
        ("../../../../etc/passwd", "points outside the project's folders"),
        ("%2e%2e/secret.txt", "points outside the project's folders"),
        ("secret.txt", "was not found in assets/ or next to the article"),
        ("missing.png", "was not found"),
        ("", "the file name is empty"),
    ],
)
def test_resolve_refuses_everything_else(resources, reference, reason):
    resolved = resources.resolve(reference)
    assert resolved.path is None
    assert reason in resolved.refusal


def test_resolve_refuses_links_that_lead_outside(resources, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "x.png"
    outside.write_bytes(b"x")
    (project.root / "assets" / "link.png").symlink_to(outside)
    assert resources.resolve("link.png").path is None
