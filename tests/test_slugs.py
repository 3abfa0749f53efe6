"""Slugs as peers make them: readable, portable (GitHub Pages, Windows, macOS), and never a
way out of the output dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post
from hypothesis import given
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.errors import BuildFailed
from generator.slugs import path_segment_problem, slug_path_problem, term_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("CI/CD", "ci-cd"),
        (".NET", "net"),
        ("HTTP/3", "http-3"),
        ("C#", "c-sharp"),
        ("F#", "f-sharp"),
        ("C++", "c-plus-plus"),
        ("C", "c"),
        ("Google+", "google-plus"),
        ("100%", "100"),
        ("a:b", "a-b"),
        ("Why?", "why"),
        ("#", "u0023"),
        ("CON", "con_"),
        ("AI Agent", "ai-agent"),  # unchanged rules for names that were fine
        ("大模型", "大模型"),
        ("R&D", "r&d"),
        ("Vue3 + Vite", "vue3-plus-vite"),  # no spaces beside the hyphens it makes
        ("C++ 入门", "c-plus-plus-入门"),
    ],
)
def test_term_slugs(name: str, slug: str) -> None:
    assert term_slug(name) == slug


def test_c_sharp_cpp_and_c_stay_three_tags(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post(tags="['C#', 'C++', 'C', CI/CD, .NET]")})
    result = build(site, BuildOptions())
    assert {t.name: t.slug for t in result.site.tags} == {
        "C#": "c-sharp",
        "C++": "c-plus-plus",
        "C": "c",
        "CI/CD": "ci-cd",
        ".NET": "net",
    }
    for slug in ("c-sharp", "c-plus-plus", "c", "ci-cd", "net"):
        assert (result.output_dir / "tags" / slug / "index.html").is_file()


@given(st.text(min_size=1, max_size=300))
def test_every_term_slug_is_one_portable_segment(name: str) -> None:
    if not name.strip():
        return
    slug = term_slug(name)
    assert path_segment_problem(slug) is None, (name, slug)


def test_two_names_on_one_slug_is_an_error_naming_both_and_where(
    make_site: Callable[..., Path],
) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(date="2026-01-01", tags="[CI/CD]"),
            "content/posts/b.md": post(date="2026-01-02", tags="[CI-CD]"),
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/b.md:4: tags `CI/CD` and `CI-CD` would share the URL slug `ci-cd`; "
        "rename one (`CI/CD` is in content/posts/a.md:4, `CI-CD` in content/posts/b.md:4)"
    ]


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("personal/20180110-git-record", None),
        ("a/../../etc", "has a segment '..' that is `..` (it could write outside the output dir)"),
        ("/etc/passwd", "starts with `/` (write it relative: `a/b`)"),
        ("a\\b", "contains `\\` (use `/` between segments)"),
        ("a//b", "has a segment '' that is empty"),
        ("aux", "is `aux`, a file name Windows reserves"),
        (
            "notes/nul.txt",
            "has a segment 'nul.txt' that is `nul.txt`, a file name Windows reserves",
        ),
        (
            "tab\there",
            "contains a control character, which cannot be in a portable URL path segment",
        ),
        ("x" * 256, "is longer than 255 bytes"),
        ("end.", "ends with `.` or a space (Windows drops them)"),
        ("a?b", "contains '?', which cannot be in a portable URL path segment"),
    ],
)
def test_post_slug_paths(slug: str, problem: str | None) -> None:
    assert slug_path_problem(slug) == problem


def test_a_nested_slug_builds_at_its_nested_url(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/git.md": post(slug="personal/20180110-git-record"),
            "content/posts/other.md": post(date="2026-01-01", body="见[那篇](git.md)。\n"),
        }
    )
    result = build(site, BuildOptions())
    assert (result.output_dir / "posts/personal/20180110-git-record/index.html").is_file()
    other = (result.output_dir / "posts/other/index.html").read_text(encoding="utf-8")
    assert 'href="/blog/posts/personal/20180110-git-record/"' in other


@pytest.mark.parametrize("slug", ["../../outside", "a/../../../x", "/abs", "C:\\\\x", "con"])
def test_nothing_lands_outside_the_output_dir(make_site: Callable[..., Path], slug: str) -> None:
    site = make_site({"content/posts/a.md": post(slug=f"'{slug}'")})
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    assert str(failed.value.diagnostics.errors[0]).startswith("content/posts/a.md:4: slug ")
    assert not (site / "public").exists() and not (site.parent / "outside").exists()


def test_a_file_name_that_is_no_portable_slug_gets_a_readable_one(
    make_site: Callable[..., Path],
) -> None:
    site = make_site({"content/posts/c#-tips.md": post()})
    result = build(site, BuildOptions())
    assert [p.meta.slug for p in result.site.posts] == ["c-sharp-tips"]


def test_posts_from_dated_file_names_keep_their_dates_when_they_would_share_a_slug(
    make_site: Callable[..., Path],
) -> None:
    """`2018-01-23-node.md` and `2019-09-04-node.md` (a diary kept by date): Jekyll and
    Hexo put them at dated URLs; here they keep the date in the slug rather than collide.
    A dated name alone keeps the short slug."""
    site = make_site(
        {
            "content/posts/2018-01-23-node.md": "---\ntitle: 随笔\n---\n一\n",
            "content/posts/2019-09-04-node.md": "---\ntitle: 随笔\n---\n二\n",
            "content/posts/2020-01-01-hello.md": "---\ntitle: Hello\n---\n三\n",
            "content/posts/node.md": post(title="Node", slug="node-js"),
        }
    )
    out = build(site, BuildOptions()).output_dir
    for slug in ("2018-01-23-node", "2019-09-04-node", "hello", "node-js"):
        assert (out / "posts" / slug / "index.html").is_file(), slug
