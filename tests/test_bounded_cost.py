"""What a post with very many tags (or categories) costs the pages that list it.

A post's card is on the page and feed of each of its tags: a card that showed every tag
made a post with N tags N pages of N links (10,000 tags: gigabytes). A card shows the
first CARD_TERMS and links the rest to the post, which shows them all; a tag's feed
carries the card's tags. (How long builds take is measured in bench/tags.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
import html5lib
from conftest import BASIC_CONFIG, site_builder

from generator.views import CARD_TERMS

NS = {"h": "http://www.w3.org/1999/xhtml"}
TAGS = 40


def _many_tags_site(make_site: Callable[..., Path]) -> Path:
    tags = "\n".join(f"  - 标签{n:02d}" for n in range(TAGS))
    categories = "\n".join(f"  - 分类{n:02d}" for n in range(TAGS))
    return make_site(
        {
            "content/posts/big.md": (
                f"---\ntitle: 很多标签\ndate: 2026-01-02\ntags:\n{tags}\n"
                f"categories:\n{categories}\n---\n\n正文。\n"
            ),
            "content/posts/small.md": "---\ntitle: 一个标签\ndate: 2026-01-01\ntags: [标签07]\n---\n\n正文。\n",
        },
        config=BASIC_CONFIG + "category_hierarchy: false\n",  # a list: several categories
    )


def _card_of(page: Path, title: str):  # type: ignore[no-untyped-def]
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=True)
    for card in tree.iterfind(".//h:li[@class='post-card']", NS):
        if "".join(card.find(".//h:h2", NS).itertext()).strip() == title:
            return card
    raise AssertionError(f"no card of {title} on {page}")


def test_a_card_shows_a_few_tags_and_links_the_rest_to_the_post(
    make_site: Callable[..., Path],
) -> None:
    out = site_builder()(_many_tags_site(make_site)).output_dir
    left = TAGS - CARD_TERMS
    for page in (out / "tags/标签33/index.html", out / "index.html"):
        card = _card_of(page, "很多标签")
        tags = card.findall(".//h:ul[@class='tag-list']/h:li/h:a", NS)
        assert [a.text for a in tags] == [f"标签{n:02d}" for n in range(CARD_TERMS)] + [
            f"另 {left} 个"
        ]
        assert tags[-1].get("href") == "/blog/posts/big/"
        categories = card.findall(".//h:p[@class='post-meta']/h:a[@class='category']", NS)
        assert [a.text for a in categories][-1] == f"另 {left} 个"
        assert len(categories) == CARD_TERMS + 1
    # The other post's card is as it was: a single tag, nothing left out.
    small = _card_of(out / "tags/标签07/index.html", "一个标签")
    assert [a.text for a in small.findall(".//h:ul/h:li/h:a", NS)] == ["标签07"]

    # The post's own page lists every tag and category.
    post = (out / "posts/big/index.html").read_text(encoding="utf-8")
    assert all(f'rel="tag">标签{n:02d}</a>' in post for n in range(TAGS))
    assert all(f">分类{n:02d}</a>" in post for n in range(TAGS))
    assert "另 " not in post


def test_a_tags_feed_carries_the_cards_tags_the_site_feed_all(
    make_site: Callable[..., Path],
) -> None:
    out = site_builder()(_many_tags_site(make_site)).output_dir
    tag_feed = feedparser.parse((out / "tags/标签33/feed.xml").read_bytes())
    site_feed = feedparser.parse((out / "feed.xml").read_bytes())
    (entry,) = tag_feed.entries
    assert [t.term for t in entry.tags] == [f"标签{n:02d}" for n in range(CARD_TERMS)]
    big = next(e for e in site_feed.entries if e.title == "很多标签")
    assert [t.term for t in big.tags] == [f"标签{n:02d}" for n in range(TAGS)]


def test_tag_pages_do_not_grow_with_the_tags_of_the_posts_they_list(
    make_site: Callable[..., Path],
) -> None:
    """The page of one tag is the same size whether its post has 40 tags or 400."""
    sizes = []
    for count, name in ((40, "forty"), (400, "four-hundred")):
        tags = "\n".join(f"  - t{n:03d}" for n in range(count))
        site = make_site(
            {
                "content/posts/big.md": f"---\ntitle: T\ndate: 2026-01-02\ntags:\n{tags}\n---\n\n正文。\n"
            },
            name=name,
        )
        out = site_builder()(site).output_dir
        page = (out / "tags/t005/index.html").read_text(encoding="utf-8")
        sizes.append(len(page.replace(f"另 {count - CARD_TERMS} 个", "")))
    assert sizes[0] == sizes[1]
