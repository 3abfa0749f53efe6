"""What a post's page shows of other posts besides its neighbours and related posts: the
parts of its series, and the other posts about the article or outlet it is based on.
Assembled once per build with the site (`Site.relations`); `shown_with` is what a post
page's cache key covers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.series import SeriesIndex
from generator.sourcepages import SourceIndex

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.model import Document, Site
    from generator.urls import Urls


class Relations:
    def __init__(self, posts: tuple[Document, ...], urls: Urls, config: SiteConfig) -> None:
        self.series = SeriesIndex(posts)
        self.sources = SourceIndex(posts, urls, config)

    def shown_with(self, index: int) -> tuple[int, ...]:
        """The posts a post's page shows as cards through these relations."""
        return (*self.series.shown_with(index), *self.sources.shown_with(index))

    def post_fields(
        self, site: Site, index: int, card: Callable[[int], dict[str, Any]]
    ) -> dict[str, Any]:
        """`series` and `more_on_sources` of a post's view (see docs/themes.md)."""
        return {
            **self.series.post_fields(site, index),
            **self.sources.post_fields(index, card),
        }
