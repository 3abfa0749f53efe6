"""View models: the data templates get, built from the `Site` (templates own presentation,
Python owns data). Every value here is plain (str, int, list, dict)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from generator import ailabel, cards, faq, markdown_copy, page_meta, series, sourcepages, structured
from generator.i18n import family, format_date, format_month, ui
from generator.model import Document, Site, Term
from generator.slugs import key
from generator.translations import document_url

# Tags (and categories) a post's card shows, the rest counted: a card is on the pages of
# each of them, and showing them all made a post with 10,000 tags 10,000 pages of 10,000.
CARD_TERMS = 8


class Views:
    """View models of one site, each built once per build (a post's card appears on
    many list pages, its view in many feeds)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._cards: dict[int, dict[str, Any]] = {}
        self._posts: dict[int, dict[str, Any]] = {}
        self._tags = [{"name": t.name, "url": site.urls.tag(t.slug)} for t in site.tags]
        self._categories = [
            {"name": c.name, "url": site.urls.category(c.slug)} for c in site.categories
        ]

    def card(self, index: int) -> dict[str, Any]:
        if index not in self._cards:
            self._cards[index] = card_view(self.site, index, self)
        return self._cards[index]

    def post(self, index: int) -> dict[str, Any]:
        if index not in self._posts:
            self._posts[index] = post_view(self.site, index, self)
        return self._posts[index]

    def term_links(self, index: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        tags = [self._tags[t] for t in self.site.post_tags[index]]
        cats = [self._categories[c] for c in self.site.post_categories[index]]
        return tags, cats

    def list_page(
        self, indices: list[int], page: int, pages: int, url_of_page: Any, title: str
    ) -> dict[str, Any]:
        return {
            "title": title,
            "posts": [self.card(i) for i in indices],
            "page": page,
            "pages": pages,
            "url": url_of_page(page),
            "newer_url": url_of_page(page - 1) if page > 1 else None,
            "older_url": url_of_page(page + 1) if page < pages else None,
        }


def reading_label(doc: Document) -> str:
    return ui(doc.meta.lang)["reading_time"].format(n=doc.reading.minutes)


def card_view(site: Site, index: int, views: Views) -> dict[str, Any]:
    """What lists show of a post, and a feed entry without its content: a list page's
    cache key is made of its cards (speed/incremental.py), so whatever a card or an
    entry shows must be in here."""
    doc = site.posts[index]
    tags, cats = views.term_links(index)
    assert doc.meta.date is not None
    url = site.post_url(index)
    updated = doc.meta.updated or doc.meta.date
    return {
        "title": doc.meta.title,
        "url": url,
        "abs_url": site.urls.absolute(url),
        "lang": doc.meta.lang,
        "date": doc.meta.date.isoformat(),
        "date_display": format_date(doc.meta.date, doc.meta.lang),
        "updated": updated.isoformat(),
        "authors": page_meta.authors(site, doc),
        "reading_label": reading_label(doc),
        "tags": tags[:CARD_TERMS],
        "more_tags": max(0, len(tags) - CARD_TERMS),
        "categories": cats[:CARD_TERMS],
        "more_categories": max(0, len(cats) - CARD_TERMS),
        "summary": doc.description,
        "description": doc.description,
        "draft": doc.meta.draft,
        "future": site.preview and site.is_future(doc),
        "ai_label": ailabel.label_view(site.config, doc),
    }


def document_view(site: Site, doc: Document, url: str) -> dict[str, Any]:
    """Shared by posts and pages."""
    return {
        "kind": doc.kind,
        "source": doc.source,
        "title": doc.meta.title,
        "url": url,
        "abs_url": site.urls.absolute(url),
        "lang": doc.meta.lang,
        "lang_family": family(doc.meta.lang),
        "description": doc.description,
        "summary_html": doc.summary_html,
        "blocks": doc.blocks,
        "toc": list(doc.headings),  # empty when the post gets no table of contents
        "opening": doc.opening,  # the first blocks, shown under the title
        "has_code": bool(doc.code_languages),  # pages without code skip its CSS and script
        **page_meta.view_fields(site, doc, url),
        **cards.image_fields(site, doc),  # after page_meta: the card, when no cover
        **ailabel.view_fields(site.config, doc),
        **markdown_copy.view_fields(site, url),
        "extra": doc.meta.extra,
        "reading_minutes": doc.reading.minutes,
        "reading_label": reading_label(doc),
        "word_count": doc.reading.word_count,
        "draft": doc.meta.draft,
        "future": site.preview and site.is_future(doc),
    }


def post_view(site: Site, index: int, views: Views) -> dict[str, Any]:
    doc = site.posts[index]
    url = site.post_url(index)
    view = document_view(site, doc, url)
    view.update(views.card(index))
    tags, cats = views.term_links(index)  # its own page shows them all
    view.update(tags=tags, categories=cats, more_tags=0, more_categories=0)
    updated = doc.meta.updated or doc.meta.date
    assert doc.meta.date is not None and updated is not None
    strings = ui(doc.meta.lang)
    newer = index - 1 if index > 0 else None
    older = index + 1 if index + 1 < len(site.posts) else None
    view.update(
        {
            "updated": updated.isoformat(),
            "updated_display": format_date(updated, doc.meta.lang),
            "was_updated": doc.meta.updated is not None and doc.meta.updated != doc.meta.date,
            "sources": list(doc.meta.sources),
            "previous": _neighbour(site, older),
            "next": _neighbour(site, newer),
            "related": [views.card(r) for r in site.related[index]],
            **site.relations.post_fields(site, index, views.card),
        }
    )
    trail = [(strings["home"], site.urls.absolute(site.urls.home()))]
    if view["categories"]:
        trail.append(
            (view["categories"][0]["name"], site.urls.absolute(view["categories"][0]["url"]))
        )
    trail.append((doc.meta.title, view["abs_url"]))
    scripts = [blog_posting(site, doc, view), structured.breadcrumbs(trail)]
    if doc.faq:
        scripts.append(faq.faq_page(doc.faq, view["abs_url"]))
    view["json_ld"] = [structured.dumps(s) for s in scripts]
    return view


def _neighbour(site: Site, index: int | None) -> dict[str, str] | None:
    if index is None:
        return None
    return {"title": site.posts[index].meta.title, "url": site.post_url(index)}


def blog_posting(site: Site, doc: Document, view: dict[str, Any]) -> dict[str, Any]:
    config = site.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": doc.meta.title,
        "description": doc.description,
        "datePublished": view["date"],
        "dateModified": view["updated"],
        "inLanguage": doc.meta.lang,
        "url": view["abs_url"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": view["abs_url"]},
        "wordCount": doc.reading.word_count,
        "timeRequired": f"PT{doc.reading.minutes}M",
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
    }
    people = [structured.person(a["name"], a["url"]) for a in view["authors"]]
    if people:
        data["author"] = people if len(people) > 1 else people[0]
    if doc.meta.tags:
        data["keywords"] = [t["name"] for t in view["tags"]]
    if view["categories"]:
        data["articleSection"] = view["categories"][0]["name"]
    if view["og_image"]:
        data["image"] = view["og_image"]
    sources = list(doc.meta.sources)
    if sources:
        data["isBasedOn"] = sources if len(sources) > 1 else sources[0]
    citations = [c.url or c.text for c in doc.citations]
    if citations:
        data["citation"] = citations
    data.update(ailabel.json_ld(config, doc))
    data.update(series.json_ld(site, doc))
    data.update(sourcepages.json_ld(config, doc))
    return data


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
    url = document_url(site.urls, doc)
    view = document_view(site, doc, url)
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
    scripts = [blog_posting(site, doc, view), structured.breadcrumbs(trail)]
    view["json_ld"] = [structured.dumps(s) for s in scripts]
    return view


# -- lists, indexes and feeds: each built from the site and the output's arguments --------


def site_common(site: Site, generator: str) -> dict[str, Any]:
    """What every template gets: `site` (title, nav, feed URLs…), `urls`, `generator`."""
    config = site.config
    return {
        "site": {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "base_path": config.base_path,
            "origin": config.origin,
            "author": {"name": config.author.name, "url": config.author.url},
            "nav": [{"title": n.title, "url": _nav_url(site, n.url)} for n in config.nav],
            "social": config.social,
            "og_image": config.og_image,
            "feed_url": site.urls.file("feed.xml"),
            "rss_url": site.urls.file("rss.xml"),
            "has_categories": bool(site.categories),
            "search_url": site.urls.search() if config.search else None,
            "preview": site.preview,
            "build_time": site.build_time.isoformat(),
            "card": cards.home_fields(site),  # the home page's social card
        },
        "urls": site.urls,
        "generator": generator,
    }


def _nav_url(site: Site, url: str) -> str:
    root_relative = url.startswith("/") and not url.startswith("//")
    return site.config.base_path + url[1:] if root_relative else url


def term_of(site: Site, kind: str, index: int) -> Term:
    return (site.tags if kind == "tag" else site.categories)[index]


def term_url(site: Site, kind: str, slug: str, page: int = 1) -> str:
    return site.urls.tag(slug, page) if kind == "tag" else site.urls.category(slug, page)


def listing_title(site: Site, kind: str, index: int) -> str:
    strings = ui(site.config.language)
    if kind == "home":
        return strings["home"]
    name = term_of(site, kind, index).name
    return strings["posts_tagged" if kind == "tag" else "posts_in_category"].format(name=name)


def list_context(
    views: Views, kind: str, index: int, page: int, chunk: tuple[int, ...], pages: int
) -> dict[str, Any]:
    """A page of the home list (`kind` "home") or of a tag's or category's list."""
    site = views.site
    if kind == "home":
        url_of: Callable[[int], str] = site.urls.home
        extra: dict[str, Any] = {}
    else:
        term = term_of(site, kind, index)

        def url_of(n: int) -> str:
            return term_url(site, kind, term.slug, n)

        feed = site.urls.tag_feed(term.slug) if kind == "tag" else None
        extra = {"term": {"name": term.name, "feed_url": feed, "kind": kind}}
    title = listing_title(site, kind, index)
    return {"listing": views.list_page(list(chunk), page, pages, url_of, title), **extra}


def terms_context(site: Site, kind: str) -> dict[str, Any]:
    """Every tag (or category) with its count."""
    strings = ui(site.config.language)
    terms = site.tags if kind == "tag" else site.categories
    url = site.urls.tags() if kind == "tag" else site.urls.categories()
    items = [
        {"name": t.name, "url": term_url(site, kind, t.slug), "count": len(t.posts)} for t in terms
    ]
    title = strings["tags" if kind == "tag" else "categories"]
    return {"title": title, "url": url, "terms": items}


def archive_context(views: Views) -> dict[str, Any]:
    site = views.site
    lang = site.config.language
    years: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, doc in enumerate(site.posts):
        assert doc.meta.date is not None
        years[doc.meta.date.year][doc.meta.date.month].append(i)
    archive = [
        {
            "year": year,
            "months": [
                {
                    "label": format_month(year, month, lang),
                    "month": month,
                    "posts": [views.card(i) for i in idx],
                }
                for month, idx in sorted(months.items(), reverse=True)
            ],
        }
        for year, months in sorted(years.items(), reverse=True)
    ]
    return {"title": ui(lang)["archive"], "url": site.urls.archive(), "archive": archive}


def sitemap_context(site: Site) -> dict[str, Any]:
    urls = site.urls
    entries = [{"loc": urls.absolute(urls.home()), "lastmod": site.build_time.date().isoformat()}]
    for i, doc in enumerate(site.posts):
        when = doc.meta.updated or doc.meta.date
        assert when is not None
        entries.append({"loc": urls.absolute(site.post_url(i)), "lastmod": when.date().isoformat()})
    for doc in site.pages:
        entries.append({"loc": urls.absolute(urls.page(doc.meta.slug)), "lastmod": ""})
    for doc in site.translations:
        entries.append({"loc": urls.absolute(document_url(urls, doc)), "lastmod": ""})
    for term in site.tags:
        entries.append({"loc": urls.absolute(urls.tag(term.slug)), "lastmod": ""})
    return {"entries": entries}


def feed_context(
    site: Site, title: str, url: str, entries: list[dict[str, Any]], lang: str | None = None
) -> dict[str, Any]:
    """An Atom or RSS feed of `entries` (post views, with `content_html` when the feed
    carries full content)."""
    updated = max((e["updated"] for e in entries), default=site.build_time.isoformat())
    feed = {
        "title": title,
        "url": url,
        "abs_url": site.urls.absolute(url),
        "updated": updated,
        "posts": entries,
    }
    if lang is not None:
        feed["lang"] = lang
    return {"feed": feed}
