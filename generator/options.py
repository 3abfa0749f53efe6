"""Options of one build (the command line's flags), kept light to import: the no-change
check of `aiblog build` runs before the renderer is even imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.publication import Visibility


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

    @property
    def visibility(self) -> Visibility:
        """`aiblog serve` shows drafts and future posts (and marks them)."""
        return Visibility(self.drafts or self.preview, self.future or self.preview)
