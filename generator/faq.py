"""Question/answer pairs out of a FAQ section, in every shape authors write them:

- `Q: …` / `A: …` paragraphs (ASCII or full-width colon, `问：`/`答：`, bold `**Q: …**`,
  question and answer in one paragraph on two lines);
- one sub-heading per question, the blocks under it its answer;
- a definition list (term = question, definitions = answer).

Answers run until the next question and may hold several paragraphs, lists, links, code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def _pairs_from_paragraphs(
    tokens: list[Token], line_of: Callable[[Token], int | None]
) -> list[RawPair]:
    pairs: list[RawPair] = []
    current: RawPair | None = None
    for start, end in top_level_units(tokens):
        unit = tokens[start:end]
        if unit[0].type == "paragraph_open" and QUESTION.match(inline_text(unit[1])):
            question_inline, answer_inline = _split_at_answer(unit[1])
            question_inline = strip_inline_prefix(question_inline, QUESTION)
            answer = _paragraph(strip_inline_prefix(answer_inline, ANSWER)) if answer_inline else []
            current = RawPair(
                inline_text(question_inline).strip(), question_inline, answer, line_of(unit[0])
            )
            pairs.append(current)
        elif current is not None:
            if (
                not current.answer
                and unit[0].type == "paragraph_open"
                and ANSWER.match(inline_text(unit[1]))
            ):
                unit = _paragraph(strip_inline_prefix(unit[1], ANSWER))
            current.answer.extend(unit)
    return pairs


def _pairs_from_headings(
    tokens: list[Token], line_of: Callable[[Token], int | None]
) -> list[RawPair]:
    pairs: list[RawPair] = []
    current: RawPair | None = None
    for start, end in top_level_units(tokens):
        unit = tokens[start:end]
        if unit[0].type == "heading_open":
            inline = strip_inline_prefix(unit[1], QUESTION)
            current = RawPair(inline_text(inline).strip(), inline, [], line_of(unit[0]))
            pairs.append(current)
        elif current is not None:
            current.answer.extend(unit)
    return pairs


def _pairs_from_deflists(
    tokens: list[Token], line_of: Callable[[Token], int | None]
) -> list[RawPair]:
    pairs: list[RawPair] = []
    current: RawPair | None = None
    for start, end in top_level_units(tokens):
        if tokens[start].type != "dl_open":
            continue
        inner = tokens[start + 1 : end - 1]
        for s, e in top_level_units(inner):
            item = inner[s:e]
            if item[0].type == "dt_open":
                inline = strip_inline_prefix(item[1], QUESTION)
                current = RawPair(inline_text(inline).strip(), inline, [], line_of(item[0]))
                pairs.append(current)
            elif item[0].type == "dd_open" and current is not None:
                # A tight list hides its paragraphs; an answer is paragraphs in every shape.
                depth = item[0].level + 1
                current.answer.extend(
                    t.copy(hidden=False)
                    if t.type.startswith("paragraph_") and t.level == depth
                    else t
                    for t in item[1:-1]
                )
    return pairs


def find_pairs(tokens: list[Token], line_of: Callable[[Token], int | None]) -> list[RawPair]:
    """The first shape that yields pairs wins, in order: Q/A paragraphs, headings, lists."""
    for finder in (_pairs_from_paragraphs, _pairs_from_headings, _pairs_from_deflists):
        pairs = [p for p in finder(tokens, line_of) if p.question]
        if pairs:
            return pairs
    return []
