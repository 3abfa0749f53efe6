"""Folders and files as other generators lay them out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post, write_png

from generator.build import BuildOptions, build
from generator.errors import BuildFailed
from generator.languages import split_language
from generator.sources import SourceFile, discover


def test_what_is_a_post(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": "x",
            "content/posts/.a.md.swp": "editor junk",
            "content/posts/.obsidian/b.md": "hidden folder",
            "content/posts/_index.md": "Hugo section page",
            "content/posts/sec/_index.md": "Hugo section page",
            "content/posts/sec/c.md": "x",
            "content/posts/_releases/d.md": "AstroPaper's `_` folder",
            "content/posts/_drafts/e.md": "Jekyll's drafts",
            "content/posts/bundle/index.md": "x",
            "content/posts/bundle/index.fr.md": "x",
            "content/posts/bundle/img.png": b"\x89PNG",
            "content/posts/f.fr.md": "x",
            "content/posts/notes.v2.md": "not a language",
        }
    )
    assert discover(site) == [
        SourceFile("content/posts/_drafts/e.md", "post", False, in_drafts=True),
        SourceFile("content/posts/_releases/d.md", "post", False),
        SourceFile("content/posts/a.md", "post", False),
        SourceFile("content/posts/bundle/index.fr.md", "post", True, ("img.png",), lang="fr"),
        SourceFile("content/posts/bundle/index.md", "post", True, ("img.png",)),
        SourceFile("content/posts/f.fr.md", "post", False, lang="fr"),
        SourceFile("content/posts/notes.v2.md", "post", False),
        SourceFile("content/posts/sec/c.md", "post", False),
    ]


def test_language_suffixes() -> None:
    assert split_language("markdown-syntax.fr") == ("markdown-syntax", "fr")
    assert split_language("post.zh-Hant") == ("post", "zh-Hant")
    assert split_language("post.pt-BR") == ("post", "pt-BR")
    for stem in ("notes.v2", "setup.old", "fr", "a.b.xx", "v1.0"):
        assert split_language(stem) == (stem, "")


def test_relative_links_between_posts_in_nested_folders(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/guides/setup.md": post(
                title="Setup",
                body="See [the FAQ](../faq/common.md#install) and [intro](intro.md).\n",
            ),
            "content/posts/guides/intro.md": post(title="Intro", date="2026-01-01"),
            "content/posts/faq/common.md": post(
                title="FAQ",
                date="2026-01-02",
                body="## Install\n\nBack to [setup](../guides/setup.md).\n",
            ),
        }
    )
    result = build(site, BuildOptions())
    setup = (result.output_dir / "posts/setup/index.html").read_text(encoding="utf-8")
    assert 'href="/blog/posts/common/#install"' in setup
    assert 'href="/blog/posts/intro/"' in setup
    faq = (result.output_dir / "posts/common/index.html").read_text(encoding="utf-8")
    assert 'href="/blog/posts/setup/"' in faq and 'id="install"' in faq


def test_every_markdown_suffix_is_a_post_and_mdx_is_said(make_site: Callable[..., Path]) -> None:
    """Jekyll's own starter post is `.markdown`; Hugo and Hexo read `.mdown`, `.mkd` too.
    A `.mdx` file (JSX inside) is left out with a warning, never silently."""
    site = make_site(
        {
            "content/posts/2015-01-01-welcome.markdown": post(
                title="Welcome",
                body="See [other](2016-02-02-other.MD) and {% post_url 2016-02-02-other %}.\n",
            ),
            "content/posts/2016-02-02-other.MD": post(title="Other", date="2016-02-02"),
            "content/posts/c.mkd": post(title="C", date="2016-02-03"),
            "content/posts/bundle/index.markdown": post(title="Bundle", date="2016-02-04"),
            "content/posts/bundle/img.png": b"\x89PNG",
            "content/posts/d.fr.mdown": post(title="D", date="2016-02-05"),
            "content/posts/d.mdown": post(title="D", date="2016-02-05"),
            "content/posts/x.mdx": post(title="X", body='import A from "a"\n\n<A />\n'),
            "content/posts/notes.txt": "not a post",
        }
    )
    found = discover(site)
    assert [(s.rel.rsplit("/", 1)[1], s.bundle, s.lang) for s in found] == [
        ("2015-01-01-welcome.markdown", False, ""),
        ("2016-02-02-other.MD", False, ""),
        ("index.markdown", True, ""),
        ("c.mkd", False, ""),
        ("d.fr.mdown", False, "fr"),
        ("d.mdown", False, ""),
    ]
    result = build(site, BuildOptions())
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/x.mdx: warning: left out: MDX (Markdown with JSX components) is not "
        "read; if it has no imports or components, rename it to .md"
    ]
    out = result.output_dir
    assert {p.name for p in (out / "posts").iterdir()} >= {"welcome", "other", "bundle", "c", "d"}
    assert (out / "fr/posts/d/index.html").is_file()
    welcome = (out / "posts/welcome/index.html").read_text(encoding="utf-8")
    assert welcome.count('href="/blog/posts/other/"') >= 2  # the link and the post_url


def test_hexo_asset_folders_are_published_beside_their_post(
    make_site: Callable[..., Path],
) -> None:
    """Hexo's `post_asset_folder`: `x.md` beside a folder `x/` of its images. They are
    published at the post's URL, as Hexo publishes them: `![](chart.png)` (Hexo's marked),
    `![](x/chart.png)` (as Typora writes it) and `{% asset_img chart.png %}` all show them."""
    site = make_site(
        {
            "content/posts/hexo-post.md": post(
                title="Hexo",
                body="![a](chart.png)\n\n![b](hexo-post/chart.png)\n\n"
                "![c](./hexo-post/sub/%E5%9B%BE.png)\n\n{% asset_img chart.png 图表 %}\n",
            ),
            "content/posts/hexo-post.en.md": post(title="Hexo", body="![a](chart.png)\n"),
            "content/posts/hexo-post/chart.png": b"",
            "content/posts/hexo-post/sub/图.png": b"",
            "content/posts/hexo-post/notes.md": post(title="Notes", date="2026-01-03"),
            "content/posts/other.md": post(title="Other", date="2026-01-02"),
        }
    )
    write_png(site / "content/posts/hexo-post/chart.png", (40, 30))
    write_png(site / "content/posts/hexo-post/sub/图.png", (20, 10))
    found = {s.rel: (s.assets, s.asset_dir) for s in discover(site)}
    assert found == {
        "content/posts/hexo-post.md": (("chart.png", "sub/图.png"), "hexo-post"),
        "content/posts/hexo-post.en.md": (("chart.png", "sub/图.png"), "hexo-post"),
        "content/posts/hexo-post/notes.md": ((), ""),  # Markdown in it stays a post
        "content/posts/other.md": ((), ""),
    }
    result = build(site, BuildOptions())
    assert not result.diagnostics.warnings, result.diagnostics.warnings
    out = result.output_dir
    assert (out / "posts/hexo-post/chart.png").is_file()
    assert (out / "posts/hexo-post/sub/图.png").is_file()
    page = (out / "posts/hexo-post/index.html").read_text(encoding="utf-8")
    assert page.count('src="chart.png"') == 3 and 'width="40" height="30"' in page
    assert 'src="sub/%E5%9B%BE.png"' in page and 'width="20" height="10"' in page
    assert (out / "en/posts/hexo-post/chart.png").is_file()


def test_pages_keep_their_folders_posts_do_not(make_site: Callable[..., Path]) -> None:
    """`pages/gallery/trip/index.md` is at /gallery/trip/ as Hugo and Hexo publish it;
    a `_`-prefixed folder (Chirpy's `_tabs/`) adds nothing; posts stay at /posts/<slug>/."""
    site = make_site(
        {
            "content/pages/gallery/trip/index.md": "---\ntitle: Trip\n---\nHi.\n",
            "content/pages/docs/setup.md": "---\ntitle: Setup\n---\nHi.\n",
            "content/pages/_tabs/about.md": "---\ntitle: About\n---\nHi.\n",
            "content/posts/guides/p.md": post(title="P"),
        }
    )
    out = build(site, BuildOptions()).output_dir
    for page in ("gallery/trip", "docs/setup", "about", "posts/p"):
        assert (out / page / "index.html").is_file(), page


def test_relative_images_beside_a_post_are_published_where_they_are(
    make_site: Callable[..., Path],
) -> None:
    """Typora's `x.assets/` folder or an `images/` folder beside posts that are no bundles:
    the files a post shows are published where they are and the images link there; a file
    no page shows is not published, and one outside posts and pages stays a warning."""
    site = make_site(
        {
            "content/posts/my-post.md": post(
                body="![a](<my-post.assets/图 1.png>)\n\n![b](./images/x.png)\n\n![c](../elsewhere.png)\n"
            ),
            "content/pages/about.md": "---\ntitle: About\n---\n![d](img/me.png)\n",
        }
    )
    for rel, size in (
        ("content/posts/my-post.assets/图 1.png", (5, 4)),
        ("content/posts/images/x.png", (3, 2)),
        ("content/posts/images/unused.png", (3, 2)),
        ("content/elsewhere.png", (3, 2)),
        ("content/pages/img/me.png", (2, 2)),
    ):
        write_png(site / rel, size)
    result = build(site, BuildOptions())
    out = result.output_dir
    page = (out / "posts/my-post/index.html").read_text(encoding="utf-8")
    assert 'src="/blog/posts/my-post.assets/%E5%9B%BE%201.png"' in page and 'width="5"' in page
    assert 'src="/blog/posts/images/x.png"' in page
    assert (out / "posts/my-post.assets/图 1.png").is_file()
    assert (out / "posts/images/x.png").is_file() and (out / "img/me.png").is_file()
    assert not (out / "posts/images/unused.png").exists()
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/my-post.md:10: warning: image ../elsewhere.png is not published with the "
        "page: make the post a page bundle (<name>/index.md beside its images) or put the "
        "image under content/static/ and link it as /…"
    ]


