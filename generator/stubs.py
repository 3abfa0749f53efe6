"""Pages that other generators keep as layout stubs, and pages on a URL aiblog uses.

PaperMod's `archives.md` (`layout: archives`) and `search.md` (`layout: search`), Chirpy's
`_tabs/archives.md`, `tags.md` and `categories.md` (`layout: archives|tags|categories`),
Hexo's `tags/index.md` (`type: tags`): each only asks its theme to draw a list page that
aiblog makes itself. Such a page is left out with a warning naming it, and its old URL
(/archives/) redirects to aiblog's page (/archive/) when aiblog has one. A page with real
content on a URL aiblog uses (Hexo's /page/, which aiblog paginates) is left out with a
warning too: never a hard error, and never silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.errors import Diagnostics
from generator.urls import Urls

if TYPE_CHECKING:
    from generator.model import Document

# A stub's layout (or, for an empty page, its slug) → the aiblog page that replaces it.
STUB_PAGES: dict[str, str] = {
    "archives": "archive",
    "archive": "archive",
    "tags": "tags",
    "categories": "categories",
    "search": "search",
}


def reserved_segments() -> frozenset[str]:
    """The first URL segments of aiblog's own outputs (each output kind names its own)."""
    from generator.outputs import RESERVED_SEGMENTS  # the kinds need the whole pipeline

    return RESERVED_SEGMENTS


def _is_empty(doc: Document) -> bool:
    return not doc.summary_html and not any(b.html.strip() or b.faq for b in doc.blocks)


def stub_kind(doc: Document) -> str | None:
    """The aiblog page a layout stub stands for, or None when `doc` is not one."""
    if doc.kind != "page":
        return None
    if doc.meta.layout in STUB_PAGES:
        return STUB_PAGES[doc.meta.layout]
    last = doc.meta.slug.split("/")[-1]
    return STUB_PAGES.get(last) if _is_empty(doc) else None


def set_aside(
    docs: list[Document], urls: Urls, diags: Diagnostics
) -> tuple[list[Document], list[tuple[Document, str]]]:
    """(the documents kept, and for each stub left out whose URL differs from aiblog's
    page, that page's URL: its old URL will redirect there)."""
    aiblog_pages: dict[str, Callable[[], str]] = {
        "archive": urls.archive,
        "tags": urls.tags,
        "categories": urls.categories,
    }
    kept: list[Document] = []
    moved: list[tuple[Document, str]] = []
    for doc in docs:
        if doc.kind != "page":
            kept.append(doc)
            continue
        stub = stub_kind(doc)
        reserved = doc.meta.slug.split("/")[0] in reserved_segments()
        line = _line(doc)
        if stub is not None:
            what = f"`layout: {doc.meta.layout}`" if doc.meta.layout else "an empty page"
            diags.warning(
                doc.source,
                line,
                f"{what} of another generator's theme: aiblog makes its own {stub} page, "
                "so this file is left out",
            )
            own = doc.meta.slug.split("/")[-1]
            if stub in aiblog_pages and own != stub and not doc.meta.translation_of:
                moved.append((doc, aiblog_pages[stub]()))
        elif reserved:
            slug = doc.meta.slug.split("/")[0]
            diags.warning(
                doc.source,
                line,
                f"a page cannot have the slug `{slug}`: aiblog uses /{slug}/ itself, so this "
                "page is left out (give it another `slug:` to publish it)",
            )
        else:
            kept.append(doc)
    return kept, moved


def _line(doc: Document) -> int:
    lines = doc.meta.key_lines
    return next((lines[k] for k in ("layout", "type", "slug") if k in lines), 1)
