"""Heading ids and anchors, and table-of-contents placeholders.

- Every heading gets an id unique in the document (Chinese kept; an id the author wrote,
  `{#id}`, wins), and a heading of the article's flow (not inside a quote, list or
  callout) a `#` permalink after its text. Those headings are listed in
  `env["headings"]`, in order: what a table of contents may link to.
- A heading other themes fill with their table of contents (`## Table of contents`,
  `目录`, `TOC`, as remark-toc names them) with nothing under it becomes one
  `toc_placeholder` token: the page puts aiblog's table of contents there. The same heading
  with text under it is an ordinary heading (a post about tables of contents).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from generator.markdown.renderer import protect
from generator.markdown.text import inline_text
from generator.model import Heading
from generator.slugs import heading_id

HEADINGS = "headings"  # env key: the Headings of the article's flow, in order
_PLACEHOLDER = re.compile(r"(?:table[ -]of[ -])?contents?|toc|目录|目次")


def _is_decoration(char: str) -> bool:
    # Emoji, symbols, punctuation, spaces, variation selectors and joiners.
    category = unicodedata.category(char)
    return category[0] in "SPZC" or category == "Mn"


@lru_cache(maxsize=8192)
def normalise_heading(text: str) -> str:
    """Heading text without leading emoji or trailing punctuation, case-folded."""
    text = unicodedata.normalize("NFC", text).strip()
    start = 0
    while start < len(text) and _is_decoration(text[start]):
        start += 1
    end = len(text)
    while end > start and (
        unicodedata.category(text[end - 1])[0] in "PZ" or text[end - 1] in ":："
    ):
        end -= 1
    return re.sub(r"\s+", " ", text[start:end]).casefold()


def level_of(token: Token) -> int:
    """2 for `<h2>`."""
    return int(token.tag[1])


def ends_section_at(tokens: list[Token], i: int, level: int) -> bool:
    """Whether the top-level token `tokens[i]` ends a part headed at `level`: a heading of
    the same or a higher level, a thematic break, the footnotes, the end."""
    if i >= len(tokens):
        return True
    token = tokens[i]
    if token.type == "heading_open":
        return level_of(token) <= level
    return token.type in ("hr", "footnote_block_open", "toc_placeholder")


def _is_placeholder(tokens: list[Token], i: int) -> bool:
    return (
        tokens[i].level == 0
        and len(tokens[i + 1].content) < 24  # the names are short: most headings stop here
        and _PLACEHOLDER.fullmatch(normalise_heading(inline_text(tokens[i + 1]))) is not None
        and ends_section_at(tokens, i + 3, level_of(tokens[i]))
    )


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 0
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return ident


def _assign_ids(state: StateCore) -> None:
    tokens = state.tokens
    heads = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    placeholders = {i for i in heads if _is_placeholder(tokens, i)}
    # Ids the author wrote are link targets: kept for their heading, wherever it is.
    taken = {str(tokens[i].attrs["id"]) for i in heads if "id" in tokens[i].attrs}
    claimed: set[str] = set()
    listed: list[Heading] = []
    for i in heads:
        if i in placeholders:
            continue
        token, inline = tokens[i], tokens[i + 1]
        text = inline_text(inline).strip()
        ident = str(token.attrs.get("id", ""))
        if ident and ident not in claimed:  # the first heading that wrote it
            claimed.add(ident)
        else:
            ident = _unique(ident or heading_id(text), taken)
        token.attrs["id"] = ident
        if token.level == 0:
            listed.append(Heading(level_of(token), ident, text))
            if inline.children is not None:
                inline.children.append(Token("heading_anchor", "a", 0, meta={"id": ident}))
    state.env[HEADINGS] = listed
    if placeholders:  # heading_open, inline, heading_close → one toc_placeholder
        out: list[Token] = []
        last = 0
        for i in sorted(placeholders):
            out.extend(tokens[last:i])
            out.append(Token("toc_placeholder", "", 0, map=tokens[i].map, block=True))
            last = i + 3
        state.tokens = out + tokens[last:]


def without_anchor(inline: Token) -> Token:
    """A heading's inline without its permalink (for a heading shown as something else)."""
    children = [c for c in inline.children or [] if c.type != "heading_anchor"]
    return inline.copy(children=children)


def _render_anchor(
    self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    href = escape("#" + str(tokens[idx].meta["id"]))
    return protect(env, f' <a class="anchor" href="{href}" aria-hidden="true" tabindex="-1">#</a>')


def headings_plugin(md: MarkdownIt) -> None:
    # Pushed after attrs.py, whose `{#id}` it honours; ids before sections.py reads them.
    md.core.ruler.push("heading_ids", _assign_ids)
    md.add_render_rule("heading_anchor", _render_anchor)
    # Seen only where a document is rendered in one piece (the page cuts it out): the
    # marker markdown-toc and others leave where a table of contents goes.
    md.add_render_rule("toc_placeholder", lambda *_args: "<!-- toc -->\n")
