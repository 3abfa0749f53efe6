"""URLs from frontmatter and site.yml are emitted only with safe schemes."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop these anywhere in a URL before reading its scheme (`java\tscript:`).
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def is_safe_url(url: str) -> bool:
    """http(s), mailto, or relative (no scheme)."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def is_absolute_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
