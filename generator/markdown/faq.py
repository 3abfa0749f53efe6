"""Question/answer pairs in a FAQ section (sections.py marks it), in every shape authors
write them, as `faq_item` tokens:

- `Q: …` / `A: …` paragraphs (ASCII or full-width colon, `问：`/`答：`, bold `**Q: …**`,
  question and answer in one paragraph on two lines);
- one sub-heading per question, the blocks under it its answer;
- a definition list (term = question, definitions = answer).

The first shape that gives pairs wins. An answer runs until the next question and may
hold several paragraphs, lists, links and code; what comes before the first question
stays where it is. Each pair becomes

    faq_item_open (meta: id, the question heading's id or "")
      faq_question_open, inline (the question, its `Q:` cut), faq_question_close
      faq_answer_open, …the answer's blocks (its `A:` cut)…, faq_answer_close
    faq_item_close

A FAQ section with no pair is reported (unless `env["faq_given"]`: the frontmatter's
`faq:` list replaces it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator import section_kinds
from generator.markdown.blocks import closing, top_level_units
from generator.markdown.headings import without_anchor
from generator.markdown.report import report
from generator.markdown.text import children_text, inline_text, strip_prefix

QUESTION = re.compile(r"^\s*(?:Q|问|问题|Question)\s*\d*\s*[:：.．]\s*", re.IGNORECASE)
ANSWER = re.compile(r"^\s*(?:A|答|回答|Answer)\s*\d*\s*[:：.．]\s*", re.IGNORECASE)
FAQ_GIVEN = "faq_given"  # env key: the frontmatter has a `faq:` list

Unit = list[Token]


@dataclass
class _Pair:
    question: Token  # the inline
    ident: str  # the question heading's id, or ""
    where: Token  # first token of the question, for its line
    answer: list[Token] = field(default_factory=list)


# A shape: which units start a question (→ its inline, its id, the start of its answer),
# and what a later unit adds to the answer (`first`: nothing in the answer yet).
StartsQuestion = Callable[[Unit], tuple[Token, str, list[Token]] | None]
AddsToAnswer = Callable[[Unit, bool], list[Token]]


def _paragraph(inline: Token, level: int) -> list[Token]:
    return [
        Token("paragraph_open", "p", 1, level=level, block=True),
        inline.copy(level=level + 1),
        Token("paragraph_close", "p", -1, level=level, block=True),
    ]


def _split_at_answer(inline: Token) -> tuple[Token, Token | None]:
    """`Q: …\\nA: …` in one paragraph: split at the line break before the answer."""
    children = inline.children or []
    for k, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak") and ANSWER.match(
            children_text(children[k + 1 :])
        ):
            answer = inline.copy(children=children[k + 1 :], content="")
            return inline.copy(children=children[:k]), answer
    return inline, None


def _q_paragraph(unit: Unit) -> tuple[Token, str, list[Token]] | None:
    if unit[0].type != "paragraph_open" or not QUESTION.match(inline_text(unit[1])):
        return None
    question, answer = _split_at_answer(unit[1])
    first = _paragraph(strip_prefix(answer, ANSWER), unit[0].level) if answer else []
    return strip_prefix(question, QUESTION), "", first


def _a_paragraph(unit: Unit, first: bool) -> list[Token]:
    if first and unit[0].type == "paragraph_open" and ANSWER.match(inline_text(unit[1])):
        return [unit[0], strip_prefix(unit[1], ANSWER), unit[2]]
    return unit


def _q_heading(unit: Unit) -> tuple[Token, str, list[Token]] | None:
    if unit[0].type != "heading_open":
        return None
    inline = strip_prefix(without_anchor(unit[1]), QUESTION)
    return inline, str(unit[0].attrGet("id") or ""), []


def _q_term(unit: Unit) -> tuple[Token, str, list[Token]] | None:
    return (strip_prefix(unit[1], QUESTION), "", []) if unit[0].type == "dt_open" else None


def _a_definition(unit: Unit, _first: bool) -> list[Token]:
    if unit[0].type != "dd_open":
        return unit  # a block after the list: the last answer runs on
    # A tight list hides its paragraphs; an answer is paragraphs in every shape.
    depth = unit[0].level + 1
    return [
        t.copy(hidden=False) if t.type.startswith("paragraph_") and t.level == depth else t
        for t in unit[1:-1]
    ]


def _units(tokens: list[Token]) -> list[Unit]:
    return [tokens[start:end] for start, end in top_level_units(tokens)]


def _definition_units(tokens: list[Token]) -> Iterator[Unit]:
    """The blocks, with each definition list opened into its terms and definitions."""
    for unit in _units(tokens):
        if unit[0].type == "dl_open":
            yield from _units(unit[1:-1])
        else:
            yield unit


def _collect(
    units: Iterable[Unit], starts: StartsQuestion, adds: AddsToAnswer
) -> tuple[list[Token], list[_Pair]]:
    """(what comes before the first question, the pairs). A `Q:` with no question after
    it starts nothing."""
    before: list[Token] = []
    pairs: list[_Pair] = []
    for unit in units:
        started = starts(unit)
        if started is not None and inline_text(started[0]).strip():
            inline, ident, answer = started
            pairs.append(_Pair(inline, ident, unit[0], list(answer)))
        elif pairs:
            pairs[-1].answer.extend(adds(unit, not pairs[-1].answer))
        else:
            before.extend(unit)
    return before, pairs


def _whole(unit: Unit, _first: bool) -> list[Token]:
    return unit


def find_pairs(body: list[Token]) -> tuple[list[Token], list[_Pair]]:
    """(blocks before the first question, the pairs) of a FAQ section's body, in the first
    shape that gives pairs: Q/A paragraphs, sub-headings, a definition list."""
    shapes = (
        (_units, _q_paragraph, _a_paragraph),
        (_units, _q_heading, _whole),
        (_definition_units, _q_term, _a_definition),
    )
    for units, starts, adds in shapes:
        before, pairs = _collect(units(body), starts, adds)
        if pairs:
            return before, pairs
    return body, []


def _item_tokens(pair: _Pair, level: int) -> list[Token]:
    """The pair's tokens, rendered by markdown-it's default rule from their tag and attrs."""
    attrs = {"class": "faq-item", **({"id": pair.ident} if pair.ident else {})}
    item = Token("faq_item_open", "div", 1, attrs=attrs, level=level, block=True)
    item.map, item.meta = pair.where.map, {"id": pair.ident}
    pair.question.level = level + 2  # (a token of its own: the shapes cut or copied it)
    for token in pair.answer:
        token.level += 2
    return [
        item,
        Token("faq_question_open", "p", 1, {"class": "faq-question"}, level=level + 1, block=True),
        pair.question,
        Token("faq_question_close", "p", -1, level=level + 1, block=True),
        Token("faq_answer_open", "div", 1, {"class": "faq-answer"}, level=level + 1, block=True),
        *pair.answer,
        Token("faq_answer_close", "div", -1, level=level + 1, block=True),
        Token("faq_item_close", "div", -1, level=level, block=True),
    ]


def _faq_section(tokens: list[Token], env: dict[str, Any]) -> list[Token]:
    """A FAQ section (section_open … section_close) with its pairs as faq items."""
    opening = tokens[0]
    head = 4 if len(tokens) > 4 and tokens[1].type == "heading_open" else 1
    before, pairs = find_pairs(tokens[head:-1])
    if not pairs:
        if not env.get(FAQ_GIVEN):
            report(
                env,
                opening,
                f"FAQ section `{opening.meta['title']}` has no question/answer pair "
                "(write `Q: …` then `A: …`)",
            )
        return tokens
    items = [t for pair in pairs for t in _item_tokens(pair, opening.level + 1)]
    return [*tokens[:head], *before, *items, tokens[-1]]


def _capture(kinds: frozenset[str]):  # type: ignore[no-untyped-def]
    def capture_faq(state: StateCore) -> None:
        tokens = state.tokens
        starts = [
            i for i, t in enumerate(tokens) if t.type == "section_open" and t.meta["kind"] in kinds
        ]
        if not starts:
            return
        out: list[Token] = []
        last = 0
        for start in starts:
            end = closing(tokens, start)
            out.extend(tokens[last:start])
            out.extend(_faq_section(tokens[start : end + 1], state.env))
            last = end + 1
        state.tokens = out + tokens[last:]

    return capture_faq


def faq_plugin(md: MarkdownIt) -> None:
    """Needs sections_plugin (it reads the sections that it marks)."""
    md.core.ruler.after("sections", "faq", _capture(section_kinds.with_role(section_kinds.FAQ)))
