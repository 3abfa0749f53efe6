"""A sources section as citations: one per list item, or per paragraph when there is no
list (a name alone, as in seed 000, is a citation too); the first http(s) link of each is
its URL, for JSON-LD `citation`."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from generator.markdown import inline_text
from generator.markdown.blocks import top_level_units
from generator.model import Citation


def _items(tokens: list[Token]) -> list[list[Token]]:
    items: list[list[Token]] = []
    for start, end in top_level_units(tokens):
        unit = tokens[start:end]
        if unit[0].type in ("bullet_list_open", "ordered_list_open"):
            inner = unit[1:-1]
            items.extend(inner[s + 1 : e - 1] for s, e in top_level_units(inner))
        elif unit[0].type == "paragraph_open":
            items.append(unit[1:-1])
    return items


def _first_url(inlines: list[Token]) -> str:
    for inline in inlines:
        for child in inline.children or []:
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith(("http://", "https://")):
                return href
    return ""


def citations_of(tokens: list[Token], render: Callable[[list[Token]], str]) -> tuple[Citation, ...]:
    citations = []
    for item in _items(tokens):
        inlines = [t for t in item if t.type == "inline"]
        text = " ".join(inline_text(t, images=False).strip() for t in inlines).strip()
        url = _first_url(inlines)
        if text or url:
            html = " ".join(render([t]).strip() for t in inlines) if inlines else render(item)
            citations.append(Citation(text=text or url, html=html, url=url))
    return tuple(citations)
