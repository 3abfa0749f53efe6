"""Metadata that is never silently wrong: every author, covers that exist, the site's
image as a fallback, canonical links, descriptions with something in them, feeds with
absolute URLs, Chirpy's media_subpath and Hugo's expiryDate."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from conftest import BASIC_CONFIG, post
from sitecheck import find_all, parse, text

from generator.build import BuildOptions, BuildResult, build
from generator.cli import main
from generator.config import configure
from generator.errors import Diagnostics
from generator.speed import diskcache as cache

BASE = "https://example.org/blog/"
CONFIG = BASIC_CONFIG + "og_image: /og.png\n"


def _json_ld(page: object, kind: str) -> dict:
    for script in find_all(page, "script", type="application/ld+json"):  # type: ignore[arg-type]
        data = json.loads(text(script))
        if data["@type"] == kind:
            return data
    raise AssertionError(f"no {kind}")


def _meta(page: object, **attrs: str) -> list[str]:
    return [m.get("content") for m in find_all(page, "meta", **attrs)]  # type: ignore[arg-type]


@pytest.fixture
def site(make_site: Callable[..., Path]) -> BuildResult:
    return build(
        make_site(
            {
                "content/static/og.png": b"png",
                "content/posts/duo.md": post(
                    title="Duo",
                    author='["Hugo Authors", "PaperMod Contributors"]',
                    canonicalURL="https://smale.codes/posts/duo/",
                ),
                "content/posts/pic/index.md": (
                    "---\ntitle: Pic\ndate: 2026-01-01\ncover:\n  image: c.png\n"
                    "  alt: A chart\n  caption: Prices fell.\n---\n\n"
                    "![inline](c.png) [up](#notes) [duo](../duo/) [root](/about/)\n\n## Notes\n\nx\n"
                ),
                "content/posts/pic/c.png": b"png",
                "content/posts/gone.md": post(
                    title="Gone", date="2026-01-02", image="{path: /missing.png, alt: M}"
                ),
                "content/posts/empty.md": post(
                    title="Only an image",
                    date="2026-01-03",
                    description='"\u200b"',
                    body="![](/og.png)\n",
                ),
                "content/posts/chirpy.md": post(
                    title="Chirpy",
                    date="2026-01-04",
                    media_subpath="/img/2019",
                    image="shot.png",
                    body="![shot](shot.png) ![abs](/x.png) ![remote](https://e.org/r.png)\n",
                ),
                "content/static/img/2019/shot.png": b"png",
            },
            config=CONFIG,
        ),
        BuildOptions(),
    )


def test_every_author_in_byline_json_ld_and_feeds(site: BuildResult) -> None:
    page = parse(site.output_dir / "posts/duo/index.html")
    assert [text(s) for s in page.iter() if s.get("class") == "p-author"] == [
        "Hugo Authors",
        "PaperMod Contributors",
    ]
    assert _json_ld(page, "BlogPosting")["author"] == [
        {"@type": "Person", "name": "Hugo Authors"},
        {"@type": "Person", "name": "PaperMod Contributors"},
    ]
    assert _meta(page, property="article:author") == ["Hugo Authors", "PaperMod Contributors"]
    entry = next(
        e
        for e in feedparser.parse((site.output_dir / "feed.xml").read_bytes()).entries
        if e.title == "Duo"
    )
    assert [a.name for a in entry.authors] == ["Hugo Authors", "PaperMod Contributors"]


def test_canonical_url_elsewhere(site: BuildResult) -> None:
    page = parse(site.output_dir / "posts/duo/index.html")
    assert [link.get("href") for link in find_all(page, "link", rel="canonical")] == [
        "https://smale.codes/posts/duo/"
    ]
    assert _meta(page, property="og:url") == ["https://smale.codes/posts/duo/"]
    other = parse(site.output_dir / "posts/pic/index.html")
    assert [link.get("href") for link in find_all(other, "link", rel="canonical")] == [
        BASE + "posts/pic/"
    ]


def test_cover_mapping_with_alt_and_caption(site: BuildResult) -> None:
    page = parse(site.output_dir / "posts/pic/index.html")
    figure = next(f for f in find_all(page, "figure") if f.get("class") == "post-cover")
    assert [(i.get("src"), i.get("alt")) for i in find_all(figure, "img")] == [
        (BASE + "posts/pic/c.png", "A chart")
    ]
    assert [text(c) for c in find_all(figure, "figcaption")] == ["Prices fell."]
    assert _meta(page, property="og:image") == [BASE + "posts/pic/c.png"]
    assert _meta(page, name="twitter:card") == ["summary_large_image"]


def test_a_missing_cover_is_a_warning_and_the_post_gets_its_social_card(
    site: BuildResult,
) -> None:
    warnings = [str(w) for w in site.diagnostics.warnings if "missing.png" in str(w)]
    assert warnings == [
        "content/posts/gone.md:4: warning: `image`: '/missing.png' (read as /blog/missing.png) is "
        "not a file of this site; the page is built without it (put the image in the post's "
        "bundle or under content/static/)"
    ]
    page = parse(site.output_dir / "posts/gone/index.html")
    assert not [f for f in find_all(page, "figure") if f.get("class") == "post-cover"]
    # Without a cover of its own the post has its generated card (site.yml's og_image is
    # for pages that cannot have one: tests/test_cards.py).
    assert _meta(page, property="og:image") == [BASE + "cards/posts/gone.png"]
    assert _meta(page, name="twitter:card") == ["summary_large_image"]
    assert _json_ld(page, "BlogPosting")["image"] == BASE + "cards/posts/gone.png"


def test_description_is_never_empty_or_invisible(site: BuildResult) -> None:
    page = parse(site.output_dir / "posts/empty/index.html")
    assert _meta(page, name="description") == ["Only an image"]
    assert _json_ld(page, "BlogPosting")["description"] == "Only an image"
    for doc in site.site.posts:
        assert doc.description.strip("\u200b \u3164") == doc.description != ""


def test_feed_entries_carry_absolute_urls(site: BuildResult) -> None:
    entry = next(
        e
        for e in feedparser.parse((site.output_dir / "feed.xml").read_bytes()).entries
        if e.title == "Pic"
    )
    html = entry.content[0].value
    assert 'src="https://example.org/blog/posts/pic/c.png"' in html
    assert 'href="https://example.org/blog/posts/pic/#notes"' in html
    assert 'href="https://example.org/blog/posts/duo/"' in html
    assert 'href="https://example.org/blog/about/"' in html


def test_chirpy_media_subpath(site: BuildResult) -> None:
    page = parse(site.output_dir / "posts/chirpy/index.html")
    body = next(d for d in find_all(page, "div") if d.get("class") == "post-body e-content")
    assert [i.get("src") for i in find_all(body, "img")] == [
        "/blog/img/2019/shot.png",  # relative: under media_subpath
        "/blog/x.png",  # root-relative: as written
        "https://e.org/r.png",
    ]
    assert _meta(page, property="og:image") == [BASE + "img/2019/shot.png"]


def test_hugo_expiry_date(make_site: Callable[..., Path]) -> None:
    soon = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    site = make_site(
        {
            "content/posts/expired.md": post(title="Expired", expiryDate="2026-05-08"),
            "content/posts/expiring.md": post(title="Expiring", date="2026-01-01", expiryDate=soon),
        }
    )
    err = io.StringIO()
    assert main(["build", str(site)], out=io.StringIO(), err=err) == 0, err.getvalue()
    assert not (site / "public/posts/expired").exists()
    assert (site / "public/posts/expiring/index.html").is_file()
    # The no-change check knows the site changes when a post expires.
    options = BuildOptions(cache=True)
    config = configure(site.resolve(), options, Diagnostics())
    assert cache.up_to_date(config, options, datetime.now(UTC)) is not None
    assert cache.up_to_date(config, options, datetime.now(UTC) + timedelta(days=3)) is None
    later = build(site, BuildOptions(), now=datetime.now(UTC) + timedelta(days=3))
    assert [p.meta.title for p in later.site.posts] == []


def test_hexo_gallery(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/static/g/1.jpg": b"jpg",
            "content/static/g/2.jpg": b"jpg",
            "content/posts/gallery.md": post(photos="[/g/1.jpg, /g/2.jpg, https://e.org/3.jpg]"),
        }
    )
    page = parse(build(site, BuildOptions()).output_dir / "posts/gallery/index.html")
    cover = next(f for f in find_all(page, "figure") if f.get("class") == "post-cover")
    assert [i.get("src") for i in find_all(cover, "img")] == [BASE + "g/1.jpg"]
    gallery = next(d for d in find_all(page, "div") if d.get("class") == "post-gallery")
    assert [i.get("src") for i in find_all(gallery, "img")] == [
        BASE + "g/2.jpg",
        "https://e.org/3.jpg",
    ]
