"""What shapes the Markdown dialect of one site: a frozen, hashable value, built once per
build from the config, that keys the per-process parser cache (`create_markdown`) and, being
part of what a parsed document depends on, belongs in the read stage's cache key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import section_kinds
from generator.config import DEFAULT_IFRAME_HOSTS, SiteConfig
from generator.themes import theme_dirs

CJK_LANGUAGES = ("zh", "ja", "ko")


@dataclass(frozen=True)
class MarkdownOptions:
    base_path: str = "/"
    cjk_breaks: bool = False  # a soft break between two CJK characters renders as nothing
    breaks: bool = False  # every soft break renders as <br> (Hexo's marked, Typora)
    iframe_hosts: tuple[str, ...] = DEFAULT_IFRAME_HOSTS
    link_schemes: tuple[str, ...] = ()  # URL schemes allowed besides http(s) and mailto
    # The theme dirs whose `templates/shortcodes/` hold the shortcode templates (most
    # specific first), and a fingerprint of those files: an edited shortcode template
    # changes the options, so documents parsed with the old one are not reused.
    theme_dirs: tuple[str, ...] = ()
    shortcodes_fingerprint: str = ""
    # Each section kind's heading names (site.yml `sections`), in the registry's order.
    sections: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        section_kinds.default_headings().items()
    )


def cjk_breaks_enabled(setting: str, language: str) -> bool:
    """`markdown.cjk_breaks` of site.yml: "auto" turns it on for Chinese, Japanese and
    Korean sites."""
    if setting == "auto":
        return language.lower().split("-")[0] in CJK_LANGUAGES
    return setting == "true"


def markdown_options(config: SiteConfig) -> MarkdownOptions:
    """The site's dialect, from site.yml (`markdown:`) and the theme in use (called once
    per document: the theme's dirs are looked up once per theme and template set)."""
    return MarkdownOptions(
        base_path=config.base_path,
        cjk_breaks=cjk_breaks_enabled(config.cjk_breaks, config.language) and not config.breaks,
        breaks=config.breaks,
        iframe_hosts=config.iframe_hosts,
        link_schemes=config.link_schemes,
        theme_dirs=_theme_dirs(config.site_dir, config.theme, config.shortcodes_fingerprint),
        shortcodes_fingerprint=config.shortcodes_fingerprint,
        sections=tuple(config.sections.items()),
    )


@lru_cache(maxsize=8)
def _theme_dirs(site_dir: Path, theme: str, fingerprint: str) -> tuple[str, ...]:
    """`fingerprint` (of the shortcode templates) keys it: a theme dir that appears with
    templates of its own changes it."""
    return tuple(str(d) for d in theme_dirs(site_dir, theme))
