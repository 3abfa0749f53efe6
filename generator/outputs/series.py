"""A page per series (`/series/<name>/`, its parts in order, as cards) and `/series/`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import series
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output

if TYPE_CHECKING:
    from generator.render import Renderer


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    index, urls = site.relations.series, site.urls
    if not index.series:
        return
    for n, one in enumerate(index.series):
        path = urls.output_path(series.url(urls, one.slug))
        yield Output(path, "series", ("one", n), cards=one.parts, extra=one.name)
    listed = [(s.name, series.url(urls, s.slug), len(s.parts)) for s in index.series]
    yield Output(urls.output_path(series.url(urls)), "series", ("all",), extra=repr(listed))


def render(output: Output, r: Renderer) -> bytes:
    index, urls, strings = r.site.relations.series, r.site.urls, r.strings
    if output.args[0] == "one":
        one = index.series[output.args[1]]
        return r.page(
            "series.html",
            {
                "title": strings["series_named"].format(name=one.name),
                "url": series.url(urls, one.slug),
                "series": {"name": one.name, "posts": [r.views.card(p) for p in one.parts]},
            },
        )
    terms = [
        {"name": s.name, "url": series.url(urls, s.slug), "count": len(s.parts)}
        for s in index.series
    ]
    return r.page(
        "terms.html", {"title": strings["series"], "url": series.url(urls), "terms": terms}
    )


KIND = OutputKind("series", plan, render, reserves=("series",))
