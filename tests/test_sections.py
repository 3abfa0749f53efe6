"""Section recognition by heading text, and the post's blocks in document order."""

from __future__ import annotations

import pytest

from generator.analyse import analyse
from generator.config import DEFAULT_SECTIONS
from generator.errors import Diagnostics
from generator.markdown import MarkdownOptions
from generator.sections import classify, normalise_heading


def run(body: str, sections: dict[str, tuple[str, ...]] | None = None):  # type: ignore[no-untyped-def]
    diags = Diagnostics()
    result = analyse(
        body,
        rel="content/posts/x.md",
        body_line=5,
        markdown=MarkdownOptions(base_path="/blog/"),
        sections=sections or DEFAULT_SECTIONS,
        cjk_per_minute=300,
        words_per_minute=200,
        diags=diags,
    )
    return result, diags


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("📋 要点回顾", "takeaways"),
        ("要点回顾：", "takeaways"),
        ("❓ 常见问题", "faq"),
        ("FAQ", "faq"),
        ("frequently asked questions", "faq"),
        ("Q&A", "faq"),
        ("富贵点评", "commentary"),
        ("编辑评论", "commentary"),
        ("Our Take:", "commentary"),
        ("Editor's Note", "commentary"),
        ("参考来源", "sources"),
        ("References", "sources"),
        ("摘要：", "summary"),
        ("TL;DR", "summary"),
        ("🔥 一句话总结", "summary"),
        ("技术三板斧", None),
        ("要点回顾之外的事", None),
        ("", None),
    ],
)
def test_classify_default_names(heading: str, kind: str | None) -> None:
    assert classify(heading, DEFAULT_SECTIONS) == kind


def test_normalise_strips_emoji_and_trailing_punctuation() -> None:
    assert normalise_heading("  ✨📌 Key Takeaways!: ") == "key takeaways"


def test_configured_names_replace_defaults() -> None:
    sections = {**DEFAULT_SECTIONS, "takeaways": ("划重点",)}
    assert classify("划重点", sections) == "takeaways"
    assert classify("要点回顾", sections) is None


def test_blocks_in_document_order_with_levels() -> None:
    result, diags = run(
        "开头。\n\n## 分析\n\n正文。\n\n## 富贵点评\n\n我的看法。\n\n### 细节\n\n仍属点评。\n\n"
        "## 要点回顾\n\n- 一\n- 二\n\n## 常见问题\n\nQ: 问？\n\nA: 答。\n\n## 参考来源\n\n"
        "- [来源一](https://a.example/)\n- 来源二\n"
    )
    assert [b.kind for b in result.blocks] == ["body", "commentary", "takeaways", "faq", "sources"]
    commentary = result.blocks[1]
    assert commentary.title == "富贵点评" and "仍属点评" in commentary.html
    assert commentary.line == 11  # body starts at line 5; the heading is its 7th line
    assert "<li>一</li>" in result.blocks[2].html
    assert [(c.text, c.url) for c in result.blocks[4].citations] == [
        ("来源一", "https://a.example/"),
        ("来源二", ""),
    ]
    assert not diags.items


def test_section_ends_at_next_heading_of_same_level() -> None:
    result, _ = run("## 要点回顾\n\n- 一\n\n## 之后的正文\n\n文字。\n")
    assert [b.kind for b in result.blocks] == ["takeaways", "body"]
    assert "之后的正文" in result.blocks[1].html


@pytest.mark.parametrize(
    "line",
    [
        "📌 一句话总结：DeepSeek 改变了行业。",
        "一句话总结: DeepSeek 改变了行业。",
        "**一句话总结**：DeepSeek 改变了行业。",
        "TL;DR: DeepSeek 改变了行业。",
    ],
)
def test_summary_paragraph_forms(line: str) -> None:
    result, _ = run(f"{line}\n\n## 正文\n\n内容。\n")
    assert result.summary_text == "DeepSeek 改变了行业。"
    assert result.summary_html == "DeepSeek 改变了行业。"
    assert "一句话总结" not in "".join(b.html for b in result.blocks)


def test_summary_heading_section() -> None:
    result, _ = run("## 摘要：\n\n这是摘要。\n\n## 正文\n\n内容。\n")
    assert result.summary_text == "这是摘要。"
    assert "<p>这是摘要。</p>" in result.summary_html
    assert [b.kind for b in result.blocks] == ["body"]


def test_heading_ids_work_for_chinese_and_are_unique() -> None:
    result, _ = run("## 市场 地震！\n\n一\n\n## 市场 地震\n\n二\n\n## Hello World\n\n三\n")
    assert [h.id for h in result.headings] == ["市场-地震", "市场-地震-1", "hello-world"]
    assert 'id="市场-地震"' in result.blocks[0].html


def test_links_to_sources_and_root_relative_links() -> None:
    result, _ = run(
        "[a](other.md#part) [b](../pages/about.md) [c](/tags/) [d](https://x.org/) [e](#top)\n"
    )
    html = result.blocks[0].html
    assert 'href="aiblog-ref:content/posts/other.md#part"' in html
    assert 'href="aiblog-ref:content/pages/about.md"' in html
    assert 'href="/blog/tags/"' in html
    assert 'href="https://x.org/"' in html and 'href="#top"' in html
    assert [(r.target, r.line) for r in result.refs] == [
        ("content/posts/other.md", 5),
        ("content/pages/about.md", 5),
    ]


def test_code_is_highlighted_by_pygments() -> None:
    result, _ = run("```python\ndef f():\n    return 1\n```\n\n```nosuchlang\nx < y\n```\n")
    html = result.blocks[0].html
    assert '<pre class="highlight" data-lang="python" tabindex="0">' in html
    assert '<span class="k">def</span>' in html
    assert "x &lt; y" in html


def test_markdown_extensions() -> None:
    result, _ = run(
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
    assert [b.kind for b in result.blocks][-1] == "footnotes"


def test_code_languages_are_recorded_for_warming_the_serve_process() -> None:
    body = "```Python title=x\nprint(1)\n```\n\n```rust\nfn main() {}\n```\n\n```\nplain\n```\n"
    assert run(body)[0].code_languages == ("python", "rust")
