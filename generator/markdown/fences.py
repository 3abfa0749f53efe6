"""Fenced code: the language and options of the info string as Hugo, Zola, Jekyll and
Hexo authors write them, highlighted with Pygments at build time.

    ```go {hl_lines=[2,8], linenos=true, linenostart=5}
    ```rust,linenos,hl_lines=1 3-5
    ```python hl_lines="1 3"

Line numbers are drawn by CSS from `data-ln` (never selected, copied or read aloud);
highlighted lines are `<mark>`, which assistive technology announces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from generator.markdown.renderer import protect

_FORMATTER = HtmlFormatter(nowrap=True)
# `key=value` pairs: the value quoted, a [list], or a bare word; `,` or spaces between.
# Zola's `hl_lines=1 3-5` is unquoted: a run of numbers and ranges is one value.
_OPTION = re.compile(
    r"""([A-Za-z_][\w-]*)\s*(?:=\s*("[^"]*"|'[^']*'|\[[^\]]*\]"""
    r"""|\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*(?=[,\s}]|$)|[^,\s}]+))?"""
)


@dataclass(frozen=True)
class CodeOptions:
    lang: str = ""
    hl_lines: frozenset[int] = frozenset()
    linenos: bool = False
    linenostart: int = 1


@lru_cache(maxsize=64)
def lexer_for(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def fence_language(info: str) -> str:
    """The language of a fence's info string: `go {…}`, `rust,linenos`, `{.python}`."""
    first = info.strip().lstrip("{").lstrip(".")
    return re.split(r"[\s,{}]", first, maxsplit=1)[0].lower() if first else ""


def line_numbers(spec: str) -> frozenset[int]:
    """`[2,8]`, `"1 3-5"`, `1,7-8,10` → {1, 3, 4, 5, …}."""
    lines: set[int] = set()
    for part in re.split(r"[\s,]+", spec.strip("[]\"' ")):
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            lines.update(range(int(low), int(high or low) + 1))
    return frozenset(lines)


def parse_options(text: str) -> dict[str, str]:
    """`{hl_lines=[2,8], linenos=true}`, `linenos,hl_lines=1 3-5`, `hl_lines="1 3"`."""
    options: dict[str, str] = {}
    for match in _OPTION.finditer(text.replace("{", " ").replace("}", " ")):
        options[match.group(1).lower()] = (match.group(2) or "true").strip("\"'")
    return options


def parse_info(info: str) -> CodeOptions:
    lang = fence_language(info)
    stripped = info.strip().lstrip("{").lstrip(".")
    rest = stripped[len(lang) :] if lang else stripped
    return options_from(lang, parse_options(rest))


def options_from(lang: str, options: dict[str, str]) -> CodeOptions:
    """Hugo's and Zola's names, and Hexo's (`mark`, `first_line`, `line_number`)."""
    hl = options.get("hl_lines") or options.get("mark") or ""
    linenos = options.get("linenos") or options.get("line_number") or "false"
    start = options.get("linenostart") or options.get("first_line") or "1"
    return CodeOptions(
        lang=lang,
        hl_lines=line_numbers(hl),
        linenos=linenos.lower() not in ("false", "0", "no", "none"),
        linenostart=int(start) if start.isdigit() else 1,
    )


def highlight(code: str, options: CodeOptions, extra_class: str = "") -> str:
    """A highlighted `<pre>` (escaped plain text when the language is unknown)."""
    lexer = lexer_for(options.lang) if options.lang else None
    body = pygments_highlight(code, lexer, _FORMATTER) if lexer else escapeHtml(code)
    if options.hl_lines or options.linenos:
        body = _number_lines(body, options)
    classes = " ".join(c for c in ("highlight" if lexer else "", extra_class) if c)
    lang = escape(options.lang)
    pre_attrs = f' class="{classes}"' if classes else ""
    if lexer:
        pre_attrs += f' data-lang="{lang}"'
    code_class = f' class="language-{lang}"' if options.lang else ""
    return f"<pre{pre_attrs}><code{code_class}>{body}</code></pre>"


def _number_lines(body: str, options: CodeOptions) -> str:
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for n, line in enumerate(lines, start=options.linenostart):
        number = (
            f'<span class="ln" data-ln="{n}" aria-hidden="true"></span>' if options.linenos else ""
        )
        relative = n - options.linenostart + 1  # hl_lines count from the block's first line
        tag = "mark" if relative in options.hl_lines else "span"
        out.append(f'<{tag} class="line">{number}{line}</{tag}>')
    return "\n".join(out) + "\n"


def mermaid(source: str, base_path: str) -> str:
    """A diagram as its source, readable as it is, which `static/js/mermaid-init.js` (a
    module: loaded once, only by pages that have a diagram) draws when the site's theme
    ships Mermaid at `static/js/mermaid.min.js`. aiblog does not vendor the 3 MB script
    nor fetch it from a CDN: no page makes a request off-host."""
    return (
        f'<figure class="diagram"><pre class="mermaid">{escapeHtml(source)}</pre></figure>\n'
        f'<script type="module" src="{escape(base_path)}static/js/mermaid-init.js"></script>\n'
    )


def _fence_rule(base_path: str):  # type: ignore[no-untyped-def]
    def render_fence(
        self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
    ) -> str:
        token = tokens[idx]
        code = parse_info(token.info)
        if code.lang == "mermaid":
            return protect(env, mermaid(token.content, base_path))
        classes = " ".join(c for c in (token.attrGet("class") or "").split() if c)
        html = highlight(token.content, code, classes)
        filename = token.attrGet("file") or token.attrGet("title")
        if filename:  # Chirpy's `{: file="path" }`, Hugo's `title=`
            caption = f'<figcaption class="code-file">{escape(str(filename))}</figcaption>'
            html = f'<figure class="code">{caption}{html}</figure>'
        return protect(env, html) + "\n"

    return render_fence


def fences_plugin(md: MarkdownIt, *, base_path: str) -> None:
    md.add_render_rule("fence", _fence_rule(base_path))
