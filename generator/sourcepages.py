"""Source pages: the outlets and original articles the posts are based on (`source:`) or
cite (their sources section), grouped.

- /sources/ lists every outlet (one per domain, named by site.yml's `source_names`, else by
  a short built-in list, else its domain) with its counts; /sources/<domain>/ lists its
  articles, each with the posts about it, newest first.
- A post based on an article shows "more on this article" and "more from <outlet>" when
  other posts are about them.
- A post that translates its source (`ai: translated`, or `translated: true`) says so in
  JSON-LD: `translationOfWork`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from generator import ailabel
from generator.slugs import path_segment_problem, url_segment

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.model import Document
    from generator.render import Renderer
    from generator.urls import Urls

MORE_LIMIT = 5  # posts shown per article or outlet on a post's page
# Outlets AI commentary cites most, by how they write their name (site.yml adds to these).
KNOWN_OUTLETS = {
    "venturebeat.com": "VentureBeat",
    "techcrunch.com": "TechCrunch",
    "theverge.com": "The Verge",
    "wired.com": "WIRED",
    "arstechnica.com": "Ars Technica",
    "technologyreview.com": "MIT Technology Review",
    "reuters.com": "Reuters",
    "bloomberg.com": "Bloomberg",
    "ft.com": "Financial Times",
    "nytimes.com": "The New York Times",
    "arxiv.org": "arXiv",
    "github.com": "GitHub",
    "huggingface.co": "Hugging Face",
    "openai.com": "OpenAI",
    "anthropic.com": "Anthropic",
    "deepmind.google": "Google DeepMind",
    "36kr.com": "36氪",
    "jiqizhixin.com": "机器之心",
    "qbitai.com": "量子位",
}
_DROPPED_PREFIXES = ("www.", "m.", "amp.")


@lru_cache(maxsize=65536)
def domain(url: str) -> str:
    """The outlet of a URL: its host, lower-cased, without `www.`, `m.` or `amp.`."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in _DROPPED_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


@lru_cache(maxsize=65536)  # a serve rebuild indexes every post's sources again
def article_key(url: str) -> str:
    """One article however it is linked: no fragment, no `utm_` tracking, no trailing `/`,
    `http` read as `https`, the host as `domain` has it."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", domain(url), path, query, ""))


def outlet_name(host: str, config: SiteConfig) -> str:
    return config.source_names.get(host) or KNOWN_OUTLETS.get(host) or host


def outlet_url(urls: Urls, host: str = "") -> str:
    return urls.file("sources/") + (url_segment(host) + "/" if host else "")


def article_anchor(key: str) -> str:
    return "a-" + hashlib.blake2b(key.encode(), digest_size=5).hexdigest()


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and bool(domain(url))


@dataclass(frozen=True)
class Article:
    key: str
    url: str  # as the newest post about it links it
    text: str  # a citation's text for it, else the URL without its scheme
    posts: tuple[int, ...]  # newest first


@dataclass(frozen=True)
class Outlet:
    host: str
    name: str
    articles: tuple[Article, ...]  # the most recently written about first
    posts: tuple[int, ...]  # every post about any of them, newest first


class SourceIndex:
    """Every outlet and article the posts of a site are about (built once per build)."""

    def __init__(self, posts: tuple[Document, ...], urls: Urls, config: SiteConfig) -> None:
        self.urls = urls
        about: dict[str, list[int]] = defaultdict(list)
        shown: dict[str, tuple[str, str]] = {}  # key → (url, text)
        self.based_on: list[tuple[str, ...]] = []  # per post: keys of its `source` articles
        for index, doc in enumerate(posts):  # newest first
            links = [(u, "") for u in doc.meta.sources if _is_web(u)]
            links += [(c.url, c.text) for c in doc.citations if _is_web(c.url)]
            keys = []
            for link, text in links:
                found = article_key(link)
                if found not in keys:
                    keys.append(found)
                    about[found].append(index)
                if found not in shown or (text and not shown[found][1]):
                    shown[found] = (link, text)
            self.based_on.append(
                tuple(dict.fromkeys(article_key(u) for u in doc.meta.sources if _is_web(u)))
            )
        self.articles = {
            k: Article(k, shown[k][0], shown[k][1] or _without_scheme(shown[k][0]), tuple(p))
            for k, p in about.items()
        }
        by_host: dict[str, list[Article]] = defaultdict(list)
        for article in self.articles.values():
            by_host[domain(article.key)].append(article)
        self.outlets = {
            host: Outlet(
                host,
                outlet_name(host, config),
                tuple(sorted(found, key=lambda a: (a.posts[0], a.key))),
                tuple(sorted({p for a in found for p in a.posts})),
            )
            for host, found in sorted(by_host.items())
            if path_segment_problem(host) is None
        }

    def _more(
        self, index: int
    ) -> tuple[list[tuple[Article, list[int]]], list[tuple[Outlet, list[int]]]]:
        """Per article the post is based on, and per outlet of those, the other posts."""
        articles, outlets, listed = [], [], {index}
        for key in self.based_on[index]:
            others = [p for p in self.articles[key].posts if p not in listed][:MORE_LIMIT]
            listed.update(others)
            if others:
                articles.append((self.articles[key], others))
        for host in dict.fromkeys(domain(k) for k in self.based_on[index]):
            outlet = self.outlets.get(host)
            if outlet is None:
                continue
            others = [p for p in outlet.posts if p not in listed][:MORE_LIMIT]
            listed.update(others)
            if others:
                outlets.append((outlet, others))
        return articles, outlets

    def shown_with(self, index: int) -> tuple[int, ...]:
        articles, outlets = self._more(index)
        return tuple(p for _, others in (*articles, *outlets) for p in others)

    def post_fields(self, index: int, card: Any) -> dict[str, Any]:
        """`more_on_sources`: {articles: [{text, url, posts}], outlets: [{name, url, posts}]},
        posts as cards; None when no other post is about the same article or outlet."""
        articles, outlets = self._more(index)
        if not articles and not outlets:
            return {"more_on_sources": None}
        urls = self.urls
        return {
            "more_on_sources": {
                "articles": [
                    {"text": a.text, "url": a.url, "posts": [card(p) for p in others]}
                    for a, others in articles
                ],
                "outlets": [
                    {
                        "name": o.name,
                        "url": outlet_url(urls, o.host),
                        "posts": [card(p) for p in others],
                    }
                    for o, others in outlets
                ],
            }
        }


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def is_translation(config: SiteConfig, doc: Document) -> bool:
    """The post translates its source: its label says so, or `translated: true`."""
    return ailabel.is_translation(config, doc) or doc.meta.extra.get("translated") is True


def json_ld(config: SiteConfig, doc: Document) -> dict[str, Any]:
    """`translationOfWork`: the article(s) a translated post translates."""
    sources = [u for u in doc.meta.sources if _is_web(u)]
    if not sources or not is_translation(config, doc):
        return {}
    works = [{"@type": "CreativeWork", "url": u} for u in sources]
    return {"translationOfWork": works[0] if len(works) == 1 else works}


def outlet_view(renderer: Renderer, outlet: Outlet) -> dict[str, Any]:
    return {
        "name": outlet.name,
        "domain": outlet.host,
        "articles": [
            {
                "text": a.text,
                "url": a.url,
                "anchor": article_anchor(a.key),
                "posts": [renderer.views.card(p) for p in a.posts],
            }
            for a in outlet.articles
        ],
    }
