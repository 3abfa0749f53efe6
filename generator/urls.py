"""One URL per output, all under the path of `base_url` (a site at
https://x.github.io/blog/ links /blog/tags/…). Chinese slugs are percent-encoded in links
and kept as they are on disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from generator.slugs import url_path


@dataclass(frozen=True)
class Urls:
    base_path: str  # "/" or "/blog/"
    origin: str  # "https://x.github.io"
    # Post URLs made so far: every build asks for each post's URL several times (plan,
    # cards, neighbours, feeds) and made them anew each time.
    _posts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _under(self, *segments: str, page: int = 1) -> str:
        """A URL under the base path; a segment may hold `/` (a nested slug)."""
        path = "".join(url_path(s) + "/" for s in segments)
        if page > 1:
            path += f"page/{page}/"
        return self.base_path + path

    def home(self, page: int = 1) -> str:
        return self._under(page=page)

    def post(self, slug: str) -> str:
        url = self._posts.get(slug)
        if url is None:
            url = self._posts[slug] = self._under("posts", slug)
        return url

    def page(self, slug: str) -> str:
        return self._under(slug)

    def document(self, kind: str, slug: str, lang: str = "") -> str:
        """A post's or a page's URL; a translation's is under its language (`lang`), as
        Hugo puts it: /fr/posts/<slug>/, /fr/<slug>/."""
        if lang:
            return self._under(lang, "posts", slug) if kind == "post" else self._under(lang, slug)
        return self.post(slug) if kind == "post" else self.page(slug)

    def language_feed(self, lang: str) -> str:
        """The Atom feed of a language's translations."""
        return self._under(lang) + "feed.xml"

    def tags(self) -> str:
        return self._under("tags")

    def tag(self, slug: str, page: int = 1) -> str:
        return self._under("tags", slug, page=page)

    def tag_feed(self, slug: str) -> str:
        return self.tag(slug) + "feed.xml"

    def categories(self) -> str:
        return self._under("categories")

    def category(self, slug: str, page: int = 1) -> str:
        return self._under("categories", slug, page=page)

    def archive(self) -> str:
        return self._under("archive")

    def search(self) -> str:
        return self._under("search")

    def file(self, name: str) -> str:
        return self.base_path + name

    def absolute(self, url: str) -> str:
        return self.origin + url if url.startswith("/") else url

    def output_path(self, url: str) -> str:
        """The file under the output dir that serves `url` (directories get index.html)."""
        path = unquote(url[len(self.base_path) :])
        return path + "index.html" if path == "" or path.endswith("/") else path
