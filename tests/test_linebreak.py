"""Card titles broken by CJK rules: no line starts with closing punctuation or ends with
opening punctuation, Latin words stay whole, a long title ends with an ellipsis."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.linebreak import CLOSING, ELLIPSIS, OPENING, units, wrap


def width(unit: str) -> float:
    """A CJK character (or full-width punctuation) is 2, anything else 1."""
    return sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in unit)


def test_closing_punctuation_stays_with_what_it_closes() -> None:
    assert units("颠覆高投入、高算力") == ("颠", "覆", "高", "投", "入、", "高", "算", "力")
    assert units("说「引用」完") == ("说", "「引", "用」", "完")
    assert units("GPT-4.5 发布了！") == ("GPT-4.5", " ", "发", "布", "了！")


def test_the_seed_title_breaks_by_the_rules() -> None:
    title = "重新思考人工智能：深度求索的战略颠覆高投入、高算力模式"
    lines, cut = wrap(title, width, 16, 4)  # eight characters a line
    assert not cut
    assert "".join(lines) == title
    assert lines == ["重新思考人工智", "能：深度求索的战", "略颠覆高投入、高", "算力模式"]
    for line in lines:
        assert line[0] not in CLOSING and line[-1] not in OPENING


def test_latin_words_stay_whole_unless_wider_than_a_line() -> None:
    lines, _ = wrap("Small Models, Big Impact", width, 12, 5)
    assert lines == ["Small", "Models, Big", "Impact"]
    lines, _ = wrap("Supercalifragilistic", width, 8, 5)
    assert lines == ["Supercal", "ifragili", "stic"]


def test_a_long_title_ends_with_an_ellipsis_within_the_line() -> None:
    lines, cut = wrap("这是一个非常非常长的标题，" * 4, width, 16, 2)
    assert cut and len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS) and width(lines[-1]) <= 16
    # never "「…": an opening bracket before the ellipsis goes too
    lines, cut = wrap("一二三四五六七「八九十一二三四五六七八", width, 16, 1)
    assert cut and lines == ["一二三四五六七…"]


# Titles as authors write them: characters and words, some opened or closed by
# punctuation (a title made only of punctuation has no break that could follow the rules).
_WORDS = st.sampled_from(list("人工智能模型的效率路线") + ["GPT", "R1", "DeepSeek"])
_PIECES = st.tuples(
    st.sampled_from(["", "", "", "「", "（", "《", "“"]),
    _WORDS,
    st.sampled_from(["", "", "", "，", "。", "、", "！", "」", "）", "：", "」。", " "]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.integers(min_value=10, max_value=30))
@example(["「DeepSeek」。", "「DeepSeek」。", "「DeepSeek」。", "人"], 14)  # once gave ["…"]
def test_no_line_breaks_the_rules_whatever_the_title(pieces: list[str], room: int) -> None:
    title = "".join(pieces)
    lines, cut = wrap(title, width, room, 3)
    for line in lines:
        assert width(line) <= room
        assert line[0] not in CLOSING, lines
        assert line.rstrip(ELLIPSIS)[-1:] not in OPENING, lines
    if not cut:  # nothing lost but the spaces at the breaks
        assert "".join(lines).replace(" ", "") == title.replace(" ", "")
