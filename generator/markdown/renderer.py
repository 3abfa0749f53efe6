"""markdown-it-py's HTML renderer with two additions the plugins need:

- **wrap rules**: a container (`name_open` … `name_close`) whose HTML is made from its
  rendered inside in one piece, e.g. by a Jinja template (a shortcode's `inner`), while its
  tokens stay in the stream for every rule and walker (links, ids, reading time);
- **raw HTML sanitised**: when the tokens rendered hold author HTML, the whole output goes
  through `sanitise`. What aiblog itself made (highlighted code, MathML, theme templates)
  is `protect`ed: swapped for a placeholder the sanitiser leaves alone, then put back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

# (open token, inner HTML (sanitised), env) → HTML of the whole container
WrapRule = Callable[[Token, str, dict[str, Any]], str]

_PROTECTED = "aiblog_protected"
# Private-use characters: text to the sanitiser, and not something authors type.
_OPEN, _CLOSE = "\ue000", "\ue001"
RAW_HTML = ("html_block", "html_inline")


def protect(env: dict[str, Any], html: str) -> str:
    """`html` made by aiblog, kept as it is through sanitising."""
    kept: list[str] | None = env.get(_PROTECTED)
    if kept is None:
        return html
    kept.append(html)
    return f"{_OPEN}{len(kept) - 1}{_CLOSE}"


def _restore(html: str, kept: list[str]) -> str:
    parts = html.split(_OPEN)
    out = [parts[0]]
    for part in parts[1:]:
        number, sep, rest = part.partition(_CLOSE)
        if sep and number.isdigit() and int(number) < len(kept):
            out.append(_restore(kept[int(number)], kept) + rest)
        else:
            out.append(part)
    return "".join(out)


def has_raw_html(tokens: Sequence[Token]) -> bool:
    for token in tokens:
        if token.type in RAW_HTML:
            return True
        children = token.children
        if children and "<" in token.content and any(c.type in RAW_HTML for c in children):
            return True
    return False


class AiblogRenderer(RendererHTML):
    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)
        self.wrap_rules: dict[str, WrapRule] = {}
        self.sanitise: Callable[[str], str] | None = None

    def add_wrap_rule(self, name: str, rule: WrapRule) -> None:
        """`name_open` … `name_close` rendered by `rule` from their inside's HTML."""
        self.wrap_rules[name] = rule
        self._wrapped = frozenset(f"{n}_open" for n in self.wrap_rules)

    _wrapped: frozenset[str] = frozenset()

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: dict[str, Any]) -> str:
        if self.sanitise is None or _PROTECTED in env or not has_raw_html(tokens):
            return self._render(tokens, options, env)  # what most posts take
        kept: list[str] = []
        env[_PROTECTED] = kept
        try:
            html = self.sanitise(self._render(tokens, options, env))
        finally:
            del env[_PROTECTED]
        return _restore(html, kept) if kept else html

    def render_isolated(
        self, tokens: Sequence[Token], options: OptionsDict, env: dict[str, Any]
    ) -> str:
        """Tokens sanitised on their own (when they hold raw HTML), for a rule that protects
        what it makes of them: a template's `inner` must not slip past the sanitiser."""
        outer = env.pop(_PROTECTED, None)
        try:
            return self.render(tokens, options, env)
        finally:
            if outer is not None:
                env[_PROTECTED] = outer

    def _render(self, tokens: Sequence[Token], options: OptionsDict, env: dict[str, Any]) -> str:
        if self._wrapped.isdisjoint([t.type for t in tokens]):
            return super().render(tokens, options, env)
        parts: list[str] = []
        start = i = 0
        while i < len(tokens):
            token = tokens[i]
            name = token.type[:-5] if token.nesting == 1 and token.type.endswith("_open") else ""
            rule = self.wrap_rules.get(name) if name else None
            if rule is None:
                i += 1
                continue
            end = _closing(tokens, i)
            parts.append(super().render(tokens[start:i], options, env))
            inner = self.render_isolated(tokens[i + 1 : end], options, env)
            parts.append(rule(token, inner, env))
            i = start = end + 1
        parts.append(super().render(tokens[start:], options, env))
        return "".join(parts)


def _closing(tokens: Sequence[Token], opening: int) -> int:
    """The index of the token closing `tokens[opening]` (past the end if cut off)."""
    depth = 0
    for j in range(opening, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens)
