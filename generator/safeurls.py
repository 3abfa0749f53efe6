"""URLs from content and site.yml are emitted only with a safe scheme (http, https, mailto,
or none: a relative URL), and text never carries control characters into a page or feed."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# What site.yml's `markdown.link_schemes` can never allow: they run code or carry content.
NEVER_ALLOWED = frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem"})
# Browsers ignore leading controls and spaces, and tabs and newlines anywhere in a URL, so
# "\tjava\nscript:" is javascript: to them: compare the scheme as they would read it.
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_LEADING = re.compile(r"^[\x00-\x20]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# C0 controls but tab and newline, DEL, and C1 controls: invalid in XML 1.0 (feeds) or
# invisible noise in HTML.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see, lower-cased; None for a relative URL."""
    cleaned = _LEADING.sub("", _IGNORED_BY_BROWSERS.sub("", url))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def url_problem(url: str, also: Collection[str] = ()) -> str | None:
    """Why `url` may not be emitted, or None. `also`: more schemes allowed (site.yml's
    `markdown.link_schemes`, for links in posts and pages)."""
    if CONTROL.search(url):
        return "contains a control character"
    scheme = scheme_of(url)
    if scheme is not None and scheme not in ALLOWED_SCHEMES and scheme not in also:
        allowed = ", ".join(("http", "https", "mailto", *sorted(also)))
        return f"uses the scheme `{scheme}:` (allowed: {allowed}, or a relative URL)"
    return None


def under_base(url: str, base_path: str) -> str:
    """A root-relative URL (`/x/`, not `//host/x`) under the site's base path (`/blog/`):
    the site is at `base_url`, not at the host's root. One written with the base path
    already is left as it is; every other URL too."""
    if not url.startswith("/") or url.startswith("//") or url.startswith(base_path):
        return url
    return base_path + url[1:]


def strip_controls(text: str) -> tuple[str, list[int]]:
    """`text` without control characters, and the 1-based lines where some were removed."""
    if not CONTROL.search(text):
        return text, []
    lines = sorted({text.count("\n", 0, match.start()) + 1 for match in CONTROL.finditer(text)})
    return CONTROL.sub("", text), lines


def without_controls(value: Any) -> tuple[Any, bool]:
    """A loaded YAML/TOML value with control characters removed from its texts, at any
    depth (YAML escapes such as "\\x07" make them after the text itself was cleaned), and
    whether any were."""
    if isinstance(value, str):
        cleaned = CONTROL.sub("", value)
        return cleaned, cleaned != value
    if isinstance(value, list):
        items = [without_controls(v) for v in value]
        return [v for v, _ in items], any(d for _, d in items)
    if isinstance(value, dict):
        pairs = {k: without_controls(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(d for _, d in pairs.values())
    return value, False


def is_safe_url(url: str) -> bool:
    """http(s), mailto, or relative (no scheme), without control characters."""
    return url_problem(url) is None


def is_absolute_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
