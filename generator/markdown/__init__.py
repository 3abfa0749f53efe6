"""The Markdown dialect: markdown-it-py (CommonMark + GFM tables, footnotes, task lists,
definition lists), Pygments highlighting and link rewriting, as small rules on its chain.

One `MarkdownIt` per process and base path (`create_markdown` is cached): building one
costs more than parsing a post.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from generator.covers import with_subpath
from generator.model import LinkRef

# A link to another source file becomes this, then its URL once every URL is known.
REF_PREFIX = "aiblog-ref:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@lru_cache(maxsize=64)
def _lexer(lang: str):  # type: ignore[no-untyped-def]
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


_FORMATTER = HtmlFormatter(nowrap=True)


def highlight_code(code: str, lang: str, _attrs: str) -> str:
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        return ""  # markdown-it escapes the code itself
    body = pygments_highlight(code, lexer, _FORMATTER)
    return (
        f'<pre class="highlight" data-lang="{escape(lang)}"><code class="language-{escape(lang)}">'
        f"{body}</code></pre>"
    )


def _rewrite_link(url: str, source: str, base_path: str) -> tuple[str, str | None]:
    """(new url, source path it refers to or None)."""
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return url, None
    if url.startswith("/"):
        return base_path + url[1:], None
    path, sep, fragment = url.partition("#")
    path, qsep, query = path.partition("?")
    if not path.lower().endswith(".md"):
        return url, None
    from urllib.parse import unquote

    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    return REF_PREFIX + target + (sep + fragment if sep else ""), target


def _links_rule(base_path: str):  # type: ignore[no-untyped-def]
    def rewrite_links(state: StateCore) -> None:
        source: str = state.env.get("source", "")
        refs: list[LinkRef] = state.env.setdefault("refs", [])
        first_line: int = state.env.get("body_line", 1)
        subpath: str = state.env.get("media_subpath", "")
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            for token in block.children:
                attr = (
                    "href" if token.type == "link_open" else "src" if token.type == "image" else ""
                )
                if not attr:
                    continue
                url = str(token.attrGet(attr) or "")
                if subpath and attr == "src":
                    url = with_subpath(url, subpath)
                new, target = _rewrite_link(url, source, base_path)
                if new != url:
                    token.attrSet(attr, new)
                if target is not None:
                    line = first_line + block.map[0] if block.map else None
                    refs.append(LinkRef(target, line))

    return rewrite_links


@lru_cache(maxsize=8)
def create_markdown(base_path: str = "/") -> MarkdownIt:
    # Raw HTML in Markdown is escaped, never passed through (Hugo's safe default): a post
    # quoting `</script>` or `<img onerror>` shows the text and runs nothing.
    md = MarkdownIt("commonmark", {"html": False, "highlight": highlight_code})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    md.core.ruler.push("aiblog_links", _links_rule(base_path))
    return md


def warm(base_path: str, languages: set[str]) -> None:
    """Build the parser and compile the lexers a later parse in this process will use.
    `aiblog serve` calls it after its first build, which parsed in worker processes: else
    the first edit would wait for Pygments to compile a lexer's rules (~150 ms)."""
    create_markdown(base_path)
    for lang in languages:
        _lexer(lang)


def inline_text(token: Token, images: bool = True) -> str:
    """Plain text of an inline token as a reader sees it (no markup, no URLs)."""
    if not token.children:
        return token.content
    parts: list[str] = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image" and images:
            parts.append(child.content)
    return "".join(parts)
