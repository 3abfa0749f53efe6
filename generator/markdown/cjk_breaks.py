"""A soft line break between two CJK characters renders as nothing (an author who wraps
lines in the editor gets no stray gap: "卡死了。流式输出", not "卡死了。 流式输出").

The rule of CSS Text 3 (segment break transformation): removed when the characters on
both sides are East Asian Wide, Fullwidth or Halfwidth, and neither is Hangul (Korean
separates words with spaces). Between Latin words it stays a space. The break stays a
`softbreak` token, marked `meta["cjk"]`, so that rules splitting a paragraph at its line
breaks (`Q：…` / `A：…`) still see it; `inline_text` and the renderer drop it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

_TEXT = ("text", "code_inline")
_HANGUL = (
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),
    (0xD7B0, 0xD7FF),
)


def is_cjk(char: str) -> bool:
    if unicodedata.east_asian_width(char) not in ("W", "F", "H"):
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _HANGUL)


def _edge_char(children: list[Token], start: int, step: int) -> str:
    """The nearest character of text from `start` in direction `step`, through markup
    such as `**` or a link's brackets; "" at a break, an image or the end."""
    i = start
    while 0 <= i < len(children):
        child = children[i]
        if child.type in _TEXT:
            if child.content:
                return child.content[-1] if step < 0 else child.content[0]
        elif child.nesting == 0:
            return ""  # a break, an image, raw HTML: not text joined to the break
        i += step
    return ""


def _mark_breaks(state: StateCore) -> None:
    for block in state.tokens:
        children = block.children
        if block.type != "inline" or not children or "\n" not in block.content:
            continue
        for i, child in enumerate(children):
            if child.type != "softbreak":
                continue
            before, after = _edge_char(children, i - 1, -1), _edge_char(children, i + 1, 1)
            if before and after and is_cjk(before) and is_cjk(after):
                child.meta = {**child.meta, "cjk": True}


def _render_softbreak(
    self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    if tokens[idx].meta.get("cjk"):
        return ""
    return "<br />\n" if options.breaks else "\n"


def cjk_breaks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "cjk_breaks", _mark_breaks)
    md.add_render_rule("softbreak", _render_softbreak)
