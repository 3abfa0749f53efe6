"""schema.org JSON-LD helpers: escaping for <script>, a Person, a BreadcrumbList, and HTML
reduced to what an answer may hold (the FAQPage itself is faq.py's)."""

from __future__ import annotations

import json
from html import escape
from html.parser import HTMLParser
from typing import Any

# Tags Google accepts in acceptedAnswer.text; everything else is reduced to its text.
ALLOWED_ANSWER_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "a", "b", "strong", "i", "em", "h3", "h4", "h5", "h6"}
)
_DROP_WITH_CONTENT = frozenset({"script", "style", "template"})


class _Reducer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.out.append(f'<a href="{escape(href)}">' if href else "<a>")
        elif tag in ALLOWED_ANSWER_TAGS:
            self.out.append(f"<{tag}>" if tag != "br" else "<br>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and tag in ALLOWED_ANSWER_TAGS and tag != "br":
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))


def reduce_html(html: str) -> str:
    """HTML reduced to the tags search engines accept in an answer."""
    parser = _Reducer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out).strip()


def dumps(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> element: no content can end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def person(name: str, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }
