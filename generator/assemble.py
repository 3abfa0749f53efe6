"""Stage 4: the documents of a site to a `Site`: what is published, tags and categories
(merged spellings, unique slugs), archive, neighbours, related posts, resolved links.
No I/O: a pure function of the documents and the config."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

from generator import stubs
from generator.config import SiteConfig
from generator.errors import Diagnostics
from generator.markdown import REF_PREFIX
from generator.model import Block, Document, Site
from generator.publication import Visibility, is_published
from generator.redirects import site_redirects
from generator.related import related_posts
from generator.relations import Relations
from generator.sources import markdown_stem
from generator.terms import build_terms
from generator.translations import document_url, pair
from generator.urls import Urls


def _published(docs: list[Document], shown: Visibility, now: datetime) -> list[Document]:
    return [d for d in docs if is_published(d, shown, now)]


def _sort_key(doc: Document) -> tuple[datetime, str]:
    return (doc.meta.date or datetime.min.replace(tzinfo=UTC), doc.meta.slug)


def _check_routes(
    posts: tuple[Document, ...], pages: tuple[Document, ...], diags: Diagnostics
) -> None:
    for group, label in ((posts, "post"), (pages, "page")):
        owner: dict[str, Document] = {}
        for doc in group:
            slug = doc.meta.slug
            line = doc.meta.key_lines.get("slug")
            if slug in owner:
                diags.error(
                    doc.source,
                    line,
                    f"two {label}s with the slug `{slug}`: this one and {owner[slug].source}",
                )
            else:
                owner[slug] = doc


_REF = re.compile(re.escape(REF_PREFIX) + r"([^\"'#\s]*)")


def _resolve_links(
    docs: list[Document], url_of: dict[str, str], known: set[str], diags: Diagnostics
) -> list[Document]:
    """Links to other source files (`[x](other.md)`) become those pages' URLs."""
    url_of = _md_spellings(url_of)
    known = set(_md_spellings(dict.fromkeys(known, "")))
    resolved = []
    for doc in docs:
        if not doc.refs:
            resolved.append(doc)
            continue
        for ref in doc.refs:
            if ref.target not in url_of:
                if ref.target in known:
                    diags.warning(
                        doc.source,
                        ref.line,
                        f"link to {ref.target}, which is not published in this build",
                    )
                else:
                    diags.error(doc.source, ref.line, f"link to {ref.target}: no such post or page")

        def sub(match: re.Match[str]) -> str:
            return url_of.get(match.group(1), "#")

        blocks = tuple(_sub_block(b, sub) for b in doc.blocks)
        # The page now shows other pages' URLs: they are part of what its output depends on.
        targets = repr(sorted(url_of.get(ref.target, "#") for ref in doc.refs))
        fingerprint = hashlib.blake2b(
            (doc.fingerprint + targets).encode(), digest_size=16
        ).hexdigest()
        resolved.append(
            replace(
                doc,
                blocks=blocks,
                summary_html=_REF.sub(sub, doc.summary_html),
                fingerprint=fingerprint,
            )
        )
    return resolved


def _dated_where_shared(docs: list[Document]) -> list[Document]:
    """Posts whose slug came from dated file names (`2018-01-23-node.md`, `2019-09-04-node.md`)
    and would share it keep their dates in it: Jekyll and Hexo put them at dated URLs."""
    count = Counter((d.kind, d.meta.url_lang, d.meta.slug) for d in docs)
    return [
        replace(d, meta=replace(d.meta, slug=d.meta.dated_slug))
        if d.meta.dated_slug and count[(d.kind, d.meta.url_lang, d.meta.slug)] > 1
        else d
        for d in docs
    ]


def _md_spellings(by_source: dict[str, str]) -> dict[str, str]:
    """`x.markdown` answers to `x.md` too: a Hugo `ref` or a Jekyll `post_url` written
    without its suffix is read as `.md`."""
    spelt = {
        stem + ".md": value
        for source, value in by_source.items()
        if (stem := markdown_stem(source)) is not None and not source.endswith(".md")
    }
    return {**spelt, **by_source}


def _sub_block(block: Block, sub) -> Block:  # type: ignore[no-untyped-def]
    if REF_PREFIX not in block.html and not any(REF_PREFIX in qa.answer_html for qa in block.faq):
        return block
    faq = tuple(replace(qa, answer_html=_REF.sub(sub, qa.answer_html)) for qa in block.faq)
    citations = tuple(replace(c, html=_REF.sub(sub, c.html)) for c in block.citations)
    return replace(block, html=_REF.sub(sub, block.html), faq=faq, citations=citations)


def build_time(posts: tuple[Document, ...]) -> datetime:
    """Reproducible: SOURCE_DATE_EPOCH, else the newest date in the content."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            pass
    dates = [d.meta.updated or d.meta.date for d in posts if d.meta.date]
    return max((d for d in dates if d), default=datetime(1970, 1, 1, tzinfo=UTC))


def assemble(
    documents: list[Document],
    config: SiteConfig,
    now: datetime,
    diags: Diagnostics,
    preview: bool = False,
    shown: Visibility | None = None,
) -> Site:
    """`shown`: drafts and future posts in or out (default: as `preview`)."""
    shown = shown or Visibility(preview, preview)
    urls = Urls(config.base_path, config.origin)
    known = {d.source for d in documents}
    published = _published(documents, shown, now)
    published, stubs_moved = stubs.set_aside(published, urls, diags)
    published = _dated_where_shared(published)
    url_of = {d.source: document_url(urls, d) for d in published}
    published = _resolve_links(published, url_of, known, diags)
    published, translated, alternates = pair(published, url_of, diags)
    posts = tuple(sorted((d for d in published if d.kind == "post"), key=_sort_key, reverse=True))
    pages = tuple(sorted((d for d in published if d.kind == "page"), key=lambda d: d.meta.slug))
    _check_routes(posts, pages, diags)
    tags, post_tags = build_terms(posts, "tags", diags)
    categories, post_categories = build_terms(posts, "categories", diags)
    old_urls = site_redirects(
        [(d, url_of[d.source]) for d in (*posts, *pages, *translated)],
        stubs_moved if categories else [(d, u) for d, u in stubs_moved if u != urls.categories()],
        urls,
        diags,
    )
    return Site(
        config=config,
        urls=urls,
        posts=posts,
        pages=pages,
        tags=tags,
        categories=categories,
        post_tags=post_tags,
        post_categories=post_categories,
        related=related_posts(post_tags, tuple(t.posts for t in tags)),
        relations=Relations(posts, urls, config),
        build_time=build_time(posts),
        now=now,
        preview=preview,
        translations=translated,
        alternates=alternates,
        redirects=old_urls,
    )
