"""Local images get width/height (Pillow, SVG root), lazy loading after the first and async
decoding; a missing one is a warning at its line; a cached document is read again when
one of its images changes. Cases in tests/fixtures/markdown/images.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import post, write_image_assets, write_png

from generator.build import BuildOptions, build
from generator.markdown import MarkdownOptions, create_markdown
from generator.markdown.images import image_size
from generator.markdown.report import reports


@pytest.fixture(scope="module")
def asset_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("images")
    write_image_assets(site)
    return site


def render(text: str, site: Path, source: str = "content/posts/bundle/index.md") -> tuple:
    env: dict[str, Any] = {"source": source, "site_dir": site, "body_line": 1, "refs": []}
    if source.endswith("/index.md"):  # a bundle: its folder published beside it (as read.py says)
        env["asset_dir"] = source.rsplit("/", 1)[0]
    return create_markdown(MarkdownOptions(base_path="/blog/")).render(text, env), env


def test_problems_are_reported_at_their_line(asset_site: Path) -> None:
    text = "第一段\n\n![gone](missing.png)\n\n段落\n第二行 ![bad](broken.png)\n\n![x](/nope.png)\n"
    _, env = render(text, asset_site)
    assert reports(env) == [
        (3, "image missing.png not found (content/posts/bundle/missing.png)"),
        (6, "image broken.png: cannot read its width and height (not an image?)"),
        (8, "image /nope.png not found (content/static/nope.png)"),
    ]


def test_an_image_outside_the_site_is_not_read(asset_site: Path) -> None:
    html, env = render("![x](../../../../etc/hostname)", asset_site)
    assert "width=" not in html
    assert reports(env) == [(1, "image ../../../../etc/hostname is outside the site")]


def test_without_a_site_dir_images_only_load_lazily() -> None:
    env: dict[str, Any] = {"source": "content/posts/a.md"}
    html = create_markdown(MarkdownOptions()).render("![a](a.png) ![b](b.png)", env)
    assert html == (
        '<p><img src="a.png" alt="a" decoding="async" /> '
        '<img src="b.png" alt="b" loading="lazy" decoding="async" /></p>\n'
    )
    assert reports(env) == []


def test_sizes_are_cached_by_path_mtime_and_size(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    write_png(path, (7, 3))
    stat = path.stat()
    image_size.cache_clear()
    assert image_size(str(path), stat.st_mtime_ns, stat.st_size) == (7, 3)
    assert image_size(str(path), stat.st_mtime_ns, stat.st_size) == (7, 3)
    assert image_size.cache_info().hits == 1


def build_warnings(site: Path, **options: Any) -> list[str]:
    result = build(site, BuildOptions(jobs=1, **options))
    return [str(d) for d in result.diagnostics.sorted()]


def test_the_build_warns_with_path_and_line(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/single.md": post(title="单篇", body="正文\n\n![图](pic.png)\n"),
            "content/posts/pic.png": b"",  # beside a single-file post: published where it is
            "content/posts/bundle/index.md": post(title="包", body="![缺](missing.png)\n"),
            "content/outside.md": "not content",
            "content/posts/away.md": post(title="外", date="2026-01-01", body="![x](../x.png)\n"),
            "content/x.png": b"",  # outside posts and pages: never published
        }
    )
    assert build_warnings(site) == [
        "content/posts/away.md:6: warning: image ../x.png is not published with the page: "
        "make the post a page bundle (<name>/index.md beside its images) or put the image "
        "under content/static/ and link it as /…",
        "content/posts/bundle/index.md:6: warning: image missing.png not found "
        "(content/posts/bundle/missing.png)",
        "content/posts/single.md:8: warning: image /posts/pic.png: cannot read its width and "
        "height (not an image?)",
    ]


def test_a_cached_page_follows_its_images(make_site: Callable[..., Path]) -> None:
    """The document cache is keyed by the Markdown file; the sizes come from the images."""
    site = make_site({"content/posts/p/index.md": post(title="图", body="![a](a.png)\n")})
    out = site / "public/posts/p/index.html"
    assert build_warnings(site, cache=True) == [
        "content/posts/p/index.md:6: warning: image a.png not found (content/posts/p/a.png)"
    ]
    write_png(site / "content/posts/p/a.png", (12, 8))
    assert build_warnings(site, cache=True) == []  # the image appeared
    assert 'width="12" height="8"' in out.read_text(encoding="utf-8")
    write_png(site / "content/posts/p/a.png", (300, 200))
    assert build_warnings(site, cache=True) == []
    assert 'width="300" height="200"' in out.read_text(encoding="utf-8")


def test_a_jekyll_image_beside_posts_is_found_under_static(make_site: Callable[..., Path]) -> None:
    """`../images/a.png` in a Jekyll post (`_posts/` beside `images/`): the old site served
    it from its root; here it is `content/static/images/a.png`, linked from the root."""
    site = make_site(
        {"content/posts/2017-04-20-relimg.md": post(title="R", body="![a](../images/a.png)\n")}
    )
    # Missing at first: a warning. Where the parse looked is kept with the post, so the
    # image put under static/ afterwards is found by a cached rebuild.
    [missing] = build_warnings(site, cache=True)
    assert "image ../images/a.png not found" in missing
    write_png(site / "content/static/images/a.png", (6, 4))
    assert build_warnings(site, cache=True) == []
    page = (site / "public/posts/relimg/index.html").read_text(encoding="utf-8")
    assert 'src="/blog/images/a.png"' in page and 'width="6" height="4"' in page
