"""Options of one build (the command line's flags), kept light to import: the no-change
check of `aiblog build` runs before the renderer is even imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import SiteConfig, load_config
from generator.errors import BuildFailed, Diagnostics
from generator.themes import shortcodes_fingerprint, theme_dirs


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    jobs: int | None = None
    strict: bool = False
    preview: bool = False  # `aiblog serve`: drafts and future posts in, and marked
    cache: bool = False  # keep `.aiblog-cache/` beside the output for fast rebuilds
    adopt_output: bool = False  # build into a non-empty dir aiblog did not make (its files kept)
    search_index: bool = True  # write pagefind/ (when site.yml has search on); not for check


def configure(site_dir: Path, options: BuildOptions, diags: Diagnostics) -> SiteConfig:
    """site.yml with the command line's overrides; BuildFailed if it cannot be used."""
    config = load_config(site_dir, diags)
    if config is None or diags.errors:
        raise BuildFailed(diags)
    return config.with_overrides(
        base_url=options.base_url,
        output_dir=str(options.output) if options.output else None,
        drafts=options.drafts or options.preview,
        future=options.future or options.preview,
        shortcodes_fingerprint=shortcodes_fingerprint(theme_dirs(site_dir, config.theme)),
    )
