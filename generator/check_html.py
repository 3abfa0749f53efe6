"""What `aiblog check` reads from one HTML page: the ids it defines, every URL it refers
to (with the kind of reference and the line), and its JSON-LD blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# (tag, attribute) pairs that refer to another file or page, and what to call them.
_REFERENCES = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("img", "src"): "image",
    ("source", "src"): "media",
    ("video", "src"): "media",
    ("video", "poster"): "image",
    ("audio", "src"): "media",
    ("track", "src"): "media",
    ("iframe", "src"): "frame",
    ("script", "src"): "script",
    ("link", "href"): "asset",
    ("object", "data"): "asset",
}
_SRCSETS = {("img", "srcset"), ("source", "srcset")}
# <meta property|name> whose content is the URL of an image of this page.
_META_IMAGES = {"og:image", "twitter:image"}
# <link rel> values that name a resource this site must have (not e.g. rel="preconnect").
_LINK_RELS_CHECKED = {"stylesheet", "icon", "alternate", "prev", "next", "canonical", "manifest"}


@dataclass(frozen=True)
class Reference:
    kind: str  # link, image, media, frame, script, asset
    url: str
    line: int


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    json_ld: list[tuple[int, str]] = field(default_factory=list)  # (line, text)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._json_ld_line: int | None = None
        self._json_ld_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.scan.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.scan.ids.add(values["name"])
        if tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._json_ld_line, self._json_ld_text = line, []
        if tag == "meta" and (values.get("property") or values.get("name")) in _META_IMAGES:
            if values.get("content", "").strip():
                self.scan.references.append(Reference("image", values["content"].strip(), line))
            return
        if tag == "link" and not _LINK_RELS_CHECKED & set(values.get("rel", "").lower().split()):
            return
        for name, value in values.items():
            kind = _REFERENCES.get((tag, name))
            if kind is not None and value.strip():
                self.scan.references.append(Reference(kind, value.strip(), line))
            elif (tag, name) in _SRCSETS:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.scan.references.append(Reference("image", url, line))

    def handle_data(self, data: str) -> None:
        if self._json_ld_line is not None:
            self._json_ld_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld_line is not None:
            self.scan.json_ld.append((self._json_ld_line, "".join(self._json_ld_text)))
            self._json_ld_line = None


def scan_page(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan
