"""Every Q&A shape of the spec, parsed into the same question/answer pairs."""

from __future__ import annotations

import pytest

from generator.analyse import analyse
from generator.config import DEFAULT_SECTIONS
from generator.errors import Diagnostics
from generator.markdown import MarkdownOptions
from generator.structured import reduce_html


def faq_of(body: str) -> tuple[list[tuple[str, str]], Diagnostics]:
    diags = Diagnostics()
    result = analyse(
        body,
        rel="content/posts/x.md",
        body_line=4,
        markdown=MarkdownOptions(base_path="/"),
        sections=DEFAULT_SECTIONS,
        cjk_per_minute=300,
        words_per_minute=200,
        diags=diags,
    )
    pairs = [(qa.question, qa.answer_html.strip()) for b in result.blocks for qa in b.faq]
    return pairs, diags


EXPECTED = [("为什么？", "<p>因为。</p>"), ("然后呢？", "<p>没有了。</p>")]

SHAPES = {
    "ascii-colon": "## 常见问题\n\nQ: 为什么？\n\nA: 因为。\n\nQ: 然后呢？\n\nA: 没有了。\n",
    "fullwidth-colon": "## 常见问题\n\nQ：为什么？\n\nA：因为。\n\nQ：然后呢？\n\nA：没有了。\n",
    "chinese-labels": "## 问答\n\n问：为什么？\n\n答：因为。\n\n问：然后呢？\n\n答：没有了。\n",
    "bold-question": "## FAQ\n\n**Q: 为什么？**\n\nA: 因为。\n\n**Q: 然后呢？**\n\nA: 没有了。\n",
    "bold-labels": "## FAQ\n\n**Q:** 为什么？\n\n**A:** 因为。\n\n**Q:** 然后呢？\n\n**A:** 没有了。\n",
    "one-paragraph": "## FAQ\n\nQ: 为什么？\nA: 因为。\n\nQ: 然后呢？\nA: 没有了。\n",
    "sub-headings": "## ❓ 常见问题\n\n### 为什么？\n\n因为。\n\n### 然后呢？\n\n没有了。\n",
    "definition-list": "## 常见问答\n\n为什么？\n: 因为。\n\n然后呢？\n: 没有了。\n",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_gives_the_same_pairs(shape: str) -> None:
    pairs, diags = faq_of(SHAPES[shape])
    assert pairs == EXPECTED
    assert not diags.items


def test_answers_span_paragraphs_lists_links_and_code() -> None:
    pairs, _ = faq_of(
        "## FAQ\n\nQ: 怎么做？\n\nA: 分三步：\n\n1. 第一步\n2. 第二步\n\n"
        "详见[文档](https://docs.example/)。\n\n```python\nprint('hi')\n```\n\nQ: 下一个？\n\nA: 好。\n"
    )
    assert [q for q, _ in pairs] == ["怎么做？", "下一个？"]
    answer = pairs[0][1]
    assert answer.startswith("<p>分三步：</p>")
    assert "<ol>" in answer and '<a href="https://docs.example/">文档</a>' in answer
    assert '<pre class="highlight"' in answer


def test_heading_answers_keep_several_paragraphs() -> None:
    pairs, _ = faq_of("## FAQ\n\n### Does it scale?\n\nYes.\n\nEven at 10k posts.\n")
    assert pairs == [("Does it scale?", "<p>Yes.</p>\n<p>Even at 10k posts.</p>")]


def test_faq_heading_without_pairs_is_a_warning_with_line() -> None:
    pairs, diags = faq_of("正文。\n\n## 常见问题\n\n暂时没有问题。\n")
    assert pairs == []
    assert [str(d) for d in diags.items] == [
        "content/posts/x.md:6: warning: FAQ section `常见问题` has no question/answer pair "
        "(write `Q: …` then `A: …`)"
    ]


def test_questions_outside_the_faq_section_are_not_faq() -> None:
    pairs, _ = faq_of("Q: 这不是问答区？\n\nA: 对。\n")
    assert pairs == []


def test_reduce_html_keeps_only_answer_tags() -> None:
    html = (
        '<p>Use <code>x</code> and <a href="https://a.example/" class="c">docs</a>.</p>'
        '<pre class="highlight"><code><span class="k">def</span> f</code></pre>'
        "<ul><li><strong>b</strong></li></ul><script>alert(1)</script><h2>T</h2><h4>S</h4>"
    )
    assert reduce_html(html) == (
        '<p>Use x and <a href="https://a.example/">docs</a>.</p>def f'
        "<ul><li><strong>b</strong></li></ul>T<h4>S</h4>"
    )
