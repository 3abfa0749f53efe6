"""View models: the data templates get, built from the `Site` (templates own presentation,
Python owns data). Every value here is plain (str, int, list, dict)."""

from __future__ import annotations

from typing import Any

from generator import (
    ailabel,
    cards,
    markdown_copy,
    page_meta,
    series,
    sourcepages,
    structured,
)
from generator.assemble import Site
from generator.i18n import family, format_date, ui
from generator.model import Document
from generator.relations import Relations

TOC_MIN_HEADINGS = 3


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
        self.relations = Relations(site)  # series and sources (issue 18)

    def card(self, index: int) -> dict[str, Any]:
        if index not in self._cards:
            self._cards[index] = post_card(self.site, index, self)
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


def post_card(site: Site, index: int, views: Views) -> dict[str, Any]:
    """What list pages show of a post."""
    doc = site.posts[index]
    tags, cats = views.term_links(index)
    assert doc.meta.date is not None
    return {
        "title": doc.meta.title,
        "url": site.post_url(index),
        "lang": doc.meta.lang,
        "date": doc.meta.date.isoformat(),
        "date_display": format_date(doc.meta.date, doc.meta.lang),
        "reading_label": reading_label(doc),
        "tags": tags,
        "categories": cats,
        "summary": doc.description,
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
        "toc": list(doc.headings) if len(doc.headings) >= TOC_MIN_HEADINGS else [],
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
            **views.relations.post_fields(index, views.card),
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
        scripts.append(
            structured.faq_page([(qa.question, qa.answer_html) for qa in doc.faq], view["abs_url"])
        )
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
