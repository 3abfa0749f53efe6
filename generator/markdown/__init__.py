"""The Markdown dialect: markdown-it-py (CommonMark + GFM tables, footnotes, task lists,
definition lists) and aiblog's plugins, one construct per module (raw HTML, shortcodes,
math, fences, attribute lists, callouts, CJK line breaks, Jekyll's URL variables, link
rewriting, heading ids,
sections, FAQ pairs).

One `MarkdownIt` per process and `MarkdownOptions` (`create_markdown` is cached): building
one costs more than parsing a post.
"""

from __future__ import annotations

from functools import lru_cache, partial

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from generator.markdown.attrs import attrs_plugin
from generator.markdown.callouts import callouts_plugin
from generator.markdown.cjk_breaks import cjk_breaks_plugin
from generator.markdown.faq import faq_plugin
from generator.markdown.fences import fence_language, fences_plugin
from generator.markdown.fences import lexer_for as _lexer
from generator.markdown.headings import headings_plugin
from generator.markdown.html import raw_html_plugin
from generator.markdown.images import images_plugin
from generator.markdown.links import REF_PREFIX, links_plugin
from generator.markdown.liquid_vars import liquid_vars_plugin
from generator.markdown.math import math_plugin
from generator.markdown.options import MarkdownOptions
from generator.markdown.renderer import AiblogRenderer
from generator.markdown.scrollables import scrollables_plugin
from generator.markdown.sections import sections_plugin
from generator.markdown.shortcodes import shortcodes_plugin
from generator.markdown.text import inline_text
from generator.shortcode_templates import templates_for
from generator.themes import default_theme_dir

__all__ = ["REF_PREFIX", "MarkdownOptions", "create_markdown", "fence_language", "inline_text"]


@lru_cache(maxsize=8)
def create_markdown(options: MarkdownOptions | None = None) -> MarkdownIt:
    """The site's parser: CommonMark, GFM tables and strikethrough, footnotes, task and
    definition lists, and aiblog's plugins, one module each. Plugin order matters where
    one reads what another made: attributes before callouts (Chirpy's prompt classes)."""
    options = options or MarkdownOptions()
    dirs = options.theme_dirs or (str(default_theme_dir()),)
    templates_of = partial(templates_for, dirs, options.shortcodes_fingerprint)
    md = MarkdownIt("commonmark", {"breaks": options.breaks}, renderer_cls=AiblogRenderer)
    # Every link is kept, so that the links rule can check its scheme and report an unsafe
    # one with its line (markdown-it would silently leave `[x](javascript:…)` as text).
    md.validateLink = lambda url: True
    md.enable(["table", "strikethrough"])
    # label=True: each task-list checkbox inside a <label> with its text (axe `label`).
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin, label=True)
    md.use(
        raw_html_plugin,
        iframe_hosts=options.iframe_hosts,
        base_path=options.base_path,
        link_schemes=options.link_schemes,
    )
    md.use(
        shortcodes_plugin,
        base_path=options.base_path,
        templates_of=templates_of,
        link_schemes=options.link_schemes,
    )
    md.use(liquid_vars_plugin)  # Jekyll's `{{ site.baseurl }}/x.png` in links and images
    md.use(math_plugin)
    md.use(fences_plugin, base_path=options.base_path)
    md.use(attrs_plugin)
    md.use(callouts_plugin, templates_of=templates_of)
    if options.cjk_breaks:
        md.use(cjk_breaks_plugin)
    md.use(links_plugin, base_path=options.base_path, link_schemes=options.link_schemes)
    md.use(images_plugin)  # (its rule goes before aiblog_links)
    md.use(headings_plugin)  # after attrs: an id the author wrote wins
    md.use(sections_plugin, names=options.sections)  # reads the heading ids
    md.use(faq_plugin)  # reads the sections
    md.use(scrollables_plugin)  # last: it wraps the fence and table renderers in place
    return md


def warm(options: MarkdownOptions, languages: set[str]) -> None:
    """Build the parser and compile the lexers a later parse in this process will use.
    `aiblog serve` calls it after its first build, which parsed in worker processes: else
    the first edit would wait for Pygments to compile a lexer's rules (~150 ms)."""
    create_markdown(options)
    for lang in languages:
        _lexer(lang)
