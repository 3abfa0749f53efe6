"""For `aiblog check`: where a URL of a built page points (a file of the site, another
host, or nothing to check), and where in the author's files that URL was written."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Schemes that name nothing a static site check can fetch.
_SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "sms", "geo", "about", "blob"}


@dataclass(frozen=True)
class Internal:
    path: str  # URL path on this site, e.g. /blog/posts/a/
    fragment: str  # decoded; "" when none


@dataclass(frozen=True)
class External:
    url: str  # without its fragment


def page_url(rel: str, base_path: str) -> str:
    """The URL path that serves output file `rel` (a directory serves its index.html)."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_path + rel


def classify(url: str, from_url: str, origin: str, base_path: str) -> Internal | External | None:
    """What `url`, found on the page at `from_url`, points to; None: nothing to check."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _SKIPPED_SCHEMES or (scheme and scheme not in ("http", "https")):
        return None
    if scheme or parts.netloc:  # absolute, or protocol-relative //host/…
        absolute = url if scheme else f"https:{url}"
        split = urlsplit(absolute)
        same_site = f"{split.scheme}://{split.netloc}".lower() == origin.lower()
        if same_site and (split.path + "/").startswith(base_path):
            return Internal(split.path or "/", unquote(split.fragment))
        return External(absolute.split("#", 1)[0])
    path = urljoin(from_url, parts.path) if parts.path else from_url
    return Internal(path, unquote(parts.fragment))


def target_file(out: Path, base_path: str, path: str) -> str | None:
    """The output file (relative to `out`) that serves URL path `path`, or None. As on
    GitHub Pages, a directory serves its index.html (with or without the final slash)."""
    if not (path + "/").startswith(base_path):
        return None
    rel = posixpath.normpath(unquote(path[len(base_path) :]) or ".")
    if rel.startswith("../") or rel == "..":
        return None
    candidate = out / rel
    if candidate.is_dir():
        index = candidate / "index.html"
        return (index.relative_to(out)).as_posix() if index.is_file() else None
    if path.endswith("/"):
        return None  # /x/ where x is a file: no page
    return rel if candidate.is_file() else None


def written_forms(url: str, base_path: str) -> list[str]:
    """How an author may have written `url` (as found in the output) in Markdown: as it is,
    decoded, or root-relative without the base path (aiblog adds it)."""
    forms = [url, unquote(url)]
    for form in list(forms):
        if form.startswith(base_path) and base_path != "/":
            forms.append("/" + form[len(base_path) :])
    return list(dict.fromkeys(f for f in forms if f))


class Locator:
    """Finds the lines of a site's files (Markdown sources, site.yml) that hold a URL."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._lines: dict[str, list[str]] = {}

    def lines(self, rel: str) -> list[str]:
        if rel not in self._lines:
            try:
                text = (self.site_dir / rel).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = ""
            self._lines[rel] = text.splitlines()
        return self._lines[rel]

    def find(self, rel: str, forms: list[str]) -> list[int]:
        """Line numbers (1-based) of `rel` that hold the first of `forms` found there."""
        lines = self.lines(rel)
        for form in forms:
            hits = [n for n, line in enumerate(lines, start=1) if _written(form, line)]
            if hits:
                return hits
        return []


def _written(form: str, line: str) -> bool:
    """`form` as a whole URL on `line`: `](form`, `<form>`, `"form"`, `'form'` or `: form`
    (YAML), not a longer URL that starts with it."""
    start = line.find(form)
    while start != -1:
        before = line[start - 1] if start else " "
        end = start + len(form)
        after = line[end] if end < len(line) else " "
        if before in "(<\"' =:" and after in ")>\"' #?":
            return True
        start = line.find(form, start + 1)
    return False
