"""URLs in Markdown copies, marked when the copy is written (at parse time, when the page's
own URL and other pages' are not all known yet) and made absolute when it is published."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

# Private-use characters around a URL: not something authors type, and left alone by
# mdformat's escaping.
OPEN, CLOSE = "\ue002", "\ue003"
_MARKED = re.compile(OPEN + "([^" + CLOSE + "]*)" + CLOSE)
_NEEDS_BRACKETS = re.compile(r"[\s<>]|\([^)]*$|^[^(]*\)")


def mark(url: str) -> str:
    return OPEN + url + CLOSE


def resolve(text: str, absolute: Callable[[str], str]) -> str:
    """Every marked URL of `text` replaced by `absolute(url)`, in `<…>` when Markdown needs
    it (a space, or an unbalanced parenthesis)."""

    def sub(match: re.Match[str]) -> str:
        url = absolute(match.group(1))
        return f"<{url}>" if _NEEDS_BRACKETS.search(url) else url

    return _MARKED.sub(sub, text)


def absolutizer(
    page_url: str, origin: str, ref_prefix: str, ref_urls: dict[str, str]
) -> Callable[[str], str]:
    """How the copy of the page at `page_url` (absolute) writes each URL: root-relative ones
    on the site's origin, relative ones (a bundle's image) beside the page, links to other
    source files (`ref_prefix` + path) at that page's URL, the rest as written."""

    def absolute(url: str) -> str:
        if url.startswith(ref_prefix):
            target, sep, fragment = url[len(ref_prefix) :].partition("#")
            found = ref_urls.get(target)
            return (found + sep + fragment) if found else page_url
        if url.startswith("//"):
            return "https:" + url
        if url.startswith("/"):
            return origin + url
        return urljoin(page_url, url)

    return absolute
