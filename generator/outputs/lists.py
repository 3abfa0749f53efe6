"""Lists of posts as cards, newest first, paginated: the home page and each tag's and
category's pages (`/`, `/page/2/`, `/tags/<tag>/`, `/categories/<cat>/page/2/`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import views
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output, paginate

if TYPE_CHECKING:
    from generator.render import Renderer


def _pages(site: Site, kind: str, index: int, posts: list[int]) -> Iterator[Output]:
    chunks = paginate(posts, site.config.posts_per_page)
    for n, chunk in enumerate(chunks, start=1):
        if kind == "home":
            url = site.urls.home(n)
        else:
            url = views.term_url(site, kind, views.term_of(site, kind, index).slug, n)
        yield Output(
            site.urls.output_path(url),
            "list",
            (kind, index, n, tuple(chunk), len(chunks)),
            cards=tuple(chunk),
        )


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    yield from _pages(site, "home", 0, list(range(len(site.posts))))
    for t, term in enumerate(site.tags):
        yield from _pages(site, "tag", t, list(term.posts))
    for c, term in enumerate(site.categories):
        yield from _pages(site, "category", c, list(term.posts))


def render(output: Output, r: Renderer) -> bytes:
    kind, index, page, chunk, pages = output.args
    template = "index.html" if kind == "home" else "term.html"
    return r.page(template, views.list_context(r.views, kind, index, page, chunk, pages))


KIND = OutputKind("list", plan, render, reserves=("page", "tags", "categories"))
