"""Old URLs of a post (Hugo `aliases`, Jekyll `redirect_from`, Zola `aliases`) as small
redirect pages: the data the output plan needs, and the page itself.

A page's old URL as Hugo's `url` or a post's `permalink` gave it is one more alias (and
its last name the page's slug, metadata.py), made only where it is free.

An alias that starts with `/` is a path from the site root (under `base_url`'s path); one
without is beside the page, as Hugo reads it: `old-name` on /posts/new-name/ is
/posts/old-name/ (and /fr/posts/old-name/ for its French translation). An alias ending in
`.html` is that file; any other is a folder with an index.html.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.errors import Diagnostics
from generator.i18n import ui
from generator.keys import ALIASES
from generator.model import Redirect
from generator.slugs import path_segment_problem
from generator.urls import Urls

if TYPE_CHECKING:
    from generator.model import Document

ALIAS_KEYS = ALIASES["aliases"]


def parse_aliases(value: Any) -> tuple[str, ...] | str:
    """The aliases as written (one text or a list), or a message saying what is wrong."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, str) for i in items):
        return "must be a path or a list of paths (e.g. `/old/url/`)"
    aliases = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    remote = next((a for a in aliases if "://" in a or a.startswith("//")), None)
    if remote:
        return f"must be paths on this site, not {remote!r}"
    return aliases


def alias_path(alias: str, page_url: str, base_path: str) -> str:
    """The output path of the redirect page for `alias` on the page at `page_url`;
    raises ValueError with the reason when it cannot be one."""
    decoded = unquote(alias.split("#", 1)[0].split("?", 1)[0])
    if "\\" in decoded:
        raise ValueError("contains `\\`")
    page_dir = posixpath.dirname(page_url.rstrip("/")[len(base_path) - 1 :].lstrip("/"))
    joined = decoded.lstrip("/") if decoded.startswith("/") else posixpath.join(page_dir, decoded)
    normal = posixpath.normpath(joined) if joined else ""
    if normal in ("", ".") or normal.startswith("../") or normal == "..":
        raise ValueError("leads outside the site" if normal else "is the site's home page")
    for segment in normal.split("/"):
        if problem := path_segment_problem(segment):
            raise ValueError(f"has a segment {segment!r} that {problem}")
    return normal if normal.endswith(".html") else normal + "/index.html"


def site_redirects(
    pages: Iterable[tuple[Document, str]],
    moved: Iterable[tuple[Document, str]],
    urls: Urls,
    diags: Diagnostics,
) -> tuple[Redirect, ...]:
    """A redirect for each alias of each (post or page, its URL), and from the URL of each
    layout stub left out to the aiblog page that replaces it (`moved`: stub, that URL).

    The output plan owns collisions with generated and static files; here, an alias onto a
    post's or page's own path, or two redirects onto one path, is an error naming both."""
    pages = list(pages)
    moved = list(moved)
    if not moved and not any(doc.meta.aliases or doc.meta.old_url for doc, _ in pages):
        return ()
    taken = {urls.output_path(url): doc.source for doc, url in pages}
    wanted: list[tuple[Redirect, str]] = []  # with the alias as written, for messages
    old_urls: set[tuple[str, str]] = set()  # (source, path) of the pages' old URLs
    for doc, url in pages:
        lines = doc.meta.key_lines
        if doc.meta.old_url:
            # The URL the old generator gave it (Hugo `url`, `permalink`): a redirect when it
            # is not the new one; one that cannot be (another page's, the home page) is not
            # made, silently: it is a hint, not something the author asked for.
            try:
                path = alias_path(doc.meta.old_url, url, urls.base_path)
            except ValueError:
                path = ""
            if path and path not in taken:
                line = next((lines[k] for k in ALIASES["old_url"] if k in lines), None)
                wanted.append((Redirect(path, url, doc.source, line, doc.meta.lang), path))
                old_urls.add((doc.source, path))
        line = next((lines[k] for k in ALIAS_KEYS if k in lines), None)
        for alias in doc.meta.aliases:
            try:
                path = alias_path(alias, url, urls.base_path)
            except ValueError as problem:
                diags.error(doc.source, line, f"alias {alias!r} {problem}")
                continue
            wanted.append((Redirect(path, url, doc.source, line, doc.meta.lang), alias))
    for doc, target in moved:
        own = urls.output_path(urls.document(doc.kind, doc.meta.slug, doc.meta.url_lang))
        wanted.append((Redirect(own, target, doc.source, None, doc.meta.lang), own))
    planned: dict[str, Redirect] = {}
    for redirect, alias in wanted:
        if redirect.path in taken and taken[redirect.path] == redirect.source:
            # Its own URL (Zola's `aliases = ["koi"]` on koi.md: Zola reads it from the
            # site root, Hugo beside the page): nothing to redirect, and said.
            diags.warning(
                redirect.source,
                redirect.line,
                f"alias {alias!r} is this page's own URL (/{redirect.path}); left out. An "
                "old URL at the site's root is written with a leading `/` (Zola's aliases "
                f"are: `/{alias.strip('/')}/`)",
            )
        elif redirect.path in taken:
            owner = taken[redirect.path]
            diags.error(redirect.source, redirect.line, f"alias {alias!r} is the URL of {owner}")
        elif (other := planned.get(redirect.path)) is not None:
            if (redirect.source, redirect.path) in old_urls:
                continue  # an alias says the same, or another page's old URL: left to it
            if (other.source, other.path) in old_urls:
                planned[redirect.path] = redirect  # an alias the author wrote wins
            elif other.source != redirect.source:
                diags.error(
                    redirect.source,
                    redirect.line,
                    f"alias {alias!r} (/{redirect.path}) is also an alias in {other.source}",
                )
        else:
            planned[redirect.path] = redirect
    return tuple(sorted(planned.values(), key=lambda r: r.path))


def redirect_html(target: str, lang: str = "en") -> str:
    """The page at an old URL: canonical to the new one, refreshed to it at once, a plain
    link for readers without refresh, and kept out of search indexes. `target` is absolute
    (a redirect page can be copied anywhere)."""
    url = escape(target, quote=True)
    strings = ui(lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{escape(strings['moved_title'])}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>{escape(strings["moved_to"])} <a href="{url}">{url}</a></p>\n'
        "</body>\n"
        "</html>\n"
    )
