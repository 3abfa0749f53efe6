"""Lines for a title on a card, broken as Chinese and Japanese typesetting breaks them.

A line may break between any two CJK characters, and between Latin words (never inside
one, unless the word alone is wider than the line). Kinsoku (禁则) rules: no line starts
with closing punctuation (，。、」）！？…) and none ends with opening punctuation
(「（《“…): such a character stays with its neighbour, moving to the next line with it.
A title longer than the lines allowed ends with an ellipsis on its last line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# May not start a line (closing brackets and quotes, sentence and clause punctuation,
# small kana, the prolonged-sound mark, iteration marks, Latin punctuation and %).
CLOSING = frozenset(
    "，。、．・：；！？）」』】〕〉》〗〙〛｝］’”…‥〜ー々ゝゞ"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％‰℃"
    ",.:;!?)]}%"
)
# May not end a line.
OPENING = frozenset("（「『【〔〈《〖〘〚｛［‘“([{")
ELLIPSIS = "…"
# A Latin word (letters, digits and the punctuation inside words such as "GPT-4.5"): up to
# a space, a CJK character or an opening bracket or quote.
_WORD = re.compile(
    r"[^\s\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    + "".join(sorted(OPENING)).replace("[", "\\[").replace("]", "\\]")
    + "]+"
)


def is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _glue(raw: list[str]) -> list[str]:
    """Closing punctuation joined to the unit before it, opening punctuation to the unit
    after it (spaces, where a line may always break, join nothing)."""
    glued: list[str] = []
    for unit in raw:
        if glued and glued[-1] != " " and unit != " " and unit[0] in CLOSING:
            glued[-1] += unit  # closing punctuation stays at the end of what it closes
        elif glued and glued[-1] != " " and unit != " " and glued[-1][-1] in OPENING:
            glued[-1] += unit  # opening punctuation stays with what it opens
        else:
            glued.append(unit)
    return glued


def _characters(word: str) -> list[str]:
    """A word too wide for its line cut between its characters, by the same kinsoku rules."""
    return _glue(list(word))


@lru_cache(maxsize=4096)
def units(text: str) -> tuple[str, ...]:
    """`text` cut where a line may break: one unit per CJK character, per Latin word and per
    run of spaces; punctuation glued to its neighbour by the kinsoku rules. (Kept: a card
    cuts its site's name and each line it draws again.)"""
    raw: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            raw.append(" ")
            i = j
        elif is_cjk(char) or char in OPENING:
            raw.append(char)
            i += 1
        else:
            match = _WORD.match(text, i)
            end = match.end() if match else i + 1
            raw.append(text[i:end])
            i = end
    return tuple(_glue(raw))


def wrap(
    text: str, width_of: Callable[[str], float], max_width: float, max_lines: int
) -> tuple[list[str], bool]:
    """(lines of at most `max_width`, at most `max_lines` of them; whether text was cut).
    `width_of` measures a unit (summed: kerning across units is ignored)."""
    lines: list[list[str]] = [[]]
    widths = [0.0]
    pending = list(units(text))
    pending.reverse()
    while pending:
        unit = pending.pop()
        if unit == " ":
            if lines[-1]:
                lines[-1].append(unit)
                widths[-1] += width_of(unit)
            continue
        width = width_of(unit)
        if width > max_width and len(unit) > 1:
            # A word wider than a line: broken between its characters, by the same rules.
            pending.extend(reversed(_characters(unit)))
            continue
        if widths[-1] + width > max_width and any(u != " " for u in lines[-1]):
            while lines[-1] and lines[-1][-1] == " ":
                widths[-1] -= width_of(lines[-1].pop())
            lines.append([])
            widths.append(0.0)
        lines[-1].append(unit)
        widths[-1] += width
    filled = [line for line in lines if "".join(line).strip()]
    if len(filled) <= max_lines:
        return ["".join(line).strip() for line in filled], False
    return _shortened(filled[:max_lines], width_of, max_width), True


def _shortened(
    lines: list[list[str]], width_of: Callable[[str], float], max_width: float
) -> list[str]:
    """The lines with `…` after as many units of the last as fit (none that ends with
    opening punctuation), a word too wide cut between its characters; when none fit, the
    ellipsis goes on the line before."""
    while lines:
        kept = list(lines[-1])
        while kept and (
            sum(width_of(u) for u in kept) + width_of(ELLIPSIS) > max_width
            or kept[-1] == " "
            or kept[-1][-1] in OPENING
        ):
            kept.pop()
        if kept:
            shown = ["".join(line).strip() for line in lines[:-1]]
            return [*shown, "".join(kept).rstrip() + ELLIPSIS]
        first = lines[-1][0] if lines[-1] else ""
        parts = _characters(first)
        if len(parts) > 1:  # its first word too wide with the ellipsis: cut inside it
            lines = [*lines[:-1], [*parts, *lines[-1][1:]]]
            continue
        lines = lines[:-1]
    return [ELLIPSIS]
