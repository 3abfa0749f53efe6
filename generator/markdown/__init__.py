"""The Markdown dialect: markdown-it-py (CommonMark + GFM tables, footnotes, task lists,
definition lists) and aiblog's plugins, one construct per module (raw HTML, shortcodes,
math, fences, attribute lists, callouts, CJK line breaks), plus link rewriting.

One `MarkdownIt` per process and `MarkdownOptions` (`create_markdown` is cached): building
one costs more than parsing a post.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache, partial

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from generator.covers import with_subpath
from generator.markdown.attrs import attrs_plugin
from generator.markdown.callouts import callouts_plugin
from generator.markdown.cjk_breaks import cjk_breaks_plugin
from generator.markdown.fences import fence_language, fences_plugin
from generator.markdown.fences import lexer_for as _lexer
from generator.markdown.html import raw_html_plugin
from generator.markdown.images import images_plugin
from generator.markdown.math import math_plugin
from generator.markdown.options import MarkdownOptions
from generator.markdown.renderer import AiblogRenderer
from generator.markdown.scrollables import scrollables_plugin
from generator.markdown.shortcodes import shortcodes_plugin
from generator.model import LinkRef
from generator.safeurls import url_problem
from generator.shortcode_templates import templates_for
from generator.themes import default_theme_dir

__all__ = ["REF_PREFIX", "MarkdownOptions", "create_markdown", "fence_language", "inline_text"]

# A link to another source file becomes this, then its URL once every URL is known.
REF_PREFIX = "aiblog-ref:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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
                line = first_line + block.map[0] if block.map else None
                if problem := url_problem(url):
                    state.env.setdefault("unsafe", []).append(
                        (line, f"link {url[:80]!r} {problem}")
                    )
                    token.attrSet(attr, "#")
                    continue
                written = url
                if subpath and attr == "src":
                    url = with_subpath(url, subpath)
                new, target = _rewrite_link(url, source, base_path)
                if new != written:
                    token.attrSet(attr, new)
                if target is not None:
                    refs.append(LinkRef(target, line))

    return rewrite_links


@lru_cache(maxsize=8)
def create_markdown(options: MarkdownOptions | None = None) -> MarkdownIt:
    """The site's parser: CommonMark, GFM tables and strikethrough, footnotes, task and
    definition lists, and aiblog's plugins, one module each. Plugin order matters where
    one reads what another made: attributes before callouts (Chirpy's prompt classes)."""
    options = options or MarkdownOptions()
    dirs = options.theme_dirs or (str(default_theme_dir()),)
    templates_of = partial(templates_for, dirs, options.shortcodes_fingerprint)
    md = MarkdownIt("commonmark", renderer_cls=AiblogRenderer)
    # Every link is kept, so that the links rule can check its scheme and report an unsafe
    # one with its line (markdown-it would silently leave `[x](javascript:…)` as text).
    md.validateLink = lambda url: True
    md.enable(["table", "strikethrough"])
    # label=True: each task-list checkbox inside a <label> with its text (axe `label`).
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin, label=True)
    md.use(raw_html_plugin, iframe_hosts=options.iframe_hosts, base_path=options.base_path)
    md.use(shortcodes_plugin, base_path=options.base_path, templates_of=templates_of)
    md.use(math_plugin)
    md.use(fences_plugin, base_path=options.base_path)
    md.use(attrs_plugin)
    md.use(callouts_plugin, templates_of=templates_of)
    if options.cjk_breaks:
        md.use(cjk_breaks_plugin)
    md.core.ruler.push("aiblog_links", _links_rule(options.base_path))
    md.use(images_plugin)  # (its rule goes before aiblog_links)
    md.use(scrollables_plugin)  # last: it wraps the fence and table renderers in place
    return md


def warm(options: MarkdownOptions, languages: set[str]) -> None:
    """Build the parser and compile the lexers a later parse in this process will use.
    `aiblog serve` calls it after its first build, which parsed in worker processes: else
    the first edit would wait for Pygments to compile a lexer's rules (~150 ms)."""
    create_markdown(options)
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
        elif child.type == "softbreak":
            parts.append("" if child.meta.get("cjk") else " ")  # see cjk_breaks.py
        elif child.type == "hardbreak":
            parts.append(" ")
        elif child.type == "image" and images:
            parts.append(child.content)
    return "".join(parts)
