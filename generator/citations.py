"""A sources section as citations: one per list item, or per paragraph when there is no
list (a name alone, as in seed 000, is a citation too); the first http(s) link of each is
its URL, for JSON-LD `citation`."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from generator.markdown import inline_text
from generator.markdown.blocks import top_level_units
from generator.model import Citation

_LISTS = ("bullet_list_open", "ordered_list_open")


def _items(tokens: list[Token]) -> list[list[Token]]:
    """The list items, or the paragraphs when there is no list (a note under the list,
    "如有侵权请联系删除", is not a citation)."""
    units = [tokens[start:end] for start, end in top_level_units(tokens)]
    listed = any(unit[0].type in _LISTS for unit in units)
    items: list[list[Token]] = []
    for unit in units:
        if unit[0].type in _LISTS:
            inner = unit[1:-1]
            items.extend(inner[s + 1 : e - 1] for s, e in top_level_units(inner))
        elif unit[0].type == "paragraph_open" and not listed:
            items.append(unit[1:-1])
    return items


def only_citations(tokens: list[Token]) -> bool:
    """Whether the section holds nothing but its citations: one list, or paragraphs alone.
    One with headings (`### 书籍`), notes under its list or anything else is shown as the
    author wrote it (its citations still go to JSON-LD)."""
    kinds = [tokens[start].type for start, _end in top_level_units(tokens)]
    lists = sum(kind in _LISTS for kind in kinds)
    return lists == 1 and len(kinds) == 1 or lists == 0 and set(kinds) <= {"paragraph_open"}


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
