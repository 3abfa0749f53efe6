"""Every link of a table of contents and every heading permalink points at an id that
exists, once, on its own page: on every page of the example blog and of the real blogs in
../shared/corpora, read as a browser reads them (html5lib). And seed 003's post reads as
its author wrote it: title, credit line, 摘要 box with only its paragraph, the article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import pytest
from conftest import CorpusBuild
from sitecheck import NS, parse, text

from generator.build import BuildResult

CORPUS_NAMES = ["astropaper", "chirpy", "hexo-unit-test", "papermod"]


def _classes(element: Element) -> set[str]:
    return set((element.get("class") or "").split())


def anchor_problems(out: Path) -> tuple[list[str], int]:
    """("page: href (why)" for each table-of-contents link or heading permalink whose
    target is missing or not unique on its page, how many such links there are)."""
    problems: list[str] = []
    checked = 0
    for page in sorted(out.rglob("*.html")):
        root = parse(page)
        ids = Counter(e.get("id") for e in root.iter() if e.get("id"))
        tocs = [e for e in root.iter(NS + "nav") if "toc" in _classes(e)]
        links = [a for toc in tocs for a in toc.iter(NS + "a")]
        links += [a for a in root.iter(NS + "a") if "anchor" in _classes(a)]
        for link in links:
            checked += 1
            href = link.get("href") or ""
            target = unquote(href[1:]) if href.startswith("#") else ""
            if ids[target] != 1:
                why = "no such id" if not ids[target] else f"{ids[target]} elements with it"
                problems.append(f"{page.relative_to(out)}: {href} ({why})")
    return problems, checked


def test_every_anchor_of_the_example_blog_resolves(example_build: BuildResult) -> None:
    problems, checked = anchor_problems(example_build.output_dir)
    assert problems == []
    assert checked > 50  # the posts' tables of contents and permalinks were seen


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_anchor_of_the_real_blogs_resolves(
    name: str, build_corpus: Callable[[str], CorpusBuild]
) -> None:
    built = build_corpus(name)
    assert built.code == 0, built.err
    problems, checked = anchor_problems(built.site.out)
    assert problems == []
    assert checked > 0


def test_placeholder_headings_give_way_to_the_table_of_contents(
    build_corpus: Callable[[str], CorpusBuild],
) -> None:
    """AstroPaper's `## Table of contents` is where the table of contents is, never an
    empty heading; Chirpy's section of that name, with text under it, stays a heading."""
    astropaper = build_corpus("astropaper").site
    page = astropaper.page("posts/dynamic-og-image-generation-in-astropaper-blog-posts/")
    body = next(e for e in page.iter(NS + "div") if "post-body" in _classes(e))
    headings = [text(h) for level in ("h2", "h3") for h in body.iter(NS + level)]
    assert not any(h.lower().startswith("table of contents") for h in headings)
    first = list(body)[0:3]
    assert any(e.tag == NS + "nav" and "toc" in _classes(e) for e in first)
    chirpy = build_corpus("chirpy").site
    post = next(p for p in chirpy.html_files() if "write-a-new-post" in str(p))
    assert "Table of Contents" in [text(h).rstrip("#").strip() for h in parse(post).iter(NS + "h2")]


def test_seed_003_reads_title_credit_summary_then_the_article(
    example_build: BuildResult,
) -> None:
    page = parse(example_build.output_dir / "posts/rethinking-ai-deepseek-playbook/index.html")
    article = next(page.iter(NS + "article"))
    header = next(e for e in article.iter(NS + "header") if "post-header" in _classes(e))
    parts = [e for e in header if e.tag != NS + "p" or "post-meta" not in _classes(e)]
    title, label, credit, summary = parts[0], parts[1], parts[2], parts[3]
    assert title.tag == NS + "h1" and text(title).startswith("重新思考人工智能")
    assert "ai-label" in _classes(label)  # the post's `ai:` label, then what the author wrote
    assert text(credit) == "源信息经过deepseek翻译并总结"
    assert "post-summary" in _classes(summary) and summary.get("id") == "摘要"
    label, *paragraphs = list(summary)
    assert text(label) == "摘要"  # the author's heading, not 一句话总结
    assert len(paragraphs) == 1 and text(paragraphs[0]).startswith("DeepSeek以效率优先策略")
    body = next(e for e in article.iter(NS + "div") if "post-body" in _classes(e))
    # The article follows: the author's rule, the original's byline, its first paragraph.
    first = list(body)[:3]
    assert [e.tag for e in first] == [NS + "hr", NS + "p", NS + "p"]
    assert text(first[1]).startswith("原文作者")
    toc = next(e for e in body.iter(NS + "nav") if "toc" in _classes(e))
    assert "#摘要" not in [a.get("href") for a in toc.iter(NS + "a")]
