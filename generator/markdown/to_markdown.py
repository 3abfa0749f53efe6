"""A parsed post's tokens back to clean Markdown (for its `…/index.md` copy and
llms-full.txt), by mdformat's renderer with a renderer for each of aiblog's constructs:

- shortcodes, callouts, players and raw HTML: what their HTML shows, as Markdown;
- math as TeX between `$`/`$$`; fences with their language only; tables as GFM pipe
  tables; footnotes as `[^n]`; definition lists as `term` / `: definition`;
- every link and image URL marked (links.py), to be made absolute when the copy is
  published; heading anchors and `<!--more-->` left out; a line break between two CJK
  characters joined as on the page.

It runs where the post is parsed (read workers), once per parse, and its result is cached
with the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdformat.renderer import DEFAULT_RENDERERS, RenderContext, RenderTreeNode

from generator.markdown.absolute_links import mark
from generator.markdown.fences import fence_language
from generator.markdown.html_markdown import html_to_markdown
from generator.markdown.report import REPORTS

Render = Callable[[RenderTreeNode, RenderContext], str]
_MD = "aiblog_md"  # env key: the site's MarkdownIt, for what only its HTML renderer knows


def _children(node: RenderTreeNode, context: RenderContext, separator: str = "") -> str:
    return separator.join(out for c in node.children if (out := c.render(context)))


def _html_of(node: RenderTreeNode, context: RenderContext) -> str:
    """The node's HTML as the page shows it (a shortcode's template, a player)."""
    md: MarkdownIt = context.env[_MD]
    tokens = _tokens(node)
    return md.renderer.render(tokens, md.options, context.env)


def _tokens(node: RenderTreeNode) -> list[Token]:
    if node.token is not None:
        return [node.token]
    assert node.nester_tokens is not None
    inside = [t for child in node.children for t in _tokens(child)]
    return [node.nester_tokens.opening, *inside, node.nester_tokens.closing]


def _link(node: RenderTreeNode, context: RenderContext) -> str:
    href = str(node.attrs.get("href", ""))
    text = _children(node, context)
    if node.info == "auto":
        return f"<{mark(href)}>"
    return f"[{text}]({mark(href)})"


def _image(node: RenderTreeNode, context: RenderContext) -> str:
    alt = node.content.replace("]", "").replace("\n", " ")
    return f"![{alt}]({mark(str(node.attrs.get('src', '')))})"


def _softbreak(node: RenderTreeNode, context: RenderContext) -> str:
    return "" if node.meta.get("cjk") else "\n"


def _fence(node: RenderTreeNode, context: RenderContext) -> str:
    return _code(node.content, fence_language(node.info))


def _code(code: str, lang: str) -> str:
    code = code if code.endswith("\n") else code + "\n"
    fence = "`" * max(3, _longest_run(code, "`") + 1)
    return f"{fence}{lang}\n{code}{fence}"


def _longest_run(text: str, char: str) -> int:
    longest = run = 0
    for c in text:
        run = run + 1 if c == char else 0
        longest = max(longest, run)
    return longest


def _html(node: RenderTreeNode, context: RenderContext) -> str:
    if 'class="anchor"' in node.content:  # a heading's permalink (analyse.py)
        return ""
    return html_to_markdown(node.content)


# Shortcodes whose inside is code or TeX as written (shortcodes.py keeps it in meta["raw"]).
_CODE_SHORTCODES = frozenset({"highlight", "codeblock", "code"})
_INSIDE = "\ue010"  # stands for a pair's inside in its template's HTML


def _shortcode(node: RenderTreeNode, context: RenderContext) -> str:
    """A single shortcode: what its template shows (code and TeX as written). A pair: what
    its template shows, its inside written as Markdown where the template puts it."""
    if node.token is not None:
        meta = node.token.meta
        if meta.get("missing"):
            return ""
        tag, raw = meta["tag"], meta.get("raw")
        if raw is not None and tag.name in _CODE_SHORTCODES:
            lang = tag.kwargs.get("lang") or (tag.args[0] if tag.args else "")
            return _code(raw, str(lang))
        if raw is not None and tag.name == "math":
            return f"$$\n{raw.strip()}\n$$"
        return html_to_markdown(_html_of(node, context))
    opening = node.nester_tokens.opening  # type: ignore[union-attr]
    if opening.meta.get("missing"):
        return "" if opening.meta.get("drop_inner") else _children(node, context, "\n\n")
    return _around(node, context)


def _around(node: RenderTreeNode, context: RenderContext) -> str:
    """A pair's template as Markdown, `_INSIDE` where its inside goes; a line prefix before
    it (a quote's `> `) repeated on each line of the inside."""
    md: MarkdownIt = context.env[_MD]
    opening = node.nester_tokens.opening  # type: ignore[union-attr]
    rule = md.renderer.wrap_rules[opening.type.removesuffix("_open")]  # type: ignore[attr-defined]
    text = html_to_markdown(rule(opening, _INSIDE, context.env))
    inner = _children(node, context, "\n\n")
    for line in text.split("\n"):
        if _INSIDE in line:
            prefix = line[: line.index(_INSIDE)]
            if prefix.strip(" >") == "":
                inner = inner.replace("\n", "\n" + prefix)
            return text.replace(_INSIDE, inner).replace(" \n", "\n").replace(">\n", ">\n")
    return (text + "\n\n" + inner).strip()  # a template that leaves its inside out


def _math_inline(node: RenderTreeNode, context: RenderContext) -> str:
    return f"${node.content.strip()}$"


def _math_display(node: RenderTreeNode, context: RenderContext) -> str:
    return f"$${node.content.strip()}$$"


def _math_block(node: RenderTreeNode, context: RenderContext) -> str:
    return f"$$\n{node.content.strip()}\n$$"


def _embed(node: RenderTreeNode, context: RenderContext) -> str:
    meta = node.meta
    return f"[{meta.get('title') or meta.get('src')}]({mark(str(meta.get('src', '')))})"


def _table(node: RenderTreeNode, context: RenderContext) -> str:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for section in node.children:
        for row in section.children:
            cells = []
            for cell in row.children:
                text = _children(cell, context).replace("|", "\\|").replace("\n", " ")
                cells.append(text.strip())
                if section.type == "thead":
                    style = str(cell.attrs.get("style", ""))
                    aligns.append(style.removeprefix("text-align:").strip())
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rule = {"left": ":--", "center": ":-:", "right": "--:"}
    divider = [rule.get(aligns[i] if i < len(aligns) else "", "---") for i in range(width)]
    lines = [rows[0], divider, *rows[1:]]
    return "\n".join("| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in lines)


def _footnote_ref(node: RenderTreeNode, context: RenderContext) -> str:
    return f"[^{node.meta.get('label') or node.meta['id'] + 1}]"


def _footnote_block(node: RenderTreeNode, context: RenderContext) -> str:
    notes = []
    for note in node.children:
        label = note.meta.get("label") or note.meta["id"] + 1
        text = _children(note, context, "\n\n").replace("\n", "\n    ")
        notes.append(f"[^{label}]: {text}")
    return "\n\n".join(notes)


def _definition_list(node: RenderTreeNode, context: RenderContext) -> str:
    parts = []
    for item in node.children:
        text = _children(item, context, "\n\n")
        parts.append(text if item.type == "dt" else ": " + text.replace("\n", "\n  "))
    return "\n".join(parts)


# mdformat's own text and paragraph renderers escape with many passes each; these two do
# the escapes a reader's Markdown parser needs in one pass (they halve the copy's cost).
_TEXT_ESCAPE = re.compile(
    r"[\\`*\[]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)"
)
# A line that would start another block: a heading, quote, list item, table row, setext
# underline or thematic break. (Its leading spaces go: they could make it indented code.)
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|[-=]+\s*$|\|)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _escape_line_start(line: str) -> str:
    line = line.lstrip()
    if _ORDERED_START.match(line):
        return _ORDERED_START.sub(r"\1\\\2", line, count=1)
    return "\\" + line if _BLOCK_START.match(line) else line


def _text(node: RenderTreeNode, context: RenderContext) -> str:
    return _TEXT_ESCAPE.sub(lambda m: "\\" + m.group(), node.content)


def _paragraph(node: RenderTreeNode, context: RenderContext) -> str:
    lines = _children(node, context).split("\n")
    return "\n".join(_escape_line_start(line) for line in lines)


def _nothing(node: RenderTreeNode, context: RenderContext) -> str:
    return ""


def _rule(node: RenderTreeNode, context: RenderContext) -> str:
    return "---"


def _strikethrough(node: RenderTreeNode, context: RenderContext) -> str:
    return f"~~{_children(node, context)}~~"


def _blocks(node: RenderTreeNode, context: RenderContext) -> str:
    return _children(node, context, "\n\n")


def _question(node: RenderTreeNode, context: RenderContext) -> str:
    return f"**{_children(node, context)}**"


class _Extension:
    """aiblog's renderers by node type (in the shape of mdformat's plugin interface)."""

    RENDERERS: dict[str, Render] = {
        "text": _text,
        "paragraph": _paragraph,
        "link": _link,
        "image": _image,
        "softbreak": _softbreak,
        "fence": _fence,
        "code_block": _fence,
        "html_block": _html,
        "html_inline": _html,
        "shortcode": _shortcode,
        "shortcode_inline": _shortcode,
        "callout": _shortcode,  # its template is a quoted aside, see html_markdown.py
        "math_inline": _math_inline,
        "math_inline_double": _math_display,
        "math_block": _math_block,
        "embed": _embed,
        "table": _table,
        "footnote_ref": _footnote_ref,
        "footnote_block": _footnote_block,
        "footnote_anchor": _nothing,
        "dl": _definition_list,
        "summary_break": _nothing,
        "s": _strikethrough,
        "hr": _rule,
        # The section and FAQ plugins' containers: their blocks, each found on its own too.
        "section": _blocks,
        "faq_item": _blocks,
        "faq_question": _question,
        "faq_answer": _blocks,
        "toc_placeholder": _nothing,
        "heading_anchor": _nothing,
    }
    POSTPROCESSORS: dict[str, Any] = {}


_OPTIONS = {"mdformat": {"wrap": "keep", "number": True}}
_RENDERERS = MappingProxyType({**DEFAULT_RENDERERS, **_Extension.RENDERERS})
_NO_POSTPROCESSORS: MappingProxyType[str, Any] = MappingProxyType({})


class DocumentMarkdown:
    """The Markdown of each top-level block of a parsed document, rendered in one walk of
    one tree (mdformat's renderer with aiblog's renderers); `of` puts a run of blocks
    (a section) together. A walk per section cost half as much again."""

    def __init__(self, md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> None:
        self._by_token = _render_blocks(md, tokens, env)

    def of(self, tokens: Sequence[Token], html: str) -> str:
        """The blocks that `tokens` (top-level ones of the document) hold, as Markdown;
        `html`, what they render to, is the fallback when mdformat could not walk the
        document (a plugin's token it has no renderer for): its text, links and images
        are still all there."""
        if self._by_token is None:
            return html_to_markdown(html)
        found = self._by_token
        parts = [found[id(t)] for t in tokens if id(t) in found]  # the blocks' first tokens
        if not parts:
            return html_to_markdown(html)
        return "\n\n".join(p for p in parts if p).strip()


def _render_blocks(
    md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]
) -> dict[int, str] | None:
    """Each top-level block's Markdown by the id of its first token. Templates rendered
    again here report into a throwaway env, not the parse's (no warning twice)."""
    own_env = {**env, REPORTS: [], "refs": [], "unsafe": [], _MD: md}
    own_env.update(indent_width=0, used_refs=set())  # what mdformat's own renderer sets
    context = RenderContext(_RENDERERS, _NO_POSTPROCESSORS, _OPTIONS, own_env)
    try:
        found: dict[int, str] = {}
        nodes = list(RenderTreeNode(tokens).children)
        while nodes:  # the top-level blocks, and those inside sections and FAQ items
            node = nodes.pop()
            found[id(_first_token(node))] = node.render(context)
            if node.type in _CONTAINERS:
                nodes.extend(node.children)
        return found
    except Exception:  # any renderer's failure: the copy falls back to the HTML's text
        return None


_CONTAINERS = frozenset({"section", "faq_item", "faq_answer"})


def _first_token(node: RenderTreeNode) -> Token:
    return node.token if node.token is not None else node.nester_tokens.opening  # type: ignore[union-attr]


def to_markdown(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any], html: str) -> str:
    """`tokens` (a whole token stream) as Markdown; see `DocumentMarkdown`."""
    return DocumentMarkdown(md, tokens, env).of(tokens, html) if tokens else ""
