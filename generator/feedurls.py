"""Feed entries carry absolute URLs: a feed reader has no page to resolve a relative link
or image against (a bundle's `images/a.jpg`, a footnote's `#fn1`, a root-relative `/x/`)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

# A URL attribute of an element, in either quoting: href, src, poster, and srcset's list.
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster)=)(["'])(.*?)\2""", re.I | re.S)
_SRCSET = re.compile(r"""(\ssrcset=)(["'])(.*?)\2""", re.I | re.S)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def absolute(url: str, page_url: str) -> str:
    """`url` resolved against the absolute `page_url`; URLs with a scheme stay as they are."""
    stripped = url.strip()
    if not stripped or _SCHEME.match(stripped):
        return url
    return urljoin(page_url, stripped)


def absolutize(html: str, page_url: str) -> str:
    """Every relative URL in `html` (a page at the absolute `page_url`) made absolute."""

    def one(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}{absolute(match[3], page_url)}{match[2]}"

    def srcset(match: re.Match[str]) -> str:
        candidates = []
        for candidate in match[3].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{absolute(url, page_url)} {descriptor}".strip())
        return f"{match[1]}{match[2]}{', '.join(candidates)}{match[2]}"

    return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(one, html))
