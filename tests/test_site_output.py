"""The example blog built end to end: every URL of the spec, links under base_url's path,
valid feeds, page metadata, structured data as a search engine reads it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import extruct
import feedparser
import pytest
from conftest import FAQ_SHAPE_PAIRS, faq_shapes, files_under, post

from generator.build import BuildOptions, BuildResult, build

BASE = "https://example.github.io/aiblog/"
BASE_PATH = "/aiblog/"


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attr in ("href", "src"):
            if values.get(attr) and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(str(values[attr]))


def htmlfiles_under(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_output_url_exists(example_build: BuildResult) -> None:
    out = example_build.output_dir
    for rel in [
        "index.html",
        "page/2/index.html",
        "posts/deepseek-r1-one-year/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/deepseek/index.html",
        "tags/deepseek/feed.xml",
        "tags/ai效率/index.html",
        "categories/index.html",
        "categories/深度解读/index.html",
        "archive/index.html",
        "feed.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".nojekyll",
        "static/css/style.css",
        "static/pygments.css",
        "posts/agent-benchmarks/chart.svg",  # page-bundle asset beside its post
        "og-default.svg",  # content/static copied as is
    ]:
        assert (out / rel).is_file(), rel
    assert not (out / "CNAME").exists()  # not configured
    assert not (out / "posts" / "gpt-next-rumours").exists()  # a draft
    assert not list(out.rglob("*scratch*"))  # `_` files are ignored


def test_internal_links_resolve_under_the_base_path(example_build: BuildResult) -> None:
    out = example_build.output_dir
    checked = 0
    for page in htmlfiles_under(out):
        page_url = BASE_PATH + page.relative_to(out).as_posix().removesuffix("index.html")
        collector = LinkCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for link in collector.links:
            absolute = urljoin("https://example.github.io" + page_url, link)
            parts = urlsplit(absolute)
            if parts.netloc != "example.github.io":
                continue
            assert parts.path.startswith(BASE_PATH), f"{page}: {link} escapes {BASE_PATH}"
            target = out / unquote(parts.path[len(BASE_PATH) :])
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(out)} links to missing {link}"
            checked += 1
    assert checked > 200


def test_links_between_posts_and_root_relative_links(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "posts/small-models-big-impact/index.html").read_text()
    assert 'href="/aiblog/posts/deepseek-r1-one-year/"' in html  # [..](deepseek-r1-one-year.md)
    assert 'href="/aiblog/about/"' in html  # [..](/about/)
    assert "aiblog-ref:" not in html


def test_chinese_tags_are_percent_encoded_in_links(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "tags/index.html").read_text()
    assert 'href="/aiblog/tags/ai%E6%95%88%E7%8E%87/"' in html  # AI效率 → ai效率
    assert "AI效率" in html


def test_the_example_blog_builds_strict(example_build: BuildResult) -> None:
    # the Pages workflow builds it with --strict: it must have no warning
    assert example_build.diagnostics.items == []


def test_tag_spellings_merge(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {
            "content/posts/old.md": post(title="旧", date="2026-01-01", tags="[AI Agent]"),
            "content/posts/new.md": post(title="新", date="2026-02-01", tags="['ai  agent', 评测]"),
        }
    )
    result = build(site, BuildOptions())
    assert [t.name for t in result.site.tags] == ["AI Agent", "评测"]  # first spelling by date
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/new.md:4: warning: tag spellings `AI Agent`, `ai  agent` are one tag; shown as `AI Agent`"
    ]
    assert (result.output_dir / "tags/ai-agent/index.html").is_file()


def test_tags_index_has_counts(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "tags/index.html").read_text()
    assert re.search(
        r'<a href="/aiblog/tags/deepseek/">DeepSeek</a> <span class="count">2 篇</span>', html
    )


def test_every_page_has_lang_title_description_canonical(example_build: BuildResult) -> None:
    for page in htmlfiles_under(example_build.output_dir):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="[a-zA-Z-]+">', html), page
        assert re.search(r"<title>[^<]+</title>", html), page
        assert re.search(r'<meta name="description" content="[^"]+">', html), page
        assert re.search(
            r'<link rel="canonical" href="https://example\.github\.io/aiblog/[^"]*">', html
        ), page
        for tag in ("<main", "<nav", "<header", "<footer"):
            assert tag in html, (page, tag)


def test_seed_post_reads_in_order_with_labels(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "posts/deepseek-r1-one-year/index.html").read_text()
    order = [
        '<h1 class="post-title p-name">DeepSeek R1 一周年',
        "DeepSeek R1 用 600 万美元训练出媲美 GPT-4 的模型",  # summary
        '<time datetime="2026-02-06T00:00:00+08:00">2026年02月06日</time>',
        "深度解读",
        "阅读时间约 6 分钟",
        "一年后回看",
        "富贵点评",
        "📋 要点回顾",
        "❓ 常见问题",
        "作者：",
        "参考来源",
        "FinancialContent",
    ]
    position = html.index("<body>")
    for text in order:  # each after the one before: raises ValueError if out of order
        position = html.index(text, position + 1)
    assert '<html lang="zh-CN">' in html


def test_english_post_reads_in_english(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "posts/small-models-big-impact/index.html").read_text()
    assert '<html lang="en">' in html
    assert re.search(r"\d+ min read", html)
    assert "Jan 18, 2026" in html
    assert "Previous" in html or "Next" in html
    assert "阅读时间" not in html
    assert (
        "Author: " in html
        and "Published: " in html
        and "：" not in html.split("<body>")[1].split("<aside")[0]
    )


def test_feeds_are_valid_and_full_content(example_build: BuildResult) -> None:
    out = example_build.output_dir
    for name, version in (
        ("feed.xml", "atom10"),
        ("rss.xml", "rss20"),
        ("tags/deepseek/feed.xml", "atom10"),
    ):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == version
        assert feed.entries
    atom = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title for e in atom.entries][
        0
    ] == "DeepSeek R1 一周年：600 万美元如何终结 AI 的「暴力美学」时代"
    first = atom.entries[0]
    assert first.link == BASE + "posts/deepseek-r1-one-year/"
    content = first.content[0].value
    assert "GRPO" in content and "<table>" in content and "要点回顾" in content
    assert 'href="/aiblog/' not in content  # links made absolute for feed readers
    tag_feed = feedparser.parse((out / "tags/deepseek/feed.xml").read_bytes())
    assert len(tag_feed.entries) == 2
    # a tag's feed carries summaries and links; the site's feeds carry full content
    assert all(
        "content" not in e and e.summary and e.link.startswith(BASE) for e in tag_feed.entries
    )


def test_sitemap_and_robots(example_build: BuildResult) -> None:
    out = example_build.output_dir
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{BASE}posts/deepseek-r1-one-year/</loc><lastmod>2026-02-06</lastmod>" in sitemap
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text()


def _jsonld(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = extruct.extract(
        path.read_text(encoding="utf-8"),
        base_url=BASE,
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )
    found = {item["@type"]: item for item in data["json-ld"]}
    found["og"] = data["opengraph"][0] if data["opengraph"] else {}
    return found


def test_structured_data_of_the_seed_post(example_build: BuildResult) -> None:
    data = _jsonld(example_build.output_dir / "posts/deepseek-r1-one-year/index.html")
    post = data["BlogPosting"]
    assert post["headline"].startswith("DeepSeek R1 一周年")
    assert post["datePublished"] == "2026-02-06T00:00:00+08:00"
    # the post names the site's author, so the site's author URL is used
    assert post["author"] == {"@type": "Person", "name": "王富贵", "url": BASE + "about/"}
    assert post["publisher"]["name"] == "AI 观察"
    assert post["mainEntityOfPage"]["@id"] == BASE + "posts/deepseek-r1-one-year/"
    assert post["timeRequired"] == "PT6M"
    assert post["wordCount"] == 1413 + 132
    assert post["inLanguage"] == "zh-CN"
    assert post["isBasedOn"] == "https://www.financialcontent.com/"
    assert post["articleSection"] == "深度解读"
    assert post["keywords"] == ["DeepSeek", "开源模型", "AI效率", "推理模型"]
    assert post["citation"] == ["FinancialContent"]
    assert (
        data["BreadcrumbList"]["itemListElement"][-1]["item"]
        == BASE + "posts/deepseek-r1-one-year/"
    )
    faq = data["FAQPage"]["mainEntity"]
    assert [q["name"] for q in faq] == [
        "DeepSeek R1 真的只花了 600 万美元训练吗？",
        "为什么稀疏架构能这么省钱？",
        "这对普通用户意味着什么？",
        "DeepSeek 接下来会发布什么？",
    ]
    assert faq[0]["acceptedAnswer"]["text"].startswith("<p>这是 DeepSeek 官方声称的数字")
    og = data["og"]
    assert og["@type"] == "article" and og["article:published_time"] == "2026-02-06T00:00:00+08:00"
    html = (example_build.output_dir / "posts/deepseek-r1-one-year/index.html").read_text()
    for tag in post["keywords"]:
        assert f'<meta property="article:tag" content="{tag}">' in html
    card = BASE + "cards/posts/deepseek-r1-one-year.png"  # no cover: its social card
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{card}">' in html


class VisibleFaq(HTMLParser):
    """The questions and answers a reader sees, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[list[str]] = []
        self.where: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if self.where:
            self.depth += 1
        elif "faq-question" in cls:
            self.pairs.append(["", ""])
            self.where, self.depth = "q", 1
        elif "faq-answer" in cls:
            self.where, self.depth = "a", 1

    def handle_endtag(self, tag: str) -> None:
        if self.where:
            self.depth -= 1
            if self.depth == 0:
                self.where = None

    def handle_data(self, data: str) -> None:
        if self.where == "q":
            self.pairs[-1][0] += data
        elif self.where == "a":
            self.pairs[-1][1] += data


