"""Inline tokens as text a reader reads, and a label cut off their start."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token

# A code span in a paragraph's source text (one or more backticks, closed by as many).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def outside(
    text: str, change: Callable[[str], str], kept: re.Pattern[str] = CODE_SPAN, blank: bool = False
) -> str:
    """`change` applied to the text between the matches of `kept` (code spans by default),
    which keep what they hold (`blank`: left out of the result instead)."""
    parts, last = [], 0
    for span in kept.finditer(text):
        parts.append(change(text[last : span.start()]))
        parts.append("" if blank else span.group())
        last = span.end()
    parts.append(change(text[last:]))
    return "".join(parts)


def inline_text(token: Token, images: bool = True) -> str:
    """Plain text of an inline token as a reader sees it (no markup, no URLs)."""
    if not token.children:
        return token.content
    return children_text(token.children, images)


def children_text(children: list[Token], images: bool = True) -> str:
    """Plain text of an inline token's children (or of a run of them)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("" if child.meta.get("cjk") else " ")  # see cjk_breaks.py
        elif child.type == "hardbreak":
            parts.append(" ")
        elif child.type == "image" and images:
            parts.append(child.content)
    return "".join(parts)


# meta key of an inline whose label strip_prefix cut: the label's text. The page shows it
# otherwise (a box's label) or not at all (`Q:`), but it is text the author wrote and
# reading time counts it (seed 000's 阅读时间约 6 分钟 and wordCount include them).
CUT_LABEL = "cut_label"


def strip_prefix(inline: Token, pattern: re.Pattern[str]) -> Token:
    """A copy of `inline` with the text `pattern` matches at its start removed, through
    emphasis markup (`**Q: …**`, `**一句话总结**：…`), and emphasis left empty dropped."""
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
        elif remaining > 0 and child.type not in _EMPHASIS:
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
    return inline.copy(
        children=cleaned,
        content=pattern.sub("", inline.content, count=1),
        meta={**inline.meta, CUT_LABEL: inline.meta.get(CUT_LABEL, "") + match.group(0)},
    )


_EMPHASIS = ("strong_open", "strong_close", "em_open", "em_close")
