"""`/sources/`: every outlet the posts are based on or cite; `/sources/<domain>/`: its
articles, each with the posts about it (as cards), newest first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import sourcepages
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output

if TYPE_CHECKING:
    from generator.render import Renderer


def _listed(site: Site, index: sourcepages.SourceIndex) -> list[tuple[str, str, str, int, int]]:
    urls = site.urls
    return [
        (o.name, sourcepages.outlet_url(urls, o.host), o.host, len(o.articles), len(o.posts))
        for o in sorted(index.outlets.values(), key=lambda o: (-len(o.posts), o.host))
    ]


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    index, urls = site.relations.sources, site.urls
    if not index.outlets:
        return
    for outlet in index.outlets.values():
        shape = [
            (a.key, a.url, a.text, [site.posts[p].meta.slug for p in a.posts])
            for a in outlet.articles
        ]
        yield Output(
            urls.output_path(sourcepages.outlet_url(urls, outlet.host)),
            "sources",
            ("outlet", outlet.host),
            cards=outlet.posts,
            extra=repr((outlet.name, shape)),
        )
    path = urls.output_path(sourcepages.outlet_url(urls))
    yield Output(path, "sources", ("all",), extra=repr(_listed(site, index)))


def render(output: Output, r: Renderer) -> bytes:
    index, urls, strings = r.site.relations.sources, r.site.urls, r.strings
    if output.args[0] == "outlet":
        outlet = index.outlets[output.args[1]]
        return r.page(
            "sources.html",
            {
                "title": strings["sources_from"].format(name=outlet.name),
                "url": sourcepages.outlet_url(urls, outlet.host),
                "outlet": sourcepages.outlet_view(r, outlet),
            },
        )
    outlets = [
        {"name": n, "url": u, "domain": h, "articles": a, "posts": p}
        for n, u, h, a, p in _listed(r.site, index)
    ]
    context = {
        "title": strings["sources_all"],
        "url": sourcepages.outlet_url(urls),
        "outlets": outlets,
    }
    return r.page("sources.html", context)


KIND = OutputKind("sources", plan, render, reserves=("sources",))
