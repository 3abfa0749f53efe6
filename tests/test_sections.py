"""The read stage's view of a post's sections: blocks in document order, the opening shown
under the title, where the table of contents goes and what it lists, the summary and the
excerpt. (What the plugins mark in the token stream is in tests/fixtures/markdown/.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
from conftest import post

from generator.analyse import analyse
from generator.build import BuildOptions, build
from generator.config import DEFAULT_SECTIONS
from generator.errors import Diagnostics
from generator.markdown import MarkdownOptions
from generator.markdown.sections import classify
from generator.model import Body

SEED_003 = """\
*[源信息](https://venturebeat.com/ai/x/)经过deepseek翻译并总结*

## 摘要：

DeepSeek以效率优先策略颠覆AI行业传统范式。

---

*原文作者：李杰*

当DeepSeek今年1月发布其R1模型时……

## 突破限制的工程智慧

一。

## 务实高于流程

二。

## 市场震荡

三。
"""


def run(body: str, sections: dict[str, tuple[str, ...]] | None = None) -> Body:
    options = MarkdownOptions(
        base_path="/blog/", sections=tuple((sections or DEFAULT_SECTIONS).items())
    )
    diags = Diagnostics()
    result = analyse(
        body,
        rel="content/posts/x.md",
        body_line=5,
        markdown=options,
        cjk_per_minute=300,
        words_per_minute=200,
        diags=diags,
    )
    assert not diags.items
    return result


def kinds(result: Body) -> list[str]:
    return [b.kind for b in result.blocks]


def test_configured_names_replace_the_defaults() -> None:
    sections = {**DEFAULT_SECTIONS, "takeaways": ("划重点",)}
    assert classify("划重点", sections) == "takeaways"
    assert classify("要点回顾", sections) is None
    assert kinds(run("## 划重点\n\n- 一\n\n## 要点回顾\n\n- 二\n", sections)) == [
        "toc",
        "takeaways",
        "body",
    ]


def test_seed_003_reads_title_credit_summary_then_the_article() -> None:
    result = run(SEED_003)
    assert kinds(result) == ["body", "summary", "body", "toc", "body"]
    credit, summary, article = result.blocks[0], result.blocks[1], result.blocks[2]
    assert result.opening == 2  # the credit line and the summary box, under the title
    assert "源信息" in credit.html and "<h2" not in credit.html
    # The box is labelled as the author labelled it, holds only its paragraph, keeps its id.
    assert (summary.title, summary.heading_id, summary.level) == ("摘要", "摘要", 2)
    assert summary.html == "<p>DeepSeek以效率优先策略颠覆AI行业传统范式。</p>\n"
    assert article.html.startswith("<hr />\n<p><em>原文作者")
    assert result.summary_text == "DeepSeek以效率优先策略颠覆AI行业传统范式。"
    # The table of contents follows the opening and lists only what comes after it.
    assert [h.id for h in result.headings] == ["突破限制的工程智慧", "务实高于流程", "市场震荡"]


def test_one_line_summary_opens_the_post_with_its_own_label() -> None:
    result = run("📌 一句话总结：R1 改变了行业。\n\n## 一\n\n正文。\n")
    assert kinds(result)[:2] == ["summary", "toc"] and result.opening == 1
    assert (result.blocks[0].title, result.blocks[0].heading_id) == ("一句话总结", "")
    assert result.summary_html == "<p>R1 改变了行业。</p>"
    assert result.summary_text == "R1 改变了行业。"


def test_a_summary_after_the_article_began_stays_where_it_is() -> None:
    result = run("## Intro\n\nText.\n\n## Summary\n\nAll of it.\n")
    assert kinds(result) == ["toc", "body", "summary"] and result.opening == 0
    assert result.summary_text == "All of it."


def test_a_lead_without_a_summary_stays_before_the_table_of_contents() -> None:
    result = run("译自某文。\n\n## 一\n\n## 二\n\n## 三\n")
    assert kinds(result) == ["body", "toc", "body"] and result.opening == 0
    assert result.first_paragraph == "译自某文。"


def test_a_placeholder_heading_places_the_table_of_contents_and_asks_for_one() -> None:
    result = run("Intro.\n\n## Table of contents\n\n## One\n\n### Two\n")
    assert kinds(result) == ["body", "toc", "body"]
    assert [(h.level, h.text) for h in result.headings] == [(2, "One"), (3, "Two")]
    # Without a placeholder two entries are too few for a table of contents.
    assert run("Intro.\n\n## One\n\n### Two\n").headings == ()


def test_table_of_contents_entries_name_ids_the_page_has() -> None:
    result = run(
        "## 要点回顾：\n\n- 一\n\n> ## 引用\n\n#### 深\n\n## FAQ\n\n### Does it scale?\n\nYes.\n"
    )
    takeaways, faq = result.blocks[1], result.blocks[2]
    # A section's entry reads as its title; a question's entry names its pair's id; a
    # heading inside a quote is no entry; h4 neither.
    assert [(h.id, h.text) for h in result.headings] == [
        ("要点回顾", "要点回顾"),
        ("faq", "FAQ"),
        ("does-it-scale", "Does it scale?"),
    ]
    assert (takeaways.title, takeaways.heading_id) == ("要点回顾", "要点回顾")
    assert [(qa.question, qa.id) for qa in faq.faq] == [("Does it scale?", "does-it-scale")]
    assert faq.html == ""  # the pairs are the section's whole content


def test_section_blocks_keep_level_and_line_and_take_out_pairs_and_citations() -> None:
    result = run(
        "开头。\n\n## 分析\n\n正文。\n\n### 富贵点评\n\n看法。\n\n## 常见问题\n\n常被问到：\n\n"
        "Q: 问？\n\nA: 答。\n\n## 参考来源\n\n- [来源一](https://a.example/)\n- 来源二\n"
    )
    assert kinds(result) == ["body", "toc", "body", "commentary", "faq", "sources"]
    commentary, faq, sources = result.blocks[3:]
    assert (commentary.level, commentary.line) == (3, 11)  # the body starts at line 5
    assert faq.html == "<p>常被问到：</p>\n"  # what comes before the first question
    assert [(qa.question, qa.answer_html, qa.line) for qa in faq.faq] == [
        ("问？", "<p>答。</p>", 19)
    ]
    assert [(c.text, c.url) for c in sources.citations] == [
        ("来源一", "https://a.example/"),
        ("来源二", ""),
    ]


def test_more_ends_the_excerpt_lists_and_feeds_show() -> None:
    result = run("第一段。\n\n## 小节\n\n第二段。\n\n<!--more-->\n\n第三段。\n")
    assert result.excerpt == "第一段。 第二段。"
    inline = run("第一段 <!--more--> 不在摘要里。\n")
    assert inline.excerpt == "第一段"
    assert run("没有分隔。\n").excerpt == ""


def test_footnotes_are_a_block_of_their_own() -> None:
    result = run("正文[^1]。\n\n[^1]: 注释。\n")
    assert kinds(result) == ["body", "footnotes"]
    assert "注释。" in result.blocks[1].html


def test_code_is_highlighted_by_pygments() -> None:
    result = run("```python\ndef f():\n    return 1\n```\n\n```nosuchlang\nx < y\n```\n")
    html = result.blocks[0].html
    assert '<pre class="highlight" data-lang="python" tabindex="0">' in html
    assert '<span class="k">def</span>' in html
    assert "x &lt; y" in html


def test_markdown_extensions() -> None:
    result = run(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "- [x] done\n- [ ] todo\n\n"
        "脚注[^1]。\n\n[^1]: 注释。\n\n"
        "术语\n: 定义\n"
    )
    html = "".join(b.html for b in result.blocks)
    assert "<table>" in html and "<td>1</td>" in html
    assert 'type="checkbox"' in html and "checked" in html
    assert 'class="footnote-ref"' in html and "注释。" in html
    assert "<dl>" in html and "<dt>术语</dt>" in html
    assert kinds(result)[-1] == "footnotes"


def test_code_languages_are_recorded_for_warming_the_serve_process() -> None:
    body = "```Python title=x\nprint(1)\n```\n\n```rust\nfn main() {}\n```\n\n```\nplain\n```\n"
    assert run(body).code_languages == ("python", "rust")


def test_lists_and_feeds_show_the_text_before_more(make_site: Callable[..., Path]) -> None:
    body = "## 背景\n\n开头一段。\n\n<!--more-->\n\n不在摘要里。\n"
    described = "---\ntitle: B\ndate: 2026-01-02\ndescription: 作者写的描述。\n---\n" + body
    site = make_site(
        {"content/posts/a.md": post(title="A", body=body), "content/posts/b.md": described}
    )
    out = build(site, BuildOptions()).output_dir
    cards = (out / "index.html").read_text(encoding="utf-8")
    assert '<p class="post-card-summary">开头一段。</p>' in cards
    assert '<p class="post-card-summary">作者写的描述。</p>' in cards  # the frontmatter's first
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert {e.title: e.summary for e in feed.entries} == {"A": "开头一段。", "B": "作者写的描述。"}
