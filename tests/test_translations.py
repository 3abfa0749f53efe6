"""`name.LANG.md` is the LANG translation of `name.md`: its own URL and language, linked
both ways, one article in the lists, its own language's feed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from conftest import post
from sitecheck import BuiltSite, find_all, parse, text

from generator.build import BuildOptions, BuildResult, build
from generator.errors import BuildFailed

BASE = "https://example.org/blog/"


@pytest.fixture
def translated(make_site: Callable[..., Path]) -> BuildResult:
    body = "![图](chart.png)\n\n## 背景\n\n正文。\n"
    site = make_site(
        {
            "content/posts/models.md": post(
                title="模型", tags="[AI, 模型]", body="见[图表](chart/index.md)。\n"
            ),
            "content/posts/models.en.md": post(title="Models", tags="[AI, English only]"),
            "content/posts/chart/index.md": post(title="图表", date="2026-01-05", body=body),
            "content/posts/chart/index.en.md": post(title="Chart", date="2026-01-05", body=body),
            "content/posts/chart/chart.png": b"\x89PNG",
            "content/posts/lonely.en.md": post(title="Lonely", date="2026-01-01"),
            "content/pages/about.md": "---\ntitle: 关于\n---\n关于本站。\n",
            "content/pages/about.en.md": "---\ntitle: About\n---\nAbout this site.\n",
        }
    )
    return build(site, BuildOptions())


def _alternates(page_root: object) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in find_all(page_root, "link", rel="alternate")  # type: ignore[arg-type]
        if link.get("hreflang")
    }


def test_built_at_its_language_url_with_its_language(translated: BuildResult) -> None:
    out = translated.output_dir
    page = parse(out / "en/posts/models/index.html")
    assert page.get("lang") == "en"
    assert [text(h) for h in find_all(page, "h1")] == ["Models"]
    assert (out / "en/about/index.html").is_file()
    assert parse(out / "en/about/index.html").get("lang") == "en"


def test_hreflang_alternates_in_both_directions(translated: BuildResult) -> None:
    out = translated.output_dir
    expected = {
        "zh-CN": BASE + "posts/models/",
        "x-default": BASE + "posts/models/",
        "en": BASE + "en/posts/models/",
    }
    assert _alternates(parse(out / "posts/models/index.html")) == expected
    assert _alternates(parse(out / "en/posts/models/index.html")) == expected
    pages = {"zh-CN": BASE + "about/", "x-default": BASE + "about/", "en": BASE + "en/about/"}
    assert _alternates(parse(out / "en/about/index.html")) == pages
    # The reader sees the link too.
    switch = [
        a.get("href") for a in find_all(parse(out / "posts/models/index.html"), "a", hreflang="en")
    ]
    assert switch == ["/blog/en/posts/models/"]
    assert _alternates(parse(out / "en/posts/lonely/index.html")) == {}


def test_never_a_duplicate_post_in_lists(translated: BuildResult) -> None:
    site, out = translated.site, translated.output_dir
    assert [p.meta.title for p in site.posts] == ["模型", "图表"]
    assert sorted(d.meta.title for d in site.translations) == ["About", "Chart", "Lonely", "Models"]
    for listing in ("index.html", "archive/index.html", "tags/ai/index.html"):
        html = (out / listing).read_text(encoding="utf-8")
        assert "/blog/posts/models/" in html and "/blog/en/posts/models/" not in html, listing
    assert {t.name: len(t.posts) for t in site.tags} == {"AI": 1, "模型": 1}


def test_a_translation_links_the_site_tags_it_shares(translated: BuildResult) -> None:
    page = parse(translated.output_dir / "en/posts/models/index.html")
    tags = [
        (text(li), [a.get("href") for a in find_all(li, "a")])
        for ul in find_all(page, "ul")
        if ul.get("class") == "tag-list"
        for li in find_all(ul, "li")
    ]
    assert tags == [("AI", ["/blog/tags/ai/"]), ("English only", [])]


def test_its_own_feed_entry_language(translated: BuildResult) -> None:
    feed = feedparser.parse((translated.output_dir / "en/feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.feed.language == "en"
    assert [e.title for e in feed.entries] == ["Models", "Chart", "Lonely"]
    assert {e.link for e in feed.entries} >= {BASE + "en/posts/models/"}
    chart = next(e for e in feed.entries if e.title == "Chart")
    assert 'src="https://example.org/blog/en/posts/chart/chart.png"' in chart.content[0].value
    site_feed = (translated.output_dir / "feed.xml").read_text(encoding="utf-8")
    assert "/en/posts/" not in site_feed
    page = parse(translated.output_dir / "en/posts/models/index.html")
    feeds = [link.get("href") for link in find_all(page, "link", type="application/atom+xml")]
    assert "/blog/en/feed.xml" in feeds


def test_a_bundle_translation_has_the_bundle_files(translated: BuildResult) -> None:
    out = translated.output_dir
    assert (out / "en/posts/chart/chart.png").read_bytes() == b"\x89PNG"
    site = BuiltSite(out, BASE)
    assert site.broken_links() == []
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert BASE + "en/posts/chart/" in sitemap and BASE + "en/about/" in sitemap


def test_two_translations_on_one_url_are_an_error(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.en.md": post(slug="same"),
            "content/posts/b.en.md": post(slug="same"),
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/b.en.md:4: two translations at /blog/en/posts/same/: this one and content/posts/a.en.md"
    ]
