"""TeX math to MathML at build time (latex2mathml): no script, no request off-host.

`$…$` and `$$…$$` (mdit-py-plugins' dollarmath: a `$` followed by a space or closing
before a digit is not math, so "售价 $5 和 $10" stays text), `\\(…\\)` and `\\[…\\]`
(own inline rule, ahead of markdown's backslash escapes), and ```math fences. A formula
latex2mathml cannot convert is a warning with its line and is shown as code, as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar

from generator.markdown.renderer import protect
from generator.markdown.report import report

INLINE_TYPES = ("math_inline", "math_inline_double")
BLOCK_TYPES = ("math_block",)
# latex2mathml keeps a command it does not know as an identifier, `<mi>\foo</mi>`, and an
# alignment `&` outside a table as `<mi>&</mi>`: not what the author wrote.
_UNKNOWN_COMMAND = re.compile(r">\\[A-Za-z]+<|<mi>&</mi>")
_BRACKETS = {"(": ")", "[": "]"}
_CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}


# TeX rewritten into what latex2mathml reads. Numbering and labels are MathJax's business
# (no counter here): `equation` is its content, `\label{…}`, `\tag{…}` and `\nonumber` go.
# latex2mathml has no `aligned`: an array of right- and left-aligned columns is what it means.
_REWRITES = (
    (re.compile(r"\\(?:label|tag)\*?\{[^{}]*\}|\\nonumber|\\notag"), ""),
    (re.compile(r"\\(begin|end)\{equation\*?\}"), ""),
    (re.compile(r"\\begin\{(?:aligned|align|eqnarray|split)\*?\}"), r"\\begin{array}{rlrlrl}"),
    (re.compile(r"\\end\{(?:aligned|align|eqnarray|split)\*?\}"), r"\\end{array}"),
    # What MathJax and KaTeX know and latex2mathml does not: `\arg` (argmax in ML posts),
    # KaTeX's `\R`, `\N`, `\Z`, `\Q`, `\C` and `\empty`, capital Greek letters written as
    # Latin ones (`\Alpha`).
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
    (re.compile(r"\\([RNZQC])(?![A-Za-z])"), r"\\mathbb{\1}"),
    (re.compile(r"\\empty(?![A-Za-z])"), r"\\emptyset"),
    # A superscript opening a table cell (`& ^1x_2`, a pre-superscript): on an empty base.
    (re.compile(r"(&|\\\\|\\begin\{[a-zA-Z]*\})(\s*)\^"), r"\1\2{}^"),
    (
        re.compile(
            r"\\(Alpha|Beta|Epsilon|Zeta|Eta|Iota|Kappa|Mu|Nu|Omicron|Rho|Tau|Chi)(?![A-Za-z])"
        ),
        lambda m: r"\mathrm{" + _LATIN[m.group(1)] + "}",
    ),
)
_LATIN = {
    "Alpha": "A", "Beta": "B", "Epsilon": "E", "Zeta": "Z", "Eta": "H", "Iota": "I",
    "Kappa": "K", "Mu": "M", "Nu": "N", "Omicron": "O", "Rho": "P", "Tau": "T", "Chi": "X",
}  # fmt: skip


def _as_latex2mathml_reads(tex: str) -> str:
    for pattern, replacement in _REWRITES:
        tex = pattern.sub(replacement, tex)
    return tex.strip()


# A Markdown backslash escape (CommonMark: before ASCII punctuation).
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@lru_cache(maxsize=4096)
def to_mathml(tex: str, display: bool) -> str | None:
    r"""MathML for `tex`, or None when it cannot be converted faithfully. TeX that fails as
    written is tried again with its Markdown escapes resolved: blogs whose Markdown renderer
    did not know math (Hexo's marked, with MathJax on the page) wrote `\\\\` for a line
    break, `\\{` for a brace and `\_` for a subscript, as that renderer needed."""
    mathml = _converted(tex, display)
    if mathml is None and (unescaped := _MARKDOWN_ESCAPE.sub(r"\1", tex)) != tex:
        mathml = _converted(unescaped, display)
    return mathml


def _converted(tex: str, display: bool) -> str | None:
    if not _balanced(tex):
        return None
    # Imported on the first formula: latex2mathml (with what it imports) costs every
    # `aiblog build` 50 ms to import, and most posts have no math.
    from latex2mathml.converter import convert

    try:
        mathml = convert(_as_latex2mathml_reads(tex), display="block" if display else "inline")
    except Exception:  # latex2mathml raises bare exceptions of several kinds
        return None
    return None if _UNKNOWN_COMMAND.search(mathml) else mathml


def _balanced(tex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        if match.group() == "{":
            depth += 1
        elif match.group() == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _brackets_rule(state: StateInline, silent: bool) -> bool:
    """`\\(…\\)` inline and `\\[…\\]` display math inside a paragraph."""
    src, pos = state.src, state.pos
    if src[pos] != "\\" or pos + 1 >= state.posMax or src[pos + 1] not in _BRACKETS:
        return False
    closing = "\\" + _BRACKETS[src[pos + 1]]
    end = src.find(closing, pos + 2, state.posMax)
    if end < 0 or not src[pos + 2 : end].strip():
        return False
    if not silent:
        kind = "math_inline" if src[pos + 1] == "(" else "math_inline_double"
        token = state.push(kind, "math", 0)
        token.content = src[pos + 2 : end]
        token.markup = src[pos : pos + 2]
    state.pos = end + 2
    return True


def _child_line(block: Token, children: list[Token], index: int) -> int | None:
    if not block.map:
        return None
    breaks = sum(1 for c in children[:index] if c.type in ("softbreak", "hardbreak"))
    return block.map[0] + breaks


def _convert(token: Token, display: bool, line: int | None, env: dict[str, Any]) -> None:
    tex = token.content.strip()
    mathml = to_mathml(tex, display)
    token.meta = {**token.meta, "mathml": mathml}
    if mathml is None:
        report(env, line, f"math: cannot convert `{_short(tex)}` to MathML; shown as code")


def _short(tex: str) -> str:
    flat = " ".join(tex.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"


def _convert_all(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "fence" and token.info.strip().lower() == "math":
            token.type, token.tag = "math_block", "math"
        if token.type in BLOCK_TYPES:
            _convert(token, True, token.map[0] if token.map else None, state.env)
        elif (
            token.type == "inline"
            and token.children
            and ("$" in token.content or "\\" in token.content)
        ):
            for i, child in enumerate(token.children):
                if child.type in INLINE_TYPES:
                    line = _child_line(token, token.children, i)
                    _convert(child, child.type == "math_inline_double", line, state.env)


def _render_inline(
    self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    mathml = token.meta.get("mathml")
    if mathml is None:
        written = token.markup + token.content + _CLOSING.get(token.markup, "")
        return f'<code class="math-error">{escape(written)}</code>'
    return protect(env, mathml)


def _render_block(
    self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    mathml = token.meta.get("mathml")
    if mathml is None:
        return f'<pre class="math-error"><code>{escape(token.content)}</code></pre>\n'
    return protect(env, f'<div class="math">{mathml}</div>') + "\n"


def _not_before_a_word(rule: Any) -> Any:
    """The inline `$…$` rule, except where the closing `$` is followed by an ASCII letter,
    `_` or `{`: that is a shell variable in prose (`PATH=$PATH:$HOME/bin`, `${HOME}`), which
    the other generators (no math, or MathJax's own rules) leave as written."""

    def math_inline(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):
            return False
        after = state.src[state.pos] if state.pos < state.posMax else ""
        state.pos = start
        if after and (after in "_{" or (after.isascii() and after.isalpha())):
            return False
        return bool(rule(state, silent))

    return math_inline


_DOLLARS = {
    "allow_space": False,  # `$ 5` is not math
    "allow_digits": False,  # `$5 and $10` is not math either
    "double_inline": True,
}


def math_plugin(md: MarkdownIt) -> None:
    md.use(dollarmath_plugin, allow_labels=False, **_DOLLARS)
    # The plugin's rule again, with the same settings, wrapped (see _not_before_a_word).
    dollars = math_inline_dollar(
        _DOLLARS["allow_space"], _DOLLARS["allow_digits"], _DOLLARS["double_inline"]
    )
    md.inline.ruler.at("math_inline", _not_before_a_word(dollars))
    md.inline.ruler.before("escape", "math_brackets", _brackets_rule)
    md.core.ruler.after("inline", "math_to_mathml", _convert_all)
    for kind in INLINE_TYPES:
        md.add_render_rule(kind, _render_inline)
    md.add_render_rule("math_block", _render_block)
