"""Where the parts of a post go, as its author wrote it: the opening shown under the
title (a lead without headings, such as a translation credit, and the summary after it),
the place of the table of contents and what it lists, and the excerpt `<!--more-->` ends.
These read the token stream the plugins marked (generator/markdown/)."""

from __future__ import annotations

from html import escape

from markdown_it.token import Token

from generator import section_kinds
from generator.markdown.blocks import closing
from generator.markdown.text import children_text, inline_text
from generator.model import Block, Heading

# A table of contents is shown for this many entries (h2 and h3), or where the author asks.
TOC_MIN_HEADINGS = 3
TOC_LEVELS = (2, 3)
_OPENS_POST = frozenset(kind.name for kind in section_kinds.KINDS if kind.opens_post)


def opening_length(tokens: list[Token]) -> int:
    """How many tokens open the post (0: none): the lead, what comes before the first
    heading, and the section after it when that is of a kind that opens a post."""
    for i, token in enumerate(tokens):
        if token.type == "section_open":
            return closing(tokens, i) + 1 if token.meta["kind"] in _OPENS_POST else 0
        if token.level == 0 and token.type in ("heading_open", "toc_placeholder"):
            return 0
    return 0


def with_toc_place(tokens: list[Token], start: int) -> list[Token]:
    """Without a placeholder where the author wants it (headings.py), the table of contents
    goes before the first heading after the opening: what comes before it stays first."""
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.level == 0 and (
            token.type == "heading_open" or (token.type == "section_open" and token.meta["id"])
        ):
            return [*tokens[:i], Token("toc_placeholder", "", 0, block=True), *tokens[i:]]
    return tokens


def toc_entries(
    listed: list[Heading], opening: list[Token], blocks: list[Block], asked: bool
) -> tuple[Heading, ...]:
    """The h2 and h3 of the article's flow after the opening (a section's entry reads as
    its title); none when they are too few, unless the author placed the table."""
    above = {str(t.attrs.get("id")) for t in opening if t.type == "heading_open"}
    titles = {b.heading_id: b.title for b in blocks if b.heading_id}
    entries = tuple(
        Heading(h.level, h.id, titles.get(h.id, h.text))
        for h in listed
        if h.level in TOC_LEVELS and h.id not in above
    )
    return entries if len(entries) >= TOC_MIN_HEADINGS or (asked and entries) else ()


def still_on_page(entries: tuple[Heading, ...], blocks: tuple[Block, ...]) -> tuple[Heading, ...]:
    """The entries whose id a block still shows, after blocks were replaced (the
    frontmatter's `faq:` list takes the place of a FAQ section and its headings)."""
    shown = {b.heading_id for b in blocks} | {qa.id for b in blocks for qa in b.faq}
    html = "".join(b.html + "".join(qa.answer_html for qa in b.faq) for b in blocks)
    return tuple(h for h in entries if h.id in shown or f'id="{escape(h.id)}"' in html)


def text_before_more(tokens: list[Token]) -> str:
    """The text before `<!--more-->` (html.py leaves a `summary_break` there, a child of
    the paragraph when written inside one), headings aside."""
    texts: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "summary_break":
            return _joined(texts)
        if token.type != "inline" or (i and tokens[i - 1].type == "heading_open"):
            continue
        children = token.children or []
        cut = next((k for k, c in enumerate(children) if c.type == "summary_break"), None)
        if cut is not None:
            return _joined([*texts, children_text(children[:cut], images=False)])
        texts.append(inline_text(token, images=False))
    return ""  # no `<!--more-->` in the flow of the text


def _joined(texts: list[str]) -> str:
    return " ".join(t.strip() for t in texts if t.strip())
