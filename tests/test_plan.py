"""The output plan: every file a build writes, listed once; two sources for one path are
an error naming both, a user's own robots.txt replaces aiblog's with a warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post

from generator.build import BuildOptions, build
from generator.errors import BuildFailed
from generator.outputs import KINDS, RESERVED_SEGMENTS


def test_a_static_file_named_like_a_page_is_an_error_whatever_the_output_held(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site({"content/posts/a.md": post(), "content/static/index.html": "<p>mine</p>"})
    for _ in range(2):  # into a new output dir, then into one that holds a site
        with pytest.raises(BuildFailed) as failed:
            build(site, BuildOptions(output=tmp_path / "out"))
        assert [str(d) for d in failed.value.diagnostics.errors] == [
            "content/static/index.html: would write /index.html, which aiblog makes itself "
            "(its list page)"
        ]
        (site / "content/static/index.html").rename(site / "content/static/x.html")
        build(site, BuildOptions(output=tmp_path / "out"))
        (site / "content/static/x.html").rename(site / "content/static/index.html")


def test_two_sources_for_one_path_name_both(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/b/index.md": post(),
            "content/posts/b/pic.png": b"png",
            "content/static/posts/b/pic.png": b"other",
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    [error] = failed.value.diagnostics.errors
    assert error.message.startswith("/posts/b/pic.png would be written twice: by this and by ")
    assert {error.path, error.message.rsplit(" ", 1)[1]} == {
        "content/posts/b/pic.png",
        "content/static/posts/b/pic.png",
    }


def test_a_users_robots_txt_replaces_aiblogs_with_a_warning(
    make_site: Callable[..., Path],
) -> None:
    site = make_site({"content/posts/a.md": post(), "content/static/robots.txt": "User-agent: *\n"})
    result = build(site, BuildOptions())
    assert (result.output_dir / "robots.txt").read_text() == "User-agent: *\n"
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/static/robots.txt: warning: replaces the /robots.txt aiblog makes"
    ]


def test_reserved_names_come_from_the_output_kinds() -> None:
    """A page may not take a first URL segment an output kind writes under; the list is
    the kinds' own, not a copy kept in step by hand."""
    assert {"posts", "tags", "categories", "archive", "page", "static", "search"} <= (
        RESERVED_SEGMENTS
    )
    assert {s for kind in KINDS for s in kind.reserves} == RESERVED_SEGMENTS
