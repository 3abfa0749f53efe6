"""Old URLs (Hugo `aliases`, Jekyll `redirect_from`) and other generators' layout stubs."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import html5lib
import pytest
from conftest import post
from sitecheck import NS, find_all

from generator.build import BuildOptions, build
from generator.cli import main
from generator.errors import BuildFailed
from generator.redirects import alias_path, redirect_html

BASE = "https://example.org/blog/"


@pytest.mark.parametrize(
    ("alias", "page", "path"),
    [
        ("/papermod-features", "/blog/posts/features/", "papermod-features/index.html"),
        ("/posts/old/", "/blog/posts/new/", "posts/old/index.html"),
        (
            "migrate-from-jekyl",
            "/blog/posts/markdown-syntax/",
            "posts/migrate-from-jekyl/index.html",
        ),
        (
            "migrate-from-jekyl",
            "/blog/fr/posts/markdown-syntax/",
            "fr/posts/migrate-from-jekyl/index.html",
        ),
        ("/2010/even-earlier-url.html", "/blog/posts/x/", "2010/even-earlier-url.html"),
        ("/%E4%B8%AD%E6%96%87/", "/blog/posts/x/", "中文/index.html"),
        ("old-about", "/blog/about/", "old-about/index.html"),
    ],
)
def test_alias_paths(alias: str, page: str, path: str) -> None:
    assert alias_path(alias, page, "/blog/") == path


@pytest.mark.parametrize(
    ("alias", "reason"),
    [
        ("../../../etc", "leads outside the site"),
        ("/", "is the site's home page"),
        ("/a\\b", "contains `\\`"),
        ("/aux/", "has a segment 'aux' that is `aux`, a file name Windows reserves"),
    ],
)
def test_aliases_that_cannot_be_a_page(alias: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("\\", "\\\\").replace("(", r"\(")):
        alias_path(alias, "/blog/posts/x/", "/blog/")


def test_redirect_page_as_a_browser_reads_it() -> None:
    html = redirect_html('https://example.org/blog/posts/a"b/', "zh-CN")
    root = html5lib.parse(html)
    target = 'https://example.org/blog/posts/a"b/'
    assert root.get("lang") == "zh-CN"
    assert [e.get("href") for e in find_all(root, "link", rel="canonical")] == [target]
    assert [e.get("content") for e in find_all(root, "meta", name="robots")] == ["noindex"]
    refresh = find_all(root, "meta", **{"http-equiv": "refresh"})
    assert [e.get("content") for e in refresh] == [f"0; url={target}"]
    assert [a.get("href") for a in root.iter(NS + "a")] == [target]


def test_aliases_and_redirect_from_become_redirect_pages(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/new.md": post(aliases="['/old/', 'older']"),
            "content/posts/jekyll.md": post(
                date="2026-01-01", redirect_from="/2019/01/jekyll.html"
            ),
        }
    )
    out = build(site, BuildOptions()).output_dir
    for old, new in (
        ("old/index.html", "posts/new/"),
        ("posts/older/index.html", "posts/new/"),
        ("2019/01/jekyll.html", "posts/jekyll/"),
    ):
        assert (out / old).read_text(encoding="utf-8") == redirect_html(BASE + new, "zh-CN")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "content/posts/a.md": post(aliases="['/posts/b/']"),
                "content/posts/b.md": post(date="2026-01-01"),
            },
            "content/posts/a.md:4: alias '/posts/b/' is the URL of content/posts/b.md",
        ),
        (
            {
                "content/posts/a.md": post(aliases="['/old/']"),
                "content/posts/b.md": post(date="2026-01-01", aliases="['/old']"),
            },
            "content/posts/b.md:4: alias '/old' (/old/index.html) is also an alias in content/posts/a.md",
        ),
        (
            {"content/posts/a.md": post(aliases="['../../../../x']")},
            "content/posts/a.md:4: alias '../../../../x' leads outside the site",
        ),
    ],
)
def test_alias_collisions_name_both(
    make_site: Callable[..., Path], files: dict[str, str], message: str
) -> None:
    with pytest.raises(BuildFailed) as failed:
        build(make_site(files), BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.errors] == [message]


def test_layout_stubs_and_reserved_pages_are_left_out_with_a_warning(
    make_site: Callable[..., Path],
) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "content/pages/archives.md": '---\ntitle: "Archive"\nlayout: "archives"\nsummary: "archives"\n---\n',
            "content/pages/search.md": '---\ntitle: "Search"\nlayout: "search"\n---\n',
            "content/pages/tags.md": "---\ntitle: Tags\ntype: tags\n---\n",
            "content/pages/page.md": "title: Page\ndate: 2013-12-26 22:52:56\n---\n\nA real page.\n",
            "content/pages/about.md": "---\ntitle: About\n---\nHi.\n",
        }
    )
    err = io.StringIO()
    assert main(["build", str(site)], out=io.StringIO(), err=err) == 0
    assert err.getvalue().splitlines() == [
        "content/pages/archives.md:3: warning: `layout: archives` of another generator's theme: "
        "aiblog makes its own archive page, so this file is left out",
        "content/pages/page.md:1: warning: a page cannot have the slug `page`: aiblog uses /page/ "
        "itself, so this page is left out (give it another `slug:` to publish it)",
        "content/pages/search.md:3: warning: `layout: search` of another generator's theme: "
        "aiblog makes its own search page, so this file is left out",
        "content/pages/tags.md:3: warning: `layout: tags` of another generator's theme: "
        "aiblog makes its own tags page, so this file is left out",
    ]
    out = site / "public"
    assert (out / "about/index.html").is_file()
    assert (out / "archives/index.html").read_text(encoding="utf-8") == redirect_html(
        BASE + "archive/", "zh-CN"
    )
    assert (
        "Tags" not in (out / "tags/index.html").read_text(encoding="utf-8").split("<main")[1][:200]
    )


def test_an_alias_may_not_replace_a_page_aiblog_makes(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post(tags="[x]", aliases="['/tags/']")})
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/a.md:5: would write /tags/index.html, which aiblog makes itself (its index page)"
    ]
    assert not (site / "public").exists()


def test_an_alias_onto_the_page_itself_is_left_out_with_a_warning(
    make_site: Callable[..., Path],
) -> None:
    """Zola reads `aliases = ["koi"]` from the site root; beside the page (Hugo's reading)
    it is the page's own URL: nothing to redirect, a warning saying how to write it."""
    site = make_site(
        {
            "content/posts/2023/koi.md": '+++\ntitle = "Koi"\ndate = 2023-01-01\naliases = ["koi"]\n+++\n'
        }
    )
    result = build(site, BuildOptions())
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/2023/koi.md:4: warning: alias 'koi' is this page's own URL "
        "(/posts/koi/index.html); left out. An old URL at the site's root is written with a "
        "leading `/` (Zola's aliases are: `/koi/`)"
    ]
    assert (result.output_dir / "posts/koi/index.html").is_file()


