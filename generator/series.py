"""Series: posts in parts. `series: 名字` (or a list of names, as Hugo and PaperMod write
it) puts a post in each; its parts are in date order. Each post shows a "part N of M" box
linking every part, each series has a page at /series/<slug>/ (and /series/ lists them),
and JSON-LD says `isPartOf` the series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.errors import Diagnostics
from generator.slugs import key, term_slug, url_path

if TYPE_CHECKING:
    from generator.fields import FieldReader
    from generator.model import Document, Site
    from generator.urls import Urls


def names(value: Any) -> tuple[str, ...] | str:
    """The series a frontmatter value names; a str says what is wrong with it."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return "must be a series name or a list of names"
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip()))


def check_frontmatter(r: FieldReader) -> None:
    if "series" in r.raw.meta and isinstance(problem := names(r.raw.meta["series"]), str):
        r.error("series", f"`series` {problem}")


def of(doc: Document) -> tuple[str, ...]:
    found = names(doc.meta.extra.get("series", []))
    return () if isinstance(found, str) else found


def url(urls: Urls, slug: str = "") -> str:
    """/series/ or /series/<slug>/ under the base path."""
    return urls.file("series/") + (url_path(slug) + "/" if slug else "")


@dataclass(frozen=True)
class Series:
    name: str  # the first spelling met, oldest post first
    slug: str
    parts: tuple[int, ...]  # indices into Site.posts, oldest first


class SeriesIndex:
    """Every series of a site and the series of each post (built once per build)."""

    def __init__(self, posts: tuple[Document, ...]) -> None:
        by_key: dict[str, list[int]] = defaultdict(list)
        spelling: dict[str, str] = {}
        for index in reversed(range(len(posts))):  # oldest first: parts in order
            for name in of(posts[index]):
                spelling.setdefault(key(name), name)
                by_key[key(name)].append(index)
        self.series = sorted(
            (Series(spelling[k], term_slug(spelling[k]), tuple(p)) for k, p in by_key.items()),
            key=lambda s: s.slug,
        )
        by_name = {key(s.name): s for s in self.series}
        # Each post's series in the order its frontmatter lists them.
        self.of_post: dict[int, list[Series]] = {
            index: [by_name[k] for k in dict.fromkeys(key(n) for n in of(posts[index]))]
            for series in self.series
            for index in series.parts
        }

    def shown_with(self, index: int) -> tuple[int, ...]:
        """The other posts a post's page links to as parts of its series."""
        return tuple(p for s in self.of_post.get(index, ()) for p in s.parts if p != index)

    def post_fields(self, site: Site, index: int) -> dict[str, Any]:
        """`series`: per series of the post, its name, URL, the post's place and the parts."""
        boxes = []
        for series in self.of_post.get(index, ()):
            parts = [
                {"title": site.posts[p].meta.title, "url": site.post_url(p), "current": p == index}
                for p in series.parts
            ]
            boxes.append(
                {
                    "name": series.name,
                    "url": url(site.urls, series.slug),
                    "part": series.parts.index(index) + 1,
                    "parts": parts,
                }
            )
        return {"series": boxes}


def json_ld(site: Site, doc: Document) -> dict[str, Any]:
    """`isPartOf` each series (a CreativeWorkSeries with its page's URL)."""
    found = of(doc)
    if not found or doc.kind != "post" or doc.meta.url_lang:
        return {}
    series = [
        {
            "@type": "CreativeWorkSeries",
            "name": name,
            "url": site.urls.absolute(url(site.urls, term_slug(name))),
        }
        for name in found
    ]
    return {"isPartOf": series[0] if len(series) == 1 else series}


def report(site: Site, diags: Diagnostics) -> None:
    """Two series whose names differ but whose URL would be the same are an error."""
    owner: dict[str, Series] = {}
    for series in site.relations.series.series:
        if series.slug in owner:
            first = site.posts[series.parts[0]]
            diags.error(
                first.source,
                first.meta.key_lines.get("series"),
                f"the series “{series.name}” and “{owner[series.slug].name}” would share "
                f"the page /series/{series.slug}/: rename one",
            )
        owner[series.slug] = series
