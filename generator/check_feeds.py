"""For `aiblog check`: the XML outputs. Each must parse as strict XML; an Atom or RSS feed
must have the shape readers need; every URL of the sitemap, and every feed entry's link,
must be a page of the site (`exists` says whether a URL is)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class XmlProblem:
    line: int | None
    message: str


def check_xml(rel: str, data: bytes, exists: Callable[[str], bool]) -> list[XmlProblem]:
    """Problems of output file `rel` (an .xml file of the site)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        return [XmlProblem(line, f"does not parse as XML: {exc}")]
    text = data.decode("utf-8", errors="replace")
    if root.tag == f"{ATOM}feed":
        return _atom(root, text, exists)
    if root.tag == "rss":
        return _rss(root, text, exists)
    if root.tag == f"{SITEMAP}urlset":
        return [
            XmlProblem(_line_of(text, loc), f"sitemap URL {loc} is not a page of the site")
            for loc in _texts(root, f"{SITEMAP}url/{SITEMAP}loc")
            if not exists(loc)
        ]
    if rel.endswith("feed.xml") or rel.endswith("rss.xml"):
        return [XmlProblem(None, f"is not an Atom or RSS feed (its root is <{root.tag}>)")]
    return []


def _atom(root: ET.Element, text: str, exists: Callable[[str], bool]) -> list[XmlProblem]:
    problems = [
        XmlProblem(None, f"Atom feed has no <{name}>")
        for name in ("id", "title", "updated")
        if not (root.findtext(ATOM + name) or "").strip()
    ]
    for n, entry in enumerate(root.findall(ATOM + "entry"), start=1):
        missing = [
            name for name in ("id", "title", "updated") if not (entry.findtext(ATOM + name) or "")
        ]
        links = [link.get("href", "") for link in entry.findall(ATOM + "link")]
        if not links and entry.find(ATOM + "content") is None:
            missing.append("link or content")
        if missing:
            problems.append(XmlProblem(None, f"Atom entry {n} has no {', '.join(missing)}"))
        problems += _links(links, text, exists)
    return problems


def _rss(root: ET.Element, text: str, exists: Callable[[str], bool]) -> list[XmlProblem]:
    channel = root.find("channel")
    if root.get("version") != "2.0" or channel is None:
        return [XmlProblem(None, 'RSS feed needs <rss version="2.0"> around one <channel>')]
    problems = [
        XmlProblem(None, f"RSS channel has no <{name}>")
        for name in ("title", "link", "description")
        if channel.find(name) is None
    ]
    for n, item in enumerate(channel.findall("item"), start=1):
        if item.find("title") is None and item.find("description") is None:
            problems.append(XmlProblem(None, f"RSS item {n} has neither <title> nor <description>"))
        problems += _links([item.findtext("link") or ""], text, exists)
    return problems


def _links(urls: list[str], text: str, exists: Callable[[str], bool]) -> list[XmlProblem]:
    return [
        XmlProblem(_line_of(text, url), f"feed links to {url}, which is not a page of the site")
        for url in urls
        if url.strip() and not exists(url.strip())
    ]


def _texts(root: ET.Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in root.findall(path)]


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at != -1 else None
