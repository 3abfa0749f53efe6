"""Reading time, checked against hand-counted samples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown import MarkdownOptions, create_markdown
from generator.readingtime import CJK, WORD, count_text, minutes, reading_stats


@pytest.mark.parametrize(
    ("text", "cjk", "words"),
    [
        ("你好世界", 4, 0),
        ("hello world", 0, 2),
        # 6 Han characters; "GPT", "4", "2026" are three words
        ("今天发布了GPT-4，2026年", 6, 3),
        ("ひらがなカタカナ", 8, 0),  # Hiragana + Katakana
        ("한국어 텍스트", 6, 0),  # Hangul syllables
        ("MoE 稀疏架构：671B 参数", 6, 2),  # 稀疏架构参数 = 6; "MoE" and "671B" are two words
        ("don't stop", 0, 3),  # apostrophe splits: don, t, stop
        ("  ，。！？  ", 0, 0),  # punctuation is neither
    ],
)
def test_count_text(text: str, cjk: int, words: int) -> None:
    assert count_text(text) == (cjk, words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("字語かカ한\U00020001 a1_-，\n")))
def test_counts_match_one_character_at_a_time(text: str) -> None:
    """Counting by runs gives what counting each character would."""
    cjk = sum(1 for ch in text if CJK.fullmatch(ch))
    words = len(WORD.findall("".join(" " if CJK.fullmatch(ch) else ch for ch in text)))
    assert count_text(text) == (cjk, words)


def test_minutes_formula() -> None:
    assert minutes(0, 0, 300, 200) == 1  # never zero
    assert minutes(300, 0, 300, 200) == 1
    assert minutes(301, 0, 300, 200) == 2
    assert minutes(1413, 132, 300, 200) == 6  # 4.71 + 0.66 → ceil(5.37)
    assert minutes(0, 401, 300, 200) == 3


def _stats(markdown: str, cjk_per_minute: int = 300, wpm: int = 200):  # type: ignore[no-untyped-def]
    return reading_stats(
        create_markdown(MarkdownOptions()).parse(markdown, {}), cjk_per_minute, wpm
    )


def test_code_blocks_urls_and_html_do_not_count() -> None:
    text = (
        "# 标题\n\n"  # 2
        "看[这个链接](https://example.com/very/long/url)。\n\n"  # 看这个链接 = 5
        "```python\nprint('not counted at all')\n```\n\n"
        "<div>html block words</div>\n\n"  # the tags do not count: html, block, words
        "inline <span>tag</span> `code` here\n"  # inline, tag, code, here
    )
    stats = _stats(text)
    assert (stats.cjk, stats.words) == (7, 7)
    assert stats.word_count == 14


def test_tables_lists_and_mixed_text_count() -> None:
    text = "| 列 | col |\n|---|---|\n| 值 | value |\n\n- 一项 item\n- 二项\n"
    stats = _stats(text)
    assert (stats.cjk, stats.words) == (6, 3)  # 列值一项二项 ; col value item


def test_configurable_speeds() -> None:
    text = "字" * 600
    assert _stats(text).minutes == 2
    assert _stats(text, cjk_per_minute=600).minutes == 1
    assert _stats("word " * 450, wpm=150).minutes == 3