def test_a_broken_draft_in_drafts_folder_does_not_stop_a_build_without_drafts(
    make_site: Callable[..., Path],
) -> None:
    """`_drafts/idea.md` with no frontmatter (Jekyll never reads drafts unless asked): a
    warning; with --drafts it is an error again."""
    site = make_site(
        {"content/posts/a.md": post(title="A"), "content/posts/_drafts/idea.md": "just notes\n"}
    )
    result = build(site, BuildOptions())
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/_drafts/idea.md:1: warning: no frontmatter: start the file with a `---` "
        "line, then `title: …`, then `---` (a draft, not built)"
    ]
    with pytest.raises(BuildFailed):
        build(site, BuildOptions(drafts=True))


def test_a_root_path_into_a_posts_folder_is_published_where_it_is(
    make_site: Callable[..., Path],
) -> None:
    """`/posts/我的文章/a.png` in a post whose slug is `my-post` (its asset folder named as
    the file, as Hugo published it): the file is published at that path too, and the
    image links there; a bundle's own file is not published twice."""
    site = make_site(
        {
            "content/posts/我的文章.md": post(slug="my-post", body="![a](/posts/我的文章/a.png)\n"),
            "content/posts/b/index.md": post(
                title="B", date="2026-01-01", body="![b](/posts/b/c.png)\n"
            ),
        }
    )
    write_png(site / "content/posts/我的文章/a.png", (4, 3))
    write_png(site / "content/posts/b/c.png", (4, 3))
    result = build(site, BuildOptions())
    out = result.output_dir
    assert not result.diagnostics.warnings, result.diagnostics.warnings
    assert (out / "posts/我的文章/a.png").is_file() and (out / "posts/my-post/a.png").is_file()
    page = (out / "posts/my-post/index.html").read_text(encoding="utf-8")
    assert 'src="/blog/posts/%E6%88%91%E7%9A%84%E6%96%87%E7%AB%A0/a.png"' in page
    assert 'width="4" height="3"' in page
    assert (out / "posts/b/c.png").is_file()


def test_a_page_named_index_at_the_top_of_pages_is_not_a_bundle(
    make_site: Callable[..., Path],
) -> None:
    """`content/pages/index.md` is no bundle (the content root is no page's folder): its
    `img/a.png` is a loose file, published where it is and linked there. The parse once
    took the page's folder for its bundle and left the image unpublished, silently."""
    site = make_site({"content/pages/index.md": "---\ntitle: 首页\n---\n\n![a](img/a.png)\n"})
    write_png(site / "content/pages/img/a.png", (4, 2))
    result = build(site, BuildOptions(jobs=1))
    page = (result.output_dir / "index/index.html").read_text(encoding="utf-8")
    assert '<img src="/blog/img/a.png" alt="a" width="4" height="2"' in page
    assert (result.output_dir / "img/a.png").is_file()
    assert not result.diagnostics.warnings
