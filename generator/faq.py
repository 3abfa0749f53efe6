"""Question/answer pairs out of a FAQ section, in every shape authors write them:

- `Q: …` / `A: …` paragraphs (ASCII or full-width colon, `问：`/`答：`, bold `**Q: …**`,
  question and answer in one paragraph on two lines);
- one sub-heading per question, the blocks under it its answer;
- a definition list (term = question, definitions = answer).

Answers run until the next question and may hold several paragraphs, lists, links, code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown_it.token import Token

from generator.markdown import inline_text
from generator.sections import top_level_units

QUESTION = re.compile(r"^\s*(?:Q|问|问题|Question)\s*\d*\s*[:：.．]\s*", re.IGNORECASE)
ANSWER = re.compile(r"^\s*(?:A|答|回答|Answer)\s*\d*\s*[:：.．]\s*", re.IGNORECASE)

Render = Callable[[list[Token]], str]
RenderInline = Callable[[Token], str]


@dataclass(frozen=True)
class RawPair:
    question: str
    question_inline: Token
    answer: list[Token]
    line: int | None


def strip_inline_prefix(inline: Token, pattern: re.Pattern[str]) -> Token:
    """A copy of `inline` with the text matched by `pattern` at its start removed,
    through emphasis markup (`**Q: …**`), and emphasis left empty dropped."""
    match = pattern.match(inline_text(inline))
    if not match or not inline.children:
        return inline
    remaining = match.end()
    children: list[Token] = []
    for child in inline.children:
        if remaining > 0 and child.type == "text":
            cut = min(remaining, len(child.content))
            remaining -= cut
            child = child.copy(content=child.content[cut:])
            if not child.content:
                continue
        elif remaining > 0 and child.type not in (
            "strong_open",
            "strong_close",
            "em_open",
            "em_close",
        ):
            remaining = 0
        children.append(child)
    # Drop emphasis emptied by the cut: `**A:** answer` leaves `<strong></strong>`.
    cleaned: list[Token] = []
    for child in children:
        if (
            cleaned
            and child.type.endswith("_close")
            and cleaned[-1].type == child.type[:-6] + "_open"
        ):
            cleaned.pop()
            continue
        cleaned.append(child)
    while cleaned and cleaned[0].type in ("softbreak", "hardbreak"):
        cleaned.pop(0)
    return inline.copy(children=cleaned, content=pattern.sub("", inline.content, count=1))


def _split_at_answer(inline: Token) -> tuple[Token, Token | None]:
    """`Q: …\\nA: …` in one paragraph: split at the line break before the answer."""
    children = inline.children or []
    for k, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            rest = inline.copy(children=children[k + 1 :], content="")
            if ANSWER.match(inline_text(rest)):
                return inline.copy(children=children[:k]), rest
    return inline, None


def _paragraph(inline: Token) -> list[Token]:
    return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]


Units = Iterable[list[Token]]
LineOf = Callable[[Token], int | None]


def _collect(
    units: Units,
    question_of: Callable[[list[Token]], tuple[Token, list[Token]] | None],
    answer_of: Callable[[list[Token], bool], list[Token]],
    line_of: LineOf,
) -> list[RawPair]:
    """Walk blocks: a block that starts a question opens a pair (with the start of its
    answer); the blocks after it, until the next question, are its answer."""
    pairs: list[RawPair] = []
    for unit in units:
        started = question_of(unit)
        if started is not None:
            inline, answer = started
            pairs.append(RawPair(inline_text(inline).strip(), inline, answer, line_of(unit[0])))
        elif pairs:
            pairs[-1].answer.extend(answer_of(unit, not pairs[-1].answer))
    return pairs


def _blocks(tokens: list[Token]) -> Units:
    return (tokens[start:end] for start, end in top_level_units(tokens))


def _q_paragraph(unit: list[Token]) -> tuple[Token, list[Token]] | None:
    if unit[0].type != "paragraph_open" or not QUESTION.match(inline_text(unit[1])):
        return None
    question, answer = _split_at_answer(unit[1])
    first = _paragraph(strip_inline_prefix(answer, ANSWER)) if answer else []
    return strip_inline_prefix(question, QUESTION), first


def _a_paragraph(unit: list[Token], first: bool) -> list[Token]:
    if first and unit[0].type == "paragraph_open" and ANSWER.match(inline_text(unit[1])):
        return _paragraph(strip_inline_prefix(unit[1], ANSWER))
    return unit


def _q_heading(unit: list[Token]) -> tuple[Token, list[Token]] | None:
    return (strip_inline_prefix(unit[1], QUESTION), []) if unit[0].type == "heading_open" else None


def _q_term(unit: list[Token]) -> tuple[Token, list[Token]] | None:
    return (strip_inline_prefix(unit[1], QUESTION), []) if unit[0].type == "dt_open" else None


def _a_definition(unit: list[Token], _first: bool) -> list[Token]:
    if unit[0].type != "dd_open":
        return []
    # A tight list hides its paragraphs; an answer is paragraphs in every shape.
    depth = unit[0].level + 1
    return [
        t.copy(hidden=False) if t.type.startswith("paragraph_") and t.level == depth else t
        for t in unit[1:-1]
    ]


def _deflist_items(tokens: list[Token]) -> Units:
    for unit in _blocks(tokens):
        if unit[0].type == "dl_open":
            yield from _blocks(unit[1:-1])


def find_pairs(tokens: list[Token], line_of: LineOf) -> list[RawPair]:
    """The first shape that yields pairs wins, in order: Q/A paragraphs, headings, lists."""
    shapes = (
        (_blocks(tokens), _q_paragraph, _a_paragraph),
        (_blocks(tokens), _q_heading, lambda unit, _first: unit),
        (_deflist_items(tokens), _q_term, _a_definition),
    )
    for units, question_of, answer_of in shapes:
        pairs = [p for p in _collect(units, question_of, answer_of, line_of) if p.question]
        if pairs:
            return pairs
    return []
