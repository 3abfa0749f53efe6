"""Stage 5: the `Site` through Jinja2 templates into output files (path → bytes). Where
the bytes go (memory, or a staging dir) is build.py's business."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator import (
    __version__,
    cards,
    codestyle,
    llms,
    markdown_copy,
    series,
    sourcepages,
    translations,
    views,
)
from generator.assemble import Site
from generator.feedurls import absolutize
from generator.i18n import format_month, format_month_day, ui
from generator.themes import templates_fingerprint

Outputs = dict[str, bytes]
_ROOT_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')


# What `getattr(d, name)` finds on a plain dict: everything else is a key lookup.
_DICT_ATTRIBUTES = frozenset(dir({}))


class Environment(jinja2.Environment):
    """Jinja2's environment, with a shorter path for `post.title` on the dicts views are
    made of. Jinja tries the attribute first, and on a dict that raises and catches an
    AttributeError before the key lookup, on every dot in every template. The result is
    the same, as on a dict only `_DICT_ATTRIBUTES` are attributes."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class _ThemeLoader(jinja2.FileSystemLoader):
    """A theme dir's templates; one that is not UTF-8 text is a template error with its
    path (Jinja lets the UnicodeDecodeError through, which would end in a traceback)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = str(Path(self.searchpath[0]) / template)
            raise jinja2.TemplateSyntaxError(
                f"not UTF-8 text (byte {exc.start})", 1, template, filename
            ) from None


@lru_cache(maxsize=8)
def environment(
    theme_dirs: tuple[Path, ...], fingerprint: str, bytecode_dir: Path | None = None
) -> jinja2.Environment:
    """One compiled-template cache per process and theme (and on disk, when given a dir:
    compiling the theme costs more than rendering a few pages).

    `fingerprint` (of every template file) is part of the cache key, so an edited theme
    gets a new environment, and this one never checks its files again (Jinja's
    auto_reload stats a template's file on every `get_template` and `include`)."""
    bytecode = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = Environment(
        bytecode_cache=bytecode,
        loader=jinja2.ChoiceLoader([_ThemeLoader(d / "templates") for d in theme_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["absolute_urls"] = absolute_urls
    env.filters["rfc822"] = rfc822
    env.filters["month_day"] = format_month_day
    env.globals["ui_for"] = ui
    return env


def compile_theme(theme_dirs: list[Path], bytecode_dir: Path | None = None) -> None:
    """Compile every template of the theme ahead of rendering (in the parent process, so
    that forked render workers inherit them instead of each compiling its own). A broken
    template is left for rendering to report, with its line."""
    _compile_all(tuple(theme_dirs), templates_fingerprint(theme_dirs), bytecode_dir)


@lru_cache(maxsize=8)  # once per environment: serve rebuilds with an unchanged theme skip it
def _compile_all(theme_dirs: tuple[Path, ...], fingerprint: str, bytecode_dir: Path | None) -> None:
    env = environment(theme_dirs, fingerprint, bytecode_dir)
    for name in env.list_templates(extensions=("html", "xml", "txt")):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def absolute_urls(html: str, origin: str) -> str:
    """Root-relative links made absolute (feed readers have no page URL to resolve them)."""
    return _ROOT_URL.sub(lambda m: f"{m.group(1)}{origin}/", html)


def rfc822(iso: str) -> str:
    """RSS dates: "Fri, 06 Feb 2026 00:00:00 +0800"."""
    return format_datetime(datetime.fromisoformat(iso))


def pygments_css() -> str:
    return codestyle.stylesheet()


@dataclass(frozen=True)
class Job:
    """One output file to render: a template, how to build its context, and what it shows.

    `deps` (posts shown in full), `cards` (posts shown as cards: title, date, summary…)
    and `extra` (any other data it shows), with the site-wide salt, make its cache key:
    see `Renderer.key`."""

    path: str
    template: str
    context: Callable[[], dict[str, Any]]
    deps: tuple[int, ...] = ()  # posts shown in full (a post page, feed entries)
    extra: str = ""
    cards: tuple[int, ...] = ()  # posts shown as cards (lists, neighbours, related posts)
    origin: str = ""  # the source file it is made from, for messages about it
    line: int | None = None  # the line of that file that names the output (its slug)
    # An output made without a template (a PNG social card): its bytes.
    produce: Callable[[], bytes] | None = None


def paginate(items: list[int], per_page: int) -> list[list[int]]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


class Renderer:
    def __init__(
        self, site: Site, theme_dirs: list[Path], bytecode_dir: Path | None = None
    ) -> None:
        self.site = site
        self.views = views.Views(site)
        self._feed_content: dict[int, Markup] = {}
        # (post URL, id of the UI strings) → (those strings, kept alive, and the card's HTML)
        self._card_html: dict[tuple[str, int], tuple[dict[str, str], Markup]] = {}
        self._future = [site.is_future(doc) for doc in site.posts] if site.preview else []
        self.theme_fingerprint = templates_fingerprint(theme_dirs)
        self.env = environment(tuple(theme_dirs), self.theme_fingerprint, bytecode_dir)
        self.strings = ui(site.config.language)
        feed_url = site.urls.file("feed.xml")
        self.common = {
            "site": {
                "title": site.config.title,
                "description": site.config.description,
                "language": site.config.language,
                "base_url": site.config.base_url,
                "base_path": site.config.base_path,
                "origin": site.config.origin,
                "author": {"name": site.config.author.name, "url": site.config.author.url},
                "nav": [{"title": n.title, "url": _nav_url(site, n.url)} for n in site.config.nav],
                "social": site.config.social,
                "og_image": site.config.og_image,
                "feed_url": feed_url,
                "rss_url": site.urls.file("rss.xml"),
                "has_categories": bool(site.categories),
                "search_url": site.urls.search() if site.config.search else None,
                "preview": site.preview,
                "build_time": site.build_time.isoformat(),
                "card": cards.home_fields(site),  # the home page's social card
            },
            "urls": site.urls,
            "generator": f"aiblog {__version__}",
            "post_card": self.post_card,
        }

    def render(self, job: Job) -> bytes:
        if job.produce is not None:
            return job.produce()
        return self.render_context(job.template, job.context())

    def render_context(self, template_name: str, context: dict[str, Any]) -> bytes:
        template = self.env.get_template(template_name)
        return template.render({**self.common, "ui": self.strings, **context}).encode("utf-8")

    def post_card(self, post: dict[str, Any], strings: dict[str, str]) -> Markup:
        """`components/post_card.html` for one post, rendered once per build: a post's card
        is on a home page and on each of its tag and category pages."""
        key = (post["url"], id(strings))
        if key not in self._card_html:
            html = self.render_context("components/post_card.html", {"ui": strings, "post": post})
            self._card_html[key] = (strings, Markup(html.decode("utf-8")))
        return self._card_html[key][1]

    def feed_content(self, index: int) -> Markup:
        """A post's full content for feeds, rendered and escaped once (as XML text)."""
        if index not in self._feed_content:
            view = self.views.post(index)
            html = self.render_context("feed_content.html", {"post": view})
            self._feed_content[index] = escape(absolutize(html.decode("utf-8"), view["abs_url"]))
        return self._feed_content[index]

    def salt(self) -> bytes:
        """What every output may show besides its own posts: the theme, the config, the
        names of all tags and categories, the build's year, aiblog's version."""
        site = self.site
        terms = [(t.name, t.slug, len(t.posts)) for t in (*site.tags, *site.categories)]
        # Not where the site or its output lie: they change no byte of it, and keys (and
        # the tree id made of them, in the output's record) must not differ between places.
        placeless = replace(site.config, site_dir=Path("."), output_dir="")
        parts = (
            __version__,
            self.theme_fingerprint,
            repr(placeless),
            repr(terms),
            site.build_time.year,
            site.preview,
            cards.salt(site),
        )
        return repr(parts).encode()

    def key(self, job: Job, salted: Any) -> bytes:
        """Same key, same bytes: the output is a function of template, salt and what it shows.
        `salted`: a blake2b digest fed the salt, copied for each job (the salt holds every
        tag's name: hashing it afresh for each of 14,000 outputs cost more than the rest)."""
        digest = salted.copy()
        digest.update(f"{job.template}\0{job.path}\0{job.extra}\0".encode())
        posts, cards = self._post_fingerprints, self._card_fingerprints
        digest.update(b"".join([posts[i] for i in job.deps]))
        digest.update(b"\0")
        digest.update(b"".join([cards[i] for i in job.cards]))
        if self.site.preview:  # drafts and scheduled posts are marked in previews
            digest.update(bytes(self._future[i] for i in (*job.deps, *job.cards)))
        return digest.digest()

    @cached_property
    def _post_fingerprints(self) -> list[bytes]:
        return [doc.fingerprint.encode() for doc in self.site.posts]

    @cached_property
    def _card_fingerprints(self) -> list[bytes]:
        """What each post's card shows: an edit to its body alone leaves it unchanged."""
        fingerprints = []
        for doc in self.site.posts:
            m = doc.meta
            shown = (m.title, m.slug, m.date, m.updated, m.lang, m.draft, m.tags, m.categories)
            shown += (doc.description, doc.reading.minutes, repr(m.extra.get("ai")))
            fingerprints.append(hashlib.blake2b(repr(shown).encode(), digest_size=16).digest())
        return fingerprints

    def jobs(self) -> list[Job]:
        """Every output of the site."""
        site, urls = self.site, self.site.urls
        out = site.config
        jobs: list[Job] = []
        every = list(range(len(site.posts)))
        for i in every:
            neighbours = (i - 1 if i > 0 else i, i + 1 if i + 1 < len(every) else i)
            jobs.append(
                Job(
                    urls.output_path(site.post_url(i)),
                    "post.html",
                    lambda i=i: {"post": self.views.post(i)},
                    deps=(i,),
                    cards=(*neighbours, *site.related[i], *self.views.relations.shown_with(i)),
                    origin=site.posts[i].source,
                    line=site.posts[i].meta.key_lines.get("slug"),
                )
            )
        for doc in site.pages:
            url = urls.page(doc.meta.slug)
            jobs.append(
                Job(
                    urls.output_path(url),
                    "page.html",
                    lambda d=doc, u=url: {"page": views.document_view(site, d, u)},
                    extra=doc.fingerprint,
                    origin=doc.source,
                    line=doc.meta.key_lines.get("slug"),
                )
            )
        jobs += self._lists(every, urls.home, "index.html", self.strings["home"], {})
        for _t, term in enumerate(site.tags):
            title = self.strings["posts_tagged"].format(name=term.name)
            extra = {
                "term": {"name": term.name, "feed_url": urls.tag_feed(term.slug), "kind": "tag"}
            }
            jobs += self._lists(
                list(term.posts), lambda p, s=term.slug: urls.tag(s, p), "term.html", title, extra
            )
            jobs.append(
                self._feed(
                    "atom.xml", urls.tag_feed(term.slug), list(term.posts), title, full=False
                )
            )
        for term in site.categories:
            title = self.strings["posts_in_category"].format(name=term.name)
            extra = {"term": {"name": term.name, "feed_url": None, "kind": "category"}}
            jobs += self._lists(
                list(term.posts),
                lambda p, s=term.slug: urls.category(s, p),
                "term.html",
                title,
                extra,
            )
        jobs.append(
            Job(
                urls.output_path(urls.tags()),
                "terms.html",
                lambda: self._terms_context(site.tags, urls.tag, self.strings["tags"], urls.tags()),
            )  # the salt holds every tag's name and count
        )
        if site.categories:
            jobs.append(
                Job(
                    urls.output_path(urls.categories()),
                    "terms.html",
                    lambda: self._terms_context(
                        site.categories,
                        urls.category,
                        self.strings["categories"],
                        urls.categories(),
                    ),
                )
            )
        everything = tuple(every)
        jobs.append(
            Job(
                urls.output_path(urls.archive()),
                "archive.html",
                self._archive_context,
                cards=everything,
            )
        )
        jobs.append(self._feed("atom.xml", urls.file("feed.xml"), every, out.title))
        jobs.append(self._feed("rss.xml", urls.file("rss.xml"), every, out.title))
        pages = repr([(d.meta.slug, d.fingerprint) for d in (*site.pages, *site.translations)])
        jobs.append(
            Job(
                "sitemap.xml",
                "sitemap.xml",
                self._sitemap_context,
                extra=site.build_time.isoformat() + pages,
                cards=everything,  # its URLs and dates
            )
        )
        jobs.append(
            Job(
                "robots.txt",
                "robots.txt",
                lambda: {"sitemap_url": urls.absolute(urls.file("sitemap.xml"))},
            )
        )
        if out.search:
            jobs.append(
                Job(
                    urls.output_path(urls.search()),
                    "search.html",
                    lambda: {"title": self.strings["search"], "url": urls.search()},
                )
            )
        jobs.append(
            Job(
                "404.html",
                "404.html",
                lambda: {"title": self.strings["not_found"], "url": urls.file("404.html")},
            )
        )
        jobs += translations.jobs(self)
        jobs += series.jobs(self, self.views.relations.series)
        jobs += sourcepages.jobs(self, self.views.relations.sources)
        copies = markdown_copy.Copies(site)  # index.md files and llms-full.txt share them
        jobs += markdown_copy.jobs(self, copies)
        jobs += llms.jobs(self, copies)
        jobs += cards.jobs(self)
        return jobs

    def _lists(
        self,
        indices: list[int],
        url_of: Callable[[int], str],
        template: str,
        title: str,
        extra: dict[str, Any],
    ) -> list[Job]:
        chunks = paginate(indices, self.site.config.posts_per_page)
        return [
            Job(
                self.site.urls.output_path(url_of(n)),
                template,
                lambda n=n, chunk=chunk: {
                    "listing": self.views.list_page(chunk, n, len(chunks), url_of, title),
                    **extra,
                },
                extra=f"{n}/{len(chunks)}",
                cards=tuple(chunk),
            )
            for n, chunk in enumerate(chunks, start=1)
        ]

    def _feed(
        self, template: str, url: str, indices: list[int], title: str, full: bool = True
    ) -> Job:
        """The site's feeds carry full content; a tag's feed carries summaries and links
        (as Hugo's taxonomy feeds do): 200 tags × 20 full posts would be most of a build."""
        limit = self.site.config.feed_limit
        shown = tuple(indices[:limit])

        def context() -> dict[str, Any]:
            posts = [
                {**self.views.post(i), "content_html": self.feed_content(i) if full else ""}
                for i in shown
            ]
            updated = max((p["updated"] for p in posts), default=self.site.build_time.isoformat())
            return {
                "feed": {
                    "title": title,
                    "url": url,
                    "abs_url": self.site.urls.absolute(url),
                    "updated": updated,
                    "posts": posts,
                }
            }

        path = self.site.urls.output_path(url)
        return (
            Job(path, template, context, deps=shown)
            if full
            else Job(path, template, context, cards=shown)
        )

    def _terms_context(
        self, terms: Iterable[Any], url_of: Callable[[str], str], title: str, url: str
    ) -> dict[str, Any]:
        items = [{"name": t.name, "url": url_of(t.slug), "count": len(t.posts)} for t in terms]
        return {"title": title, "url": url, "terms": items}

    def _archive_context(self) -> dict[str, Any]:
        lang = self.site.config.language
        years: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, doc in enumerate(self.site.posts):
            assert doc.meta.date is not None
            years[doc.meta.date.year][doc.meta.date.month].append(i)
        archive = [
            {
                "year": year,
                "months": [
                    {
                        "label": format_month(year, month, lang),
                        "month": month,
                        "posts": [self.views.card(i) for i in idx],
                    }
                    for month, idx in sorted(months.items(), reverse=True)
                ],
            }
            for year, months in sorted(years.items(), reverse=True)
        ]
        return {
            "title": self.strings["archive"],
            "url": self.site.urls.archive(),
            "archive": archive,
        }

    def _sitemap_context(self) -> dict[str, Any]:
        site, urls = self.site, self.site.urls
        entries = [
            {"loc": urls.absolute(urls.home()), "lastmod": site.build_time.date().isoformat()}
        ]
        for i, doc in enumerate(site.posts):
            when = doc.meta.updated or doc.meta.date
            assert when is not None
            entries.append(
                {"loc": urls.absolute(site.post_url(i)), "lastmod": when.date().isoformat()}
            )
        for doc in site.pages:
            entries.append({"loc": urls.absolute(urls.page(doc.meta.slug)), "lastmod": ""})
        for doc in site.translations:
            entries.append(
                {"loc": urls.absolute(translations.document_url(urls, doc)), "lastmod": ""}
            )
        for term in site.tags:
            entries.append({"loc": urls.absolute(urls.tag(term.slug)), "lastmod": ""})
        return {"entries": entries}


def _nav_url(site: Site, url: str) -> str:
    return (
        site.config.base_path + url[1:] if url.startswith("/") and not url.startswith("//") else url
    )
