"""Frontmatter keys: aiblog's names and the aliases Hugo, Jekyll, Hexo, AstroPaper and
Zola write, Zola's and Hugo's nested tables, and the likely key behind a misspelt one."""

from __future__ import annotations

import difflib
from typing import Any

# aiblog's name → the keys that give it, the first present wins (`both given` otherwise).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "pubDatetime", "pubDate", "publishDate"),
    "updated": ("updated", "modDatetime", "lastmod", "last_modified_at"),
    "tags": ("tags", "keywords", "tag"),
    "category": ("category", "categories"),
    "description": ("description", "summary", "excerpt"),
    "draft": ("draft",),
    "slug": ("slug",),
    "author": ("author", "authors"),
    "lang": ("lang",),
    # (LoveIt, FixIt and DoIt write `featuredImage`.)
    "cover": (
        "cover",
        "ogImage",
        "image",
        "thumbnail",
        "banner_img",
        "featuredImage",
        "featuredImagePreview",
    ),
    "source": ("source", "sources", "original"),
    "faq": ("faq",),
    "expires": ("expiryDate", "unpublishdate"),
    "aliases": ("aliases", "redirect_from"),
    "old_url": ("url", "permalink"),  # Hugo's `url`, Jekyll's and Hexo's per-post `permalink`
    "canonical": ("canonicalURL", "canonical_url", "canonical"),
    "media_subpath": ("media_subpath", "img_path"),
}
# Aliases that are fields of their own where they come from, read only when aiblog's own
# key is missing: beside it they are no conflict. Hugo's `keywords` are meta keywords that
# its pages never show, beside the `tags` they show as aiblog does. (A `summary` beside a
# `description` is still a warning: PaperMod shows it on list pages, aiblog does not.)
STAND_INS = frozenset({"keywords"})
# Read by aiblog without being one of the names above.
OTHER_KNOWN = frozenset({"published", "photos", "timezone"})
# Spec keys that templates read from `extra` (they are still offered there).
OFFERED = frozenset({"series", "ai", "translated"})
CONSUMED = frozenset(a for names in ALIASES.values() for a in names) | OTHER_KNOWN
KNOWN = CONSUMED | OFFERED

# Tables whose keys are read as if written at the top: Zola's `[taxonomies]` (tags,
# categories, any other taxonomy) and `[extra]`, and Hugo's `params:`.
NESTED_TABLES = ("taxonomies", "extra", "params")


def flatten(meta: dict[str, Any]) -> dict[str, Any]:
    """`meta` with the keys of Zola's and Hugo's nested tables lifted to the top level
    (a key written at the top level wins)."""
    if not any(isinstance(meta.get(t), dict) for t in NESTED_TABLES):
        return meta
    flat = {k: v for k, v in meta.items() if not (k in NESTED_TABLES and isinstance(v, dict))}
    for table in NESTED_TABLES:
        nested = meta.get(table)
        if isinstance(nested, dict):
            for k, v in nested.items():
                flat.setdefault(str(k), v)
    return flat


def likely_key(key: str) -> str | None:
    """The known key a misspelt `key` probably means (`tgas` → `tags`, `titel` → `title`,
    `Draft` → `draft`), or None. Close means difflib's ratio ≥ 0.75 with at most one
    letter more or fewer, so that other generators' keys built on a known one (PaperMod's
    `FRtags`, `FRcategories`) are left alone."""
    if key in KNOWN:
        return None
    folded = key.casefold()
    by_folded = {k.casefold(): k for k in sorted(KNOWN)}
    if folded in by_folded:
        return by_folded[folded]
    near = [k for k in by_folded if abs(len(k) - len(folded)) <= 1]
    match = difflib.get_close_matches(folded, near, n=1, cutoff=0.75)
    return by_folded[match[0]] if match else None
