"""A built site read as a browser reads it (html5lib, the WHATWG parsing algorithm): its
pages, their links, and whether each internal link and fragment resolves."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def parse(path: Path) -> Element:
    with path.open("rb") as handle:
        return html5lib.parse(handle, namespaceHTMLElements=True)


def find_all(root: Element, tag: str, **attrs: str) -> list[Element]:
    return [
        e for e in root.iter(NS + tag) if all(e.get(k.rstrip("_")) == v for k, v in attrs.items())
    ]


def text(element: Element) -> str:
    return "".join(element.itertext()).strip()


@dataclass
class BuiltSite:
    out: Path  # the output dir
    base_url: str  # e.g. "https://example.github.io/papermod/"

    @cached_property
    def origin_and_base(self) -> tuple[str, str]:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}", parts.path

    def page(self, url_path: str) -> Element:
        """The parsed page at a site path relative to the base ("posts/x/")."""
        return parse(self.file_for(self.base_url + url_path) or Path("/nonexistent"))

    def file_for(self, url: str) -> Path | None:
        """The output file that serves an absolute `url` of this site, or None."""
        origin, base = self.origin_and_base
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith(base):
            return None
        rel = unquote(parts.path[len(base) :])
        if posixpath.normpath("/" + rel).startswith("/.."):
            return None
        target = self.out / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def url_of(self, path: Path) -> str:
        rel = path.relative_to(self.out).as_posix()
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel

    def broken_links(self) -> list[str]:
        """Every internal `<a href>` and `<link href>` of every page that names no file of
        the site, or a fragment that names no element of its page: "page → link"."""
        origin, _ = self.origin_and_base
        ids: dict[Path, set[str]] = {}
        broken: list[str] = []
        for page in self.html_files():
            here = self.url_of(page)
            root = parse(page)
            for element in [*root.iter(NS + "a"), *root.iter(NS + "link")]:
                href = element.get("href")
                if href is None or element.get("rel") in ("preconnect", "dns-prefetch"):
                    continue
                url = urljoin(here, href)
                if not url.startswith(origin):
                    continue  # another site
                target = self.file_for(url.split("#", 1)[0])
                if target is None:
                    broken.append(f"{here} → {href}")
                    continue
                fragment = unquote(urlsplit(url).fragment)
                if fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = {
                            e.get("id") or e.get("name") or "" for e in parse(target).iter()
                        }
                    if fragment not in ids[target]:
                        broken.append(f"{here} → {href} (no element with that id)")
        return broken
