"""HTML reduced to readable Markdown, for what the Markdown copy of a post cannot write
from tokens: the HTML a shortcode template makes, raw HTML blocks, players.

Only what a reader (or a model) needs survives: paragraphs, line breaks, headings, lists,
quotes, code, emphasis, links and images (their URLs marked for `links.resolve`), a
task-list checkbox's state. Scripts, styles and every other tag are dropped, their text
kept; URLs with an unsafe scheme are dropped with their link, the text kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.markdown.absolute_links import mark
from generator.markdown.links import REF_PREFIX
from generator.safeurls import url_problem

_BLOCKS = frozenset(
    {"p", "div", "figure", "figcaption", "details", "summary", "section", "table"}
    | {"tr", "header", "footer", "article", "dl", "dt", "dd", "center", "video", "audio"}
)
_QUOTES = frozenset({"blockquote", "aside"})  # an aside is a callout: quoted, as on GitHub
_DROPPED = frozenset({"script", "style", "template", "noscript", "math", "svg"})
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*", "del": "~~", "s": "~~"}
_BLANK_LINES = re.compile(r"\n{3,}")


class _Reducer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.links: list[str | None] = []  # the marked href of each open <a>, or None
        self.lists: list[str] = []  # "ul" or "ol" of each open list, for its items
        self.numbers: list[int] = []
        self.pre = 0
        self.quotes: list[int] = []  # where in `out` each open blockquote starts
        self.bold: list[bool] = []  # per open block: is it a title (shown in bold)?

    def _block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in _DROPPED:
            self.skipping += 1
        if self.skipping:
            return
        if tag in _BLOCKS:
            self._block()
            title = tag == "summary" or "title" in (found.get("class") or "")
            self.bold.append(title)
            if title:
                self.out.append("**")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "br":
            self.out.append("  \n")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.numbers.append(0)
            self._block()
        elif tag == "li":
            indent = "  " * max(0, len(self.lists) - 1)
            marker = "-"
            if self.lists and self.lists[-1] == "ol":
                self.numbers[-1] += 1
                marker = f"{self.numbers[-1]}."
            self.out.append(f"\n{indent}{marker} ")
        elif tag in _QUOTES:
            self._block()
            self.quotes.append(len(self.out))
        elif tag == "pre":
            self.pre += 1
            self.out.append("\n\n```\n")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a":
            href = (found.get("href") or "").strip()
            usable = (
                href
                and not href.startswith("#")
                and (href.startswith(REF_PREFIX) or url_problem(href) is None)
            )  # a link to another post (REF_PREFIX): resolved when the copy is published
            self.links.append(mark(href) if usable else None)
            if usable:
                self.out.append("[")
        elif tag == "img":
            self._image(found.get("src") or "", found.get("alt") or "")
        elif tag in ("iframe", "source") and found.get("src"):
            self._link(found.get("src") or "", found.get("title") or found.get("src") or "")
        elif tag == "input" and found.get("type") == "checkbox":
            self.out.append("[x] " if "checked" in found else "[ ] ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "input", "source"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in _BLOCKS:
            if self.bold and self.bold.pop():
                self.out.append("**")
            self._block()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.numbers.pop()
            self._block()
        elif tag in _QUOTES and self.quotes:
            start = self.quotes.pop()
            inside = _BLANK_LINES.sub("\n\n", "".join(self.out[start:])).strip()
            self.out[start:] = ["\n".join(f"> {line}".rstrip() for line in inside.split("\n"))]
            self._block()
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n```\n\n")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href is not None:
                self.out.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if not self.out or self.out[-1].endswith(("\n", "**", "[")):
                data = data.lstrip()  # collapsed space at the start of a block or a span
        if data:
            self.out.append(data)

    def _image(self, src: str, alt: str) -> None:
        if src and url_problem(src) is None:
            self.out.append(f"![{alt.replace(']', '')}]({mark(src)})")
        elif alt:
            self.out.append(alt)

    def _link(self, url: str, text: str) -> None:
        if url_problem(url) is None:
            self.out.append(f"[{text.replace(']', '')}]({mark(url)})")


def html_to_markdown(html: str) -> str:
    """`html` as Markdown text (blank-line separated blocks, no leading or trailing space)."""
    reducer = _Reducer()
    reducer.feed(html)
    reducer.close()
    text = "".join(reducer.out)
    lines = [line.rstrip() if not line.endswith("  ") else line for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
