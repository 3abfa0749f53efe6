"""Feeds: the site's Atom and RSS feeds (the newest `feed_limit` posts, full content),
an Atom feed per tag (summaries and links, as Hugo's taxonomy feeds: 200 tags × 20 full
posts would be most of a build), and one per language of the translations."""

from __future__ import annotations

from collections import defaultdict
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


def _languages(site: Site) -> dict[str, list[int]]:
    """Translation indices by URL language, newest first."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(site.translations):
        if doc.kind == "post":
            found[doc.meta.url_lang].append(i)
    return dict(sorted(found.items()))


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    urls, limit = site.urls, site.config.feed_limit
    newest = tuple(range(min(limit, len(site.posts))))
    yield Output("feed.xml", "feed", ("site", "atom.xml"), shows=newest)
    yield Output("rss.xml", "feed", ("site", "rss.xml"), shows=newest)
    for t, term in enumerate(site.tags):
        shown = tuple(term.posts[:limit])
        yield Output(urls.output_path(urls.tag_feed(term.slug)), "feed", ("tag", t), cards=shown)
    for lang, indices in _languages(site).items():
        shown = indices[:limit]
        yield Output(
            urls.output_path(urls.language_feed(lang)),
            "feed",
            ("language", lang, tuple(shown)),
            extra=repr([site.translations[i].fingerprint for i in shown]),
        )


def render(output: Output, r: Renderer) -> bytes:
    site = r.site
    which = output.args[0]
    if which == "site":
        entries = [
            {**r.views.post(i), "content_html": r.feed_content(r.views.post(i))}
            for i in output.shows
        ]
        url = site.urls.file(output.path)
        return r.page(output.args[1], views.feed_context(site, site.config.title, url, entries))
    if which == "tag":
        term = site.tags[output.args[1]]
        entries = [{**r.views.card(i), "content_html": ""} for i in output.cards]
        title = views.listing_title(site, "tag", output.args[1])
        return r.page(
            "atom.xml", views.feed_context(site, title, site.urls.tag_feed(term.slug), entries)
        )
    _which, lang, shown = output.args
    docs = [site.translations[i] for i in shown]
    entries = []
    for doc in docs:
        view = views.translation_view(site, doc)
        entries.append({**view, "content_html": r.feed_content(view)})
    title = f"{site.config.title} ({docs[0].meta.lang})"
    url = site.urls.language_feed(lang)
    return r.page("atom.xml", views.feed_context(site, title, url, entries, docs[0].meta.lang))


KIND = OutputKind("feed", plan, render, reserves=("feed.xml", "rss.xml"))