def _text(html: str) -> str:
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.mark.parametrize(
    "post",
    [
        "deepseek-r1-one-year",
        "small-models-big-impact",
        "calling-llm-apis-python-rust",
        "agent-benchmarks",
    ],
)
def test_faq_json_ld_matches_the_visible_faq(example_build: BuildResult, post: str) -> None:
    path = example_build.output_dir / f"posts/{post}/index.html"
    visible = VisibleFaq()
    visible.feed(path.read_text(encoding="utf-8"))
    faq = _jsonld(path)["FAQPage"]["mainEntity"]
    assert len(faq) == len(visible.pairs) >= 2
    for item, (question, answer) in zip(faq, visible.pairs, strict=True):
        assert _text(item["name"]) == _text(question)
        assert _text(item["acceptedAnswer"]["text"]) == _text(answer)


def test_frontmatter_faq_replaces_the_parsed_one(example_build: BuildResult) -> None:
    faq = _jsonld(example_build.output_dir / "posts/agent-benchmarks/index.html")["FAQPage"][
        "mainEntity"
    ]
    assert [q["name"] for q in faq] == [
        "排行榜分数还有参考价值吗？",
        "怎么判断一个基准有没有泄漏？",
    ]
    assert "<ol>" in faq[1]["acceptedAnswer"]["text"]


