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
from dataclasses import replace
from typing import TYPE_CHECKING

from generator.errors import Diagnostics
from generator.model import Alternate
from generator.urls import Urls

if TYPE_CHECKING:
    from generator.model import Document, Site


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
