"""Posts, pages and translations: one HTML page each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import views
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output
from generator.translations import document_url

if TYPE_CHECKING:
    from generator.render import Renderer


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    urls = site.urls
    last = len(site.posts) - 1
    relations = site.relations  # a post's series, and the others on its sources
    for i, doc in enumerate(site.posts):
        neighbours = (max(i - 1, 0), min(i + 1, last))
        yield Output(
            urls.output_path(site.post_url(i)),
            "document",
            ("post", i),
            shows=(i,),
            cards=(*neighbours, *site.related[i], *relations.shown_with(i)),
            origin=doc.source,
            line=doc.meta.key_lines.get("slug"),
        )
    for i, doc in enumerate(site.pages):
        yield Output(
            urls.output_path(urls.page(doc.meta.slug)),
            "document",
            ("page", i),
            extra=doc.fingerprint,
            origin=doc.source,
            line=doc.meta.key_lines.get("slug"),
        )
    for i, doc in enumerate(site.translations):
        yield Output(
            urls.output_path(document_url(urls, doc)),
            "document",
            ("translation", i),
            extra=doc.fingerprint,
            origin=doc.source,
            line=doc.meta.key_lines.get("slug"),
        )


def render(output: Output, r: Renderer) -> bytes:
    which, index = output.args
    site = r.site
    if which == "post":
        return r.page("post.html", {"post": r.views.post(index)})
    if which == "page":
        doc = site.pages[index]
        return r.page(
            "page.html", {"page": views.document_view(site, doc, site.urls.page(doc.meta.slug))}
        )
    doc = site.translations[index]
    name = "post" if doc.kind == "post" else "page"
    return r.page(f"{name}.html", {name: views.translation_view(site, doc)})


KIND = OutputKind("document", plan, render, reserves=("posts",))
