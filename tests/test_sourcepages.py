"""Source pages: outlets by domain (named by site.yml, a built-in list or their domain),
their articles with the posts about each, newest first; on a post, the other posts about
its article and outlet; JSON-LD `translationOfWork` for a translation, read by extruct."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest
from conftest import BASIC_CONFIG, post, write_site
from sitecheck import find_all, parse, text

from generator.build import BuildOptions, BuildResult, build
from generator.sourcepages import article_key, domain

BASE = "https://example.org/blog/"
ARTICLE = "https://venturebeat.com/ai/rethinking-ai/"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.venturebeat.com/ai/x/", "venturebeat.com"),
        ("https://m.36kr.com/p/1", "36kr.com"),
        ("https://openai.com/index/x", "openai.com"),
        ("https://blog.google/technology/ai/", "blog.google"),
    ],
)
def test_an_outlet_is_a_domain(url: str, host: str) -> None:
    assert domain(url) == host


def test_one_article_however_it_is_linked() -> None:
    forms = [
        "https://venturebeat.com/ai/rethinking-ai/",
        "http://www.venturebeat.com/ai/rethinking-ai",
        "https://venturebeat.com/ai/rethinking-ai/?utm_source=x&utm_medium=y#comments",
    ]
    assert {article_key(u) for u in forms} == {"https://venturebeat.com/ai/rethinking-ai"}
    assert article_key("https://venturebeat.com/ai/other/") != article_key(forms[0])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = write_site(
        tmp_path_factory.mktemp("sources") / "site",
        {
            "content/posts/translation.md": post(
                title="译文",
                date="2026-01-01",
                source=ARTICLE,
                ai="translated",
                body=f"## 参考来源\n\n- [Rethinking AI]({ARTICLE})\n",
            ),
            "content/posts/comment.md": post(
                title="评论",
                date="2026-01-10",
                source=ARTICLE + "?utm_source=feed",
                body="正文。\n",
            ),
            "content/posts/same-outlet.md": post(
                title="同一家媒体",
                date="2026-01-20",
                source="https://www.venturebeat.com/ai/another-story/",
            ),
            "content/posts/cites.md": post(
                title="引用了别处",
                date="2026-01-15",
                body="## 参考来源\n\n- [论文](https://arxiv.org/abs/2501.12948)\n- [博客](https://example.net/post)\n",
            ),
        },
        BASIC_CONFIG + "source_names:\n  example.net: 示例网\n",
    )
    return build(site, BuildOptions(output=site.parent / "out", jobs=1))


def test_the_sources_page_lists_every_outlet_by_name(built: BuildResult) -> None:
    page = parse(built.output_dir / "sources/index.html")
    listed = [
        (text(a), a.get("href"))
        for li in find_all(page, "li")
        for a in find_all(li, "a")
        if "/sources/" in (a.get("href") or "")
    ]
    # Most posts first; named by site.yml, the built-in list, else by domain.
    assert listed == [
        ("VentureBeat", "/blog/sources/venturebeat.com/"),
        ("arXiv", "/blog/sources/arxiv.org/"),
        ("示例网", "/blog/sources/example.net/"),
    ]


def test_an_outlet_page_lists_its_articles_and_their_posts_newest_first(
    built: BuildResult,
) -> None:
    page = parse(built.output_dir / "sources/venturebeat.com/index.html")
    assert text(find_all(page, "h1")[0]) == "来源：VentureBeat"
    articles = {
        text(find_all(section, "h2")[0]): [text(a) for a in find_all(section, "li")]
        for section in find_all(page, "section", **{"class": "source-article"})
    }
    # The article is named by a citation's text where a post gives one.
    assert list(articles) == ["www.venturebeat.com/ai/another-story", "Rethinking AI"]
    assert [line.split(" ")[0] for line in articles["Rethinking AI"]] == ["评论", "译文"]


def test_a_post_shows_the_others_on_its_article_and_outlet(built: BuildResult) -> None:
    page = parse(built.output_dir / "posts/translation/index.html")
    box = find_all(page, "aside", **{"class": "more-on-sources"})[0]
    headings = [text(h) for h in find_all(box, "h2")]
    assert headings == ["关于这篇原文的更多文章", "更多来自 VentureBeat 的文章"]
    linked = [a.get("href") for a in find_all(box, "a")]
    assert linked == [
        ARTICLE,
        "/blog/posts/comment/",
        "/blog/posts/same-outlet/",
        "/blog/sources/venturebeat.com/",
    ]
    alone = parse(built.output_dir / "posts/cites/index.html")
    assert not find_all(alone, "aside", **{"class": "more-on-sources"})


def test_a_translation_says_which_work_it_translates(built: BuildResult) -> None:
    def posting(slug: str) -> dict:  # type: ignore[type-arg]
        html = (built.output_dir / f"posts/{slug}/index.html").read_text()
        found = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
        return next(d for d in found if d["@type"] == "BlogPosting")

    assert posting("translation")["translationOfWork"] == {"@type": "CreativeWork", "url": ARTICLE}
    assert "translationOfWork" not in posting("comment")  # based on it, not a translation
    assert posting("comment")["isBasedOn"] == ARTICLE + "?utm_source=feed"


def test_translated_true_marks_a_human_translation(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/posts/t.md": post(title="人工译文", source=ARTICLE, translated="true")},
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    html = (result.output_dir / "posts/t/index.html").read_text()
    found = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    posting = next(d for d in found if d["@type"] == "BlogPosting")
    assert posting["translationOfWork"]["url"] == ARTICLE
    assert "digitalSourceType" not in posting  # no AI label
