"""/llms.txt and /llms-full.txt, for answer engines (https://llmstxt.org/).

- llms.txt: the site's title (H1), description (a quote), a line on the Markdown copies,
  then `## Posts` (newest first) and `## Pages`, each entry `- [title](…/index.md):
  summary` with its AI label, and `## Optional` pointing at llms-full.txt;
- llms-full.txt: the Markdown copy of every post, newest first, up to site.yml's
  `llms.full_max_kb`, then a line saying how many older posts the limit left out.

Drafts and posts dated in the future are never in either, not even in a preview.
Templates: `llms.txt`, `llms-full.txt`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator import ailabel
from generator.markdown_copy import Copies, copy_url
from generator.translations import document_url

if TYPE_CHECKING:
    from generator.model import Document, Site

SEPARATOR = "\n---\n\n"


def listed(site: Site) -> list[int]:
    """The posts the files list: never drafts or posts dated in the future."""
    return [i for i, doc in enumerate(site.posts) if not doc.meta.draft and not site.is_future(doc)]


def _entry(site: Site, doc: Document) -> dict[str, str]:
    label = ailabel.label_view(site.config, doc)
    title = doc.meta.title.replace("[", "\\[").replace("]", "\\]")
    summary = " ".join(doc.description.split())
    return {
        "title": title,
        "url": site.urls.absolute(copy_url(document_url(site.urls, doc))),
        "summary": summary,
        "label": label["text"] if label else "",
    }


def full_text(copies: Copies, site: Site, indices: list[int]) -> tuple[str, int]:
    """The copies of `indices` joined, newest first, within the size limit; and how many
    posts the limit left out."""
    limit = site.config.llms.full_max_kb * 1024
    parts: list[str] = []
    size = 0
    for n, index in enumerate(indices):
        text = copies.of(site.posts[index])
        cost = len(text.encode()) + len(SEPARATOR)
        if parts and size + cost > limit:
            return SEPARATOR.join(parts), len(indices) - n
        parts.append(text)
        size += cost
    return SEPARATOR.join(parts), 0


def index_context(site: Site) -> dict[str, Any]:
    """What the `llms.txt` template gets."""
    pages = [d for d in site.pages if not d.meta.draft]
    return {
        "llms": {
            "posts": [_entry(site, site.posts[i]) for i in listed(site)],
            "pages": [_entry(site, d) for d in pages],
            "full_url": site.urls.absolute(site.urls.file("llms-full.txt")),
        }
    }
