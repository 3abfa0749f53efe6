"""Categories as paths: `categories: [Blogging, Demo]` is one category, Demo under
Blogging, as Hexo and Jekyll Chirpy read it; Hexo writes several as a list of lists
(`[[Blogging, Demo], News]`). Hugo and Zola have no hierarchy: a TOML list is several
categories, and so is a YAML list when site.yml says `category_hierarchy: false`."""

from __future__ import annotations

from typing import Any

Path = tuple[str, ...]
SEPARATOR = " / "  # between the levels of a category where it is shown as one name


def parse_categories(value: Any, hierarchy: bool) -> tuple[Path, ...] | str:
    """The category paths `value` gives, or a message saying what is wrong with it."""
    if value is None:
        return ()
    if isinstance(value, list):
        nested = any(isinstance(item, list) for item in value)
        groups = [item if isinstance(item, list) else [item] for item in value]
        if hierarchy and not nested:
            groups = [value]
    else:
        groups = [[value]]
    paths: list[Path] = []
    for group in groups:
        if not all(_is_text(item) for item in group):
            return "items must be text values (a list of lists for several paths)"
        path = tuple(str(item).strip() for item in group if str(item).strip())
        if path and path not in paths:
            paths.append(path)
    return tuple(paths)


def _is_text(item: Any) -> bool:
    return isinstance(item, (str, int, float)) and not isinstance(item, bool)


def display_name(path: Path) -> str:
    return SEPARATOR.join(path)


def ancestors(path: Path) -> list[Path]:
    """`(a, b, c)` → `[(a,), (a, b)]`: a post in a/b/c is listed on a's and a/b's pages."""
    return [path[:n] for n in range(1, len(path))]
