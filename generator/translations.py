"""Translations: `name.LANG.md` is the LANG version of `name.md`.

A translation is built at its language's URL, as Hugo builds it (/fr/posts/<slug>/,
/fr/<page>/), with its own `<html lang>`, and `hreflang` alternates link every version of
the article to every other (the original is `x-default`). It is left out of the home page,
the archive, tag and category pages, neighbours and related posts: those list each
article once, in the site's language, and link to the translations from its page. Each
language's translations have their own Atom feed (/fr/feed.xml), whose entries say their
language.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from generator import structured
from generator.errors import Diagnostics
from generator.feedurls import absolutize
from generator.i18n import format_date, ui
from generator.slugs import key
from generator.urls import Urls

if TYPE_CHECKING:
    from markupsafe import Markup

    from generator.assemble import Site
    from generator.model import Document
    from generator.render import Job, Renderer


@dataclass(frozen=True)
class Alternate:
    lang: str  # hreflang
    url: str  # site-relative, with the base path
    original: bool = False  # the version the others translate: x-default


def document_url(urls: Urls, doc: Document) -> str:
    return urls.document(doc.kind, doc.meta.slug, doc.meta.url_lang)


def pair(
    published: list[Document], url_of: dict[str, str], diags: Diagnostics
) -> tuple[list[Document], tuple[Document, ...], dict[str, tuple[Alternate, ...]]]:
    """(originals and other documents, translations, every version's alternates by source).

    An original's page shows its alternates, so they are folded into its fingerprint (its
    cache key) like the URLs of the pages it links to."""
    translations = [d for d in published if d.meta.translation_of]
    if not translations:
        return published, (), {}
    by_source = {d.source: d for d in published}
    owner: dict[str, str] = {}
    for doc in translations:
        url = url_of[doc.source]
        if url in owner:
            line = doc.meta.key_lines.get("slug")
            diags.error(doc.source, line, f"two translations at {url}: this one and {owner[url]}")
        owner.setdefault(url, doc.source)
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in translations:
        groups[doc.meta.translation_of].append(doc)
    alternates: dict[str, tuple[Alternate, ...]] = {}
    for original_source, group in sorted(groups.items()):
        original = by_source.get(original_source)
        versions = ([original] if original is not None else []) + sorted(
            group, key=lambda d: d.meta.url_lang
        )
        if len(versions) < 2:
            continue  # a translation of nothing published: a page in its language alone
        links = tuple(Alternate(d.meta.lang, url_of[d.source], d is original) for d in versions)
        for doc in versions:
            alternates[doc.source] = links

    def refingerprinted(doc: Document) -> Document:
        if doc.source not in alternates:
            return doc
        shown = repr(alternates[doc.source]).encode()
        digest = hashlib.blake2b(doc.fingerprint.encode() + shown, digest_size=16)
        return replace(doc, fingerprint=digest.hexdigest())

    others = [refingerprinted(d) for d in published if not d.meta.translation_of]
    newest_first = sorted(
        (refingerprinted(d) for d in translations),
        key=lambda d: (d.meta.date.isoformat() if d.meta.date else "", d.source),
        reverse=True,
    )
    return others, tuple(newest_first), alternates


def alternate_links(site: Site, doc: Document) -> list[dict[str, str]]:
    """`<link rel="alternate" hreflang>` of every version of `doc`, itself included, and
    `x-default` for the original; [] for a document without translations."""
    links = []
    for alt in site.alternates.get(doc.source, ()):
        absolute = site.urls.absolute(alt.url)
        links.append({"hreflang": alt.lang, "url": alt.url, "abs_url": absolute})
        if alt.original:
            links.append({"hreflang": "x-default", "url": alt.url, "abs_url": absolute})
    return links


def _term_links(names: Iterable[str], terms: Iterable[Any], url_of: Any) -> list[dict[str, str]]:
    """A translation's tags or categories, linked to the site's page of that name when it
    has one (a translation's terms do not make pages: they would list it twice)."""
    by_key = {key(t.name): t for t in terms}
    return [
        {"name": name, "url": url_of(by_key[key(name)].slug) if key(name) in by_key else ""}
        for name in names
    ]


def translation_view(site: Site, doc: Document) -> dict[str, Any]:
    """What post.html or page.html needs of a translation: a post's view without
    neighbours or related posts (those are the original's)."""
    from generator import views  # views imports this module for the alternates

    url = document_url(site.urls, doc)
    view = views.document_view(site, doc, url)
    if doc.kind == "page":
        return view
    meta = doc.meta
    assert meta.date is not None
    updated = meta.updated or meta.date
    tags = _term_links(meta.tags, site.tags, site.urls.tag)
    categories = _term_links(
        (" / ".join(p) for p in meta.categories), site.categories, site.urls.category
    )
    view.update(
        {
            "date": meta.date.isoformat(),
            "date_display": format_date(meta.date, meta.lang),
            "updated": updated.isoformat(),
            "updated_display": format_date(updated, meta.lang),
            "was_updated": meta.updated is not None and meta.updated != meta.date,
            "tags": tags,
            "categories": categories,
            "summary": doc.description,
            "sources": list(meta.sources),
            "previous": None,
            "next": None,
            "related": [],
            "series": [],  # a translation is in no series and groups with no sources:
            "more_on_sources": None,  # those are the original's
        }
    )
    home = site.urls.absolute(site.urls.home())
    trail = [(ui(meta.lang)["home"], home), (meta.title, view["abs_url"])]
    scripts = [views.blog_posting(site, doc, view), structured.breadcrumbs(trail)]
    view["json_ld"] = [structured.dumps(s) for s in scripts]
    return view


def jobs(renderer: Renderer) -> list[Job]:
    """A page per translation, and an Atom feed per language of its newest translations."""
    from generator.render import Job

    site, urls = renderer.site, renderer.site.urls
    found: list[Job] = []
    by_language: dict[str, list[Document]] = defaultdict(list)
    for doc in site.translations:
        template = "post.html" if doc.kind == "post" else "page.html"
        name = "post" if doc.kind == "post" else "page"
        found.append(
            Job(
                urls.output_path(document_url(urls, doc)),
                template,
                lambda d=doc, n=name: {n: translation_view(site, d)},
                extra=doc.fingerprint,
            )
        )
        if doc.kind == "post":
            by_language[doc.meta.url_lang].append(doc)
    for lang, posts in sorted(by_language.items()):
        shown = posts[: site.config.feed_limit]
        found.append(
            Job(
                urls.output_path(urls.language_feed(lang)),
                "atom.xml",
                lambda lang=lang, shown=shown: _feed_context(renderer, lang, shown),
                extra=repr([d.fingerprint for d in shown]),
            )
        )
    return found


def _feed_context(renderer: Renderer, lang: str, posts: list[Document]) -> dict[str, Any]:
    site = renderer.site
    url = site.urls.language_feed(lang)
    entries = [{**translation_view(site, d), "content_html": _content(renderer, d)} for d in posts]
    updated = max((e["updated"] for e in entries), default=site.build_time.isoformat())
    return {
        "feed": {
            "title": f"{site.config.title} ({posts[0].meta.lang})",
            "url": url,
            "abs_url": site.urls.absolute(url),
            "updated": updated,
            "posts": entries,
            "lang": posts[0].meta.lang,
        }
    }


def _content(renderer: Renderer, doc: Document) -> Markup:
    from markupsafe import escape

    view = translation_view(renderer.site, doc)
    html = renderer.render_context("feed_content.html", {"post": view}).decode("utf-8")
    return escape(absolutize(html, view["abs_url"]))
