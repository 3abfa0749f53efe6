"""The site's own files: sitemap, robots.txt, the 404 page, the search page, the code
highlighting stylesheet, and GitHub Pages' `.nojekyll` and `CNAME`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import codestyle, views
from generator.errors import Diagnostics
from generator.i18n import ui
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output

if TYPE_CHECKING:
    from generator.render import Renderer


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    urls = site.urls
    every = tuple(range(len(site.posts)))
    pages = repr([(d.meta.slug, d.fingerprint) for d in (*site.pages, *site.translations)])
    # The sitemap shows every post's URL and date (cards), pages and the build's date.
    yield Output(
        "sitemap.xml",
        "site-file",
        ("sitemap",),
        cards=every,
        extra=site.build_time.isoformat() + pages,
    )
    yield Output("robots.txt", "site-file", ("robots",), yields=True)
    yield Output("404.html", "site-file", ("404",), yields=True)
    if site.config.search:
        yield Output(urls.output_path(urls.search()), "site-file", ("search",))
    yield Output("static/pygments.css", "site-file", data=codestyle.stylesheet().encode())
    # GitHub Pages: serve files as they are (no Jekyll), and the custom domain.
    yield Output(".nojekyll", "site-file", data=b"")
    if site.config.cname:
        yield Output("CNAME", "site-file", data=(site.config.cname + "\n").encode(), yields=True)


def render(output: Output, r: Renderer) -> bytes:
    (which,) = output.args
    urls, strings = r.site.urls, ui(r.site.config.language)
    if which == "sitemap":
        return r.page("sitemap.xml", views.sitemap_context(r.site))
    if which == "robots":
        return r.page("robots.txt", {"sitemap_url": urls.absolute(urls.file("sitemap.xml"))})
    if which == "search":
        return r.page("search.html", {"title": strings["search"], "url": urls.search()})
    return r.page("404.html", {"title": strings["not_found"], "url": urls.file("404.html")})


KIND = OutputKind(
    "site-file",
    plan,
    render,
    reserves=("sitemap.xml", "robots.txt", "404.html", "search", "pagefind", "CNAME", "index.html"),
)