def test_posts_without_faq_have_no_faq_page(example_build: BuildResult) -> None:
    data = _jsonld(example_build.output_dir / "posts/rethinking-ai-deepseek-playbook/index.html")
    assert "FAQPage" not in data and "BlogPosting" in data


def test_worker_pool_builds_match_a_serial_build_whatever_the_output_dir_held(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    files = {
        f"content/posts/p{i}.md": post(
            title=f"文章{i}", date=f"2026-01-{i % 28 + 1:02d}", tags=f"[t{i % 5}, 共同]"
        )
        for i in range(80)  # enough for the process pools
    }
    site = make_site(files)
    serial = build(site, BuildOptions(output=tmp_path / "serial", jobs=1, cache=False))
    expected = files_under(serial.output_dir)
    (tmp_path / "empty").mkdir()
    for name in ("missing", "empty"):  # workers write into a work tree that becomes it
        pooled = build(site, BuildOptions(output=tmp_path / name, jobs=2, cache=False))
        assert files_under(pooled.output_dir) == expected, name
    # Over the output of an earlier build: a post gone is removed, a file someone else put
    # there is kept.
    (site / "content/posts/p7.md").unlink()
    (tmp_path / "missing" / "theirs.html").write_text("not aiblog's")
    again = build(site, BuildOptions(output=tmp_path / "missing", jobs=2, cache=False))
    assert again.written.removed == 3  # its page, its Markdown copy and its social card
    after = files_under(again.output_dir)
    assert after.pop("theirs.html") == b"not aiblog's"
    assert "posts/p7/index.html" not in after
    assert after == files_under(build(site, BuildOptions(output=tmp_path / "clean")).output_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clean",
        "empty",
        "missing",
        "serial",
        "site",
    ]


def test_a_new_output_dir_gets_the_mode_any_new_dir_gets(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site({"content/posts/a.md": post()})
    previous = os.umask(0o027)  # a private one, so that a hard-coded mode would show
    try:
        result = build(site, BuildOptions(output=tmp_path / "out", cache=False))
        (tmp_path / "plain").mkdir()
    finally:
        os.umask(previous)
    assert result.output_dir.stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_two_builds_are_byte_identical(example_copy: Path, tmp_path: Path) -> None:
    first = build(example_copy, BuildOptions(output=tmp_path / "a", jobs=1))
    second = build(example_copy, BuildOptions(output=tmp_path / "b", jobs=2))
    assert files_under(tmp_path / "a") == files_under(tmp_path / "b")
    assert first.site.posts == second.site.posts


def test_drafts_and_future_posts_with_flags(example_copy: Path, tmp_path: Path) -> None:
    result = build(example_copy, BuildOptions(output=tmp_path / "out", drafts=True, jobs=1))
    assert (tmp_path / "out/posts/gpt-next-rumours/index.html").is_file()
    assert len(result.site.posts) == 8  # the 7 published and the draft


def test_related_prev_next_and_toc(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "posts/deepseek-r1-one-year/index.html").read_text()
    related = html[html.index('<aside class="related"') :]
    # shares DeepSeek and AI效率 with the VentureBeat post: the most shared tags come first
    assert related.index("重新思考人工智能") < related.index("</aside>")
    assert (
        '<a class="post-nav-prev" rel="prev" href="/aiblog/posts/small-models-big-impact/">' in html
    )
    assert "上一篇" in html and "相关文章" in html and "目录" in html
    assert '<nav class="toc"' in html and 'href="#市场地震nvidia-一天蒸发-6000-亿美元"' in html
    newest = (example_build.output_dir / "posts/deepseek-r1-one-year/index.html").read_text()
    assert 'class="post-nav-next"' not in newest  # the newest post has no next
    about = (example_build.output_dir / "about/index.html").read_text()
    assert '<nav class="toc"' not in about  # fewer than 3 headings


def test_pygments_css_has_light_and_dark_styles(example_build: BuildResult) -> None:
    css = (example_build.output_dir / "static/pygments.css").read_text()
    assert ".highlight .k" in css and "(prefers-color-scheme:dark)" in css
    assert ":root[data-theme=dark]" in css  # the reader's own choice of dark
    html = (example_build.output_dir / "posts/calling-llm-apis-python-rust/index.html").read_text()
    assert 'data-lang="python"' in html and 'data-lang="rust"' in html
    assert "static/pygments.css" in html  # a page with code links it…
    about = (example_build.output_dir / "about/index.html").read_text()
    assert "static/pygments.css" not in about  # …a page without code does not


def test_page_bundle_image_and_cover(example_build: BuildResult) -> None:
    html = (example_build.output_dir / "posts/agent-benchmarks/index.html").read_text()
    assert '<img src="chart.svg"' in html
    assert (
        '<meta property="og:image" content="https://example.github.io/aiblog/posts/agent-benchmarks/chart.svg">'
        in html
    )


@pytest.mark.parametrize(("title", "shape"), faq_shapes(), ids=[t for t, _s in faq_shapes()])
def test_every_faq_shape_reads_the_same_to_a_search_engine(
    make_site, title: str, shape: str
) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/posts/a.md": post(body="正文。\n\n" + shape)})
    out = build(site, BuildOptions()).output_dir
    path = out / "posts/a/index.html"
    faq = _jsonld(path)["FAQPage"]["mainEntity"]
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in faq] == FAQ_SHAPE_PAIRS
    visible = VisibleFaq()
    visible.feed(path.read_text(encoding="utf-8"))
    assert [(_text(q), _text(a)) for q, a in visible.pairs] == [
        (_text(q), _text(a)) for q, a in FAQ_SHAPE_PAIRS
    ]


def test_the_example_labels_the_translated_seed_and_has_a_two_part_series(
    example_build: BuildResult,
) -> None:
    out = example_build.output_dir
    seed = out / "posts/rethinking-ai-deepseek-playbook/index.html"
    html = seed.read_text(encoding="utf-8")
    assert '<span class="ai-label-text">本文由 AI（DeepSeek）翻译并总结</span>' in html
    posting = _jsonld(seed)["BlogPosting"]
    assert posting["translationOfWork"]["url"].startswith("https://venturebeat.com/ai/")
    assert posting["creditText"] == "本文由 AI（DeepSeek）翻译并总结"
    series = (out / "series/开源模型的效率路线/index.html").read_text(encoding="utf-8")
    assert series.count('class="post-card"') == 2
    part = (out / "posts/efficiency-route-part-2/index.html").read_text(encoding="utf-8")
    assert "第 2 篇，共 2 篇" in part
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert "(本文由 AI（DeepSeek）翻译并总结)" in llms
    assert (out / "cards/posts/rethinking-ai-deepseek-playbook.png").is_file()
    assert "VentureBeat" in (out / "sources/index.html").read_text(encoding="utf-8")
