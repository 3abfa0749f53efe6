"""kramdown's inline attribute lists (Jekyll, Chirpy) and goldmark's attributes (Hugo):

    > A tip.                      `_config.yml`{: .filepath}     ![x](a.png){: w="700" .left }
    {: .prompt-tip }              ## Heading {#custom-id}        ```` ``` ```` then `{: file="a.yml" }`

A list alone on the line after a block (or its last line, lazily continuing a quote's
paragraph) applies to that block; right after a code span, image, link or emphasis, to
that element. Only what cannot hurt is applied: classes, an id, `width`/`height` (`w`/`h`)
of an image, a code block's `file`/`title`; the rest (`data-*`, `lqip`, styles) is dropped.
The list itself is never shown.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ITEM = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))"""
_ITEMS = re.compile(_ITEM)
# `{: …}` (kramdown, may be empty) or `{…}` with at least one item (goldmark).
IAL = re.compile(r"\{(?::\s*(?:" + _ITEM + r"\s*)*|\s*(?:" + _ITEM + r"\s*)+)\}")
_WHOLE = re.compile(r"^\s*" + IAL.pattern + r"\s*$")
_TRAILING = re.compile(r"\s*" + IAL.pattern + r"\s*$")
_SIZE = {"w": "width", "h": "height", "width": "width", "height": "height"}
_SPAN_TARGETS = ("code_inline", "image", "link_close", "strong_close", "em_close", "s_close")


def parse(ial: str) -> tuple[list[str], str, dict[str, str]]:
    """(classes, id, key=value pairs) of one list."""
    classes: list[str] = []
    ident = ""
    pairs: dict[str, str] = {}
    for item in _ITEMS.findall(ial):
        if item.startswith("."):
            classes.append(item[1:])
        elif item.startswith("#"):
            ident = item[1:]
        else:
            key, _, value = item.partition("=")
            pairs[key.lower()] = value.strip("\"'")
    return classes, ident, pairs


def apply(token: Token, ial: str) -> None:
    classes, ident, pairs = parse(ial)
    if classes:
        existing = str(token.attrGet("class") or "").split()
        token.attrSet("class", " ".join(dict.fromkeys(existing + classes)))
    if ident:
        token.attrSet("id", ident)
    for key, value in pairs.items():
        if token.type == "image" and key in _SIZE and value.isdigit():
            token.attrSet(_SIZE[key], value)
        elif token.type in ("fence", "code_block") and key in ("file", "title"):
            token.attrSet(key, value)


def _opening(tokens: list[Token], close: int) -> int:
    depth = 0
    for j in range(close, -1, -1):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return close


def _previous_block(tokens: list[Token], before: int, level: int) -> Token | None:
    """The block ending just before `tokens[before]` at `level` (its opening token)."""
    j = before - 1
    while j >= 0 and tokens[j].level > level:
        j -= 1
    if j < 0 or tokens[j].level != level or tokens[j].nesting == 1:
        return None
    return tokens[_opening(tokens, j)] if tokens[j].nesting == -1 else tokens[j]


def _span_lists(inline: Token) -> None:
    children = inline.children or []
    for k in range(1, len(children)):
        child = children[k]
        if child.type != "text" or not child.content.startswith("{"):
            continue
        match = IAL.match(child.content)
        if not match or children[k - 1].type not in _SPAN_TARGETS:
            continue
        target = children[k - 1]
        if target.nesting == -1:
            target = children[_opening(children, k - 1)]
        apply(target, match.group())
        child.content = child.content[match.end() :]


def _strip_last_line(inline: Token, in_heading: bool) -> str | None:
    """The list ending a heading, or alone on a paragraph's last line (removed from it)."""
    children = inline.children or []
    if not children or children[-1].type != "text":
        return None
    last = children[-1]
    match = _TRAILING.search(last.content)
    if not match:
        return None
    before = last.content[: match.start()]
    alone = not before.strip() and (len(children) == 1 or children[-2].type == "softbreak")
    if not (alone or in_heading):
        return None
    last.content = before.rstrip()
    if not last.content:
        children.pop()
        if children and children[-1].type == "softbreak":
            children.pop()
    inline.content = _TRAILING.sub("", inline.content)
    return match.group().strip()


def _apply_lists(state: StateCore) -> None:
    tokens = state.tokens
    if not any(t.type == "inline" and "{" in t.content for t in tokens):
        return  # no list anywhere: most posts
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "inline" and token.children is not None and "{" in token.content:
            _span_lists(token)
            opening = out[-1] if out else None
            if (
                opening is not None
                and opening.type == "paragraph_open"
                and _WHOLE.match(token.content)
            ):
                out.pop()  # the paragraph that is only a list: gone, applied to the block before
                target = _previous_block(out, len(out), opening.level)
                if target is not None:
                    apply(target, token.content.strip())
                i += 2  # the inline and its paragraph_close
                continue
            in_heading = opening is not None and opening.type == "heading_open"
            ial = _strip_last_line(token, in_heading)
            if ial is not None and opening is not None:
                after = tokens[i + 2] if i + 2 < len(tokens) else None
                if opening.type == "paragraph_open" and after and after.type == "blockquote_close":
                    apply(tokens[_opening(tokens, i + 2)], ial)  # Chirpy's prompts
                else:
                    apply(opening, ial)
        out.append(token)
        i += 1
    state.tokens = out


def attrs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("kramdown_attrs", _apply_lists)
