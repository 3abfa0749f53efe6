"""Text a reader can see: descriptions are never empty or only invisible characters."""

from __future__ import annotations

import re
import unicodedata

# Characters that take no visible space although Unicode does not class them as format
# characters (Cf) or separators (Z*): Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Line breaks and runs of ASCII spaces (a folded YAML text) read as one space; a CJK
# full-width space is the author's and stays.
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_WHITESPACE_RUN = re.compile(r"[ \t\r\n]{2}|[\t\r\n]")


def is_invisible(char: str) -> bool:
    return char in _BLANK_LETTERS or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def visible(text: str) -> str:
    """`text` without invisible characters at its ends and with line breaks and runs of
    spaces as one space; "" when nothing in it can be seen (`\\u200b`, `\\u3164`, a BOM)."""
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    shown = text[start:end]
    return _WHITESPACE.sub(" ", shown) if _WHITESPACE_RUN.search(shown) else shown


def first_visible(*texts: str) -> str:
    """The first of `texts` with something visible in it, trimmed; "" if none has."""
    for text in texts:
        if text and (shown := visible(text)):
            return shown
    return ""
