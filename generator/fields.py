"""Looking frontmatter keys up by alias, with each problem reported at its key's line."""

from __future__ import annotations

import re
from typing import Any

from generator.errors import Diagnostics
from generator.frontmatter import RawDocument
from generator.keys import ALIASES, STAND_INS
from generator.linebreak import is_cjk

_LIST_SPLIT = re.compile(r"[,，]")


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def is_empty(value: Any) -> bool:
    """`summary: ""`, `tags:` or `tags: []`: given, but saying nothing."""
    return value is None or (isinstance(value, (str, list, dict)) and not value)


class FieldReader:
    """The frontmatter of one file, looked up by aiblog's names (see keys.ALIASES)."""

    def __init__(self, raw: RawDocument, rel: str, diags: Diagnostics) -> None:
        self.raw, self.rel, self.diags = raw, rel, diags

    def find(self, name: str) -> tuple[str, Any] | None:
        """(key, value) of the first alias given with a value; a second alias with another
        value is a warning (an empty one, `summary: ""`, is no conflict)."""
        meta = self.raw.meta
        present = [a for a in ALIASES[name] if a in meta]
        if len(present) < 2:  # the common case: one key or none
            return (present[0], meta[present[0]]) if present else None
        filled = [a for a in present if not is_empty(meta[a])]
        for other in filled[1:]:
            if meta[other] != meta[filled[0]] and other not in STAND_INS:
                self.warn(other, f"`{other}` and `{filled[0]}` both given; using `{filled[0]}`")
        chosen = filled[0] if filled else present[0] if present else None
        return None if chosen is None else (chosen, meta[chosen])

    def line(self, key: str) -> int | None:
        return self.raw.key_lines.get(key)

    def error(self, key: str, message: str) -> None:
        self.diags.error(self.rel, self.line(key), message)

    def warn(self, key: str, message: str) -> None:
        self.diags.warning(self.rel, self.line(key), message)

    def text(self, name: str, lists_joined: bool = False) -> str:
        """The value of a text key. `lists_joined`: a list of text values is read as one
        text, its items joined, with a warning (Hugo takes `description: [a, b]`)."""
        found = self.find(name)
        if found is None or found[1] is None:
            return ""
        key, value = found
        if _is_text(value):
            return str(value).strip()
        if lists_joined and isinstance(value, list) and all(_is_text(v) for v in value):
            items = [str(v).strip() for v in value if str(v).strip()]
            self.warn(key, f"`{key}` is a list; its items are joined into one text")
            return ("，" if any(map(is_cjk, "".join(items))) else ", ").join(items)
        self.error(key, f"`{key}` must be a text value")
        return ""

    def text_list(self, name: str, split_commas: bool) -> tuple[str, ...]:
        found = self.find(name)
        if found is None or found[1] is None:
            return ()
        key, value = found
        if isinstance(value, str):
            items = _LIST_SPLIT.split(value) if split_commas else [value]
        elif isinstance(value, list):
            items = value
        else:
            self.error(key, f"`{key}` must be a list or a comma-separated text")
            return ()
        result: list[str] = []
        for item in items:
            if item is None:  # `- ` with nothing after it: Hugo and Hexo skip it
                self.warn(key, f"`{key}` has an empty item; left out")
                continue
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(key, f"`{key}` items must be text values, not {type(item).__name__}")
                continue
            if text := str(item).strip():
                result.append(text)
        return tuple(dict.fromkeys(result))
