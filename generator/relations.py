"""What a post's page shows of other posts besides its neighbours and related posts: the
parts of its series, and the other posts about the article or outlet it is based on. One
per build (views.Views holds it); `shown_with` is what a post page's cache key covers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.series import SeriesIndex
from generator.sourcepages import SourceIndex

if TYPE_CHECKING:
    from generator.model import Site


def relations_of(site: Site) -> Relations:
    """The relations of `site`, made once for it: the plan and the views both read them
    (a one-entry memo by identity; the site is frozen)."""
    if _last and _last[0] is site:
        return _last[1]
    made = Relations(site)
    _last[:] = [site, made]
    return made


_last: list[Any] = []  # [the site, its relations]


class Relations:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.series = SeriesIndex(site)
        self.sources = SourceIndex(site)

    def shown_with(self, index: int) -> tuple[int, ...]:
        """The posts a post's page shows as cards through these relations."""
        return (*self.series.shown_with(index), *self.sources.shown_with(index))

    def post_fields(self, index: int, card: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
        """`series` and `more_on_sources` of a post's view (see docs/themes.md)."""
        return {
            **self.series.post_fields(self.site, index),
            **self.sources.post_fields(index, card),
        }
