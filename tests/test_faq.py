"""A post's questions and answers: every Q&A shape gives the same pairs (the shapes are
the `shape:` cases of tests/fixtures/markdown/faq.md), the frontmatter's `faq:` list
replaces them, and the FAQPage holds exactly what the page shows."""

from __future__ import annotations

import pytest
from conftest import FAQ_SHAPE_PAIRS, faq_shapes

from generator.analyse import analyse
from generator.errors import Diagnostics
from generator.faq import faq_page, given_faq
from generator.layout import still_on_page
from generator.markdown import MarkdownOptions
from generator.model import QA, Block, Body
from generator.structured import reduce_html


def read(body: str, explicit_faq: bool = False) -> tuple[Body, Diagnostics]:
    diags = Diagnostics()
    result = analyse(
        body,
        rel="content/posts/x.md",
        body_line=4,
        markdown=MarkdownOptions(base_path="/"),
        cjk_per_minute=300,
        words_per_minute=200,
        diags=diags,
        explicit_faq=explicit_faq,
    )
    return result, diags


def pairs(result: Body) -> list[tuple[str, str]]:
    return [(qa.question, qa.answer_html.strip()) for b in result.blocks for qa in b.faq]


@pytest.mark.parametrize(("title", "shape"), faq_shapes(), ids=[t for t, _s in faq_shapes()])
def test_every_shape_gives_the_same_pairs(title: str, shape: str) -> None:
    result, diags = read(shape)
    assert pairs(result) == FAQ_SHAPE_PAIRS
    assert not diags.items


def test_every_shape_of_the_spec_has_a_case() -> None:
    titles = " ".join(title for title, _shape in faq_shapes())
    for shape in ("Q: and A:", "full-width", "问：", "bold questions", "bold labels"):
        assert shape in titles
    for shape in ("one paragraph", "sub-heading", "definition list"):
        assert shape in titles


def test_a_faq_heading_without_pairs_is_a_warning_unless_the_frontmatter_has_them() -> None:
    body = "正文。\n\n## 常见问题\n\n暂时没有问题。\n"
    result, diags = read(body)
    assert pairs(result) == [] and "暂时没有问题" in result.blocks[-1].html
    assert [str(d) for d in diags.items] == [
        "content/posts/x.md:6: warning: FAQ section `常见问题` has no question/answer pair "
        "(write `Q: …` then `A: …`)"
    ]
    assert not read(body, explicit_faq=True)[1].items


def _given(blocks: tuple[Block, ...], taken: frozenset[str] = frozenset()) -> tuple[Block, ...]:
    diags = Diagnostics()
    result, _refs = given_faq(
        blocks,
        (("谁？", "**我**。"),),
        "zh-CN",
        MarkdownOptions(base_path="/"),
        "content/posts/x.md",
        3,
        diags,
        taken,
    )
    assert not diags.items
    return result


def test_the_frontmatter_list_replaces_the_parsed_pairs_and_their_ids() -> None:
    parsed, _ = read(
        "## One\n\n## FAQ\n\nQ: Does it scale?\n\nA: Yes.\n\n### Detail\n\nMore.\n\n"
        "## Sources\n\n- A\n",
        True,
    )
    assert [h.id for h in parsed.headings] == ["one", "faq", "detail", "sources"]
    blocks = _given(parsed.blocks)
    faq = next(b for b in blocks if b.kind == "faq")
    assert [(qa.question, qa.question_html, qa.answer_html, qa.line) for qa in faq.faq] == [
        ("谁？", "谁？", "<p><strong>我</strong>。</p>\n", 3)
    ]
    assert (faq.title, faq.heading_id, faq.html) == ("FAQ", "faq", "")
    # The answer's heading is gone from the page: not in its table of contents either.
    assert [h.id for h in still_on_page(parsed.headings, blocks)] == ["one", "faq", "sources"]


def test_the_frontmatter_list_is_added_before_the_sources_under_a_free_id() -> None:
    parsed, _ = read("正文。\n\n## 参考来源\n\n- A\n", True)
    blocks = _given(parsed.blocks, taken=frozenset({"faq"}))
    assert [b.kind for b in blocks] == ["body", "toc", "faq", "sources"]
    assert (blocks[2].title, blocks[2].heading_id, blocks[2].level) == ("常见问题", "faq-1", 2)


def test_faq_page_holds_the_pairs_with_answers_reduced() -> None:
    qa = QA("为什么？", "为什么？", '<p>见 <code>x</code> 与 <a href="/a/" class="c">文档</a></p>')
    assert faq_page((qa,), "https://example.org/p/") == {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": "https://example.org/p/",
        "mainEntity": [
            {
                "@type": "Question",
                "name": "为什么？",
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": '<p>见 x 与 <a href="/a/">文档</a></p>',
                },
            }
        ],
    }


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
