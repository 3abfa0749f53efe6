"""Pages that index the whole site: every tag, every category, the archive by month."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import views
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output

if TYPE_CHECKING:
    from generator.render import Renderer


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    urls = site.urls
    # The tag and category names and counts are in every output's key (the site's salt).
    yield Output(urls.output_path(urls.tags()), "index", ("tags",))
    if site.categories:
        yield Output(urls.output_path(urls.categories()), "index", ("categories",))
    everything = tuple(range(len(site.posts)))
    yield Output(urls.output_path(urls.archive()), "index", ("archive",), cards=everything)


def render(output: Output, r: Renderer) -> bytes:
    (which,) = output.args
    if which == "archive":
        return r.page("archive.html", views.archive_context(r.views))
    return r.page(
        "terms.html", views.terms_context(r.site, "tag" if which == "tags" else "category")
    )


KIND = OutputKind("index", plan, render, reserves=("tags", "categories", "archive"))
