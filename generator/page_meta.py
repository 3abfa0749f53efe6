"""The parts of a page's view that come from migrated frontmatter: every author, the
cover and its social-card fallback, the canonical URL, the photos of a gallery, and the
links to the page's translations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.translations import alternate_links

if TYPE_CHECKING:
    from generator.model import Document, Site


def _absolute(site: Site, page_url: str, ref: str) -> str:
    """A cover or image reference as an absolute URL (relative ones sit beside the page)."""
    if not ref:
        return ""
    if ref.startswith(("http://", "https://")):
        return ref
    if ref.startswith("//"):
        return "https:" + ref
    if ref.startswith("/"):
        return site.urls.absolute(site.config.base_path + ref.lstrip("/"))
    return site.urls.absolute(page_url + ref)


def authors(site: Site, doc: Document) -> list[dict[str, str]]:
    """The post's authors, else the site's; the site's URL for the site's author named."""
    default = site.config.author
    own = doc.meta.authors
    if not own:
        return [{"name": default.name, "url": default.url}] if default.name else []
    return [
        {"name": p.name, "url": p.url or (default.url if p.name == default.name else "")}
        for p in own
    ]


def view_fields(site: Site, doc: Document, url: str) -> dict[str, Any]:
    """Keys of a post's or page's view (see docs/themes.md)."""
    cover = doc.meta.cover
    cover_url = _absolute(site, url, cover.src) if cover is not None else ""
    default_image = _absolute(site, url, site.config.og_image)
    people = authors(site, doc)
    canonical = doc.meta.canonical
    return {
        "authors": people,
        "author": people[0] if people else {"name": "", "url": ""},
        # The image shown under the title ("" when PaperMod's `hidden: true` keeps it for
        # social cards only), and the one social cards use: the cover, else the site's.
        "cover": "" if cover is None or cover.hidden else cover_url,
        "cover_alt": cover.alt if cover is not None else "",
        "cover_caption": cover.caption if cover is not None else "",
        "og_image": cover_url or default_image,
        "own_image": bool(cover_url),  # a large social card for the post's own image only
        "photos": [_absolute(site, url, p) for p in doc.meta.photos],
        "canonical_url": _absolute(site, url, canonical) if canonical else "",
        "alternates": alternate_links(site, doc),
        # A translation's page links its language's feed (/fr/feed.xml).
        "language_feed": (
            site.urls.language_feed(doc.meta.url_lang)
            if doc.meta.url_lang and doc.kind == "post"
            else ""
        ),
    }