def test_hugo_url_and_permalink_give_the_slug_and_a_redirect_from_the_old_url(
    make_site: Callable[..., Path],
) -> None:
    """Hugo's `url` and a Jekyll or Hexo post's `permalink`: the page keeps the path the
    author gave it (its slug), and its old URL redirects to the new one. Two posts named
    `io.md` in two folders no longer collide; an old URL that is the new one, or a pattern,
    makes no redirect."""
    site = make_site(
        {
            "content/posts/cs/io.md": post(url="io", date="2026-01-01"),
            "content/posts/old.md": post(url="/posts/kept/", date="2026-01-04"),
            "content/posts/linux/io.md": post(url="/linux/iomultiplex/", date="2026-01-02"),
            "content/posts/2019-08-08-jekyll.md": post(permalink="/2019/08/jk.html"),
            "content/posts/pattern.md": post(permalink="/:year/:title/", date="2026-01-03"),
            "content/pages/about.md": post(permalink="/about/"),
        }
    )
    result = build(site, BuildOptions())
    out = result.output_dir
    for new in (
        "posts/io",
        "posts/linux/iomultiplex",
        "posts/2019/08/jk",
        "posts/kept",
        "posts/pattern",
        "about",
    ):
        assert (out / new / "index.html").is_file(), new
    for old, new in (
        ("io/index.html", "posts/io/"),
        ("linux/iomultiplex/index.html", "posts/linux/iomultiplex/"),
        ("2019/08/jk.html", "posts/2019/08/jk/"),
    ):
        assert (out / old).read_text(encoding="utf-8") == redirect_html(BASE + new, "zh-CN")
    about = (out / "about" / "index.html").read_text(encoding="utf-8")
    assert "refresh" not in about and "post-body" in about  # the page, not a redirect
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/pattern.md:4: warning: `permalink` '/:year/:title/' is not read (a "
        "pattern or another host): give the old URL in `aliases` to keep links to it working"
    ]
