"""Tags and categories of a site: spellings merged, one portable slug each, and the posts
that carry them. A category may be a path (`Blogging / Demo`, see categories.py): its page
is /categories/blogging/demo/, and a post in it is listed on /categories/blogging/ too."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from generator.categories import ancestors, display_name
from generator.errors import Diagnostics
from generator.keys import ALIASES
from generator.model import Term
from generator.slugs import key, term_slug

if TYPE_CHECKING:
    from generator.model import Document

TermPath = tuple[str, ...]


def _sort_key(doc: Document) -> tuple[datetime, str]:
    return (doc.meta.date or datetime.min.replace(tzinfo=UTC), doc.meta.slug)


Entry = tuple[tuple[str, ...], TermPath]  # (the compared form of a path, the path)


@lru_cache(maxsize=65536)
def _entries(path: TermPath) -> tuple[Entry, ...]:
    """`path` and each level above it, with their compared forms (cached: a site has far
    fewer terms than posts carrying them)."""
    return tuple((tuple(key(level) for level in part), part) for part in (*ancestors(path), path))


@lru_cache(maxsize=65536)
def _tag_entries(tag: str) -> tuple[Entry, ...]:
    return _entries((tag,))


def _tags(doc: Document) -> tuple[str, ...]:
    return doc.meta.tags


def _categories(doc: Document) -> tuple[TermPath, ...]:
    return doc.meta.categories


def build_terms(
    posts: tuple[Document, ...], field: str, diags: Diagnostics
) -> tuple[tuple[Term, ...], tuple[tuple[int, ...], ...]]:
    """The terms of `field` ("tags" or "categories") and, per post, the indices of those it
    carries. Spellings that differ in case or spacing are one term (a warning names them);
    two terms that still get one slug are an error naming both and where each is."""
    kind = "tag" if field == "tags" else "category"
    # What a post carries, and per item its entries (the item itself last).
    carried: Callable[[Document], Iterable[Any]] = _tags if field == "tags" else _categories
    entries_of: Callable[[Any], tuple[Entry, ...]] = _tag_entries if field == "tags" else _entries
    aliases = ALIASES["tags" if field == "tags" else "category"]
    shown: dict[tuple[str, ...], TermPath] = {}
    spellings: dict[tuple[str, ...], dict[TermPath, tuple[str, int | None]]] = defaultdict(dict)
    members: dict[tuple[str, ...], dict[int, None]] = defaultdict(dict)  # an ordered set
    # "the first spelling met in date order is shown": oldest post first.
    for index in sorted(range(len(posts)), key=lambda i: _sort_key(posts[i])):
        doc = posts[index]
        for item in carried(doc):
            for k, part in entries_of(item):
                shown.setdefault(k, part)
                if part not in spellings[k]:  # where it is first met, for messages about it
                    lines = doc.meta.key_lines
                    line = next((lines[alias] for alias in aliases if alias in lines), None)
                    spellings[k][part] = (doc.source, line)
                members[k][index] = None
    for k, spelled in spellings.items():
        if len(spelled) > 1:
            variants = ", ".join(f"`{display_name(s)}`" for s in spelled)
            path, line = list(spelled.values())[1]
            name = display_name(shown[k])
            diags.warning(
                path, line, f"{kind} spellings {variants} are one {kind}; shown as `{name}`"
            )
    by_slug: dict[str, tuple[str, ...]] = {}
    keyed: list[tuple[tuple[str, ...], Term]] = []
    for k, part in shown.items():
        slug = "/".join(term_slug(level) for level in part)
        if slug in by_slug:
            _clash(kind, slug, (by_slug[slug], k), shown, spellings, diags)
            continue
        by_slug[slug] = k
        keyed.append((k, Term(display_name(part), slug, tuple(sorted(members[k])))))
    keyed.sort(key=lambda kt: (kt[1].name.casefold(), kt[1].name))
    terms = [t for _, t in keyed]
    position = {k: i for i, (k, _) in enumerate(keyed)}
    per_post = tuple(
        tuple(
            dict.fromkeys(
                position[k] for item in carried(doc) if (k := entries_of(item)[-1][0]) in position
            )
        )
        for doc in posts
    )
    return tuple(terms), per_post


def _clash(
    kind: str,
    slug: str,
    both: tuple[tuple[str, ...], tuple[str, ...]],
    shown: dict[tuple[str, ...], TermPath],
    spellings: dict[tuple[str, ...], dict[TermPath, tuple[str, int | None]]],
    diags: Diagnostics,
) -> None:
    (first_path, first_line), (path, line) = (spellings[k][shown[k]] for k in both)
    a, b = (display_name(shown[k]) for k in both)
    where_a = f"{first_path}:{first_line}" if first_line else first_path
    where_b = f"{path}:{line}" if line else path
    diags.error(
        path,
        line,
        f"{kind}s `{a}` and `{b}` would share the URL slug `{slug}`; rename one "
        f"(`{a}` is in {where_a}, `{b}` in {where_b})",
    )
