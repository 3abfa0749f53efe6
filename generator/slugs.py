"""Slugs for URLs: post slugs, tag and category slugs, heading ids.

Every slug becomes a directory name in the output, so it must be a *portable* path
segment: one that GitHub Pages serves and that Windows and macOS can store (see
`path_segment_problem`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

_SPACES = re.compile(r"\s+")
_HEADING_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
# Not in one portable segment: a URL separator or escape (`/ ? # %`), a character Windows
# forbids in file names (`\ < > : " | *`), a control character, or `+`, which some static
# hosts (Amazon S3, form-style decoders) read as a space in a path.
_UNPORTABLE = re.compile(r'[/\\?#%<>:"|*+\x00-\x1f\x7f]')
# Device names Windows reserves, with or without an extension (`con`, `aux.txt`, `com1`).
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)
MAX_SEGMENT_BYTES = 255  # the file-name limit of ext4, APFS and NTFS
_HYPHENS = re.compile(r"-{2,}")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Tags compared after case-folding, trimming and collapsing inner whitespace are one tag."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).strip()).casefold()


def path_segment_problem(segment: str) -> str | None:
    """Why `segment` cannot be one directory name under the output dir, or None."""
    if not segment:
        return "is empty"
    if segment in (".", ".."):
        return f"is `{segment}` (it could write outside the output dir)"
    if segment.startswith("."):
        return "starts with `.` (a hidden name that GitHub Pages does not serve)"
    if match := _UNPORTABLE.search(segment):
        shown = repr(match.group()) if match.group().isprintable() else "a control character"
        return f"contains {shown}, which cannot be in a portable URL path segment"
    if segment.endswith((".", " ")):
        return "ends with `.` or a space (Windows drops them)"
    if _WINDOWS_RESERVED.match(segment):
        return f"is `{segment}`, a file name Windows reserves"
    if len(segment.encode()) > MAX_SEGMENT_BYTES:
        return f"is longer than {MAX_SEGMENT_BYTES} bytes"
    return None


def only_unportable(segment: str) -> bool:
    """Whether all that is wrong with `segment` is printable characters a portable URL
    path segment cannot hold (`Under-GDI+`): a readable slug spells them out. (Not a
    hidden, empty or `..` name, nor a control character: those are errors.)"""
    return (
        segment.isprintable()
        and segment not in ("", ".", "..")
        and not segment.startswith(".")
        and _UNPORTABLE.search(segment) is not None
    )


def slug_path_problem(slug: str) -> str | None:
    """Why a post's or page's `slug:` (segments joined by `/`, as AstroPaper writes
    `personal/20180110-git-record`) cannot be a path under the output dir, or None."""
    if slug.startswith("/"):
        return "starts with `/` (write it relative: `a/b`)"
    if "\\" in slug:
        return "contains `\\` (use `/` between segments)"
    for segment in slug.split("/"):
        if problem := path_segment_problem(segment):
            return f"has a segment {segment!r} that {problem}" if "/" in slug else problem
    return None


@lru_cache(maxsize=65536)
def term_slug(name: str) -> str:
    """Tag or category slug: trimmed, lower-cased, runs of spaces to one `-`, letters of
    every script kept (a Chinese tag stays Chinese). A name that is not then a portable
    segment gets a readable one (`readable_slug`): never an error by itself."""
    plain = _SPACES.sub("-", unicodedata.normalize("NFC", name).strip().lower())
    return plain if path_segment_problem(plain) is None else readable_slug(plain)


def readable_slug(plain: str) -> str:
    """A portable slug for a lower-cased name that is not one as it is.

    `#` after a letter or digit and every `+` are spelled out, as those names are in
    URLs (`c#` → `c-sharp`, `c++` → `c-plus-plus`, `google+` → `google-plus`), so that
    C#, C++ and C stay three tags; every other character that cannot be in a segment
    becomes `-` (`ci/cd` → `ci-cd`, `http/3` → `http-3`); runs of `-` become one and
    leading or trailing `-`, `.` and spaces go (`.net` → `net`), and spaces beside a `-`
    with them (`vue3 + vite` → `vue3-plus-vite`)."""
    text = re.sub(r"(?<=\w)#", "-sharp-", plain).replace("+", "-plus-")
    text = _UNPORTABLE.sub("-", text)
    text = re.sub(r"\s*-\s*", "-", text)  # `vue3 + vite` → `vue3-plus-vite`, not `vue3 -plus- vite`
    text = _HYPHENS.sub("-", text).strip("-. ")
    if not text:  # only symbols: their code points keep distinct names apart
        text = "-".join(f"u{ord(c):04x}" for c in plain)
    if _WINDOWS_RESERVED.match(text):
        text += "_"
    if len(text.encode()) > MAX_SEGMENT_BYTES:
        digest = hashlib.blake2b(plain.encode(), digest_size=4).hexdigest()
        cut = text.encode()[: MAX_SEGMENT_BYTES - 16].decode(errors="ignore").rstrip("-. ")
        text = f"{cut}-{digest}"
    return text


@lru_cache(maxsize=65536)
def url_segment(segment: str) -> str:
    """Percent-encode one path segment for an href (Chinese stays Chinese on disk)."""
    return quote(segment, safe="-_.~!$&'()*+,;=:@")


@lru_cache(maxsize=65536)
def url_path(slug: str) -> str:
    """Percent-encode a slug of one or more `/`-separated segments for an href."""
    if "/" not in slug:
        return url_segment(slug)
    return "/".join(url_segment(s) for s in slug.split("/"))


def heading_id(text: str) -> str:
    """Heading anchor id that works for Chinese: letters of every script and digits kept."""
    slug = _HEADING_DROP.sub("", unicodedata.normalize("NFC", text).strip().lower())
    slug = _SPACES.sub("-", slug.strip())
    return slug or "section"
