"""Stage 4: the documents of a site to a `Site`: what is published, tags and categories
(merged spellings, unique slugs), archive, neighbours, related posts, resolved links.
No I/O: a pure function of the documents and the config."""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from itertools import combinations

from generator.config import SiteConfig
from generator.errors import Diagnostics
from generator.markdown import REF_PREFIX
from generator.metadata import ALIASES
from generator.model import Block, Document
from generator.slugs import key, path_segment_problem, term_slug
from generator.urls import RESERVED_SEGMENTS, Urls

RELATED_COUNT = 3


@dataclass(frozen=True)
class Term:
    """A tag or category with the posts that carry it (indices into `Site.posts`)."""

    name: str
    slug: str
    posts: tuple[int, ...]


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    urls: Urls
    posts: tuple[Document, ...]  # newest first
    pages: tuple[Document, ...]
    tags: tuple[Term, ...]  # by name
    categories: tuple[Term, ...]
    post_tags: tuple[tuple[int, ...], ...]  # per post: indices into `tags`
    post_categories: tuple[tuple[int, ...], ...]
    related: tuple[tuple[int, ...], ...]  # per post: indices into `posts`
    build_time: datetime  # reproducible date of the build (feeds, sitemap)
    now: datetime  # the wall clock that decided what is "future"
    preview: bool = False  # built by `aiblog serve`: drafts and future posts marked

    def post_url(self, index: int) -> str:
        return self.urls.post(self.posts[index].meta.slug)

    def is_future(self, doc: Document) -> bool:
        return doc.meta.date is not None and doc.meta.date > self.now


def _published(docs: list[Document], config: SiteConfig, now: datetime) -> list[Document]:
    return [
        d
        for d in docs
        if (config.drafts or not d.meta.draft)
        and (config.future or d.kind == "page" or d.meta.date is None or d.meta.date <= now)
    ]


def _sort_key(doc: Document) -> tuple[datetime, str]:
    return (doc.meta.date or datetime.min.replace(tzinfo=UTC), doc.meta.slug)


def _terms(
    posts: tuple[Document, ...], field: str, kind: str, diags: Diagnostics
) -> tuple[tuple[Term, ...], tuple[tuple[int, ...], ...]]:
    """Merge spellings (case, spaces), give slugs, refuse two terms on one slug."""
    shown: dict[str, str] = {}
    spellings: dict[str, dict[str, tuple[str, int | None]]] = defaultdict(dict)
    members: dict[str, dict[int, None]] = defaultdict(dict)  # ordered set of post indices
    aliases = ALIASES["tags" if field == "tags" else "category"]
    # "the first spelling met in date order is shown": oldest post first.
    for index in sorted(range(len(posts)), key=lambda i: _sort_key(posts[i])):
        doc = posts[index]
        for name in getattr(doc.meta, field):
            k = key(name)
            shown.setdefault(k, name)
            if name not in spellings[k]:  # where it is first met, for messages about it
                lines = doc.meta.key_lines
                line = next((lines[alias] for alias in aliases if alias in lines), None)
                spellings[k][name] = (doc.source, line)
            members[k][index] = None
    for k, spelled in spellings.items():
        if len(spelled) > 1:
            variants = ", ".join(f"`{s}`" for s in spelled)
            path, line = list(spelled.values())[1]
            diags.warning(
                path, line, f"{kind} spellings {variants} are one {kind}; shown as `{shown[k]}`"
            )
    by_slug: dict[str, str] = {}
    terms: list[Term] = []
    bad: set[str] = set()
    for k, name in shown.items():
        slug = term_slug(name)
        first_path, first_line = spellings[k][name]
        if problem := path_segment_problem(slug):
            diags.error(
                first_path,
                first_line,
                f"{kind} `{name}` cannot be used in a URL: its slug {problem}",
            )
            bad.add(k)
            continue
        if slug in by_slug:
            diags.error(
                first_path,
                first_line,
                f"{kind}s `{by_slug[slug]}` and `{name}` would share the URL slug `{slug}`; rename one",
            )
            bad.add(k)
            continue
        by_slug[slug] = name
        terms.append(Term(name, slug, tuple(sorted(members[k]))))
    terms.sort(key=lambda t: (t.name.casefold(), t.name))
    position = {key(t.name): i for i, t in enumerate(terms)}
    per_post = tuple(
        tuple(
            dict.fromkeys(position[key(n)] for n in getattr(doc.meta, field) if key(n) in position)
        )
        for doc in posts
    )
    return tuple(terms), per_post


@lru_cache(maxsize=4)  # a pure function of its arguments: serve rebuilds reuse it
def _related(
    post_tags: tuple[tuple[int, ...], ...], members: tuple[tuple[int, ...], ...]
) -> tuple[tuple[int, ...], ...]:
    """Per post, the RELATED_COUNT posts sharing the most tags, then the most recent
    (lower index = newer). `members`: each tag's posts, sorted by index.

    Not by counting every post that shares a tag (at 10,000 posts a tag has hundreds):
    posts sharing two or more come from pairwise intersections of the post's tag sets,
    and posts sharing one are the newest of each tag's list."""
    sets = [frozenset(m) for m in members]
    result = []
    for index, own in enumerate(post_tags):
        # A post sharing m tags is in m·(m-1)/2 of the pairwise intersections: ranking by
        # that count is ranking by m.
        counts: dict[int, int] = {}
        for a, b in combinations(own, 2):
            for other in sets[a] & sets[b]:
                counts[other] = counts.get(other, 0) + 1
        counts.pop(index, None)
        ranked = sorted(counts, key=lambda o: (-counts[o], o))[:RELATED_COUNT]
        if len(ranked) < RELATED_COUNT:
            # Enough from the head of each list: it holds at most len(counts) + 1 others.
            head = RELATED_COUNT + len(counts) + 1
            ones = sorted({o for t in own for o in members[t][:head]} - set(counts) - {index})
            ranked += ones[: RELATED_COUNT - len(ranked)]
        result.append(tuple(ranked))
    return tuple(result)


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
            if label == "page" and slug in RESERVED_SEGMENTS:
                diags.error(
                    doc.source, line, f"a page cannot have the slug `{slug}`: aiblog uses /{slug}/"
                )


_REF = re.compile(re.escape(REF_PREFIX) + r"([^\"'#\s]*)")


def _resolve_links(
    docs: list[Document], url_of: dict[str, str], known: set[str], diags: Diagnostics
) -> list[Document]:
    """Links to other source files (`[x](other.md)`) become those pages' URLs."""
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
) -> Site:
    urls = Urls(config.base_path, config.origin)
    known = {d.source for d in documents}
    published = _published(documents, config, now)
    url_of = {d.source: urls.document(d.kind, d.meta.slug) for d in published}
    published = _resolve_links(published, url_of, known, diags)
    posts = tuple(sorted((d for d in published if d.kind == "post"), key=_sort_key, reverse=True))
    pages = tuple(sorted((d for d in published if d.kind == "page"), key=lambda d: d.meta.slug))
    _check_routes(posts, pages, diags)
    tags, post_tags = _terms(posts, "tags", "tag", diags)
    categories, post_categories = _terms(posts, "categories", "category", diags)
    return Site(
        config=config,
        urls=urls,
        posts=posts,
        pages=pages,
        tags=tags,
        categories=categories,
        post_tags=post_tags,
        post_categories=post_categories,
        related=_related(post_tags, tuple(t.posts for t in tags)),
        build_time=build_time(posts),
        now=now,
        preview=preview,
    )
