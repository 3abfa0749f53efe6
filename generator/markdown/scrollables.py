"""Code blocks and tables scroll sideways inside their own box on narrow screens; a box
that scrolls must be reachable by keyboard (WCAG 2.1.1, axe `scrollable-region-focusable`),
so each gets `tabindex="0"`. Tables get a scrolling wrapper (a <table> made `display:
block` loses its table semantics in some screen readers).

The rules wrap whatever renders fences and code blocks when this plugin is used (the
Pygments highlighter, or another plugin's renderer used before it), so `md.use` it last."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

Rule = Callable[[Sequence[Token], int, Any, Any], str]


def scrollables_plugin(md: MarkdownIt) -> None:
    for name in ("fence", "code_block"):
        _wrap(md, name, _focusable_pre)
    _wrap(md, "table_open", lambda html: '<div class="table-scroll" tabindex="0">' + html)
    _wrap(md, "table_close", lambda html: html.rstrip("\n") + "</div>\n")


def _focusable_pre(html: str) -> str:
    end = html.find(">")  # of the opening <pre …> tag
    if html.startswith("<pre") and "tabindex=" not in html[:end]:
        return html[:end] + ' tabindex="0"' + html[end:]
    return html


def _wrap(md: MarkdownIt, name: str, change: Callable[[str], str]) -> None:
    renderer = md.renderer
    previous: Rule | None = renderer.rules.get(name)

    def rule(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        if previous is not None:
            html = previous(tokens, idx, options, env)
        else:
            html = renderer.renderToken(tokens, idx, options, env)
        return change(html)

    md.add_render_rule(name, rule)
