"""Plain frozen values passed between stages (picklable: they cross process pools)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator import section_kinds
from generator.sources import Kind
from generator.urls import Urls
from generator.visible import first_visible

if TYPE_CHECKING:
    from generator.cards import Cards
    from generator.config import SiteConfig
    from generator.relations import Relations


@dataclass(frozen=True)
class Cover:
    src: str  # as written; once resolved, an absolute URL
    alt: str = ""
    caption: str = ""
    hidden: bool = False  # PaperMod's `hidden: true`: for social cards, not shown on the page


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str


@dataclass(frozen=True)
class Person:
    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class Citation:
    text: str  # plain text of the item (a name alone is a citation)
    html: str  # the item as rendered
    url: str = ""  # first link in the item, if any


@dataclass(frozen=True)
class QA:
    question: str  # plain text
    question_html: str  # inline HTML
    answer_html: str  # block HTML as shown on the page
    line: int | None = None
    id: str = ""  # a question written as a heading keeps that heading's id
    # The answer in Markdown, its URLs marked (markdown/absolute_links.py), for the page's
    # Markdown copy: written when the post is parsed, as the copy's other parts are.
    answer_markdown: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Block:
    """A run of the post in document order: plain body or one recognised section."""

    # "body", a section kind (section_kinds.py), "toc" (where the table of contents goes)
    # or "footnotes"
    kind: str
    html: str
    title: str = ""  # the section's heading text as the author wrote it
    heading_id: str = ""
    line: int | None = None
    faq: tuple[QA, ...] = ()
    citations: tuple[Citation, ...] = ()
    # A sources section with more than its citations (sub-headings, notes): shown as written.
    as_written: bool = False
    level: int = 0  # the section heading's level (2 for `##`); 0 without a heading
    markdown: str = ""  # the run as clean Markdown, its URLs marked (markdown/to_markdown.py)


@dataclass(frozen=True)
class ReadingStats:
    cjk: int
    words: int
    minutes: int

    @property
    def word_count(self) -> int:
        return self.cjk + self.words


@dataclass(frozen=True)
class LinkRef:
    """A Markdown link to another source file, resolved once every URL is known."""

    target: str  # site-relative source path, e.g. "content/posts/other.md"
    line: int | None


@dataclass(frozen=True)
class Meta:
    """Frontmatter after aliases, types and defaults."""

    title: str
    slug: str  # one or more `/`-separated segments
    date: datetime | None
    updated: datetime | None
    tags: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]  # each a path: ("Blogging", "Demo"); flat: ("AI",)
    description: str
    draft: bool
    lang: str
    authors: tuple[Person, ...]
    cover: Cover | None
    sources: tuple[str, ...]
    faq: tuple[tuple[str, str], ...] | None  # explicit {q, a} list, Markdown answers
    extra: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    photos: tuple[str, ...] = ()  # Hexo's gallery
    expires: datetime | None = None  # Hugo's expiryDate: left out from then on
    aliases: tuple[str, ...] = ()  # old URLs (Hugo aliases, Jekyll redirect_from) as written
    old_url: str = ""  # the URL the old generator gave it (Hugo `url`, `permalink`): "/x/"
    dated_slug: str = ""  # `2019-08-08-name` when the slug `name` came from such a file name
    canonical: str = ""  # canonicalURL: the page's canonical link when it is elsewhere
    media_subpath: str = ""  # Chirpy: relative image URLs resolve under it
    translation_of: str = ""  # source path of the post or page this one translates
    url_lang: str = ""  # a translation's language prefix in its URL (`fr` → /fr/posts/…)
    layout: str = ""  # another generator's layout or page type (`archives`, `search`)

    @property
    def author(self) -> Person:
        """The first author (the byline and JSON-LD name them all)."""
        return self.authors[0] if self.authors else Person()


@dataclass(frozen=True)
class Body:
    """What reading a post's Markdown finds (analyse.py): its blocks and the facts drawn
    from them. A `Document` is a body with its source, kind and frontmatter."""

    summary_html: str
    summary_text: str
    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]  # the table of contents' entries (none: no table)
    reading: ReadingStats
    refs: tuple[LinkRef, ...]
    first_paragraph: str = ""
    excerpt: str = ""  # the text before `<!--more-->`
    # How many of the first blocks open the post, under its title: a lead without
    # headings (a credit line) and the summary after it.
    opening: int = 0
    summary_markdown: str = ""  # the summary as Markdown (markdown/to_markdown.py)
    code_languages: tuple[str, ...] = ()  # languages of its fenced code blocks
    # Local images whose sizes its HTML holds: (path, mtime_ns, size), -1s when missing.
    image_files: tuple[tuple[str, int, int], ...] = ()
    # Files beside it that it shows and that are published where they are (site-relative):
    # `content/posts/images/x.png` at /posts/images/x.png (see sources.published_path).
    loose_files: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Document(Body):
    """A post or page after reading and analysis: everything but site-wide relations."""

    source: str
    kind: Kind
    meta: Meta
    assets: tuple[str, ...]  # files copied next to the page (relative to `asset_dir`)
    asset_dir: str = ""  # their folder, relative to the source's ("" for a bundle)
    fingerprint: str = ""  # hash of the source file's bytes: what cache keys are made of
    source_hash: str = ""  # hash of the source file's bytes alone (the read cache's key)

    @cached_property  # (frozen: safe to keep)
    def faq(self) -> tuple[QA, ...]:
        kinds = section_kinds.with_role(section_kinds.FAQ)
        return tuple(qa for block in self.blocks if block.kind in kinds for qa in block.faq)

    @cached_property
    def citations(self) -> tuple[Citation, ...]:
        kinds = section_kinds.with_role(section_kinds.CITATION)
        return tuple(c for b in self.blocks if b.kind in kinds for c in b.citations)

    @cached_property  # asked for by every card, feed entry and page (frozen: safe to keep)
    def description(self) -> str:
        """Never empty, nor only invisible characters: the title at worst."""
        return first_visible(
            self.meta.description,
            self.excerpt,
            self.summary_text,
            self.first_paragraph,
            self.meta.title,
        )


@dataclass(frozen=True)
class Term:
    """A tag or category with the posts that carry it (indices into `Site.posts`)."""

    name: str  # as shown; the levels of a category path joined by " / "
    slug: str  # one segment per level: "blogging/demo"
    posts: tuple[int, ...]


@dataclass(frozen=True)
class Alternate:
    lang: str  # hreflang
    url: str  # site-relative, with the base path
    original: bool = False  # the version the others translate: x-default


@dataclass(frozen=True)
class Redirect:
    """A page at `path` (under the output dir) that sends readers to `target`."""

    path: str  # e.g. "posts/old-name/index.html"
    target: str  # site-relative URL with the base path, e.g. "/blog/posts/new-name/"
    source: str  # the file that asked for it
    line: int | None
    lang: str = "en"


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
    relations: Relations  # series and sources: the other posts a post's page shows
    build_time: datetime  # reproducible date of the build (feeds, sitemap)
    now: datetime  # the wall clock that decided what is "future"
    preview: bool = False  # built by `aiblog serve`: drafts and future posts marked
    translations: tuple[Document, ...] = ()  # `name.LANG.md` files, newest first
    alternates: dict[str, tuple[Alternate, ...]] = field(default_factory=dict)
    redirects: tuple[Redirect, ...] = ()  # old URLs (aliases, stubs' URLs)

    @cached_property  # (frozen: safe to keep) fonts and colours found once per site
    def cards(self) -> Cards:
        from generator.cards import Cards  # cards.py reads documents: it imports this module

        return Cards(self)

    def post_url(self, index: int) -> str:
        return self.urls.post(self.posts[index].meta.slug)

    def is_future(self, doc: Document) -> bool:
        return doc.meta.date is not None and doc.meta.date > self.now
