"""Slugs for URLs: post slugs, tag and category slugs, heading ids."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[/\\?#%\x00-\x1f\x7f]")
_HEADING_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Tags compared after case-folding, trimming and collapsing inner whitespace are one tag."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).strip()).casefold()


def term_slug(name: str) -> str:
    """Tag or category slug: trimmed, lower-cased, runs of spaces to one `-`, letters kept."""
    return _SPACES.sub("-", unicodedata.normalize("NFC", name).strip().lower())


def path_segment_problem(segment: str) -> str | None:
    """Why `segment` cannot be one directory name under the output dir, or None."""
    if not segment:
        return "is empty"
    if segment in (".", "..") or segment.startswith("."):
        return "would start with `.` (it could write outside the output dir or be hidden)"
    if _UNSAFE.search(segment):
        return "contains `/`, `\\`, `?`, `#`, `%` or a control character"
    return None


@lru_cache(maxsize=65536)
def url_segment(segment: str) -> str:
    """Percent-encode one path segment for an href (Chinese stays Chinese on disk)."""
    return quote(segment, safe="-_.~!$&'()*+,;=:@")


def heading_id(text: str) -> str:
    """Heading anchor id that works for Chinese: letters of every script and digits kept."""
    slug = _HEADING_DROP.sub("", unicodedata.normalize("NFC", text).strip().lower())
    slug = _SPACES.sub("-", slug.strip())
    return slug or "section"
